"""The individual development plan as its users live it: the ASN composes and submits,
the supervisor agrees or returns, activities are completed by hand or by passing a
catalogue programme, and the page adds up JP toward the target."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from idp.models import IndividualPlan, PlanActivity
from notifications.models import Notification
from people.tests.factories import EmployeeFactory
from tests.query_pins import assert_constant_queries
from training.models import Enrolment, OutsideLearning
from training.tests.factories import (
    EnrolmentFactory,
    ProgramFactory,
    finished_session,
    outside_learning,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MINE = reverse("idp:mine")


def _plan(employee, status=IndividualPlan.Status.DRAFT, **activities):
    plan = IndividualPlan.objects.create(
        employee=employee, year=TODAY.year, status=status
    )
    return plan


def _activity(plan, **fields):
    values = {
        "form": "belajar_mandiri",
        "description": "Belajar mandiri kearsipan",
        "quarter": 2,
        "planned_jp": Decimal(4),
    } | fields
    return PlanActivity.objects.create(plan=plan, **values)


def test_the_member_composes_and_submits_and_the_supervisor_is_asked(org, login):
    client = login(org["member"])

    created = client.post(MINE, {"year": str(TODAY.year)}, follow=True)
    plan = IndividualPlan.objects.get(employee=org["member"])
    assert "IDP dibuat" in created.content.decode()
    client.post(
        plan.get_absolute_url(),
        {
            "form": "seminar",
            "description": "Seminar kearsipan",
            "quarter": "2",
            "planned_jp": "8",
        },
    )
    client.post(
        plan.get_absolute_url(),
        {
            "form": "kursus",
            "description": "Kursus arsip digital",
            "quarter": "3",
            "planned_jp": "12.5",
        },
    )
    page = client.get(plan.get_absolute_url())
    assert page.context["planned_jp"] == Decimal("20.5")
    assert "20,50" in page.content.decode()

    client.post(reverse("idp:submit", args=[plan.pk]))

    plan.refresh_from_db()
    assert plan.status == IndividualPlan.Status.SUBMITTED
    asked = Notification.objects.get(kind="idp.submitted")
    assert asked.recipient == org["supervisor"].user
    # Submitted: the activities no longer change.
    refused = client.post(
        plan.get_absolute_url(),
        {"form": "seminar", "description": "Lagi", "quarter": "2", "planned_jp": "1"},
    )
    assert refused.status_code == 403
    assert plan.activities.count() == 2


def test_an_empty_plan_cannot_be_submitted(org, login):
    plan = _plan(org["member"])

    response = login(org["member"]).post(
        reverse("idp:submit", args=[plan.pk]), follow=True
    )

    assert "Tambahkan setidaknya satu kegiatan" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == IndividualPlan.Status.DRAFT


def test_returning_needs_a_note_and_agreeing_tells_the_member(org, login):
    plan = _plan(org["member"], status=IndividualPlan.Status.SUBMITTED)
    _activity(plan)
    client = login(org["supervisor"])
    decide = reverse("idp:decide", args=[plan.pk])

    without = client.post(decide, {"decision": "return", "note": ""}, follow=True)
    assert "Tuliskan apa yang perlu diperbaiki" in without.content.decode()
    plan.refresh_from_db()
    assert plan.status == IndividualPlan.Status.SUBMITTED

    client.post(decide, {"decision": "return", "note": "Tambah pelatihan teknis"})
    plan.refresh_from_db()
    assert plan.status == IndividualPlan.Status.RETURNED
    assert plan.supervisor_note == "Tambah pelatihan teknis"

    plan.status = IndividualPlan.Status.SUBMITTED
    plan.save()
    client.post(decide, {"decision": "agree", "note": ""})
    plan.refresh_from_db()
    assert plan.status == IndividualPlan.Status.AGREED
    assert plan.decided_by == org["supervisor"]
    titles = list(
        Notification.objects.filter(kind="idp.decided").values_list("title", flat=True)
    )
    assert f"IDP {TODAY.year} Anda disepakati atasan" in titles


def test_nobody_decides_their_own_plan_and_hr_does_not_decide(org, login):
    plan = _plan(org["supervisor"], status=IndividualPlan.Status.SUBMITTED)
    _activity(plan)
    decide = reverse("idp:decide", args=[plan.pk])

    assert (
        login(org["supervisor"]).post(decide, {"decision": "agree"}).status_code == 403
    )
    assert login(org["hr"]).post(decide, {"decision": "agree"}).status_code == 403
    plan.refresh_from_db()
    assert plan.status == IndividualPlan.Status.SUBMITTED


def test_activities_complete_by_hand_or_by_passing_the_programme(org, login):
    plan = _plan(org["member"], status=IndividualPlan.Status.AGREED)
    self_study = _activity(plan)
    program = ProgramFactory(agency=org["agency"], title="Pelatihan Arsip Digital")
    course = _activity(
        plan, form="teknis", program=program, description="", planned_jp=16
    )
    client = login(org["member"])

    client.post(
        reverse("idp:activity_done", args=[self_study.pk]), {"note": "ringkasan buku"}
    )
    by_hand = client.post(reverse("idp:activity_done", args=[course.pk]), follow=True)

    assert "selesai sendiri ketika pegawai lulus" in by_hand.content.decode()
    assert client.get(plan.get_absolute_url()).context["done_count"] == 1
    session = finished_session(org["agency"], program=program)
    EnrolmentFactory(
        session=session, employee=org["member"], status=Enrolment.Status.COMPLETED
    )
    page = client.get(plan.get_absolute_url())
    assert page.context["done_count"] == 2
    assert "lulus program" in page.content.decode()


def test_a_programme_passed_in_another_year_does_not_complete_the_activity(org, login):
    plan = _plan(org["member"], status=IndividualPlan.Status.AGREED)
    program = ProgramFactory(agency=org["agency"])
    _activity(plan, program=program, form="teknis")
    session = finished_session(org["agency"], program=program, ended_days_ago=400)
    EnrolmentFactory(
        session=session, employee=org["member"], status=Enrolment.Status.COMPLETED
    )

    assert login(org["member"]).get(plan.get_absolute_url()).context["done_count"] == 0


def test_another_agencys_programme_is_not_a_choice(org, other_org, login):
    plan = _plan(org["member"])
    theirs = ProgramFactory(agency=other_org["agency"])

    response = login(org["member"]).post(
        plan.get_absolute_url(),
        {"form": "teknis", "program": theirs.pk, "quarter": "1", "planned_jp": "8"},
    )

    assert "program" in response.context["form"].errors
    assert not plan.activities.exists()


def test_a_second_plan_for_the_year_is_refused_at_the_field(org, login):
    _plan(org["member"])

    response = login(org["member"]).post(MINE, {"year": str(TODAY.year)})

    assert response.context["form"].errors["year"] == [
        f"IDP tahun {TODAY.year} Anda sudah ada."
    ]


def test_the_list_shows_progress_to_hr_and_the_team_to_the_supervisor(
    org, other_org, login
):
    plan = _plan(org["member"], status=IndividualPlan.Status.AGREED)
    _activity(plan, done_on=TODAY)
    _activity(plan)
    _plan(org["outsider"])
    _plan(other_org["member"])

    hr = login(org["hr"]).get(reverse("idp:list"))
    rows = {
        p.employee.name: (p.done_count, p.activity_count) for p in hr.context["page"]
    }
    assert rows[org["member"].name] == (1, 2)
    assert org["outsider"].name in rows
    assert other_org["member"].name not in rows

    team = login(org["supervisor"]).get(reverse("idp:list"))
    assert [p.employee for p in team.context["page"]] == [org["member"]]


def test_the_plan_page_and_list_do_not_grow_with_activities_or_plans(org, login):
    plan = _plan(org["member"], status=IndividualPlan.Status.AGREED)
    _activity(plan)
    client = login(org["hr"])

    def more_activities():
        for number in range(6):
            program = ProgramFactory(agency=org["agency"])
            _activity(plan, program=program, description=f"Program {number}")

    def more_plans():
        for _ in range(6):
            other = _plan(EmployeeFactory(agency=org["agency"], unit=org["unit"]))
            _activity(other)

    assert_constant_queries(
        client, plan.get_absolute_url(), grow=more_activities, ceiling=16
    )
    assert_constant_queries(client, reverse("idp:list"), grow=more_plans, ceiling=10)


def test_verified_outside_learning_of_the_year_shows_in_the_plan(org, login):
    plan = _plan(org["member"], status=IndividualPlan.Status.AGREED)
    outside_learning(
        org["member"],
        title="Webinar Arsip Elektronik",
        start_date=TODAY,
        end_date=TODAY,
        status=OutsideLearning.Status.VERIFIED,
    )
    outside_learning(
        org["member"],
        title="Kursus Belum Diverifikasi",
        start_date=TODAY,
        end_date=TODAY,
    )

    page = login(org["member"]).get(plan.get_absolute_url()).content.decode()

    assert "Webinar Arsip Elektronik" in page
    assert "Kursus Belum Diverifikasi" not in page


def test_the_plan_links_to_the_catalogue_for_the_gaps_once_a_standard_applies(
    org, login
):
    plan = _plan(org["member"])
    client = login(org["member"])
    assert (
        'data-testid="gap-programmes"'
        not in client.get(plan.get_absolute_url()).content.decode()
    )

    from competencies import services as competency_services

    competency_services.create_standard(
        agency=org["agency"], jabatan_name=org["member"].jabatan_name, levels={}
    )
    page = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("training:gap_programmes", args=[org["member"].pk]) in page
