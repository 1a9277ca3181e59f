"""WhatsApp and SMS: planned from each person's choice (or their agency's), sent once
to a real local HTTP server, retried, and replaced by email when they fail."""

import datetime
import hashlib
import hmac
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from notifications import channels, services
from notifications.models import ChannelChoice, ChannelMessage, Notification
from notifications.phones import NotAMobileNumber, international_mobile

pytestmark = pytest.mark.django_db


def _notify(employee, *, kind="training.questionnaire", title="Isi kuesioner Diklat"):
    return services.notify(
        recipient=employee.user,
        kind=kind,
        obj=employee,
        title=title,
        body="Mohon isi kuesioner pelatihan.",
        url=reverse("home"),
    )


def _with_phone(employee, phone="0812-3456-7890"):
    employee.phone = phone
    employee.save(update_fields=["phone"])
    return employee


def _run_when_due():
    """Bring every waiting retry to now, then run the outbox."""
    ChannelMessage.objects.filter(status=ChannelMessage.Status.PENDING).update(
        next_attempt_at=None
    )
    return services.deliver_channel_messages()


@pytest.mark.parametrize(
    "written",
    ["0812-3456-7890", "0812 3456 7890", "+62 812 3456 7890", "6281234567890"],
)
def test_mobile_numbers_as_people_write_them(written):
    assert international_mobile(written) == "6281234567890"


@pytest.mark.parametrize(
    "written", ["021 555 1234", "0812", "+1 555 123 4567", "08123456789012345", ""]
)
def test_what_is_not_an_indonesian_mobile_number_is_refused(written):
    with pytest.raises(NotAMobileNumber):
        international_mobile(written)


def test_with_no_channel_configured_nothing_but_email_goes(org, settings):
    settings.WHATSAPP_API_URL = settings.SMS_GATEWAY_URL = ""
    member = _with_phone(org["member"])
    services.choose_channels(user=member.user, email=False, whatsapp=True, sms=True)
    notification = _notify(member)
    assert notification.channels_planned
    assert services.deliver_channel_messages() == 0
    assert services.deliver_pending_emails() == 1
    assert not ChannelMessage.objects.exists()


def test_whatsapp_instead_of_email_is_sent_once(org, whatsapp):
    member = _with_phone(org["member"])
    services.choose_channels(user=member.user, email=False, whatsapp=True, sms=False)
    notification = _notify(member)

    assert services.deliver_channel_messages() == 1
    assert services.deliver_channel_messages() == 0
    assert services.deliver_pending_emails() == 0

    [request] = whatsapp.requests
    assert request["path"] == "/v21.0/1234567890/messages"
    assert request["headers"]["Authorization"] == "Bearer wa-token"
    assert request["body"]["to"] == "6281234567890"
    assert request["body"]["type"] == "text"
    text = request["body"]["text"]["body"]
    assert text.startswith("Pengingat: isi kuesioner: Isi kuesioner Diklat ")
    assert text.endswith(reverse("home"))
    message = ChannelMessage.objects.get()
    assert (message.status, message.provider_reference) == ("sent", "wamid.1")
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.REPLACED
    assert mail.outbox == []


def test_whatsapp_beside_email_sends_both(org, whatsapp):
    member = _with_phone(org["member"])
    services.choose_channels(user=member.user, email=True, whatsapp=True, sms=False)
    _notify(member)
    assert services.deliver_pending_emails() == 1
    assert services.deliver_channel_messages() == 1
    assert len(whatsapp.requests) == len(mail.outbox) == 1


def test_the_agency_default_applies_until_a_person_chooses(org, sms):
    member = _with_phone(org["member"])
    supervisor = _with_phone(org["supervisor"], "+62 813 1111 2222")
    services.set_agency_channels(
        agency=org["agency"], email=True, whatsapp=False, sms=True
    )
    services.choose_channels(user=member.user, email=True, whatsapp=False, sms=False)
    _notify(member)
    _notify(supervisor)

    assert services.deliver_channel_messages() == 1
    [request] = sms.requests
    assert request["path"] == "/sms/send"
    assert request["headers"]["Authorization"] == "Bearer sms-token"
    assert request["body"]["to"] == "6281311112222"
    message = ChannelMessage.objects.get()
    assert request["body"]["reference"] == message.idempotency_key
    assert request["headers"]["Idempotency-Key"] == message.idempotency_key
    assert len(request["body"]["text"]) <= 160


def test_an_unavailable_gateway_is_tried_again_with_backoff(org, sms):
    member = _with_phone(org["member"])
    services.choose_channels(user=member.user, email=False, whatsapp=False, sms=True)
    sms.statuses = [503]
    _notify(member)

    assert services.deliver_channel_messages() == 0
    message = ChannelMessage.objects.get()
    assert message.status == ChannelMessage.Status.PENDING
    assert "HTTP 503" in message.last_error
    wait = message.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < wait <= datetime.timedelta(seconds=60)
    # Not before its time.
    assert services.deliver_channel_messages() == 0
    assert len(sms.requests) == 1

    assert _run_when_due() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)
    assert services.deliver_pending_emails() == 0


def test_a_refused_message_falls_back_to_email_at_once(org, whatsapp):
    member = _with_phone(org["member"])
    services.choose_channels(user=member.user, email=False, whatsapp=True, sms=False)
    whatsapp.statuses = [400]
    notification = _notify(member)

    assert services.deliver_channel_messages() == 0
    message = ChannelMessage.objects.get()
    assert (message.status, message.attempts) == ("failed", 1)
    assert "HTTP 400" in message.last_error
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.PENDING
    assert services.deliver_pending_emails() == 1
    assert mail.outbox[0].to == [member.user.email]


def test_after_the_last_attempt_the_email_goes_instead(org, whatsapp, settings):
    settings.CHANNEL_MAX_ATTEMPTS = 3
    member = _with_phone(org["member"])
    services.choose_channels(user=member.user, email=False, whatsapp=True, sms=False)
    whatsapp.statuses = [500, 429, 502]
    _notify(member)

    services.deliver_channel_messages()
    _run_when_due()
    assert services.deliver_pending_emails() == 0  # still replaced: attempt 3 to go
    _run_when_due()
    assert ChannelMessage.objects.get().status == ChannelMessage.Status.FAILED
    assert len(whatsapp.requests) == 3
    assert services.deliver_pending_emails() == 1


def test_an_unreachable_gateway_is_a_failure_to_retry(org, settings, gateway):
    member = _with_phone(org["member"])
    services.choose_channels(user=member.user, email=False, whatsapp=False, sms=True)
    gateway.close()  # nothing listens on its port any more
    settings.SMS_GATEWAY_URL = gateway.url + "/sms/send"
    _notify(member)
    assert services.deliver_channel_messages() == 0
    message = ChannelMessage.objects.get()
    assert message.status == ChannelMessage.Status.PENDING
    assert message.last_error


def test_a_claim_left_by_a_dead_sender_is_sent_again(org, whatsapp):
    member = _with_phone(org["member"])
    services.choose_channels(user=member.user, email=False, whatsapp=True, sms=False)
    _notify(member)
    services.plan_channel_messages()
    ChannelMessage.objects.update(
        status=ChannelMessage.Status.SENDING,
        attempts=1,
        lease_until=timezone.now() - datetime.timedelta(seconds=1),
    )
    assert services.deliver_channel_messages() == 1
    assert ChannelMessage.objects.get().attempts == 2


def test_without_a_valid_number_the_email_still_goes(org, whatsapp):
    member = _with_phone(org["member"], "021 555 1234")
    services.choose_channels(user=member.user, email=False, whatsapp=True, sms=False)
    _notify(member)
    assert services.deliver_channel_messages() == 0
    assert not ChannelMessage.objects.exists()
    assert services.deliver_pending_emails() == 1


def test_a_notification_found_long_after_gets_no_message(org, whatsapp):
    member = _with_phone(org["member"])
    services.choose_channels(user=member.user, email=False, whatsapp=True, sms=False)
    notification = _notify(member)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    assert services.deliver_channel_messages() == 0
    assert whatsapp.requests == []
    assert services.deliver_pending_emails() == 1


def test_a_batch_of_notifications_is_planned_by_the_outbox(org, whatsapp):
    member = _with_phone(org["member"])
    supervisor = _with_phone(org["supervisor"], "081311112222")
    services.set_agency_channels(
        agency=org["agency"], email=True, whatsapp=True, sms=False
    )
    services.notify_many(
        [
            Notification(
                recipient=person.user,
                kind="evaluations.self_assessment_due",
                object_key="periode:1",
                title="Isi penilaian diri",
                url="/kinerja/",
            )
            for person in (member, supervisor)
        ]
    )
    assert Notification.objects.filter(channels_planned=False).count() == 2
    assert services.deliver_channel_messages() == 2
    assert sorted(r["body"]["to"] for r in whatsapp.requests) == [
        "6281234567890",
        "6281311112222",
    ]
    assert all(
        r["body"]["text"]["body"].startswith("Pengingat SKP: ")
        for r in whatsapp.requests
    )


def test_an_approved_template_carries_the_text(org, whatsapp, settings):
    settings.WHATSAPP_TEMPLATE = "pemberitahuan_asn"
    member = _with_phone(org["member"])
    services.choose_channels(user=member.user, email=True, whatsapp=True, sms=False)
    _notify(member, kind="report_ready", title="Laporan triwulan")
    services.deliver_channel_messages()
    body = whatsapp.requests[0]["body"]
    assert body["type"] == "template"
    assert body["template"]["name"] == "pemberitahuan_asn"
    [parameter] = body["template"]["components"][0]["parameters"]
    assert parameter["text"].startswith("Laporan siap: Laporan triwulan ")


def test_a_long_title_is_cut_so_the_link_fits_an_sms(settings):
    notification = Notification(
        kind="feedback.complaint_response", title="Pengaduan " * 40, url="/p/12345/"
    )
    text = channels.short_text(notification, ChannelMessage.Channel.SMS)
    assert len(text) == 160
    assert text.startswith("Pengaduan dijawab: Pengaduan Pengaduan")
    assert text.endswith("… " + settings.SITE_URL.rstrip("/") + "/p/12345/")


def test_a_choice_belongs_to_a_person_or_an_agency(org):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ChannelChoice.objects.create(user=org["member"].user, agency=org["agency"])


def test_the_outbox_runs_every_minute():
    task = PeriodicTask.objects.get(
        task="notifications.tasks.deliver_channel_messages_task"
    )
    assert task.enabled
    assert task.interval.every == 1


def test_an_asn_chooses_whatsapp_on_their_contacts_page(client, org, whatsapp):
    member = org["member"]
    client.force_login(member.user)
    url = reverse("people:my_contacts")
    page = client.get(url).content.decode()
    assert "Kirim juga lewat WhatsApp" in page
    assert "Kirim juga lewat SMS" not in page, "SMS is not configured"

    no_number = client.post(
        url, {"email": member.email, "phone": "", "notify_whatsapp": "on"}
    )
    assert no_number.context["form"].errors["phone"] == [
        "Isi nomor HP untuk menerima pemberitahuan lewat WhatsApp/SMS."
    ]
    landline = client.post(
        url, {"email": member.email, "phone": "(061) 452 1234", "notify_whatsapp": "on"}
    )
    assert "diawali 08 atau +62" in landline.context["form"].errors["phone"][0]
    assert not ChannelChoice.objects.filter(user=member.user).exists()

    saved = client.post(
        url,
        {"email": member.email, "phone": "+62 812 3456 7890", "notify_whatsapp": "on"},
    )
    assert saved.status_code == 302
    choice = ChannelChoice.objects.get(user=member.user)
    assert (choice.email, choice.whatsapp, choice.sms) == (False, True, False)
    _notify(member)
    assert services.deliver_channel_messages() == 1
    assert whatsapp.requests[0]["body"]["to"] == "6281234567890"
    # The page shows the choice as saved.
    form = client.get(url).context["form"]
    assert form["notify_whatsapp"].initial is True
    assert form["notify_email"].initial is False


def test_without_channels_configured_the_page_offers_email_only(client, org, settings):
    settings.WHATSAPP_API_URL = settings.SMS_GATEWAY_URL = ""
    client.force_login(org["member"].user)
    page = client.get(reverse("people:my_contacts")).content.decode()
    assert "Kirim juga ke email" in page
    assert "WhatsApp" not in page.split("<form")[1]


def test_hr_sets_the_agency_default_their_people_follow(client, org, sms):
    member = _with_phone(org["member"])
    client.force_login(org["hr"].user)
    url = reverse("people:reminder_settings", args=[org["agency"].pk])
    response = client.post(
        url,
        {
            "reminder_hour": 7,
            "questionnaire_reminder_days": "1,3,7",
            "notify_email": "on",
            "notify_sms": "on",
        },
    )
    assert response.status_code == 302
    choice = ChannelChoice.objects.get(agency=org["agency"])
    assert (choice.email, choice.whatsapp, choice.sms) == (True, False, True)
    _notify(member)
    assert services.deliver_channel_messages() == 1
    assert sms.requests[0]["body"]["to"] == "6281234567890"
    assert services.deliver_pending_emails() == 1, "the default keeps email too"


def test_hr_sees_their_agencys_messages_and_what_failed(
    client, org, other_org, whatsapp
):
    member = _with_phone(org["member"])
    outsider = _with_phone(other_org["member"], "081377778888")
    for person in (member, outsider):
        services.choose_channels(user=person.user, email=True, whatsapp=True, sms=False)
        _notify(person)
    whatsapp.statuses = [400]  # the first one sent (the member's) is refused
    services.deliver_channel_messages()
    client.force_login(org["hr"].user)
    url = reverse("notifications:channel_messages")
    page = client.get(url).content.decode()
    assert member.name in page
    assert "62812****7890" in page
    assert outsider.name not in page, "another agency's people"
    refused = ChannelMessage.objects.get(status=ChannelMessage.Status.FAILED)
    assert refused.notification.recipient_id == member.user_id
    failed_page = client.get(url, {"status": "failed"}).content.decode()
    assert member.name in failed_page
    assert "HTTP 400" in failed_page
    sent_page = client.get(url, {"status": "sent"}).content.decode()
    assert member.name not in sent_page
    client.force_login(org["member"].user)
    assert client.get(url).status_code == 403


def _refused_message(org, whatsapp):
    """The member chose WhatsApp instead of email; the provider refused it, so the
    email went instead."""
    member = _with_phone(org["member"])
    services.choose_channels(user=member.user, email=False, whatsapp=True, sms=False)
    whatsapp.statuses = [400]
    _notify(member)
    services.deliver_channel_messages()
    assert services.deliver_pending_emails() == 1
    return ChannelMessage.objects.get(status=ChannelMessage.Status.FAILED)


def test_hr_sends_a_failed_message_again_once(client, org, whatsapp):
    failed = _refused_message(org, whatsapp)
    client.force_login(org["hr"].user)
    url = reverse("notifications:resend_channel_message", args=[failed.pk])
    page = client.get(reverse("notifications:channel_messages")).content.decode()
    assert url in page
    assert "Kirim ulang" in page

    response = client.post(url, follow=True)
    page = response.content.decode()
    assert "dijadwalkan untuk dikirim ulang" in page
    assert "sudah terkirim lewat email" in page, "the email went already"
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0)
    assert failed.resent_by == org["hr"].user
    assert "Dikirim ulang atas permintaan " + org["hr"].name in page

    assert services.deliver_channel_messages() == 1
    assert services.deliver_channel_messages() == 0
    assert len(whatsapp.requests) == 2, "the refused send, then the one asked for"
    failed.refresh_from_db()
    assert (failed.status, failed.provider_reference) == ("sent", "wamid.2")
    assert len(mail.outbox) == 1, "the email is not sent a second time"


def test_a_message_resent_that_fails_again_does_not_email_twice(client, org, whatsapp):
    failed = _refused_message(org, whatsapp)
    client.force_login(org["hr"].user)
    whatsapp.statuses = [400]
    client.post(reverse("notifications:resend_channel_message", args=[failed.pk]))
    assert services.deliver_channel_messages() == 0
    assert ChannelMessage.objects.get().status == ChannelMessage.Status.FAILED
    assert services.deliver_pending_emails() == 0
    assert len(mail.outbox) == 1


def test_only_a_failed_message_is_sent_again(client, org, whatsapp):
    member = _with_phone(org["member"])
    services.choose_channels(user=member.user, email=False, whatsapp=True, sms=False)
    _notify(member)
    services.deliver_channel_messages()
    sent = ChannelMessage.objects.get()
    client.force_login(org["hr"].user)
    url = reverse("notifications:resend_channel_message", args=[sent.pk])
    page = client.post(url, follow=True).content.decode()
    assert (
        "Hanya pesan yang gagal yang dapat dikirim ulang; pesan ini terkirim." in page
    )
    assert services.deliver_channel_messages() == 0
    assert len(whatsapp.requests) == 1


def test_resending_is_for_the_recipients_hr_only(client, org, other_org, whatsapp):
    failed = _refused_message(org, whatsapp)
    url = reverse("notifications:resend_channel_message", args=[failed.pk])
    client.force_login(other_org["hr"].user)
    assert client.post(url).status_code == 404
    client.force_login(org["member"].user)
    assert client.post(url).status_code == 403
    client.force_login(org["hr"].user)
    assert client.get(url).status_code == 405
    assert ChannelMessage.objects.get().status == ChannelMessage.Status.FAILED


WEBHOOK = "/notifikasi/webhook/whatsapp/"


def _statuses(*statuses):
    """A webhook post as WhatsApp Business Cloud API sends it."""
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "WABA-1",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "statuses": [
                                {
                                    "id": message_id,
                                    "status": status,
                                    "timestamp": "1796634000",  # 2026-12-07 09.00 UTC
                                    "recipient_id": "6281234567890",
                                    **extra,
                                }
                                for message_id, status, extra in statuses
                            ],
                        },
                    }
                ],
            }
        ],
    }


def _post_signed(client, payload, secret="app-secret-for-tests", body=None):
    body = json.dumps(payload).encode() if body is None else body
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(
        WEBHOOK,
        body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": f"sha256={signature}"},
    )


def _sent_by_whatsapp(org, whatsapp):
    member = _with_phone(org["member"])
    services.choose_channels(user=member.user, email=False, whatsapp=True, sms=False)
    notification = _notify(member)
    assert services.deliver_channel_messages() == 1
    return ChannelMessage.objects.get(provider_reference="wamid.1"), notification


def test_meta_subscribes_the_webhook_with_our_verify_token(client):
    assert reverse("notifications:whatsapp_webhook") == WEBHOOK
    accepted = client.get(
        WEBHOOK,
        {
            "hub.mode": "subscribe",
            "hub.verify_token": "verify-token-for-tests",
            "hub.challenge": "1158201444",
        },
    )
    assert (accepted.status_code, accepted.content) == (200, b"1158201444")
    wrong = client.get(
        WEBHOOK,
        {"hub.mode": "subscribe", "hub.verify_token": "tebakan", "hub.challenge": "1"},
    )
    assert wrong.status_code == 403
    assert client.get(WEBHOOK).status_code == 403


def test_delivered_and_read_show_on_hrs_page(client, org, whatsapp):
    message, _notification = _sent_by_whatsapp(org, whatsapp)
    assert (
        _post_signed(client, _statuses(("wamid.1", "delivered", {}))).status_code == 200
    )
    message.refresh_from_db()
    assert message.delivered_at == datetime.datetime(
        2026, 12, 7, 9, tzinfo=datetime.UTC
    )
    assert message.read_at is None
    client.force_login(org["hr"].user)
    page = client.get(reverse("notifications:channel_messages")).content.decode()
    assert "Sampai di ponsel 07-12-2026 16.00" in page  # Asia/Jakarta
    client.logout()

    _post_signed(client, _statuses(("wamid.1", "read", {})))
    message.refresh_from_db()
    assert message.read_at is not None
    client.force_login(org["hr"].user)
    page = client.get(reverse("notifications:channel_messages")).content.decode()
    assert "Dibaca 07-12-2026 16.00" in page


def test_the_same_status_twice_changes_nothing(client, org, whatsapp):
    message, _notification = _sent_by_whatsapp(org, whatsapp)
    delivered = _statuses(("wamid.1", "delivered", {}))
    _post_signed(client, delivered)
    message.refresh_from_db()
    first = message.delivered_at
    later = _statuses(("wamid.1", "delivered", {}))
    later["entry"][0]["changes"][0]["value"]["statuses"][0]["timestamp"] = "1796637600"
    assert _post_signed(client, later).status_code == 200
    message.refresh_from_db()
    assert message.delivered_at == first
    assert services.record_whatsapp_statuses(payload=delivered) == 0


def test_a_failure_reported_later_sends_the_email_instead(client, org, whatsapp):
    message, notification = _sent_by_whatsapp(org, whatsapp)
    assert services.deliver_pending_emails() == 0, "WhatsApp replaced the email"
    failed = (
        "wamid.1",
        "failed",
        {
            "errors": [
                {
                    "code": 131026,
                    "title": "Message undeliverable",
                    "error_data": {"details": "Nomor tidak terdaftar di WhatsApp"},
                }
            ]
        },
    )
    assert _post_signed(client, _statuses(failed)).status_code == 200
    message.refresh_from_db()
    assert message.status == ChannelMessage.Status.FAILED
    assert message.last_error == (
        "WhatsApp 131026: Message undeliverable (Nomor tidak terdaftar di WhatsApp)"
    )
    assert services.deliver_pending_emails() == 1
    assert mail.outbox[0].to == [notification.recipient.email]
    # Meta posts it again: nothing more happens.
    assert _post_signed(client, _statuses(failed)).status_code == 200
    assert services.deliver_pending_emails() == 0
    assert len(mail.outbox) == 1


def test_unknown_ids_and_other_events_are_answered_and_ignored(client, org, whatsapp):
    message, _notification = _sent_by_whatsapp(org, whatsapp)
    unknown = _statuses(("wamid.lain", "failed", {}), ("", "read", {}))
    assert _post_signed(client, unknown).status_code == 200
    assert (
        _post_signed(client, {"entry": [{"changes": ["x", {"value": 3}]}]}).status_code
        == 200
    )
    assert _post_signed(client, []).status_code == 200
    message.refresh_from_db()
    assert message.status == ChannelMessage.Status.SENT
    assert (message.delivered_at, message.read_at) == (None, None)


def test_a_post_without_our_signature_is_refused(client, org, whatsapp):
    message, _notification = _sent_by_whatsapp(org, whatsapp)
    payload = _statuses(("wamid.1", "failed", {}))
    assert _post_signed(client, payload, secret="bukan-rahasia").status_code == 403
    assert (
        client.post(WEBHOOK, payload, content_type="application/json").status_code
        == 403
    )
    message.refresh_from_db()
    assert message.status == ChannelMessage.Status.SENT
    assert _post_signed(client, None, body=b"bukan json").status_code == 400


def test_the_webhook_is_off_until_configured(client, settings):
    settings.WHATSAPP_WEBHOOK_VERIFY_TOKEN = settings.WHATSAPP_APP_SECRET = ""
    assert client.get(WEBHOOK, {"hub.mode": "subscribe"}).status_code == 404
    assert _post_signed(client, _statuses(), secret="").status_code == 404
