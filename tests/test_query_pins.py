"""Query pins of the people and notification pages, and of the pin helpers."""

import pytest
from django.template import engines
from django.urls import reverse

from notifications import services
from people.models import Employee
from people.tests.factories import EmployeeFactory
from tests.query_pins import (
    assert_constant_queries,
    assert_renders_without_queries,
    assert_template_runs_no_queries,
    template_queries,
)

pytestmark = pytest.mark.django_db


def _employees(org, count, **extra):
    return [
        EmployeeFactory(agency=org["agency"], unit=org["unit"], **extra)
        for _ in range(count)
    ]


def test_employee_list_for_hr(login, org):
    client = login(org["hr"])
    assert_constant_queries(
        client,
        reverse("people:employee_list"),
        grow=lambda: _employees(org, 30, supervisor=org["supervisor"]),
        ceiling=10,
    )


def test_employee_list_for_supervisor(login, org):
    client = login(org["supervisor"])
    assert_constant_queries(
        client,
        reverse("people:employee_list"),
        grow=lambda: _employees(org, 20, supervisor=org["supervisor"]),
        # The profile and team (10), then one query per list of its sections:
        # JP per year, enrolments, certificates, assessments, potentials, pairs.
        ceiling=16,
    )


def test_employee_detail_with_a_growing_team(login, org):
    client = login(org["hr"])
    assert_constant_queries(
        client,
        reverse("people:employee_detail", args=[org["supervisor"].pk]),
        grow=lambda: _employees(org, 20, supervisor=org["supervisor"]),
        # The profile and team (10), then one query per list of its sections:
        # JP per year, enrolments, certificates, assessments, potentials, pairs.
        ceiling=16,
    )


def test_notification_inbox(login, org):
    client = login(org["member"])
    user = org["member"].user

    def notify(count, first=0):
        for step in range(first, first + count):
            services.notify(
                recipient=user, kind="pin", obj=org["member"], step=str(step), title="x"
            )

    notify(1)  # small, not empty: an empty page skips the list query

    def grow():
        notify(40, first=1)

    assert_constant_queries(
        client, reverse("notifications:inbox"), grow=grow, ceiling=9
    )


def test_template_query_helper_sees_a_lazy_queryset_in_a_template(org):
    template = engines["django"].from_string(
        "{% for e in employees %}{{ e.name }}{% endfor %}"
    )
    with template_queries() as queries:
        template.render({"employees": Employee.objects.all()})
    assert len(queries) == 1
    with template_queries() as queries:
        template.render({"employees": list(Employee.objects.all())})
    assert queries == []


def test_render_helper_passes_evaluated_context(org):
    html = assert_renders_without_queries(
        "_partials/pagination.html", {"page": None, "request": None}
    )
    assert isinstance(html, str)


def test_floor_view_runs_no_template_query(client):
    # /healthz/ renders no template at all: the helper must not trip on that.
    with template_queries() as queries:
        assert client.get(reverse("healthz")).status_code == 200
    assert queries == []


def test_dashboard_helper_fails_on_a_page_whose_template_queries(login, org):
    """The home page reads the unit and agency in its template today: the helper
    says so (a dashboard must not)."""
    client = login(org["member"])
    with pytest.raises(AssertionError, match="the template ran"):
        assert_template_runs_no_queries(client, reverse("home"))
