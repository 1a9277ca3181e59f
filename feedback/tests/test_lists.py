"""The complaint list HR works from: search by the ADU number, the public tracking
code or words of the complaint; period, status and unit filters kept across pages;
the download of exactly the filtered rows. It has no select-all: each complaint's
steps (verify, assign, answer, close) need their own decision and text."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from feedback import services
from feedback.models import Complaint
from feedback.tests.factories import ComplaintFactory
from tests.query_pins import assert_constant_queries

pytestmark = pytest.mark.django_db
LIST = "feedback:complaint_list"


def _refs(response) -> set[str]:
    return {c.reference for c in response.context["page"]}


def test_search_by_number_tracking_code_and_words(login, org, service_unit):
    leak = ComplaintFactory(
        service_unit=service_unit, description="Atap bocor di loket"
    )
    queue = ComplaintFactory(service_unit=service_unit, description="Antrean lambat")
    tracked, code, _created = services.submit_complaint(
        service_unit=service_unit, description="Petugas tidak ramah"
    )
    client = login(org["hr"])
    assert _refs(client.get(reverse(LIST), {"q": "bocor"})) == {leak.reference}
    assert _refs(client.get(reverse(LIST), {"q": queue.reference})) == {queue.reference}
    assert _refs(client.get(reverse(LIST), {"q": code.lower()})) == {tracked.reference}


def test_another_agencys_complaints_never_appear(login, org, other_org, service_unit):
    from feedback.tests.factories import ServiceUnitFactory

    foreign_unit = ServiceUnitFactory(work_unit=other_org["unit"])
    ComplaintFactory(service_unit=foreign_unit, description="Keluhan instansi lain")
    client = login(org["hr"])
    assert _refs(client.get(reverse(LIST), {"q": "instansi lain"})) == set()
    refused = client.get(reverse(LIST), {"unit": foreign_unit.pk, "format": "xlsx"})
    book = load_workbook(io.BytesIO(refused.content), read_only=True)
    assert len(list(book.worksheets[0].iter_rows(values_only=True))) == 1


def test_pages_keep_the_period_status_and_search(login, org, service_unit):
    for i in range(33):
        ComplaintFactory(service_unit=service_unit, description=f"Parkir penuh {i}")
    ComplaintFactory(service_unit=service_unit, description="Lain-lain")
    year = timezone.localdate().year
    query = {"q": "parkir", "status": "baru", "dari": f"{year}-01-01"}
    first = login(org["hr"]).get(reverse(LIST), query)
    assert first.context["page"].paginator.count == 33
    assert f"?q=parkir&amp;dari={year}-01-01&amp;status=baru&page=2" in (
        first.content.decode()
    )


def test_download_holds_exactly_the_filtered_rows_with_dates(login, org, service_unit):
    wanted = ComplaintFactory(service_unit=service_unit, description="Toilet rusak")
    ComplaintFactory(service_unit=service_unit, description="Lain sama sekali")
    response = login(org["hr"]).get(reverse(LIST), {"q": "toilet", "format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    header, *rows = book.worksheets[0].iter_rows(values_only=True)
    assert [row[0] for row in rows] == [wanted.reference]
    assert isinstance(rows[0][3], datetime.datetime)
    assert rows[0][4] == datetime.datetime.combine(wanted.due_date, datetime.time())


def test_filtered_list_and_download_keep_their_query_count(login, org, service_unit):
    ComplaintFactory(service_unit=service_unit, assigned_to=org["member"])

    def grow():
        for _ in range(20):
            ComplaintFactory(service_unit=service_unit, assigned_to=org["member"])

    client = login(org["hr"])
    query = {"q": "a", "status": Complaint.Status.SUBMITTED, "unit": service_unit.pk}
    assert_constant_queries(client, reverse(LIST), data=query, grow=grow, ceiling=14)
    assert_constant_queries(
        client,
        reverse(LIST),
        data={**query, "format": "xlsx"},
        grow=grow,
        ceiling=8,
    )
