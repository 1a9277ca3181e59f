"""Every figure of the leader's dashboard that links to a list opens that list
filtered so that its count equals the figure (issue: a dashboard that drills for
real). Walked on the demo data, for the whole agency and for one unit whose
sub-units split its people (so the "(langsung)" rows are walked too)."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from people.demo import demo_username
from people.models import Agency, Employee, WorkUnit
from people.roles import Role

pytestmark = pytest.mark.django_db
COUNT = re.compile(r'data-drill-count="(\d+)"')


@pytest.fixture
def agency(db):
    call_command("seed_demo", stdout=io.StringIO())
    return Agency.objects.order_by("pk").first()


def _count_on(client, link) -> int:
    response = client.get(link)
    assert response.status_code == 200, link
    counts = COUNT.findall(response.content.decode())
    assert len(counts) == 1, f"{link}: {len(counts)} drill counts on the page"
    return int(counts[0])


def _walk(client, scope_query) -> dict[str, int]:
    """(figure, list count) for every counted drill-down of the dashboard page;
    returns how many links were checked per panel."""
    response = client.get(reverse("dashboard:dashboard"), scope_query)
    assert response.status_code == 200
    checked, wrong = {}, []
    for panel in response.context["panels"]:
        figures = [
            (h.label, h.link, h.link_count)
            for h in panel.headlines
            if h.link and h.link_count is not None
        ]
        for table in panel.tables:
            if table.count_column is None:
                continue
            figures += [
                (f"{table.title}: {row[0]}", link, row[table.count_column])
                for row, link in table.rows_with_links()
                if link
            ]
        for label, link, figure in figures:
            shown = _count_on(client, link)
            if shown != figure:
                wrong.append(f"{panel.key} · {label}: {figure} ≠ {shown} at {link}")
        checked[panel.key] = len(figures)
    assert not wrong, "\n".join(wrong)
    return checked


@pytest.mark.parametrize("role", [Role.HR, Role.LEADER])
def test_every_counted_figure_opens_a_list_of_as_many_rows(client, agency, role):
    user = Employee.objects.get(user__username=demo_username(role, agency)).user
    client.force_login(user)
    year = {"year": 2026}

    checked = _walk(client, year)
    assert checked["pegawai"] >= 3
    assert checked["kompetensi"] >= 3
    assert checked["kinerja"] >= 9  # the 9-box cells at least
    assert checked["layanan_publik"] >= 3

    # A unit with sub-units: its own people get a "(langsung)" row of their own.
    parent = (
        WorkUnit.objects.visible_to(user)
        .filter(children__isnull=False, employees__isnull=False)
        .distinct()
        .order_by("path")
        .last()
    )
    assert parent is not None
    checked = _walk(client, {**year, "unit": parent.pk})
    assert checked["pegawai"] >= 2
