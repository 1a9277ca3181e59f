"""A person's talent history on their profile lists, per period, the rewards
recorded for them: a Sangat Baik's reward follow-up feeds it."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from evaluations import services
from evaluations.models import FollowUpAction
from evaluations.tests.factories import make_period, make_rated
from people.tests.factories import EmployeeFactory, UserFactory
from tests.query_pins import assert_constant_queries

pytestmark = pytest.mark.django_db


def _rewarded(org, employee, period, description):
    assessment = make_rated(employee, period, hasil="diatas", perilaku="diatas")
    services.acknowledge_assessment(assessment=assessment, user=employee.user)
    services.save_follow_up(
        assessment=assessment,
        user=org["hr"].user,
        summary="Kinerja sangat baik",
        review_date=None,
        actions=[
            {
                "kind": FollowUpAction.Kind.CERTIFICATE,
                "description": description,
                "link": "",
                "due_date": None,
            }
        ],
    )
    return assessment


def _profile(client, employee):
    return client.get(reverse("people:employee_detail", args=[employee.pk]))


def test_a_reward_appears_in_the_persons_talent_history_only(client, org):
    period = make_period(org["agency"])
    _rewarded(org, org["member"], period, "Piagam pegawai teladan triwulan I")
    colleague = EmployeeFactory(
        agency=org["agency"],
        unit=org["unit"],
        supervisor=org["supervisor"],
        user=UserFactory(username="a-colleague"),
    )
    _rewarded(org, colleague, period, "Piagam inovasi layanan")
    client.force_login(org["hr"].user)

    body = _profile(client, org["member"]).content.decode()
    with translation.override("id"):
        recorded = date_format(timezone.localdate(), "j M Y")
    assert (
        "Piagam penghargaan</strong>: Piagam pegawai teladan triwulan I "
        f'<span class="text-muted">({recorded})</span>'
    ) in body
    assert "Piagam inovasi layanan" not in body
    assert "Piagam inovasi layanan" in _profile(client, colleague).content.decode()


def test_the_rewards_of_more_periods_cost_no_more_queries(client, org):
    year = timezone.localdate().year
    _rewarded(org, org["member"], make_period(org["agency"]), "Piagam pertama")
    client.force_login(org["hr"].user)

    def grow():
        for years_ago in range(1, 4):
            period = make_period(org["agency"], year=year - years_ago)
            _rewarded(org, org["member"], period, f"Piagam {years_ago}")

    assert_constant_queries(
        client,
        reverse("people:employee_detail", args=[org["member"].pk]),
        grow=grow,
        ceiling=30,
    )
