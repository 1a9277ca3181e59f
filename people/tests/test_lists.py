"""The employee list HR works from: search by part of a name or by NIP, filters by
unit (with the units below it), status and login, pages that keep the filter, the
download of exactly the filtered rows, and logins for every row the filter matches
("pilih semua"), never outside the agency."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from people.models import Employee
from people.tests.factories import EmployeeFactory, WorkUnitFactory
from tests.query_pins import assert_constant_queries

pytestmark = pytest.mark.django_db
LIST = "people:employee_list"
ACCOUNTS = "people:employee_list_accounts"


def _person(org, name, **extra):
    return EmployeeFactory(
        agency=org["agency"], unit=extra.pop("unit", org["unit"]), name=name, **extra
    )


def _names(response) -> set[str]:
    return {e.name for e in response.context["page"]}


def test_search_finds_by_part_of_the_name_and_by_nip(login, org, other_org):
    wanted = _person(org, "Theresia Manullang")
    _person(other_org, "Theresia Manullang Asing")
    client = login(org["hr"])
    assert _names(client.get(reverse(LIST), {"q": "sia manul"})) == {wanted.name}
    assert _names(client.get(reverse(LIST), {"q": wanted.nip})) == {wanted.name}
    spaced = f"{wanted.nip[:8]} {wanted.nip[8:]}"
    assert _names(client.get(reverse(LIST), {"q": spaced})) == {wanted.name}


def test_filters_narrow_by_unit_tree_status_and_login(login, org):
    top = WorkUnitFactory(agency=org["agency"], name="Dinas Pendidikan Uji")
    school = WorkUnitFactory(agency=org["agency"], parent=top, name="SD Negeri Uji")
    teacher = _person(org, "Guru Berakun", unit=school)
    contract = _person(
        org,
        "Guru Kontrak",
        unit=school,
        user=None,
        status=Employee.Status.PPPK,
        golongan="",
        pppk_grade=9,
    )
    client = login(org["hr"])
    in_top = client.get(reverse(LIST), {"unit": top.pk})
    assert _names(in_top) == {teacher.name, contract.name}
    assert _names(client.get(reverse(LIST), {"unit": top.pk, "status": "PPPK"})) == {
        contract.name
    }
    assert _names(client.get(reverse(LIST), {"unit": top.pk, "akun": "belum"})) == {
        contract.name
    }
    assert _names(client.get(reverse(LIST), {"unit": top.pk, "akun": "ya"})) == {
        teacher.name
    }
    body = in_top.content.decode()
    assert "\u2003SD Negeri Uji" in body
    assert body.index("Dinas Pendidikan Uji") < body.index("\u2003SD Negeri Uji")


def test_pages_keep_the_filter(login, org):
    unit = WorkUnitFactory(agency=org["agency"], name="Dinas Halaman Pegawai")
    for i in range(52):
        _person(org, f"Halaman Pegawai {i:02d}", unit=unit, user=None)
    first = login(org["hr"]).get(reverse(LIST), {"unit": unit.pk, "status": "PNS"})
    assert first.context["page"].paginator.count == 52
    assert f"?unit={unit.pk}&amp;status=PNS&page=2" in first.content.decode()


def test_download_holds_exactly_the_filtered_rows(login, org, other_org):
    unit = WorkUnitFactory(agency=org["agency"], name="Dinas Unduh Pegawai")
    pppk = _person(
        org,
        "Unduh Kontrak",
        unit=unit,
        status=Employee.Status.PPPK,
        golongan="",
        pppk_grade=7,
    )
    _person(org, "Unduh Lain")  # another unit
    _person(other_org, "Unduh Kontrak Asing")
    response = login(org["hr"]).get(
        reverse(LIST), {"unit": unit.pk, "q": "unduh", "format": "xlsx"}
    )
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    header, *rows = book.worksheets[0].iter_rows(values_only=True)
    assert header[:2] == ("Nama", "NIP")
    assert [row[1] for row in rows] == [pppk.nip]
    assert rows[0][4] == 7
    assert isinstance(rows[0][8], datetime.datetime)


def test_the_supervisors_team_download_is_their_team_only(login, org):
    response = login(org["supervisor"]).get(reverse(LIST), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    nips = {row[1] for row in list(book.worksheets[0].iter_rows(values_only=True))[1:]}
    assert nips == {org["supervisor"].nip, org["member"].nip}


def test_select_all_creates_logins_for_every_matching_employee_only_in_agency(
    login, org, other_org
):
    unit = WorkUnitFactory(agency=org["agency"], name="Dinas Akun Massal")
    matching = [
        _person(org, f"Akun Massal {i:02d}", unit=unit, user=None, email=f"m{i}@x.id")
        for i in range(53)
    ]
    outside = _person(org, "Akun Unit Lain", user=None, email="lain@x.id")
    foreign = _person(other_org, "Akun Asing", user=None, email="asing@x.id")
    client = login(org["hr"])
    listed = client.get(reverse(LIST), {"unit": unit.pk, "akun": "belum"})
    assert "Pilih semua 53 hasil" in listed.content.decode()
    response = client.post(
        reverse(ACCOUNTS),
        {
            "semua": "1",
            "confirmed": "1",
            "unit": unit.pk,
            "akun": "belum",
            "employee": [outside.pk, foreign.pk],
        },
        follow=True,
    )
    assert "53 akun dibuat" in response.content.decode()
    with_login = Employee.objects.filter(user__isnull=False, name__startswith="Akun")
    assert set(with_login.values_list("pk", flat=True)) == {e.pk for e in matching}


def test_ticked_employees_get_logins_and_another_agencys_are_ignored(
    login, org, other_org
):
    own = _person(org, "Akun Dicentang", user=None, email="dicentang@x.id")
    foreign = _person(other_org, "Akun Dicentang Asing", user=None, email="a@x.id")
    login(org["hr"]).post(
        reverse(ACCOUNTS), {"employee": [own.pk, foreign.pk], "confirmed": "1"}
    )
    own.refresh_from_db()
    foreign.refresh_from_db()
    assert own.user is not None
    assert foreign.user is None


def test_filtered_list_and_download_keep_their_query_count(login, org):
    unit = WorkUnitFactory(agency=org["agency"], name="Dinas Kueri Pegawai")
    _person(org, "Kueri Pegawai Awal", unit=unit, supervisor=org["supervisor"])

    def grow():
        for i in range(25):
            _person(org, f"Kueri Pegawai {i}", unit=unit, supervisor=org["supervisor"])

    client = login(org["hr"])
    query = {"unit": unit.pk, "q": "Kueri", "status": "PNS", "akun": "ya"}
    assert_constant_queries(client, reverse(LIST), data=query, grow=grow, ceiling=15)
    assert_constant_queries(
        client,
        reverse(LIST),
        data={**query, "format": "xlsx"},
        grow=grow,
        ceiling=8,
    )
