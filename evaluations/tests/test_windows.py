"""An SKP period is filled in and rated only inside its window; HR reopens it by
moving its closing date, with the reason kept in the period's history."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Assessment, AssessmentResult
from evaluations.tests.factories import make_agreed_plan, make_submitted
from evaluations.tests.test_views import _rating_post

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _close(period, days_ago=1):
    period.opens_on = TODAY - datetime.timedelta(days=30)
    period.closes_on = TODAY - datetime.timedelta(days=days_ago)
    period.save()


def test_a_closed_period_takes_no_realisation(login, org, period):
    member = org["member"]
    plan = make_agreed_plan(member, year=period.year, results=1)
    assessment = Assessment.objects.create(plan=plan, period=period, employee=member)
    _close(period)
    client = login(member)
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert 'data-testid="window-closed"' in page
    assert 'data-testid="realisation-form"' not in page
    result = plan.results.get()
    response = client.post(
        reverse("evaluations:realisation_save", args=[assessment.pk]),
        {f"realisation_{result.pk}": "Laporan terkirim", "submit": "1"},
    )
    assert response.status_code == 403
    assert "Minta BKPSDM membuka kembali" in response.content.decode()
    assert not AssessmentResult.objects.filter(assessment=assessment).exists()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


def test_the_supervisor_cannot_rate_after_the_window(login, org, period):
    assessment = make_submitted(org["member"], period)
    _close(period)
    client = login(org["supervisor"])
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert 'data-testid="rate-link"' not in page
    url = reverse("evaluations:assessment_rate", args=[assessment.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _rating_post(assessment)).status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_hr_reopens_a_period_with_a_reason_and_the_asn_can_fill_again(
    login, org, period
):
    member = org["member"]
    plan = make_agreed_plan(member, year=period.year, results=1)
    assessment = Assessment.objects.create(plan=plan, period=period, employee=member)
    _close(period)
    hr = login(org["hr"])
    url = reverse("evaluations:period_edit", args=[period.pk])
    data = {
        "name": period.name,
        "starts_on": period.starts_on.isoformat(),
        "ends_on": period.ends_on.isoformat(),
        "opens_on": period.opens_on.isoformat(),
        "closes_on": (TODAY + datetime.timedelta(days=7)).isoformat(),
    }
    assert "reason" in hr.post(url, data).context["form"].errors
    hr.post(url, {**data, "reason": "Server e-Kinerja gangguan 3 hari"})
    history = hr.get(
        reverse("evaluations:period_history", args=[period.pk])
    ).content.decode()
    assert "Server e-Kinerja gangguan 3 hari" in history
    result = plan.results.get()
    client = login(member)
    client.post(
        reverse("evaluations:realisation_save", args=[assessment.pk]),
        {f"realisation_{result.pk}": "Laporan terkirim", "submit": "1"},
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
