"""Training's HR lists: search by name or NIP, filters, the download of exactly the
filtered rows, and bulk actions on every row the filter matches ("pilih semua"),
never outside the user's scope."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from people.models import Employee
from people.tests.factories import EmployeeFactory, WorkUnitFactory
from tests.query_pins import assert_constant_queries
from training.models import Enrolment, JpCredit
from training.tests.factories import session_for

pytestmark = pytest.mark.django_db
Status = Enrolment.Status
BELOW = "training:jp_below_target"


def sheet_rows(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


def _credit(employee, jp, *, year=None):
    year = year or timezone.localdate().year
    JpCredit.objects.create(
        employee=employee,
        agency=employee.agency,
        year=year,
        date=datetime.date(year, 2, 1),
        jp=Decimal(jp),
        form="teknis",
        source_key=f"test:{employee.pk}:{year}:{jp}",
        description="Bimtek",
    )


def _person(org, name, **extra):
    return EmployeeFactory(
        agency=org["agency"], unit=extra.pop("unit", org["unit"]), name=name, **extra
    )


def _names(response) -> set[str]:
    return {e.name for e in response.context["page"]}


# Below target ---------------------------------------------------------------------


def test_below_target_finds_by_part_of_the_name_and_by_nip(login, org, other_org):
    wanted = _person(org, "Zulkarnain Wibisana")
    _person(org, "Yohana Kristiani")
    _person(other_org, "Zulkarnain Wibisono")
    client = login(org["hr"])
    assert _names(client.get(reverse(BELOW), {"q": "karnain wibi"})) == {wanted.name}
    spaced = f"{wanted.nip[:8]} {wanted.nip[8:14]} {wanted.nip[14:]}"
    assert _names(client.get(reverse(BELOW), {"q": spaced})) == {wanted.name}


def test_below_target_filters_narrow_by_unit_subtree_status_and_year(login, org):
    top = WorkUnitFactory(agency=org["agency"], name="Badan Keuangan Tertentu")
    below = WorkUnitFactory(agency=org["agency"], parent=top, name="Bidang Anggaran")
    in_sub = _person(org, "Rahmawati Subunit", unit=below)
    pppk = _person(org, "Pranoto Kontrak", unit=below, status=Employee.Status.PPPK)
    _person(org, "Suryani Luar")
    done_this_year = _person(org, "Hartono Rajin", unit=below)
    _credit(done_this_year, 20)
    client = login(org["hr"])
    in_top = client.get(reverse(BELOW), {"unit": top.pk})
    assert _names(in_top) == {in_sub.name, pppk.name}
    pns = client.get(reverse(BELOW), {"unit": top.pk, "status": "PNS"})
    assert _names(pns) == {in_sub.name}
    last_year = timezone.localdate().year - 1
    earlier = client.get(reverse(BELOW), {"unit": top.pk, "tahun": last_year})
    assert _names(earlier) == {in_sub.name, pppk.name, done_this_year.name}
    assert f"({last_year})" in earlier.content.decode()


def test_below_target_unit_choices_are_the_tree_of_own_agency(login, org, other_org):
    top = WorkUnitFactory(agency=org["agency"], name="Sekretariat Daerah Uji")
    WorkUnitFactory(agency=org["agency"], parent=top, name="Bagian Organisasi Uji")
    body = login(org["hr"]).get(reverse(BELOW)).content.decode()
    assert "\u2003Bagian Organisasi Uji" in body
    assert body.index("Sekretariat Daerah Uji") < body.index("Bagian Organisasi Uji")
    assert other_org["unit"].name not in body
    refused = login(org["hr"]).get(reverse(BELOW), {"unit": other_org["unit"].pk})
    assert refused.status_code == 200
    assert refused.context["filters"].errors


def test_below_target_pages_keep_the_filter(login, org):
    unit = WorkUnitFactory(agency=org["agency"], name="Dinas Banyak Pegawai")
    for i in range(55):
        _person(org, f"Pegawai Halaman {i:02d}", unit=unit)
    first = login(org["hr"]).get(reverse(BELOW), {"unit": unit.pk, "q": "Halaman"})
    assert first.context["page"].paginator.count == 55
    assert f"?q=Halaman&amp;unit={unit.pk}&page=2" in first.content.decode()
    second = login(org["hr"]).get(
        reverse(BELOW), {"unit": unit.pk, "q": "Halaman", "page": 2}
    )
    assert len(second.context["page"]) == 5


def test_below_target_download_holds_exactly_the_filtered_rows(login, org, other_org):
    unit = WorkUnitFactory(agency=org["agency"], name="Dinas Unduhan")
    first = _person(org, "Kartika Unduh", unit=unit)
    _credit(first, "7.5")
    second = _person(org, "Kurniawan Unduh", unit=unit)
    _person(org, "Kartika Lain")  # same name, other unit
    _person(other_org, "Kartika Unduh Asing")
    response = login(org["hr"]).get(
        reverse(BELOW), {"unit": unit.pk, "q": "unduh", "format": "xlsx"}
    )
    header, *rows = sheet_rows(response)
    assert header[:2] == ("Nama", "NIP")
    assert {row[1] for row in rows} == {first.nip, second.nip}
    by_nip = {row[1]: row for row in rows}
    assert by_nip[first.nip][4:] == (7.5, 20, 12.5, 37)
    assert isinstance(by_nip[second.nip][4], int | float)


def test_select_all_nominates_every_matching_row_across_pages_only_in_scope(
    login, org, other_org
):
    unit = WorkUnitFactory(agency=org["agency"], name="Dinas Semua Dipilih")
    matching = [_person(org, f"Terpilih Massal {i:02d}", unit=unit) for i in range(53)]
    outside = _person(org, "Terpilih Unit Lain")
    foreign = _person(other_org, "Terpilih Massal Asing")
    session = session_for(org, capacity=100)
    page = login(org["hr"]).get(reverse(BELOW), {"unit": unit.pk, "q": "Massal"})
    assert len(page.context["page"]) == 50
    assert "Pilih semua 53 hasil" in page.content.decode()
    response = login(org["hr"]).post(
        reverse("training:jp_below_target_nominate"),
        {
            "session": session.pk,
            "semua": "1",
            "unit": unit.pk,
            "q": "Massal",
            "employee": [foreign.pk, outside.pk],  # ignored: the filter decides
        },
        follow=True,
    )
    assert "53 pegawai dinominasikan" in response.content.decode()
    nominated = set(session.enrolments.values_list("employee_id", flat=True))
    assert nominated == {e.pk for e in matching}


def test_ticked_rows_of_another_agency_are_never_nominated(login, org, other_org):
    own = _person(org, "Dipilih Sendiri")
    foreign = _person(other_org, "Dipilih Asing")
    session = session_for(org)
    login(org["hr"]).post(
        reverse("training:jp_below_target_nominate"),
        {"session": session.pk, "employee": [own.pk, foreign.pk]},
    )
    assert set(session.enrolments.values_list("employee_id", flat=True)) == {own.pk}


def test_below_target_filtered_page_and_download_keep_their_query_count(login, org):
    unit = WorkUnitFactory(agency=org["agency"], name="Dinas Hitung Kueri")
    _person(org, "Hitung Kueri Awal", unit=unit)

    def grow():
        for i in range(25):
            _credit(_person(org, f"Hitung Kueri {i}", unit=unit), 3)
        session_for(org)

    client = login(org["hr"])
    query = {"unit": unit.pk, "q": "Kueri", "status": "PNS"}
    assert_constant_queries(client, reverse(BELOW), data=query, grow=grow, ceiling=14)
    assert_constant_queries(
        client,
        reverse(BELOW),
        data={**query, "format": "xlsx"},
        grow=grow,
        ceiling=10,
    )
