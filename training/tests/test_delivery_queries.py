"""Busy delivery pages run the same number of queries at two data sizes."""

import pytest
from django.urls import reverse

from people.tests.factories import EmployeeFactory
from tests.query_pins import assert_constant_queries
from training.models import Enrolment
from training.services import delivery as services
from training.tests.factories import (
    EnrolmentFactory,
    attended,
    finished_session,
)

pytestmark = pytest.mark.django_db


def _answered_participants(org, session, count, *, comment="Baik"):
    template = services.template_for_session(session)
    questions = list(template.questions.all())
    for n in range(count):
        employee = EmployeeFactory(agency=org["agency"], unit=org["unit"])
        enrolment = attended(session, employee, status=Enrolment.Status.COMPLETED)
        services.submit_questionnaire(
            enrolment=enrolment,
            scores={q.pk: 1 + (n % template.scale) for q in questions},
            comment=f"{comment} {n}",
        )
        services.issue_certificate(enrolment=enrolment)


def test_session_results_page_is_pinned(login, org):
    session = finished_session(org["agency"])
    _answered_participants(org, session, 2)
    client = login(org["hr"])
    assert_constant_queries(
        client,
        reverse("training:session_results", args=[session.pk]),
        grow=lambda: _answered_participants(org, session, 12),
        ceiling=22,
    )


def test_program_results_page_is_pinned(login, org):
    session = finished_session(org["agency"])
    _answered_participants(org, session, 2)
    client = login(org["hr"])

    def grow():
        for _n in range(3):
            more = finished_session(org["agency"], program=session.program)
            _answered_participants(org, more, 3)

    assert_constant_queries(
        client,
        reverse("training:program_results", args=[session.program_id]),
        grow=grow,
        ceiling=22,
    )


def test_certificate_list_is_pinned(login, org):
    session = finished_session(org["agency"])
    _answered_participants(org, session, 2)
    assert_constant_queries(
        login(org["hr"]),
        reverse("training:certificate_list"),
        grow=lambda: _answered_participants(org, session, 10),
        ceiling=10,
    )


def test_follow_up_list_is_pinned(login, org):
    def grow():
        for _n in range(5):
            session = finished_session(org["agency"], ended_days_ago=70)
            employee = EmployeeFactory(
                agency=org["agency"], unit=org["unit"], supervisor=org["supervisor"]
            )
            enrolment = attended(session, employee)
            services.submit_follow_up(
                enrolment=enrolment, supervisor=org["supervisor"], score=3
            )

    attended(finished_session(org["agency"], ended_days_ago=70), org["member"])
    assert_constant_queries(
        login(org["supervisor"]),
        reverse("training:follow_up_list"),
        grow=grow,
        ceiling=10,
    )


def test_internship_list_is_pinned(login, org):
    from training.tests.access_rules import member_placement

    member_placement(org)
    assert_constant_queries(
        login(org["hr"]),
        reverse("training:internship_list"),
        grow=lambda: [member_placement(org) for _n in range(5)],
        ceiling=10,
    )


def test_unused_enrolments_do_not_change_the_results_count(org):
    session = finished_session(org["agency"])
    EnrolmentFactory(session=session, employee=org["member"])
    from training.models.delivery import evaluation_results

    assert evaluation_results(session=session)["attended_count"] == 0
