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
from training.models import Enrolment
from training.services.ledger import credit_jp
from training.tests.factories import EnrolmentFactory, session_for

pytestmark = pytest.mark.django_db
Status = Enrolment.Status
BELOW = "training:jp_below_target"


def sheet_rows(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


def _credit(employee, jp, *, year=None):
    year = year or timezone.localdate().year
    credit_jp(
        employee=employee,
        on_date=datetime.date(year, 2, 1),
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


# Approvals ------------------------------------------------------------------------

APPROVALS = "training:approvals"


def _applied(org, name, *, session=None, supervisor=None):
    employee = _person(org, name, supervisor=supervisor or org["supervisor"])
    return EnrolmentFactory(
        session=session or session_for(org), employee=employee, status=Status.APPLIED
    )


def _employee_names(response) -> set[str]:
    return {e.employee.name for e in response.context["page"]}


def test_approvals_find_by_name_and_nip_and_narrow_to_a_session(login, org):
    first = session_for(org, name="Angkatan Pertama Uji")
    wanted = _applied(org, "Setiawati Menunggu", session=first)
    other = _applied(org, "Bonifasius Menunggu")
    _applied(org, "Bukan Tim Saya", supervisor=org["outsider"])
    client = login(org["supervisor"])
    everyone = client.get(reverse(APPROVALS))
    assert _employee_names(everyone) == {wanted.employee.name, other.employee.name}
    by_name = client.get(reverse(APPROVALS), {"q": "tiawati"})
    assert _employee_names(by_name) == {wanted.employee.name}
    by_nip = client.get(reverse(APPROVALS), {"q": other.employee.nip})
    assert _employee_names(by_nip) == {other.employee.name}
    in_session = client.get(reverse(APPROVALS), {"sesi": first.pk})
    assert _employee_names(in_session) == {wanted.employee.name}


def test_approvals_download_holds_the_filtered_rows_with_numbers(login, org):
    session = session_for(org, program__jp=Decimal("24"))
    wanted = _applied(org, "Unduhan Persetujuan Satu", session=session)
    _applied(org, "Lainnya Tidak Diunduh")
    response = login(org["supervisor"]).get(
        reverse(APPROVALS), {"q": "Persetujuan Satu", "format": "xlsx"}
    )
    header, *rows = sheet_rows(response)
    assert header[0] == "Nama"
    assert [row[1] for row in rows] == [wanted.employee.nip]
    assert rows[0][5] == 24
    assert isinstance(rows[0][3], datetime.datetime)


def test_select_all_approves_every_matching_application_of_the_team_only(
    login, org, other_org
):
    session = session_for(org, capacity=100)
    matching = [
        _applied(org, f"Tim Disetujui {i:02d}", session=session) for i in range(52)
    ]
    elsewhere = _applied(org, "Tim Sesi Lain")
    not_mine = _applied(org, "Tim Disetujui Orang Lain", supervisor=org["outsider"])
    foreign = _applied(other_org, "Tim Disetujui Asing", session=session_for(other_org))
    client = login(org["supervisor"])
    listed = client.get(reverse(APPROVALS), {"sesi": session.pk, "q": "Disetujui"})
    assert len(listed.context["page"]) == 50
    assert "Pilih semua 52 hasil" in listed.content.decode()
    response = client.post(
        reverse("training:approvals_bulk"),
        {
            "decision": "approve",
            "semua": "1",
            "sesi": session.pk,
            "q": "Disetujui",
            "enrolment": [not_mine.pk, foreign.pk, elsewhere.pk],
        },
        follow=True,
    )
    assert "52 pendaftaran disetujui" in response.content.decode()
    approved = Enrolment.objects.filter(status=Status.SUPERVISOR_APPROVED)
    assert set(approved.values_list("pk", flat=True)) == {e.pk for e in matching}


def test_bulk_rejection_needs_one_reason_and_reaches_the_ticked_ones(login, org):
    first = _applied(org, "Ditolak Pertama")
    second = _applied(org, "Ditolak Kedua")
    kept = _applied(org, "Tidak Dicentang")
    client = login(org["supervisor"])
    data = {"decision": "reject", "enrolment": [first.pk, second.pk]}
    client.post(reverse("training:approvals_bulk"), data)
    assert not Enrolment.objects.filter(status=Status.REJECTED).exists()
    client.post(reverse("training:approvals_bulk"), {**data, "reason": "Kuota penuh"})
    rejected = Enrolment.objects.filter(status=Status.REJECTED)
    assert set(rejected.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert set(rejected.values_list("refusal_reason", flat=True)) == {"Kuota penuh"}
    kept.refresh_from_db()
    assert kept.status == Status.APPLIED


def test_approvals_list_and_download_keep_their_query_count(login, org):
    session = session_for(org)
    _applied(org, "Kueri Persetujuan Awal", session=session)

    def grow():
        for i in range(20):
            _applied(org, f"Kueri Persetujuan {i}", session=session_for(org))

    client = login(org["supervisor"])
    query = {"q": "Kueri"}
    url = reverse(APPROVALS)
    assert_constant_queries(client, url, data=query, grow=grow, ceiling=10)
    assert_constant_queries(
        client, url, data={**query, "format": "xlsx"}, grow=grow, ceiling=6
    )


# A session's enrolments -----------------------------------------------------------


def _enrolled(org, session, name, *, status=Status.NOMINATED, unit=None):
    employee = _person(org, name, unit=unit or org["unit"])
    return EnrolmentFactory(session=session, employee=employee, status=status)


def _detail(session):
    return reverse("training:session_detail", args=[session.pk])


def test_participants_found_by_name_nip_status_and_unit(login, org, other_org):
    session = session_for(org, capacity=100)
    unit = WorkUnitFactory(agency=org["agency"], name="Inspektorat Uji")
    nominated = _enrolled(org, session, "Wulandari Peserta", unit=unit)
    confirmed = _enrolled(org, session, "Gunawan Peserta", status=Status.CONFIRMED)
    client = login(org["hr"])
    assert _employee_names(client.get(_detail(session), {"q": "landari"})) == {
        nominated.employee.name
    }
    by_nip = client.get(_detail(session), {"q": confirmed.employee.nip})
    assert _employee_names(by_nip) == {confirmed.employee.name}
    by_status = client.get(_detail(session), {"status": Status.CONFIRMED})
    assert _employee_names(by_status) == {confirmed.employee.name}
    assert _employee_names(client.get(_detail(session), {"unit": unit.pk})) == {
        nominated.employee.name
    }
    foreign = client.get(_detail(session), {"unit": other_org["unit"].pk})
    assert foreign.context["filters"].errors


def test_participants_download_holds_the_filtered_rows_for_hr_only(login, org):
    session = session_for(org, capacity=100)
    scored = _enrolled(org, session, "Nilai Angka Peserta", status=Status.CONFIRMED)
    scored.post_test_score = Decimal("87.5")
    scored.save()
    _enrolled(org, session, "Masih Nominasi")
    response = login(org["hr"]).get(
        _detail(session), {"status": Status.CONFIRMED, "format": "xlsx"}
    )
    header, *rows = sheet_rows(response)
    assert header[:2] == ("Nama", "NIP")
    assert [(row[1], row[5]) for row in rows] == [(scored.employee.nip, 87.5)]
    as_asn = login(org["member"]).get(_detail(session), {"format": "xlsx"})
    assert as_asn["Content-Type"].startswith("text/html")


def test_select_all_confirms_every_matching_participant_of_this_session_only(
    login, org, other_org
):
    session = session_for(org, capacity=100)
    unit = WorkUnitFactory(agency=org["agency"], name="Dinas Konfirmasi Massal")
    matching = [
        _enrolled(org, session, f"Konfirmasi Massal {i:02d}", unit=unit)
        for i in range(51)
    ]
    other_unit = _enrolled(org, session, "Konfirmasi Unit Lain")
    other_session = _enrolled(org, session_for(org), "Konfirmasi Sesi Lain")
    foreign = _enrolled(other_org, session_for(other_org), "Konfirmasi Asing")
    client = login(org["hr"])
    listed = client.get(_detail(session), {"unit": unit.pk})
    assert "Pilih semua 51 hasil" in listed.content.decode()
    response = client.post(
        reverse("training:session_enrolments_bulk", args=[session.pk]),
        {
            "decision": "confirm",
            "semua": "1",
            "unit": unit.pk,
            "enrolment": [other_unit.pk, other_session.pk, foreign.pk],
        },
        follow=True,
    )
    assert "51 peserta diproses" in response.content.decode()
    confirmed = Enrolment.objects.filter(status=Status.CONFIRMED)
    assert set(confirmed.values_list("pk", flat=True)) == {e.pk for e in matching}


def test_bulk_reject_of_ticked_participants_keeps_one_reason(login, org):
    session = session_for(org)
    ticked = _enrolled(org, session, "Tolak Dicentang")
    seated = _enrolled(org, session, "Sudah Duduk", status=Status.COMPLETED)
    response = login(org["hr"]).post(
        reverse("training:session_enrolments_bulk", args=[session.pk]),
        {
            "decision": "reject",
            "reason": "Tidak sesuai formasi",
            "enrolment": [ticked.pk, seated.pk],
        },
        follow=True,
    )
    ticked.refresh_from_db()
    seated.refresh_from_db()
    assert (ticked.status, ticked.refusal_reason) == (
        Status.REJECTED,
        "Tidak sesuai formasi",
    )
    assert seated.status == Status.COMPLETED
    assert "1 tidak dapat diproses" in response.content.decode()


def test_participants_filtered_page_and_download_keep_their_query_count(login, org):
    session = session_for(org, capacity=100)
    _enrolled(org, session, "Kueri Peserta Awal")

    def grow():
        for i in range(20):
            _enrolled(org, session, f"Kueri Peserta {i}")

    client = login(org["hr"])
    query = {"q": "Kueri", "status": Status.NOMINATED, "unit": org["unit"].pk}
    assert_constant_queries(client, _detail(session), data=query, grow=grow, ceiling=18)
    assert_constant_queries(
        client,
        _detail(session),
        data={**query, "format": "xlsx"},
        grow=grow,
        ceiling=8,
    )


def test_below_target_leaves_out_asn_not_serving(login, org):
    """CLTN, study leave or pre-retirement leave: the target does not apply."""
    _person(org, "Zuhrina Qorsiregar", legal_status="CLTN")
    _person(org, "Tiurma Aktifsiregar", legal_status="Aktif")
    _person(org, "Bonar Tubelsitorus", legal_status="Tugas Belajar")
    names = _names(login(org["hr"]).get(reverse(BELOW)))
    assert "Tiurma Aktifsiregar" in names
    assert "Zuhrina Qorsiregar" not in names
    assert "Bonar Tubelsitorus" not in names


def test_below_target_says_who_is_not_counted_and_why(login, org):
    _person(org, "Zuhrina Qorsiregar", legal_status="CLTN")
    _person(org, "Bonar Tubelsitorus", legal_status="Tugas Belajar")
    _person(org, "Lamtiur Mppsimbolon", legal_status="Masa Persiapan Pensiun")
    _person(org, "Tiurma Aktifsiregar", legal_status="Aktif")
    response = login(org["hr"]).get(reverse(BELOW))
    left_out = response.context["not_counted"]
    assert left_out.total == 3
    assert left_out.by_status == [
        ("CLTN", 1),
        ("Masa Persiapan Pensiun", 1),
        ("Tugas Belajar", 1),
    ]
    body = response.content.decode()
    assert "Tidak dihitung: 3 ASN" in body
    assert "tidak dihitung: CLTN" in body
    # Filtered to PPPK, none of the three is in view.
    filtered = login(org["hr"]).get(reverse(BELOW), {"status": "PPPK"})
    assert filtered.context["not_counted"].total == 0


def test_team_jp_says_why_the_target_does_not_apply(login, org):
    _person(
        org, "Zuhrina Qorsiregar", legal_status="CLTN", supervisor=org["supervisor"]
    )
    body = login(org["supervisor"]).get(reverse("training:team_jp")).content.decode()
    assert "tidak dihitung: CLTN" in body
