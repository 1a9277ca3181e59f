import pytest
from django.core import mail
from django.urls import reverse

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


def test_claim_of_a_dead_worker_is_released(org):
    from django.utils import timezone

    notification = _remind(org["member"])
    Notification.objects.filter(pk=notification.pk).update(
        email_status=Notification.EmailStatus.SENDING,
        email_claimed_at=timezone.now() - services.STALE_CLAIM_AFTER * 2,
    )
    assert services.deliver_pending_emails() == 1


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
