"""The busy pages run the same number of queries at a small and a larger size."""

import random

import pytest
from django.urls import reverse

from evaluations import demo
from evaluations.tests.factories import make_period, make_rated
from people.tests.factories import EmployeeFactory, UserFactory
from tests.query_pins import assert_constant_queries

pytestmark = pytest.mark.django_db


def _grow_team(org, period, n=12):
    def grow():
        for i in range(n):
            member = EmployeeFactory(
                agency=org["agency"],
                unit=org["unit"],
                supervisor=org["supervisor"],
                user=UserFactory(username=f"grow-{i}"),
            )
            make_rated(member, period, hasil=random.choice(["diatas", "sesuai"]))

    return grow


def test_team_page_is_constant(client, org):
    period = make_period(org["agency"])
    make_rated(org["member"], period)
    client.force_login(org["supervisor"].user)
    assert_constant_queries(
        client,
        reverse("evaluations:team") + f"?periode={period.pk}",
        grow=_grow_team(org, period),
        ceiling=15,
    )


def test_overview_is_constant(client, org):
    period = make_period(org["agency"])
    make_rated(org["member"], period)
    client.force_login(org["hr"].user)
    assert_constant_queries(
        client,
        reverse("evaluations:overview") + f"?periode={period.pk}",
        grow=_grow_team(org, period),
        ceiling=16,
    )


def test_overview_with_overdue_list_is_constant(client, org):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    period = make_period(
        org["agency"],
        opens_on=today - datetime.timedelta(days=40),
        closes_on=today - datetime.timedelta(days=2),
    )
    make_rated(org["member"], period)
    client.force_login(org["hr"].user)
    assert_constant_queries(
        client,
        reverse("evaluations:overview") + f"?periode={period.pk}",
        grow=_grow_team(org, period),
        ceiling=16,
    )


def test_talent_grid_is_constant(client, org):
    from evaluations import services

    period = make_period(org["agency"])
    make_rated(org["member"], period)
    services.record_potential(
        employee=org["member"], user=org["hr"].user, year=period.year, score=90
    )
    client.force_login(org["leader"].user)

    def grow():
        _grow_team(org, period)()
        demo._potentials(
            list(org["agency"].employees.exclude(pk=org["member"].pk)),
            period.year,
            org["agency"],
            random.Random(1),
        )

    assert_constant_queries(
        client,
        reverse("evaluations:talent_grid") + f"?periode={period.pk}",
        grow=grow,
        ceiling=14,
    )


def test_demo_seed_small_gives_every_state(org):
    from evaluations.models import Assessment, PotentialAssessment

    for i in range(30):
        EmployeeFactory(
            agency=org["agency"],
            unit=org["unit"],
            supervisor=org["supervisor"],
            user=UserFactory(username=f"demo-{i}"),
        )
    demo.seed(agencies=[org["agency"]], size="small", rng=random.Random(5))
    statuses = set(Assessment.objects.values_list("status", flat=True))
    assert {"acknowledged", "rated"} <= statuses
    assert Assessment.objects.exclude(predikat="").exists()
    assert PotentialAssessment.objects.exists()


def test_window_fallback_groups_like_the_postgres_path(org):
    """SQLite (development) takes the window path; both give the same groups."""
    from evaluations import figures, services

    period = make_period(org["agency"])
    for i in range(10):
        member = EmployeeFactory(
            agency=org["agency"],
            unit=org["unit"],
            supervisor=org["supervisor"],
            user=UserFactory(username=f"fb-{i}"),
        )
        make_rated(member, period, hasil=["diatas", "sesuai"][i % 2])
        services.record_potential(
            employee=member, user=org["hr"].user, year=period.year, score=60 + 4 * i
        )
    rated = figures._with_potential(
        figures.Assessment.objects.filter(period=period).exclude(predikat=""), period
    )
    groups = rated.order_by().values("predikat", "potential")
    assert sorted(figures._grouped(rated)) == sorted(
        figures._grouped_with_window(rated, groups)
    )
