"""Completed training goes to SIASN once, through the outbox, against a fake SIASN
on 127.0.0.1 (fake_siasn.py) with its faults: expired token, 5xx, timeout, a
refusal with a message, and an answer lost after SIASN stored the record."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from siasn_ws import services
from siasn_ws.models import OutboxRecord
from siasn_ws.records import golongan_id
from siasn_ws.tasks import push_to_siasn_task
from siasn_ws.tests.fake_siasn import FakeSiasn
from training.models import Enrolment
from training.services.delivery import issue_certificate
from training.tests.factories import EnrolmentFactory, ProgramFactory, finished_session

pytestmark = pytest.mark.django_db
# A call the fake holds for SLOW seconds times out at SHORT_TIMEOUT; every other
# call of the test answers well within it, even on a loaded machine.
SHORT_TIMEOUT = 1.0
SLOW = 3


def _certificate(org, employee=None, **program):
    session = finished_session(
        org["agency"], program=ProgramFactory(agency=org["agency"], **program)
    )
    enrolment = EnrolmentFactory(
        session=session,
        employee=employee or org["member"],
        status=Enrolment.Status.COMPLETED,
    )
    return issue_certificate(enrolment=enrolment)


def _push(connection):
    return services.push_to_siasn(connection=connection)


def _make_due():
    """The retry time of every waiting row has come (instead of waiting for it)."""
    OutboxRecord.objects.filter(status=OutboxRecord.Status.WAITING).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_a_completed_training_reaches_siasn_with_its_certificate(
    org, siasn_on, fake_siasn, login
):
    certificate = _certificate(org, form="teknis", provider="BPSDM Provinsi", jp=32)

    result = _push(siasn_on)

    assert (result.collected, result.sent) == (1, 1)
    [stored] = fake_siasn.kursus
    assert stored["nomorSertipikat"] == certificate.number
    assert stored["namaKursus"] == certificate.title
    assert stored["pnsOrangId"] == fake_siasn.pns[org["member"].nip]["id"]
    assert stored["jenisDiklatId"] == "3"  # Diklat Teknis
    assert stored["jumlahJam"] == 32
    assert stored["institusiPenyelenggara"] == "BPSDM Provinsi"
    assert stored["tanggalSelesaiKursus"] == certificate.end_date.strftime("%d-%m-%Y")
    assert stored["instansiId"] == siasn_on.instansi_id
    document = fake_siasn.documents[stored["path"][0]["dok_id"]]
    assert document.startswith(b"%PDF")
    record = OutboxRecord.objects.get()
    assert record.status == OutboxRecord.Status.SENT
    assert record.siasn_id == stored["id"]

    page = login(org["hr"]).get(reverse("siasn_ws:outbox"))
    assert page.status_code == 200
    assert stored["id"] in page.content.decode()
    assert "Terkirim (1)" in page.content.decode()


def test_a_record_is_never_sent_twice_however_often_the_push_runs(
    org, siasn_on, fake_siasn
):
    _certificate(org)
    _push(siasn_on)
    _push(siasn_on)
    push_to_siasn_task.apply()

    assert fake_siasn.saves() == 1
    assert len(fake_siasn.kursus) == 1
    assert OutboxRecord.objects.count() == 1


def test_two_runs_cannot_claim_the_same_record(org, siasn_on):
    _certificate(org)
    services.collect_certificates(connection=siasn_on)
    record = OutboxRecord.objects.get()

    assert services._claim(pk=record.pk) is not None
    assert services._claim(pk=record.pk) is None


def test_an_expired_token_is_fetched_again_and_the_record_sent(
    org, siasn_on, fake_siasn
):
    _certificate(org)
    _push(siasn_on)
    tokens_before = fake_siasn.token_requests
    fake_siasn.expire_tokens()
    _certificate(org)

    result = _push(siasn_on)

    assert result.sent == 1
    assert fake_siasn.token_requests == tokens_before + 2  # API Manager and SSO
    assert len(fake_siasn.kursus) == 2


def test_a_5xx_keeps_the_record_waiting_then_it_is_sent_once(
    org, siasn_on, fake_siasn, login
):
    _certificate(org)
    _certificate(org)
    fake_siasn.fail_next(("status", 503))

    result = _push(siasn_on)

    assert (result.sent, result.postponed) == (0, 1)
    waiting = OutboxRecord.objects.filter(status=OutboxRecord.Status.WAITING)
    assert waiting.count() == 2  # the run stopped: SIASN is down
    failed = waiting.exclude(last_error="").get()
    assert failed.last_error == "SIASN menjawab 503"
    assert failed.next_attempt_at > timezone.now()
    page = login(org["hr"]).get(reverse("siasn_ws:outbox")).content.decode()
    assert "Percobaan ke-1 gagal: SIASN menjawab 503" in page

    assert _push(siasn_on).sent == 1  # the other one; the failed one waits its turn
    _make_due()
    assert _push(siasn_on).sent == 1
    assert len(fake_siasn.kursus) == 2
    assert not OutboxRecord.objects.exclude(status=OutboxRecord.Status.SENT).exists()


def test_a_timeout_waits_and_a_record_siasn_stored_anyway_is_not_stored_again(
    org, siasn_on, fake_siasn, settings
):
    settings.SIASN_TIMEOUT_SECONDS = SHORT_TIMEOUT
    _certificate(org)
    # data-utama, upload-dok, then kursus/save is stored but answers too late.
    fake_siasn.fail_next(None, None, ("store_then_slow", SLOW))

    result = _push(siasn_on)

    assert result.postponed == 1
    record = OutboxRecord.objects.get()
    assert record.status == OutboxRecord.Status.WAITING
    assert f"tidak menjawab dalam {SHORT_TIMEOUT} detik" in record.last_error
    assert len(fake_siasn.kursus) == 1

    settings.SIASN_TIMEOUT_SECONDS = 30
    _make_due()
    assert _push(siasn_on).sent == 1
    record.refresh_from_db()
    assert record.siasn_id == fake_siasn.kursus[0]["id"]
    assert len(fake_siasn.kursus) == 1
    assert fake_siasn.saves() == 1


def test_a_slow_siasn_is_a_timeout_not_a_hang(org, siasn_on, fake_siasn, settings):
    settings.SIASN_TIMEOUT_SECONDS = SHORT_TIMEOUT
    _certificate(org)
    fake_siasn.fail_next(("slow", SLOW))

    assert _push(siasn_on).postponed == 1
    settings.SIASN_TIMEOUT_SECONDS = 30
    _make_due()
    assert _push(siasn_on).sent == 1
    assert len(fake_siasn.kursus) == 1


def test_a_refusal_shows_siasns_reason_and_hr_may_send_it_again(
    org, siasn_on, fake_siasn, login
):
    _certificate(org)
    fake_siasn.fail_next(None, None, ("refuse", "Tanggal kursus melewati TMT pensiun"))

    assert _push(siasn_on).refused == 1
    record = OutboxRecord.objects.get()
    assert record.status == OutboxRecord.Status.REFUSED
    assert record.reason == "Tanggal kursus melewati TMT pensiun"
    client = login(org["hr"])
    page = client.get(reverse("siasn_ws:outbox") + "?status=refused").content.decode()
    assert "Tanggal kursus melewati TMT pensiun" in page
    assert _push(siasn_on).sent == 0  # a refusal is not retried by itself

    client.post(reverse("siasn_ws:resend", args=[record.pk]))
    assert _push(siasn_on).sent == 1
    assert len(fake_siasn.kursus) == 1


def test_an_employee_siasn_does_not_know_is_refused_with_its_message(
    org, siasn_on, fake_siasn
):
    _certificate(org, employee=org["supervisor"])

    assert _push(siasn_on).refused == 1
    assert OutboxRecord.objects.get().reason == "Data tidak ditemukan"
    assert fake_siasn.kursus == []


def test_a_worker_that_died_mid_send_leaves_a_record_sent_once(
    org, siasn_on, fake_siasn
):
    _certificate(org)
    services.collect_certificates(connection=siasn_on)
    record = OutboxRecord.objects.get()
    services._claim(pk=record.pk)  # … and the worker is killed here
    services._send_kursus(record, _client(siasn_on), siasn_on)  # it had sent it
    OutboxRecord.objects.filter(pk=record.pk).update(
        lease_until=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert _push(siasn_on).sent == 1
    assert len(fake_siasn.kursus) == 1
    record.refresh_from_db()
    assert record.siasn_id == fake_siasn.kursus[0]["id"]


def _client(connection):
    from siasn_ws.client import SiasnClient, credentials_for

    return SiasnClient(connection, credentials_for(connection.agency.code))


def test_without_credentials_nothing_is_sent_and_hr_is_told_which_are_missing(
    org, siasn_on, fake_siasn, monkeypatch, login
):
    monkeypatch.delenv(siasn_on.variable_names()[1])
    _certificate(org)

    result = _push(siasn_on)

    assert result.problem == "missing credentials"
    assert OutboxRecord.objects.get().status == OutboxRecord.Status.WAITING
    assert fake_siasn.calls == []
    page = login(org["hr"]).get(reverse("siasn_ws:outbox")).content.decode()
    assert siasn_on.variable_names()[1] in page


def test_only_agencies_that_switched_it_on_send(org, other_org, siasn_on, fake_siasn):
    _certificate(other_org)
    siasn_on.enabled = False
    siasn_on.save()

    push_to_siasn_task.apply()

    assert OutboxRecord.objects.count() == 0
    assert fake_siasn.calls == []


def test_degree_study_is_not_a_course(org, siasn_on, fake_siasn):
    _certificate(org, form="pendidikan")

    assert _push(siasn_on).collected == 0


def test_a_redirect_is_not_followed_so_the_tokens_stay_at_siasn(
    org, siasn_on, fake_siasn
):
    elsewhere = FakeSiasn().start()
    try:
        _certificate(org)
        fake_siasn.fail_next(("redirect", elsewhere.url + "/apisiasn/1.0/pns/x"))

        result = _push(siasn_on)
    finally:
        elsewhere.stop()

    assert result.postponed == 1
    assert "mengalihkan" in OutboxRecord.objects.get().last_error
    assert elsewhere.calls == []
    assert elsewhere.token_requests == 0


def test_bkn_golongan_ids():
    assert golongan_id("III/a") == "31"
    assert golongan_id("IV/e") == "45"
    assert golongan_id("I/a") == "11"
    assert golongan_id("") == ""
    assert golongan_id("V/a") == ""


def test_an_employee_with_several_records_is_looked_up_once_per_run(
    org, siasn_on, fake_siasn
):
    for _ in range(3):
        _certificate(org)

    assert _push(siasn_on).sent == 3
    lookups = [call for call in fake_siasn.calls if "/pns/data-utama/" in call]
    assert len(lookups) == 1
