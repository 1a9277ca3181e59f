"""HR finalises a period's results ("Tetapkan hasil periode"), giving a reason where
the predikat leave the pattern of the organisation's rating, and may reopen them."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.models import PeriodFinalisation
from evaluations.tests.factories import make_rated

pytestmark = pytest.mark.django_db


@pytest.fixture
def excess(org, period):
    """One ASN rated Sangat Baik in an organisation rated Butuh Perbaikan: 100%
    Sangat Baik where at most 10% are allowed."""
    make_rated(org["member"], period, hasil="diatas", perilaku="diatas")
    services.record_organisation_rating(
        period=period,
        unit=None,
        rating="butuh_perbaikan",
        source="LHE SAKIP",
        user=org["hr"].user,
    )
    return period


def _page(period):
    return reverse("evaluations:period_finalise", args=[period.pk])


def test_the_page_shows_actual_allowed_and_findings(client, org, excess):
    client.force_login(org["hr"].user)
    body = client.get(_page(excess)).content.decode()
    assert "Sangat Baik paling banyak 10%." in body
    assert "Butuh Perbaikan paling sedikit 60%." in body
    assert "Sangat Baik: 1 pegawai (100,0%), melebihi maksimal 10%." in body


def test_with_findings_and_no_reason_it_is_refused_at_the_field(client, org, excess):
    client.force_login(org["hr"].user)
    response = client.post(_page(excess), {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "Distribusi predikat tidak sesuai pola: tuliskan alasan hasil ini "
        "tetap ditetapkan."
    ]
    assert not PeriodFinalisation.objects.exists()


def test_with_a_reason_it_is_saved_and_the_overview_says_so(client, org, excess):
    client.force_login(org["hr"].user)
    response = client.post(_page(excess), {"reason": "Keputusan PPK nomor 12"})
    assert response.status_code == 302
    record = PeriodFinalisation.objects.get(period=excess)
    assert record.counts["sangat_baik"] == 1
    assert "melebihi maksimal 10%" in record.findings
    assert record.finalised_by == org["hr"]
    client.force_login(org["leader"].user)
    body = client.get(
        reverse("evaluations:overview") + f"?periode={excess.pk}"
    ).content.decode()
    assert f"Ditetapkan oleh {org['hr'].name} pada" in body
    assert "Keputusan PPK nomor 12" in body
    # The leader reads it but is not offered the finalisation page.
    assert _page(excess) not in body


def test_without_findings_no_reason_is_needed(client, org, period):
    make_rated(org["member"], period)
    client.force_login(org["hr"].user)
    response = client.post(_page(period), {"reason": ""})
    assert response.status_code == 302
    assert PeriodFinalisation.objects.get(period=period).reason == ""


def test_a_finalised_period_cannot_be_finalised_twice(client, org, period):
    client.force_login(org["hr"].user)
    client.post(_page(period), {"reason": ""})
    response = client.post(_page(period), {"reason": "lagi"})
    assert "Hasil periode ini sudah ditetapkan." in response.content.decode()
    assert PeriodFinalisation.objects.filter(period=period).count() == 1


def test_hr_reopens_with_a_reason_kept_in_the_history(client, org, excess):
    client.force_login(org["hr"].user)
    client.post(_page(excess), {"reason": "Keputusan PPK"})
    reopen = reverse("evaluations:period_reopen", args=[excess.pk])
    refused = client.post(reopen, {"reason": ""})
    assert refused.context["reopen_form"].errors["reason"]
    assert PeriodFinalisation.objects.filter(period=excess).exists()
    assert client.post(reopen, {"reason": "Keberatan diputus"}).status_code == 302
    assert not PeriodFinalisation.objects.filter(period=excess).exists()
    body = client.get(_page(excess)).content.decode()
    assert "dibuka kembali" in body
    assert "Keberatan diputus" in body
    overview = client.get(reverse("evaluations:overview") + f"?periode={excess.pk}")
    assert "Hasil periode ini belum ditetapkan." in overview.content.decode()


def test_another_agencys_hr_gets_404(client, org, other_org, period):
    client.force_login(other_org["hr"].user)
    assert client.get(_page(period)).status_code == 404
    assert client.post(_page(period), {"reason": "x"}).status_code == 404
    assert not PeriodFinalisation.objects.exists()


def _finalisation_headline(client):
    panels = client.get(reverse("dashboard:dashboard")).context["panels"]
    return next(
        h
        for p in panels
        if p.key == "kinerja"
        for h in p.headlines
        if h.label == "Hasil periode"
    )


def test_the_leaders_dashboard_says_who_finalised_and_why(client, org, excess):
    client.force_login(org["leader"].user)
    assert _finalisation_headline(client).value == "belum ditetapkan"
    services.finalise_period_results(
        period=excess, user=org["hr"].user, reason="Keputusan PPK"
    )
    headline = _finalisation_headline(client)
    assert headline.value == "ditetapkan"
    assert headline.note.startswith(f"Ditetapkan oleh {org['hr'].name} pada ")
    assert headline.note.endswith("Alasan: Keputusan PPK")
