"""A re-import is a sync (issue #26): the preview says, employee by employee, what
changes (unit, golongan, jabatan, status, kedudukan hukum, new) and who of the
agency is missing from the download (end of assignment proposed, never deleted);
HR chooses whose assignment ends, without JavaScript; confirming applies all of it
at once, and each employee's history names the download it came from. The preview
waits in the database, and its pages stay small at 20,000 rows."""

import datetime
import io
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook

from people import sync
from people.imports import file_date, source_of_import
from people.models import Employee, PendingImport
from people.services import (
    ImportResult,
    choose_ends,
    confirm_pending_import,
    import_employees,
    keep_pending_import,
    unpacked,
)
from people.signals import employees_moved
from people.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    UserFactory,
    WorkUnitFactory,
)
from people.tests.test_siasn_import import (
    BOSS,
    DATA_ASN,
    NURSE,
    STAFF,
    _data_asn,
    _rows,
    _upload,
    _xlsx,
)
from people.tests.test_siasn_import import PPPK as NEWCOMER

pytestmark = pytest.mark.django_db
SOURCE = "Unduhan SIASN 05-03-2026 (data-asn.xlsx)"


@pytest.fixture
def units():
    """An agency of its own (nobody else in it) with two units SIASN knows."""
    agency = AgencyFactory(code="sync", name="Pemerintah Kota Sinkron")
    field = WorkUnitFactory(
        agency=agency, name="Bidang Pelayanan Kesehatan", siasn_id="8ae48288aaaa0001"
    )
    seksi = WorkUnitFactory(
        agency=agency,
        parent=field,
        name="Seksi Data dan Informasi",
        siasn_id="8ae48288aaaa0002",
    )
    return field, seksi


def _loaded(units, hr):
    """The agency after its first load of the Data ASN download: Hotman (Bidang),
    Rina (Seksi, on CLTN) and Dewi (Seksi, III/a, Perawat Ahli Pertama)."""
    agency = units[0].agency
    result = import_employees(
        agency=agency,
        rows=_rows(_xlsx(DATA_ASN, _data_asn(units))),
        dry_run=False,
        actor=hr,
    )
    assert result.created == 3
    return agency


def _changed_copy(units):
    """The next download: Rina back from CLTN and moved to Bidang; Dewi up to III/b
    and Ahli Muda; Hotman gone; a new PPPK, Togar."""
    field, _seksi = units
    rows = _data_asn(units)
    boss, staff, nurse = rows
    staff["UNOR ID"] = field.siasn_id
    staff["KEDUDUKAN HUKUM ID"], staff["KEDUDUKAN HUKUM NAMA"] = "1", "Aktif"
    nurse["GOL AKHIR ID"], nurse["GOL AKHIR NAMA"] = "32", "III/b"
    nurse["JABATAN NAMA"] = "Perawat Ahli Muda"
    newcomer = {
        **nurse,
        "PNS ID": "8ae483a57a1b2c3d017a1b2c3d4e0004",
        "NIP BARU": NEWCOMER,
        "NAMA": "Togar Simanjuntak",
        "TANGGAL LAHIR": "28-02-1992",
        "JENIS KELAMIN": "M",
        "JENIS PEGAWAI ID": "20",
        "JENIS PEGAWAI NAMA": "PPPK Daerah Kab./Kota yang bekerja pada Kab./Kota",
        "KEDUDUKAN HUKUM ID": "",
        "KEDUDUKAN HUKUM NAMA": "PPPK Aktif",
        "GOL AKHIR ID": "",
        "GOL AKHIR NAMA": "IX",
        "JABATAN NAMA": "Pranata Komputer Ahli Pertama",
    }
    return [staff, nurse, newcomer]


def _fields(change):
    return {name: (before, after) for name, before, after in change.fields}


def test_the_preview_of_a_changed_download_says_what_changes_for_whom(units):
    hr = UserFactory(username="sync-hr")
    agency = _loaded(units, hr)
    result = import_employees(
        agency=agency,
        rows=_rows(_xlsx(DATA_ASN, _changed_copy(units))),
        dry_run=True,
        actor=hr,
        source=SOURCE,
    )
    assert result.errors == []
    # Worked out by hand: Togar new; Rina moved and back to Aktif; Dewi golongan
    # and jabatan; Hotman missing; nothing else.
    assert result.counts() == {
        sync.NEW: 1,
        sync.UNIT: 1,
        sync.GOLONGAN: 1,
        sync.JABATAN: 1,
        sync.STATUS: 0,
        sync.LEGAL_STATUS: 1,
        sync.OTHER: 0,
        sync.REACTIVATED: 0,
        sync.MISSING: 1,
    }
    assert (result.created, result.updated, result.unchanged) == (1, 2, 0)
    by_nip = {change.nip: change for change in result.changes}
    assert by_nip[STAFF].kinds == [sync.UNIT, sync.LEGAL_STATUS]
    assert _fields(by_nip[STAFF]) == {
        "unit": ("Seksi Data dan Informasi", "Bidang Pelayanan Kesehatan"),
        "legal_status": ("CLTN", "Aktif"),
    }
    assert by_nip[NURSE].kinds == [sync.GOLONGAN, sync.JABATAN]
    assert _fields(by_nip[NURSE]) == {
        "golongan": ("III/a", "III/b"),
        "jabatan_name": ("Perawat Ahli Pertama", "Perawat Ahli Muda"),
    }
    assert by_nip[NEWCOMER].kinds == [sync.NEW]
    assert _fields(by_nip[NEWCOMER])["pppk_grade"] == ("", 9)
    assert [m["nip"] for m in result.missing] == [BOSS]
    # A dry run writes nothing.
    assert Employee.objects.get(nip=BOSS).is_active
    assert not Employee.objects.filter(nip=NEWCOMER).exists()


def test_confirming_applies_everything_and_the_history_names_the_download(units):
    hr = UserFactory(username="sync-hr")
    agency = _loaded(units, hr)
    boss = Employee.objects.get(nip=BOSS)
    boss.user = UserFactory(username="hotman")
    boss.save()
    rows = _rows(_xlsx(DATA_ASN, _changed_copy(units)))
    preview = import_employees(
        agency=agency, rows=rows, dry_run=True, actor=hr, source=SOURCE
    )
    pending = keep_pending_import(
        kind=PendingImport.Kind.EMPLOYEES,
        agency=agency,
        user=hr,
        rows=rows,
        source=SOURCE,
        result=preview,
        siasn_download=True,
    )
    # One of three active ASN missing from a SIASN download: proposed, ticked.
    assert pending.to_end == [BOSS]

    moved = []

    def heard(sender, employee_ids, **kwargs):
        moved.extend(employee_ids)

    employees_moved.connect(heard)
    try:
        result = confirm_pending_import(pending=pending, actor=hr)
    finally:
        employees_moved.disconnect(heard)

    assert result.applied
    assert (result.created, result.updated, result.ended) == (1, 2, 1)
    # Figures kept per unit (training's totals) hear who changed unit.
    assert moved == [Employee.objects.get(nip=STAFF).pk]
    assert not PendingImport.objects.filter(pk=pending.pk).exists()
    staff = Employee.objects.get(nip=STAFF)
    assert (staff.unit, staff.legal_status) == (units[0], "Aktif")
    assert Employee.objects.get(nip=NURSE).golongan == "III/b"
    # Hotman's assignment ended through end_assignment: kept, login off.
    boss.refresh_from_db()
    boss.user.refresh_from_db()
    assert not boss.is_active
    assert not boss.user.is_active
    ended = boss.history.latest("history_date")
    assert ended.history_change_reason == f"Penugasan berakhir: tidak ada di {SOURCE}"
    assert ended.history_user == hr
    for nip in (STAFF, NURSE, NEWCOMER):
        latest = Employee.objects.get(nip=nip).history.latest("history_date")
        assert latest.history_change_reason == SOURCE
        assert latest.history_user == hr


def test_a_missing_employee_is_left_alone_unless_chosen(units):
    hr = UserFactory(username="sync-hr")
    agency = _loaded(units, hr)
    rows = _rows(_xlsx(DATA_ASN, _changed_copy(units)))
    pending = keep_pending_import(
        kind=PendingImport.Kind.EMPLOYEES,
        agency=agency,
        user=hr,
        rows=rows,
        source=SOURCE,
        result=import_employees(agency=agency, rows=rows, dry_run=True, actor=hr),
        siasn_download=True,
    )
    choose_ends(pending=pending, shown=[BOSS], ticked=[])
    result = confirm_pending_import(pending=pending, actor=hr)
    assert result.ended == 0
    assert Employee.objects.get(nip=BOSS).is_active
    assert Employee.objects.filter(agency=agency).count() == 4


def _result_with_missing(nips, *, active):
    return ImportResult(
        total=active,
        active=active,
        missing=[
            {"nip": n, "name": f"Pegawai {n}", "unit": "", "jabatan": "", "self": False}
            for n in nips
        ],
    )


@pytest.mark.parametrize(
    ("siasn_download", "missing", "active", "ticked"),
    [
        (True, 5, 10, 5),  # half the agency missing from a download: still ticked
        (True, 6, 10, 0),  # more than half: looks like part of the agency
        (False, 1, 10, 0),  # a hand-made sheet may be partial: nothing ticked
    ],
)
def test_which_proposed_ends_start_ticked(org, siasn_download, missing, active, ticked):
    nips = [f"19900101201501100{n}" for n in range(missing)]
    pending = keep_pending_import(
        kind=PendingImport.Kind.EMPLOYEES,
        agency=org["agency"],
        user=org["hr"].user,
        rows=[],
        result=_result_with_missing(nips, active=active),
        siasn_download=siasn_download,
    )
    assert len(pending.to_end) == ticked


def test_choices_keep_across_pages_and_all_or_none(org):
    nips = [f"1990010120150110{n:02d}" for n in range(30)]
    pending = keep_pending_import(
        kind=PendingImport.Kind.EMPLOYEES,
        agency=org["agency"],
        user=org["hr"].user,
        rows=[],
        result=_result_with_missing(nips, active=60),
        siasn_download=True,
    )
    assert len(pending.to_end) == 30
    # Page one (ten shown): two unticked. Page two: one unticked. Page one's stay.
    choose_ends(pending=pending, shown=nips[:10], ticked=nips[2:10])
    choose_ends(pending=pending, shown=nips[10:20], ticked=nips[11:20])
    assert set(nips) - set(pending.to_end) == {nips[0], nips[1], nips[10]}
    # A NIP the preview did not propose cannot be slipped in.
    choose_ends(
        pending=pending, shown=["197001012000011001"], ticked=["197001012000011001"]
    )
    assert "197001012000011001" not in pending.to_end
    choose_ends(pending=pending, everyone=False)
    assert pending.to_end == []
    choose_ends(pending=pending, everyone=True)
    assert pending.to_end == sorted(nips)


# --- through the pages, as HR without JavaScript -----------------------------------


def test_hr_reviews_unticks_and_confirms_without_javascript(
    login, org, settings, run_jobs
):
    """The org's six ASN were typed by hand; the agency then loads the download, and
    its next copy leaves Rina out. HR ticks Rina only, on the page, and confirms."""
    field = WorkUnitFactory(agency=org["agency"], siasn_id="8ae48288aaaa0001")
    seksi = WorkUnitFactory(agency=org["agency"], siasn_id="8ae48288aaaa0002")
    client = login(org["hr"])
    import_employees(
        agency=org["agency"],
        rows=_rows(_xlsx(DATA_ASN, _data_asn((field, seksi)))),
        dry_run=False,
        actor=org["hr"].user,
    )
    rows = [r for r in _data_asn((field, seksi)) if r["NIP BARU"] != STAFF]
    preview = client.post(
        reverse("people:employee_import"),
        {
            "file": _upload(_xlsx(DATA_ASN, rows), name="data-asn.xlsx"),
            "downloaded_on": "2026-03-05",
        },
    )
    assert preview.status_code == 200
    body = preview.content.decode()
    # Seven of nine active ASN missing: looks partial, nothing ticked.
    assert 'data-testid="partial-file"' in body
    assert "0 dari 7 akan diakhiri" in body
    # HR's own profile has no box: an import never ends its importer's assignment.
    assert f'value="{org["hr"].nip}"' not in body
    assert "Anda sendiri: tidak diakhiri" in body
    assert 'data-testid="count-berakhir">7<' in body
    token = preview.context["confirm_id"]
    # The page answers the upload's POST: its links lead to the kept preview.
    kept = reverse("people:employee_import_preview", args=[token])
    assert f'href="{kept}?jenis={sync.MISSING}"' in body
    shown = [m["nip"] for m in preview.context["sections"][0]["rows"] if not m["self"]]

    with run_jobs():
        confirmed = client.post(
            reverse("people:employee_import_confirm"),
            {"token": token, "shown": shown, "end": [STAFF]},
        )
    assert confirmed.status_code == 302
    assert not Employee.objects.get(nip=STAFF).is_active
    for role in ("hr", "leader", "supervisor", "member", "outsider", "mentor"):
        assert Employee.objects.get(pk=org[role].pk).is_active
    history = client.get(
        reverse("people:employee_history", args=[Employee.objects.get(nip=STAFF).pk])
    )
    assert "Unduhan SIASN 05-03-2026 (data-asn.xlsx)" in history.content.decode()


def test_paging_the_missing_list_keeps_the_ticks(login, org):
    nips = [f"1990010120150110{n:02d}" for n in range(30)] + [
        f"1990010120150111{n:02d}" for n in range(90)
    ]
    pending = keep_pending_import(
        kind=PendingImport.Kind.EMPLOYEES,
        agency=org["agency"],
        user=org["hr"].user,
        rows=[],
        result=_result_with_missing(nips, active=1000),
        siasn_download=True,
    )
    client = login(org["hr"])
    url = reverse("people:employee_import_preview", args=[pending.token])
    first = client.get(url, {"jenis": sync.MISSING})
    shown = [row["nip"] for row in first.context["sections"][0]["rows"]]
    assert len(shown) == 100
    # "Next page" is a button of the same form: it saves this page's ticks first.
    moved = client.post(
        reverse("people:employee_import_choose", args=[pending.token]),
        {
            "shown": shown,
            "end": shown[1:],
            "jenis": sync.MISSING,
            "current_page": "1",
            "halaman": "2",
        },
    )
    assert moved.url == f"{url}?jenis={sync.MISSING}&halaman=2"
    second = client.get(moved.url)
    assert len(second.context["sections"][0]["rows"]) == 20
    assert 'data-testid="ending-count"' in second.content.decode()
    assert "119 dari 120 akan diakhiri" in second.content.decode()
    pending.refresh_from_db()
    assert shown[0] not in pending.to_end


def test_a_non_siasn_sheet_proposes_nobody_ticked(login, org):
    from people.tests.test_import import _csv, _valid_rows

    response = login(org["hr"]).post(
        reverse("people:employee_import"),
        {"file": _upload(_csv(_valid_rows()), name="pegawai.csv")},
    )
    body = response.content.decode()
    assert 'data-testid="not-siasn"' in body
    assert PendingImport.objects.get(token=response.context["confirm_id"]).to_end == []


def test_another_hr_of_the_same_agency_cannot_open_the_preview(client, org):
    pending = keep_pending_import(
        kind=PendingImport.Kind.EMPLOYEES,
        agency=org["agency"],
        user=org["hr"].user,
        rows=[],
        result=ImportResult(),
    )
    from people.roles import Role

    colleague = EmployeeFactory(
        agency=org["agency"],
        unit=org["unit"],
        user=UserFactory(username="a-hr2", roles=[Role.HR]),
    )
    client.force_login(colleague.user)
    url = reverse("people:employee_import_preview", args=[pending.token])
    assert client.get(url).status_code == 404


def test_the_preview_waits_in_the_database_not_on_disk(login, org, settings, tmp_path):
    from people.tests.test_import import _csv, _valid_rows

    settings.MEDIA_ROOT = tmp_path
    response = login(org["hr"]).post(
        reverse("people:employee_import"),
        {"file": _upload(_csv(_valid_rows()), name="pegawai.csv")},
    )
    pending = PendingImport.objects.get(token=response.context["confirm_id"])
    assert len(unpacked(pending.rows)) == 3
    assert list(tmp_path.iterdir()) == []


# --- at 20,000 rows -------------------------------------------------------------------

MAX_PAGE_BYTES = 300 * 1024


def _huge_result(count):
    kinds = [
        [sync.UNIT],
        [sync.GOLONGAN, sync.JABATAN],
        [sync.LEGAL_STATUS],
        [sync.NEW],
        [sync.STATUS, sync.OTHER],
    ]
    changes = [
        sync.Change(
            nip=f"{199001012015011000 + n}",
            name=f"Pegawai Uji Sinkron {n:05d}",
            row=n + 2,
            kinds=kinds[n % len(kinds)],
            fields=[
                ["unit", "Seksi Data dan Informasi Lama", "Bidang Pelayanan Kesehatan"],
                ["golongan", "III/a", "III/b"],
                ["jabatan_name", "Perawat Ahli Pertama", "Perawat Ahli Muda"],
                ["legal_status", "Aktif", "Tugas Belajar"],
            ],
        )
        for n in range(count)
    ]
    missing = [
        {
            "nip": f"{198001012005011000 + n}",
            "name": f"Pegawai Tidak Ada {n:05d}",
            "unit": "Dinas Kesehatan",
            "jabatan": "Pengelola Data",
            "self": False,
        }
        for n in range(count)
    ]
    return ImportResult(total=count, changes=changes, missing=missing, active=2 * count)


def test_preview_pages_stay_small_at_20000_rows(login, org):
    pending = keep_pending_import(
        kind=PendingImport.Kind.EMPLOYEES,
        agency=org["agency"],
        user=org["hr"].user,
        rows=[],
        result=_huge_result(20_000),
        siasn_download=True,
    )
    client = login(org["hr"])
    url = reverse("people:employee_import_preview", args=[pending.token])
    pages = {
        "summary": {},
        "one kind": {"jenis": sync.GOLONGAN},
        "one kind, a later page": {"jenis": sync.UNIT, "halaman": "30"},
        "missing": {"jenis": sync.MISSING, "halaman": "150"},
    }
    for page, query in pages.items():
        response = client.get(url, query)
        assert response.status_code == 200, page
        assert len(response.content) < MAX_PAGE_BYTES, (page, len(response.content))
    summary = client.get(url)
    assert 'data-testid="count-berakhir">20.000<' in summary.content.decode()
    # The summary lists the first rows of each kind, whatever the file's size.
    small = keep_pending_import(
        kind=PendingImport.Kind.EMPLOYEES,
        agency=org["agency"],
        user=org["hr"].user,
        rows=[],
        result=_huge_result(200),
        siasn_download=True,
    )
    small_page = client.get(
        reverse("people:employee_import_preview", args=[small.token])
    )
    assert abs(len(summary.content) - len(small_page.content)) < 500


# --- the source the history records ------------------------------------------------


def test_the_source_names_the_download_its_date_and_file():
    day = datetime.date(2026, 3, 5)
    assert (
        source_of_import(siasn_download=True, filename="data-asn.xlsx", day=day)
        == "Unduhan SIASN 05-03-2026 (data-asn.xlsx)"
    )
    assert (
        source_of_import(siasn_download=False, filename="pegawai.csv", day=day)
        == "Impor data pegawai 05-03-2026 (pegawai.csv)"
    )
    long = source_of_import(siasn_download=True, filename="x" * 200 + ".xlsx", day=day)
    assert len(long) == 100
    assert long.startswith("Unduhan SIASN 05-03-2026 (xxx")
    assert long.endswith("…)")


def test_the_date_of_an_xlsx_is_its_last_save_in_local_time():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    # As a server writes it: 20:00 UTC on 4 March, 03:00 on 5 March in Jakarta.
    saved = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(saved, "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*",
                    rb"\g<1>2026-03-04T20:00:00Z",
                    data,
                )
            target.writestr(item, data)
    assert file_date(saved, "xlsx") == datetime.date(2026, 3, 5)
    assert file_date(io.BytesIO(b"NIP;Nama\n"), "csv") is None


@pytest.mark.parametrize(
    ("field_name", "before", "after", "kind"),
    [
        ("legal_status", "", "Aktif", sync.OTHER),  # first recorded, serving
        ("legal_status", "", "PPPK Aktif", sync.OTHER),
        ("legal_status", "", "CLTN", sync.LEGAL_STATUS),  # first recorded, left out
        ("legal_status", "Aktif", "Tugas Belajar", sync.LEGAL_STATUS),
        ("legal_status", "CLTN", "Aktif", sync.LEGAL_STATUS),
        ("employee_type", "", "PNS Daerah Kab./Kota", sync.OTHER),
        ("status", "PNS", "PPPK", sync.STATUS),
        ("pppk_grade", 7, 9, sync.GOLONGAN),
        ("jabatan_type", "pelaksana", "fungsional_keahlian", sync.JABATAN),
        ("email", "a@x.go.id", "b@x.go.id", sync.OTHER),
    ],
)
def test_each_field_change_is_shown_under_its_kind(field_name, before, after, kind):
    employee = Employee(nip=STAFF, name="Rina", unit_id=1, **{field_name: before})
    change = sync.compare(
        employee,
        {field_name: after},
        supervisor_nip=None,
        current_supervisor_nip="",
        unit_names={},
        row=2,
    )
    assert change.kinds == [kind]
    assert change.fields == [[field_name, before, after]]


def test_nothing_changed_is_no_change_and_an_ended_employee_is_active_again():
    employee = Employee(nip=STAFF, name="Rina", unit_id=1, legal_status="Aktif")
    same = {"name": "Rina", "legal_status": "Aktif"}
    common = {"supervisor_nip": None, "current_supervisor_nip": "", "unit_names": {}}
    assert sync.compare(employee, same, row=2, **common) is None
    employee.is_active = False
    assert sync.compare(employee, same, row=2, **common).kinds == [sync.REACTIVATED]
