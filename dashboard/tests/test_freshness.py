"""The dashboard keeps its composed figures for a few minutes, but never past a
change to the data behind them, however the change was written."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people.models import Employee
from people.tests.factories import EmployeeFactory, WorkUnitFactory
from training.models import DevelopmentForm
from training.services.ledger import credit_jp

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:dashboard")


def _headcount(response) -> int:
    people = next(p for p in response.context["panels"] if p.key == "pegawai")
    return people.headlines[0].value


def _queries(client, url=URL, **params) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response


def test_a_second_visit_is_served_from_the_kept_figures(login, org):
    client = login(org["leader"])
    first, response = _queries(client)
    assert "Angka per pukul" in response.content.decode()
    again, response = _queries(client)
    assert again < first / 2
    assert _headcount(response) == Employee.objects.filter(agency=org["agency"]).count()


def test_a_new_employee_shows_at_once(login, org):
    client = login(org["leader"])
    before = _headcount(client.get(URL))
    EmployeeFactory(agency=org["agency"], unit=org["unit"], user=None)
    assert _headcount(client.get(URL)) == before + 1


def test_a_bulk_update_shows_at_once(login, org):
    """A queryset update sends no signal; the figures still follow it."""
    client = login(org["leader"])
    before = _headcount(client.get(URL))
    Employee.objects.filter(pk=org["member"].pk).update(is_active=False)
    assert _headcount(client.get(URL)) == before - 1


def test_jp_credited_in_a_task_shows_at_once(login, org):
    client = login(org["hr"])

    def met() -> int:
        competency = next(
            p for p in client.get(URL).context["panels"] if p.key == "kompetensi"
        )
        return sum(row[2] for row in competency.tables[0].rows)

    assert met() == 0
    credit_jp(
        employee=org["member"],
        jp=Decimal(20),
        form=DevelopmentForm.TECHNICAL,
        source_key="test:fresh",
        on_date=datetime.date(timezone.localdate().year, 1, 2),
        description="Pelatihan teknis",
    )
    assert met() == 1


def test_each_scope_keeps_its_own_figures(login, org, other_org):
    """A unit leader's kept figures are not what the agency's leader sees, nor
    what another agency sees."""
    child = WorkUnitFactory(agency=org["agency"], parent=org["unit"], code="SEKSI")
    EmployeeFactory(agency=org["agency"], unit=child, user=None)
    client = login(org["hr"])
    whole = _headcount(client.get(URL))
    in_child = _headcount(client.get(URL, {"unit": child.pk}))
    assert in_child == 1 < whole
    assert _headcount(client.get(URL)) == whole
    other = _headcount(login(other_org["hr"]).get(URL))
    assert other == Employee.objects.filter(agency=other_org["agency"]).count()


def test_asking_for_a_fresh_count_computes_again(login, org):
    client = login(org["leader"])
    _queries(client)
    kept, _ = _queries(client)
    fresh, response = _queries(client, segar=1)
    assert fresh > 2 * kept
    assert "segar=1" in response.content.decode()


def test_the_page_says_how_fresh_its_figures_are_in_english_too(login, org):
    client = login(org["leader"])
    client.post(reverse("set_language"), {"language": "en", "next": URL})
    page = client.get(URL).content.decode()
    assert "Figures as of" in page
