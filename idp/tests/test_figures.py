"""The IDP panel of the leader's dashboard, hand-computed: plans agreed of the active
ASN in scope and activities done of the agreed plans, per unit displayed."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.compose import all_panels
from idp.models import IndividualPlan, PlanActivity
from people.panels import Scope
from people.tests.factories import EmployeeFactory, WorkUnitFactory
from training.models import Enrolment
from training.tests.factories import EnrolmentFactory, ProgramFactory, finished_session

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
AGREED = IndividualPlan.Status.AGREED


def _scope(org):
    return Scope(
        agency=org["agency"],
        start=datetime.date(TODAY.year, 1, 1),
        end=datetime.date(TODAY.year, 12, 31),
    )


def _plan(employee, status=AGREED, year=None):
    return IndividualPlan.objects.create(
        employee=employee, year=year or TODAY.year, status=status
    )


def _activity(plan, **fields):
    values = {
        "form": "belajar_mandiri",
        "description": "Belajar mandiri kearsipan",
        "quarter": 2,
        "planned_jp": Decimal(4),
    } | fields
    return PlanActivity.objects.create(plan=plan, **values)


def _idp_panel(org):
    return next((p for p in all_panels(_scope(org)) if p.key == "idp"), None)


def test_plans_agreed_and_activities_done_per_unit_by_hand(org):
    p2p = WorkUnitFactory(agency=org["agency"], parent=org["unit"], name="Bidang P2P")
    yankes = WorkUnitFactory(
        agency=org["agency"], parent=org["unit"], name="Bidang Yankes"
    )
    nurse = EmployeeFactory(agency=org["agency"], unit=p2p, user=None)
    retired = EmployeeFactory(
        agency=org["agency"], unit=p2p, user=None, is_active=False
    )
    EmployeeFactory(agency=org["agency"], unit=yankes, user=None)  # no plan

    # The member's agreed plan: one marked done, one open, one done by passing.
    plan = _plan(org["member"])
    _activity(plan, done_on=TODAY)
    _activity(plan)
    program = ProgramFactory(agency=org["agency"])
    _activity(plan, program=program)
    EnrolmentFactory(
        session=finished_session(org["agency"], program=program),
        employee=org["member"],
        status=Enrolment.Status.COMPLETED,
    )
    # Submitted, not agreed: neither the plan nor its done activity counts.
    _activity(_plan(org["supervisor"], IndividualPlan.Status.SUBMITTED), done_on=TODAY)
    _activity(_plan(nurse))  # agreed, nothing done yet
    _activity(_plan(retired), done_on=TODAY)  # no longer active
    _activity(_plan(org["outsider"], year=TODAY.year - 1), done_on=TODAY)

    panel = _idp_panel(org)
    # Active ASN: the fixture's six in Dinas Kesehatan itself, one in each bidang.
    agreed, done = panel.headlines
    assert (agreed.label, agreed.text) == ("IDP disepakati", "2 / 8")
    assert agreed.link == (
        reverse("idp:list") + f"?year={TODAY.year}&status=disepakati"
    )
    assert (done.label, done.text) == ("Kegiatan IDP selesai", "2 / 4")
    assert panel.tables[0].shown_rows() == [
        ["Dinas Kesehatan a (langsung)", "6", "1", "2", "3"],
        ["Bidang P2P", "1", "1", "0", "1"],
        ["Bidang Yankes", "1", "0", "0", "0"],
    ]


def test_no_panel_without_plans_in_scope(org, other_org):
    _activity(_plan(other_org["member"]), done_on=TODAY)  # another agency's
    _plan(org["member"], year=TODAY.year - 1)  # another year's
    assert _idp_panel(org) is None


def test_the_panel_runs_the_same_queries_for_more_plans(org, django_assert_num_queries):
    from idp.figures import panels

    _activity(_plan(org["member"]), done_on=TODAY)
    with django_assert_num_queries(6) as one:
        panels(_scope(org))
    for n in range(5):
        unit = WorkUnitFactory(agency=org["agency"], parent=org["unit"], code=f"U{n}")
        plan = _plan(EmployeeFactory(agency=org["agency"], unit=unit, user=None))
        _activity(plan)
        _activity(plan, done_on=TODAY)
    with django_assert_num_queries(len(one.captured_queries)):
        [panel] = panels(_scope(org))
    assert panel.headlines[1].text == "6 / 11"
