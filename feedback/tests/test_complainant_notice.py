"""The complainant hears of the answer by email, through the notification outbox:
once per answer, retried when mail fails, and the tracking page says so."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.urls import reverse
from django.utils import timezone

from feedback import services
from feedback.models import Complaint
from notifications import services as outbox
from notifications.models import Notification

pytestmark = pytest.mark.django_db

ADDRESS = "warga.sari@example.com"
ANSWER = "Antrean kini dibuka pukul 07.30 dan nomor antrean dibagikan di pintu."


def _filed(service_unit, **contact):
    complaint, code, _ = services.submit_complaint(
        service_unit=service_unit,
        description="Antrean Dukcapil tidak teratur, kami menunggu empat jam.",
        **contact,
    )
    services.verify_complaint(complaint=complaint, actor=None, accept=True)
    return complaint, code


def _answer(client, complaint, text=ANSWER):
    return client.post(
        reverse("feedback:complaint_answer", args=[complaint.pk]), {"answer": text}
    )


def _notices():
    return Notification.objects.filter(kind=services.COMPLAINANT_NOTICE)


def _track(client, code):
    return client.post(reverse("feedback:track"), {"code": code}).content.decode()


def test_the_complainant_is_emailed_the_answer_and_the_tracking_page(
    client, login, org, service_unit, settings
):
    settings.SITE_URL = "https://portal.example.go.id"
    complaint, code = _filed(service_unit, contact_name="Sari", contact_email=ADDRESS)
    _answer(login(org["unit_staff"]), complaint)
    assert outbox.deliver_pending_emails() == 1

    [email] = mail.outbox
    assert email.to == [ADDRESS]
    assert email.subject == "Jawaban Loket Dukcapil atas pengaduan Anda"
    assert "Yth. Sari," in email.body
    assert ANSWER in email.body
    assert "Antrean Dukcapil tidak teratur" in email.body
    assert "https://portal.example.go.id/layanan-publik/lacak/" in email.body
    # The code is the complainant's secret; it is stored only as a hash.
    assert code not in email.body
    # Nobody's inbox holds it: it is an email to an address, not to an account.
    assert _notices().get().recipient is None


def test_the_tracking_page_says_the_notice_is_on_its_way_then_sent(
    client, login, org, service_unit
):
    complaint, code = _filed(service_unit, contact_email=ADDRESS)
    _answer(login(org["unit_staff"]), complaint)
    client.logout()
    assert "sedang dikirim ke email yang Anda cantumkan" in _track(client, code)

    outbox.deliver_pending_emails()
    sent_at = timezone.localtime(_notices().get().email_sent_at)
    page = _track(client, code)
    assert (
        "Pemberitahuan jawaban ini sudah dikirim ke email yang Anda cantumkan pada "
        f"{sent_at:%d-%m-%Y %H:%M}." in page
    )
    assert ADDRESS not in page


def test_a_rerun_a_second_beat_or_a_second_click_sends_it_once(
    login, org, service_unit
):
    complaint, _code = _filed(service_unit, contact_email=ADDRESS)
    staff = login(org["unit_staff"])
    _answer(staff, complaint)
    _answer(staff, complaint)  # the same answer sent twice (a double click)
    assert outbox.deliver_pending_emails() == 1
    assert outbox.deliver_pending_emails() == 0
    assert len(mail.outbox) == 1
    # A corrected answer is news: it goes out too, once.
    _answer(staff, complaint, "Antrean dibuka pukul 07.00 mulai Senin depan.")
    outbox.deliver_pending_emails()
    outbox.deliver_pending_emails()
    assert len(mail.outbox) == 2
    assert "pukul 07.00 mulai Senin" in mail.outbox[1].body
    assert _notices().count() == 2


def test_a_mail_failure_is_retried_and_the_notice_is_not_lost(
    client, login, org, service_unit, monkeypatch
):
    complaint, code = _filed(service_unit, contact_email=ADDRESS)
    _answer(login(org["unit_staff"]), complaint)

    def refuse(backend, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refuse)
    assert outbox.deliver_pending_emails() == 0
    notice = _notices().get()
    assert notice.email_status == Notification.EmailStatus.PENDING
    assert notice.email_next_attempt_at > timezone.now()
    client.logout()
    assert "sedang dikirim" in _track(client, code)

    monkeypatch.undo()
    _notices().update(
        email_next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert outbox.deliver_pending_emails() == 1
    assert mail.outbox[0].to == [ADDRESS]
    assert _notices().get().email_attempts == 2
    assert "sudah dikirim" in _track(client, code)


def test_an_anonymous_complainant_who_left_an_address_is_told_without_a_name(
    login, org, service_unit
):
    complaint, _code = _filed(service_unit, is_anonymous=True, contact_email=ADDRESS)
    staff = login(org["unit_staff"])
    _answer(staff, complaint)
    outbox.deliver_pending_emails()
    [email] = mail.outbox
    assert email.to == [ADDRESS]
    assert "Yth. Bapak/Ibu," in email.body
    # Staff learn that the complainant was told, never where.
    page = staff.get(complaint.get_absolute_url()).content.decode()
    assert "Email pemberitahuan ke pelapor: terkirim" in page
    assert ADDRESS not in page


def test_without_an_address_nothing_is_sent_and_the_page_promises_nothing(
    client, login, org, service_unit
):
    complaint, code = _filed(service_unit, contact_phone="081234567890")
    _answer(login(org["unit_staff"]), complaint)
    assert not _notices().exists()
    assert outbox.deliver_pending_emails() == 0
    client.logout()
    page = _track(client, code)
    assert ANSWER in page
    assert 'data-testid="notice"' not in page


def test_a_complaint_that_cannot_be_processed_is_told_with_its_reason(
    login, org, service_unit
):
    complaint, _code, _created = services.submit_complaint(
        service_unit=service_unit,
        description="Mohon jalan di depan rumah saya diaspal ulang.",
        contact_email=ADDRESS,
    )
    login(org["hr"]).post(
        reverse("feedback:complaint_verify", args=[complaint.pk]),
        {"decision": "reject", "note": "Jalan lingkungan diurus Dinas PUPR."},
    )
    assert Complaint.objects.get(pk=complaint.pk).status == Complaint.Status.REJECTED
    outbox.deliver_pending_emails()
    [email] = mail.outbox
    assert email.subject == "Loket Dukcapil tidak dapat memproses pengaduan Anda"
    assert "Jalan lingkungan diurus Dinas PUPR." in email.body


def test_the_email_is_in_the_public_pages_language_whoever_answers(
    client, login, org, service_unit
):
    """Staff may work in English; the complainant wrote on the Indonesian pages."""
    complaint, _code = _filed(service_unit, contact_email=ADDRESS)
    staff = login(org["unit_staff"])
    staff.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = _answer(staff, complaint)
    assert "sent to the complainant" in staff.get(response.url).content.decode()
    outbox.deliver_pending_emails()
    assert mail.outbox[0].subject == "Jawaban Loket Dukcapil atas pengaduan Anda"
    assert "Baca jawaban lengkapnya" in mail.outbox[0].body
