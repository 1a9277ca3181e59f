"""Busy mentoring pages run as many queries with many pairs as with one."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring import services
from mentoring.tests.access_rules import member_pair
from mentoring.tests.factories import CompetencyAreaFactory, make_mentor, make_pair
from people.tests.factories import EmployeeFactory
from tests.query_pins import assert_constant_queries

pytestmark = pytest.mark.django_db


def grow_pairs(org, program, n=15):
    """n more mentors, each with a pair that has a goal, a confirmed session and a
    rating: rows that every pinned page shows."""

    def grow():
        area = CompetencyAreaFactory(agency=org["agency"], name="Keuangan")
        for _ in range(n):
            mentor = EmployeeFactory(agency=org["agency"], golongan="IV/a")
            make_mentor(mentor, capacity=2, areas=[area])
            mentee = EmployeeFactory(agency=org["agency"], unit=org["unit"])
            pair = make_pair(mentor=mentor, mentee=mentee, program=program)
            services.add_goal(pair=pair, title="Tujuan", milestones=["A", "B"])
            session = services.log_session(
                pair=pair,
                by=mentor,
                date=timezone.localdate(),
                duration_minutes=60,
                topic="Topik",
            )
            services.confirm_session(session=session, by=mentee)
            services.rate_pair(pair=pair, by=mentee, phase="final", score=4)

    return grow


@pytest.fixture
def pair(org):
    return member_pair(org)


def test_program_detail_is_pinned(client, org, pair):
    client.force_login(org["hr"].user)
    url = reverse("mentoring:program_detail", args=[pair.program_id])
    assert_constant_queries(client, url, grow=grow_pairs(org, pair.program), ceiling=12)


def test_program_list_is_pinned(client, org, pair):
    client.force_login(org["hr"].user)
    url = reverse("mentoring:program_list")
    assert_constant_queries(client, url, grow=grow_pairs(org, pair.program), ceiling=10)


def test_mentor_list_is_pinned(client, org, pair):
    client.force_login(org["hr"].user)
    url = reverse("mentoring:mentor_list")
    assert_constant_queries(client, url, grow=grow_pairs(org, pair.program), ceiling=12)


def test_pair_suggestions_are_pinned(client, org, pair):
    client.force_login(org["hr"].user)
    mentee = EmployeeFactory(agency=org["agency"], unit=org["unit"])
    url = reverse("mentoring:pair_create", args=[pair.program_id]) + (
        f"?mentee={mentee.nip}"
    )
    assert_constant_queries(client, url, grow=grow_pairs(org, pair.program), ceiling=20)


def test_my_pairs_is_pinned(client, org, pair):
    client.force_login(org["mentor"].user)
    url = reverse("mentoring:my_pairs")

    def grow():
        for _ in range(1):  # the mentor's capacity is 3: two pairs exist already
            mentee = EmployeeFactory(agency=org["agency"])
            make_pair(mentor=org["mentor"], mentee=mentee, program=pair.program)

    assert_constant_queries(client, url, grow=grow, ceiling=14)


def test_pair_detail_is_pinned(client, org, pair):
    client.force_login(org["member"].user)
    url = pair.get_absolute_url()
    services.add_goal(pair=pair, title="Tujuan", milestones=["A"])

    def grow():
        for n in range(10):
            services.add_goal(pair=pair, title=f"Tujuan {n}", milestones=["A", "B"])
            services.log_session(
                pair=pair,
                by=org["mentor"],
                date=timezone.localdate(),
                duration_minutes=60,
                topic=f"Topik {n}",
            )

    assert_constant_queries(client, url, grow=grow, ceiling=16)
