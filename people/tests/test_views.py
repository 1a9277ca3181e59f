"""The employee list and profile pages."""

import pytest
from django.urls import reverse

from people.tests.factories import EmployeeFactory, WorkUnitFactory
from tests.query_pins import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_hr_filters_the_list_by_a_unit_and_everything_below_it(login, org):
    seksi = WorkUnitFactory(agency=org["agency"], parent=org["unit"], code="SK")
    elsewhere = WorkUnitFactory(agency=org["agency"], code="LAIN")
    inside = EmployeeFactory(agency=org["agency"], unit=seksi)
    outside = EmployeeFactory(agency=org["agency"], unit=elsewhere)
    client = login(org["hr"])
    response = client.get(reverse("people:employee_list"), {"unit": org["unit"].pk})
    shown = {e.pk for e in response.context["page"]}
    assert inside.pk in shown
    assert outside.pk not in shown
    assert org["hr"].pk in shown
    # The heading says which unit the list is about (a dashboard drill-down lands
    # here, and the filter select alone was easy to miss).
    heading = response.content.decode().split("<h1", 1)[1].split("</h1>", 1)[0]
    assert org["unit"].name in heading


def test_supervisor_list_is_titled_my_team_without_unit_filter(login, org):
    response = login(org["supervisor"]).get(reverse("people:employee_list"))
    assert "unit" not in response.context["filters"].fields
    assert "Tim saya" in response.content.decode()


def test_profile_shows_the_unit_lineage(login, org):
    seksi = WorkUnitFactory(
        agency=org["agency"], parent=org["unit"], name="Seksi Gizi", code="GZ"
    )
    member = org["member"]
    member.unit = seksi
    member.save()
    response = login(org["hr"]).get(reverse("people:employee_detail", args=[member.pk]))
    assert [u.name for u in response.context["lineage"]] == [
        org["unit"].name,
        "Seksi Gizi",
    ]


def test_employee_list_query_count_does_not_grow(login, org):
    client = login(org["hr"])

    def grow():
        for _n in range(30):
            EmployeeFactory(
                agency=org["agency"], unit=org["unit"], supervisor=org["supervisor"]
            )

    assert_constant_queries(
        client, reverse("people:employee_list"), grow=grow, ceiling=15
    )


def test_my_team_shows_only_direct_reports_even_for_a_leader(login, org):
    leader = org["leader"]
    report = EmployeeFactory(agency=org["agency"], unit=org["unit"], supervisor=leader)
    response = login(leader).get(reverse("people:employee_list"), {"tim": "1"})
    assert [e.pk for e in response.context["page"]] == [report.pk]
    assert "Tim saya" in response.content.decode()
