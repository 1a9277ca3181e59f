"""Periodic performance goes to SIASN once per employee and period, through the same
outbox, against the fake SIASN (fake_siasn.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import services as evaluations
from evaluations.models import EvaluationPeriod
from evaluations.rules import Rating
from evaluations.tests.factories import make_period, make_rated
from siasn_ws import services
from siasn_ws.models import OutboxRecord

pytestmark = pytest.mark.django_db
# A call the fake holds for SLOW seconds times out at SHORT_TIMEOUT; every other
# call of the test answers well within it, even on a loaded machine.
SHORT_TIMEOUT = 1.0
SLOW = 3


def _final(org, employee=None, **period):
    employee = employee or org["member"]
    assessment = make_rated(
        employee,
        make_period(org["agency"], **period),
        hasil=Rating.ABOVE,
        perilaku=Rating.MEETS,
    )
    return evaluations.acknowledge_assessment(assessment=assessment, user=employee.user)


@pytest.fixture
def periodik(siasn_on):
    siasn_on.periodik_quarterly = "PERIODIK-TRIWULAN"
    siasn_on.periodik_annual = "PERIODIK-TAHUNAN"
    siasn_on.save()
    return siasn_on


def test_a_final_assessment_reaches_siasn_with_its_period_and_predikat(
    org, periodik, fake_siasn, login
):
    assessment = _final(org)

    result = services.push_to_siasn(connection=periodik)

    assert result.sent == 1
    [stored] = fake_siasn.kinerja
    period = assessment.period
    assert stored["pnsDinilaiId"] == fake_siasn.pns[org["member"].nip]["id"]
    assert stored["periodikId"] == "PERIODIK-TRIWULAN"
    assert stored["tahun"] == period.year
    assert (stored["bulanMulaiPenilaian"], stored["bulanSelesaiPenilaian"]) == (
        period.starts_on.month,
        period.ends_on.month,
    )
    assert stored["hasilKinerjaNilai"] == 3  # Di Atas Ekspektasi
    assert stored["perilakuKerjaNilai"] == 2  # Sesuai Ekspektasi
    assert assessment.predikat == "baik"  # di atas × sesuai ekspektasi
    assert stored["kuadranKinerjaNilai"] == 4  # Baik
    supervisor = org["member"].supervisor
    assert stored["penilaiNipNrp"] == supervisor.nip
    assert stored["penilaiNama"] == supervisor.full_name
    assert stored["statusPenilai"] == "ASN"
    record = OutboxRecord.objects.get(kind=OutboxRecord.Kind.KINERJA)
    assert record.key == f"{period.year}-quarterly-1/{org['member'].nip}"
    assert record.siasn_id == stored["id"]
    page = login(org["hr"]).get(reverse("siasn_ws:outbox")).content.decode()
    assert "Kinerja periodik" in page
    assert stored["id"] in page


def test_each_period_is_sent_once_however_often_the_push_runs(
    org, periodik, fake_siasn
):
    _final(org)
    last_year = timezone.localdate().year - 1
    _final(org, kind=EvaluationPeriod.Kind.ANNUAL, number=1, year=last_year)
    for _ in range(3):
        services.push_to_siasn(connection=periodik)

    assert fake_siasn.saves("kinerjaperiodik") == 2
    assert len(fake_siasn.kinerja) == 2


def test_an_assessment_still_open_to_the_employee_is_not_sent(
    org, periodik, fake_siasn
):
    make_rated(org["member"], make_period(org["agency"]))  # rated, not acknowledged

    assert services.push_to_siasn(connection=periodik).collected == 0
    assert fake_siasn.kinerja == []


def test_a_lost_answer_is_found_at_siasn_by_its_period(
    org, periodik, fake_siasn, settings
):
    settings.SIASN_TIMEOUT_SECONDS = SHORT_TIMEOUT
    _final(org)
    # data-utama, then kinerjaperiodik/save is stored but answers too late.
    fake_siasn.fail_next(None, ("store_then_slow", SLOW))

    assert services.push_to_siasn(connection=periodik).postponed == 1
    settings.SIASN_TIMEOUT_SECONDS = 30
    OutboxRecord.objects.update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert services.push_to_siasn(connection=periodik).sent == 1

    assert len(fake_siasn.kinerja) == 1
    assert OutboxRecord.objects.get().siasn_id == fake_siasn.kinerja[0]["id"]


def test_a_period_kind_without_its_siasn_id_is_refused_with_the_reason(
    org, siasn_on, fake_siasn, login
):
    _final(org, kind=EvaluationPeriod.Kind.MONTHLY, number=3)

    assert services.push_to_siasn(connection=siasn_on).refused == 1
    record = OutboxRecord.objects.get()
    assert "ID periodik SIASN untuk periode bulanan belum diisi" in record.reason
    assert fake_siasn.kinerja == []

    siasn_on.periodik_monthly = "PERIODIK-BULANAN"
    siasn_on.save()
    login(org["hr"]).post(reverse("siasn_ws:resend", args=[record.pk]))
    assert services.push_to_siasn(connection=siasn_on).sent == 1
    assert fake_siasn.kinerja[0]["periodikId"] == "PERIODIK-BULANAN"


def test_siasns_refusal_of_a_period_is_shown_with_its_message(
    org, periodik, fake_siasn
):
    _final(org)
    fake_siasn.fail_next(None, ("refuse", "Periode penilaian tumpang tindih"))

    assert services.push_to_siasn(connection=periodik).refused == 1
    assert OutboxRecord.objects.get().reason == "Periode penilaian tumpang tindih"
