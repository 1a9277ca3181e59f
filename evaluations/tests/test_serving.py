"""SKP periods and reminders follow the kedudukan hukum (docs/domain.md, "Who is
serving: kedudukan hukum"): an ASN on CLTN, study leave, suspension or
pre-retirement leave gets no assessment and no reminder, and the lists say who is
left out and why. Counts are worked out by hand in each test."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import figures, services
from evaluations.models import Assessment
from evaluations.tests.factories import (
    make_agreed_plan,
    make_period,
    make_rated,
    make_submitted,
)
from notifications.models import Notification
from people.tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _teammate(org, name, legal_status):
    return EmployeeFactory(
        agency=org["agency"],
        unit=org["unit"],
        name=name,
        legal_status=legal_status,
        supervisor=org["supervisor"],
        user=UserFactory(username=f"a-{name.split()[0].lower()}"),
    )


def _kinds(employee):
    return sorted(
        Notification.objects.filter(
            recipient=employee.user, kind__startswith="evaluations."
        ).values_list("kind", flat=True)
    )


def test_a_period_opens_assessments_only_for_serving_asn(org, period):
    cltn = _teammate(org, "Ani Cltn", "CLTN")
    tubel = _teammate(org, "Budi Tubel", "Tugas Belajar")
    aktif = _teammate(org, "Cici Aktif", "Aktif")
    for employee in (cltn, tubel, aktif, org["member"]):
        make_agreed_plan(employee, year=period.year)
    # Four agreed plans; two of them of ASN not serving: two rows.
    assert services.ensure_assessments(period=period) == 2
    assert set(
        Assessment.objects.filter(period=period).values_list("employee", flat=True)
    ) == {aktif.pk, org["member"].pk}


def test_no_reminder_about_or_to_an_asn_not_serving(org, period):
    cltn = _teammate(org, "Ani Cltn", "CLTN")
    make_agreed_plan(cltn, year=period.year)
    # Submitted while still serving, then on MPP: the supervisor is not chased.
    mpp = _teammate(org, "Dedi Mpp", "Aktif")
    make_submitted(mpp, period)
    mpp.legal_status = "Masa Persiapan Pensiun"
    mpp.save()
    make_agreed_plan(org["member"], year=period.year)
    Notification.objects.all().delete()

    # Only the member, serving and due, is reminded.
    assert services.send_evaluation_reminders() == 1
    assert _kinds(org["member"]) == ["evaluations.self_assessment_due"]
    assert _kinds(cltn) == []
    assert _kinds(org["supervisor"]) == []


def test_a_supervisor_on_study_leave_is_not_reminded_to_rate(org, period):
    make_submitted(org["member"], period)
    supervisor = org["supervisor"]
    supervisor.legal_status = "Tugas Belajar"
    supervisor.save()
    Notification.objects.all().delete()
    assert services.send_evaluation_reminders() == 0
    assert _kinds(supervisor) == []


def test_the_overdue_digest_counts_serving_asn_only(org):
    today = timezone.localdate()
    period = make_period(
        org["agency"],
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=1),
    )
    late = [org["member"], _teammate(org, "Eko Aktif", "Aktif")]
    away = [_teammate(org, "Fani Cltn", "CLTN"), _teammate(org, "Gita Ps", "Aktif")]
    for employee in late + away:
        make_agreed_plan(employee, year=period.year)
    services.ensure_assessments(period=period)  # four rows while all serve
    away[1].legal_status = "Pemberhentian Sementara"
    away[1].save()
    # Fani was on CLTN already (no row); Gita was suspended after hers was opened.
    assert Assessment.objects.filter(period=period).count() == 3

    assert services.send_evaluation_reminders() == 1
    digest = Notification.objects.get(recipient=org["hr"].user)
    assert digest.title.startswith("2 penilaian")
    assert "Gita Ps" not in digest.body
    assert {
        a.employee.name for a in figures.overdue(user=org["hr"].user, period=period)
    } == {e.name for e in late}


def test_overview_counts_serving_asn_and_final_results_and_says_who_is_left_out(
    client, org, period
):
    # The org's six ASN serve. Add: one on CLTN, one on study leave, and one rated
    # (final once acknowledged) who then left on CLTN: her result still counts.
    _teammate(org, "Hana Cltn", "CLTN")
    _teammate(org, "Irma Tubel", "Tugas Belajar")
    rated = make_rated(_teammate(org, "Joko Final", "Aktif"), period)
    services.acknowledge_assessment(assessment=rated, user=rated.employee.user)
    rated.employee.legal_status = "CLTN"
    rated.employee.save()

    client.force_login(org["hr"].user)
    response = client.get(reverse("evaluations:overview"), {"periode": period.pk})
    totals = response.context["totals"]
    assert totals.employees == 6 + 1  # serving six, plus Joko's final result
    assert totals.acknowledged == 1
    left_out = response.context["not_counted"]
    assert left_out.total == 2
    assert left_out.by_status == [("CLTN", 1), ("Tugas Belajar", 1)]
    body = response.content.decode()
    assert "Tidak dihitung: 2 ASN" in body
    assert "tidak dihitung: CLTN" in body
    assert "tidak dihitung: Tugas Belajar" in body


def test_team_page_says_why_a_member_has_no_assessment(client, org, period):
    _teammate(org, "Kiki Mpp", "Masa Persiapan Pensiun")
    client.force_login(org["supervisor"].user)
    body = client.get(reverse("evaluations:team"), {"periode": period.pk})
    assert "tidak dihitung: Masa Persiapan Pensiun" in body.content.decode()
