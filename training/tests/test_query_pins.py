"""Busy training pages run the same number of queries at any data size."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from people.tests.factories import EmployeeFactory, WorkUnitFactory
from tests.query_pins import assert_constant_queries
from training.services.ledger import credit_jp
from training.tests.factories import EnrolmentFactory, ProgramFactory, session_for

pytestmark = pytest.mark.django_db


def _people(org, n):
    units = [WorkUnitFactory(agency=org["agency"]) for _ in range(3)]
    return [
        EmployeeFactory(agency=org["agency"], unit=units[i % 3], user=None)
        for i in range(n)
    ]


def test_catalogue(login, org):
    def grow():
        for _ in range(15):
            program = ProgramFactory(agency=org["agency"], partner=None)
            session_for(org, program=program)

    ProgramFactory(agency=org["agency"])
    assert_constant_queries(
        login(org["member"]), reverse("training:catalog"), grow=grow, ceiling=12
    )


def test_session_detail_with_participants(login, org):
    session = session_for(org, capacity=100)
    EnrolmentFactory(session=session, employee=org["member"])

    def grow():
        for employee in _people(org, 20):
            EnrolmentFactory(session=session, employee=employee)

    assert_constant_queries(
        login(org["hr"]),
        reverse("training:session_detail", args=[session.pk]),
        grow=grow,
        ceiling=16,
    )


def test_jp_below_target(login, org):
    year = timezone.localdate().year

    def grow():
        for employee in _people(org, 20):
            credit_jp(
                employee=employee,
                on_date=datetime.date(year, 2, 1),
                jp=Decimal("4"),
                form="teknis",
                source_key=f"pin:{employee.pk}",
                description="Bimtek",
            )
        session_for(org)

    assert_constant_queries(
        login(org["hr"]), reverse("training:jp_below_target"), grow=grow, ceiling=14
    )


def test_my_jp(login, org):
    member = org["member"]

    def grow():
        for i in range(15):
            credit_jp(
                employee=member,
                on_date=datetime.date(timezone.localdate().year, 1, 1)
                + datetime.timedelta(i),
                jp=Decimal("2"),
                form="mentoring",
                source_key=f"pin:{i}",
                description="Mentoring",
            )
            EnrolmentFactory(
                session=session_for(
                    org,
                    start_date=datetime.date(2025, 1, 1) + datetime.timedelta(7 * i),
                ),
                employee=member,
            )

    assert_constant_queries(
        login(member), reverse("training:my_jp"), grow=grow, ceiling=12
    )
