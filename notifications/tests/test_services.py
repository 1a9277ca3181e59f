import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from notifications import services
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _remind(employee, step="1"):
    return services.notify(
        recipient=employee.user,
        kind="test-reminder",
        obj=employee,
        step=step,
        title="Isi kuesioner",
        body="Mohon isi kuesioner pelatihan.",
        url=reverse("home"),
    )


def test_same_notification_is_created_once(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = _remind(org["member"])
        second = _remind(org["member"])
    assert first is not None
    assert second is None
    assert Notification.objects.filter(recipient=org["member"].user).count() == 1


def test_next_step_is_a_new_notification(org):
    _remind(org["member"], step="1")
    _remind(org["member"], step="3")
    assert Notification.objects.filter(recipient=org["member"].user).count() == 2


def test_pending_email_is_delivered_once(org):
    _remind(org["member"])
    assert services.deliver_pending_emails() == 1
    assert services.deliver_pending_emails() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [org["member"].user.email]
    assert "/" in mail.outbox[0].body


def _claimed(notification, *, lease_ends, attempts=1):
    """The row as a worker left it: claimed, its lease ending at `lease_ends`."""
    Notification.objects.filter(pk=notification.pk).update(
        email_status=Notification.EmailStatus.SENDING,
        email_lease_until=lease_ends,
        email_attempts=attempts,
    )


def test_claims_carry_a_lease_until_the_send_is_recorded(org, settings, monkeypatch):
    settings.EMAIL_CLAIM_LEASE_SECONDS = 90
    notification = _remind(org["member"])
    seen = []

    def send_messages(backend, messages):
        seen.append(Notification.objects.get(pk=notification.pk))
        return len(messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send_messages)
    before = timezone.now()
    services.deliver_pending_emails()
    during = seen[0]
    assert during.email_status == Notification.EmailStatus.SENDING
    lease = during.email_lease_until - before
    assert datetime.timedelta(seconds=89) < lease < datetime.timedelta(seconds=91)
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert notification.email_lease_until is None


def test_a_claim_past_its_lease_returns_to_pending_and_is_sent(org):
    """Its worker died mid-send, or lost the database right after sending."""
    notification = _remind(org["member"])
    _claimed(notification, lease_ends=timezone.now() - datetime.timedelta(seconds=1))
    assert services.release_expired_email_claims() == 1
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.PENDING
    assert services.deliver_pending_emails() == 1
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert notification.email_attempts == 2


def test_a_claim_within_its_lease_is_left_to_its_worker(org):
    notification = _remind(org["member"])
    _claimed(notification, lease_ends=timezone.now() + datetime.timedelta(minutes=1))
    assert services.deliver_pending_emails() == 0
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENDING


def test_an_expired_claim_with_its_attempts_used_up_is_failed(org, settings):
    settings.EMAIL_MAX_ATTEMPTS = 3
    notification = _remind(org["member"])
    _claimed(
        notification,
        lease_ends=timezone.now() - datetime.timedelta(seconds=1),
        attempts=3,
    )
    assert services.deliver_pending_emails() == 0
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.FAILED


def test_every_send_of_a_notification_carries_the_same_message_id(org):
    """A second copy (sent again after a lease ran out) is recognisable as such."""
    notification = _remind(org["member"], step="1")
    services.deliver_pending_emails()
    Notification.objects.filter(pk=notification.pk).update(
        email_status=Notification.EmailStatus.PENDING
    )
    services.deliver_pending_emails()
    _remind(org["member"], step="3")
    services.deliver_pending_emails()
    first, again, next_step = (m.message()["Message-ID"] for m in mail.outbox)
    assert first == again == notification.email_message_id
    assert next_step != first
    assert first.startswith("<notification.")
    assert first.endswith("@asn-portal.local>")


def test_message_id_is_derived_from_the_notification_key(org):
    notification = _remind(org["member"])
    copy = Notification(
        recipient=notification.recipient,
        kind=notification.kind,
        object_key=notification.object_key,
        step=notification.step,
    )
    assert copy.email_message_id == notification.email_message_id
    copy.recipient = org["outsider"].user
    assert copy.email_message_id != notification.email_message_id


def _smtp_refuses(monkeypatch):
    def send_messages(backend, messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.go.id": (451, b"try later")})

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send_messages)


def test_a_refused_send_is_retried_later_with_growing_backoff(
    org, settings, monkeypatch
):
    settings.EMAIL_RETRY_BACKOFF_SECONDS = 60
    notification = _remind(org["member"])
    _smtp_refuses(monkeypatch)
    assert services.deliver_pending_emails() == 0
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.PENDING
    assert "SMTPRecipientsRefused" in notification.email_last_error
    wait = notification.email_next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < wait <= datetime.timedelta(seconds=60)
    # Not before its time, however often the run comes.
    assert services.deliver_pending_emails() == 0
    assert Notification.objects.get(pk=notification.pk).email_attempts == 1
    assert [services.retry_delay(n, 60).total_seconds() for n in (1, 2, 3, 8)] == [
        60,
        120,
        240,
        3600,
    ]


def test_a_send_refused_every_time_ends_failed_and_can_be_sent_again(
    org, settings, monkeypatch
):
    settings.EMAIL_MAX_ATTEMPTS = 3
    notification = _remind(org["member"])
    _smtp_refuses(monkeypatch)
    for _ in range(3):
        services.deliver_pending_emails()
        Notification.objects.filter(pk=notification.pk).update(
            email_next_attempt_at=timezone.now()
        )
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.FAILED
    assert notification.email_attempts == 3
    assert services.deliver_pending_emails() == 0

    monkeypatch.undo()
    failed = Notification.objects.filter(email_status=Notification.EmailStatus.FAILED)
    assert services.retry_failed_emails(queryset=failed) == 1
    assert services.deliver_pending_emails() == 1
    assert len(mail.outbox) == 1


def test_the_outbox_runs_every_minute_after_migrate(db):
    """Installed by migration, so emails left pending go out without other traffic."""
    task = PeriodicTask.objects.get(task="notifications.tasks.deliver_emails_task")
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (1, "minutes")
    assert task.crontab is None


def test_inbox_shows_unread_count_and_marks_read(client, org):
    notification = _remind(org["member"])
    client.force_login(org["member"].user)
    home = client.get(reverse("home"))
    assert home.context["unread_notifications"] == 1
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert client.get(reverse("home")).context["unread_notifications"] == 0


def test_nobody_opens_anothers_notification(client, org):
    notification = _remind(org["member"])
    client.force_login(org["outsider"].user)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 404


def test_the_back_office_lists_failed_emails_and_sends_them_again(admin_client, org):
    notification = _remind(org["member"])
    Notification.objects.filter(pk=notification.pk).update(
        email_status=Notification.EmailStatus.FAILED, email_attempts=8
    )
    changelist = reverse("admin:notifications_notification_changelist")
    listed = admin_client.get(changelist, {"email_status__exact": "failed"})
    assert list(listed.context["cl"].queryset) == [notification]

    admin_client.post(
        changelist,
        {"action": "send_failed_emails_again", "_selected_action": [notification.pk]},
    )
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.PENDING
    assert notification.email_attempts == 0
    assert services.deliver_pending_emails() == 1


def _tell_address(email="warga@example.com", step="1"):
    return services.notify_address(
        email=email,
        kind="test-answer",
        obj="feedback.complaint:1",
        step=step,
        title="Jawaban pengaduan",
        body="Lampu sudah diganti.",
        url=reverse("home"),
    )


def test_an_address_outside_the_portal_is_emailed_once_and_in_no_inbox(org):
    first = _tell_address()
    assert _tell_address() is None
    assert first.recipient is None
    assert services.deliver_pending_emails() == 1
    assert services.deliver_pending_emails() == 0
    assert [m.to for m in mail.outbox] == [["warga@example.com"]]
    assert mail.outbox[0].message()["Message-ID"] == first.email_message_id
    # The same key to another address is another email, under another id.
    other = _tell_address(email="tetangga@example.com")
    assert other.email_message_id != first.email_message_id
    assert not Notification.objects.visible_to(org["member"].user).exists()


def test_a_notification_goes_to_a_user_or_an_address_never_neither(org):
    from django.db import IntegrityError, transaction

    for fields in [{}, {"recipient": org["member"].user, "to_email": "x@example.com"}]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Notification.objects.create(
                kind="test", object_key="x:1", title="x", **fields
            )
