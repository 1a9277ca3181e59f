"""Employee import: the preview names every bad row, and only a wholly valid file is
imported, once, in one transaction."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from people import nip as nip_rules
from people.imports import read_employee_sheet
from people.models import BackgroundJob, Employee
from people.services import import_employees, parse_rank
from people.tests.factories import EmployeeFactory, WorkUnitFactory
from tests.sheets import open_export

pytestmark = pytest.mark.django_db

HEADER = [
    "NIP Baru",
    "Gelar Depan",
    "Nama Lengkap",
    "Gelar Belakang",
    "Status Pegawai",
    "Golongan",
    "Jenis Jabatan",
    "Jabatan",
    "Unit Kerja",
    "NIP Atasan",
    "Email",
]
BOSS = "197805122003121002"
STAFF = "199001152015032001"
PPPK = "199202282023211004"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _row(
    nip,
    name,
    *,
    status="PNS",
    gol="III/a",
    jtype="Pelaksana",
    jabatan="Pengelola Data",
    unit="A-DINKES",
    boss="",
    email="",
    front="",
    back="",
):
    return [nip, front, name, back, status, gol, jtype, jabatan, unit, boss, email]


def _csv(rows, header=HEADER, delimiter=";") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


def _xlsx(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rows(content: bytes, kind="csv"):
    return read_employee_sheet(io.BytesIO(content), kind).rows


def _valid_rows():
    # The supervisor comes after their team member: two passes must resolve it.
    return [
        _row(STAFF, "Rina Siregar", boss=BOSS, back="S.Kom.", email="rina@x.go.id"),
        _row(
            PPPK,
            "Togar Simanjuntak",
            status="PPPK",
            gol="IX",
            jtype="Fungsional",
            jabatan="Pranata Komputer Ahli Pertama",
            boss=BOSS,
        ),
        _row(
            BOSS,
            "Hotman Nasution",
            gol="III/d",
            jtype="Pengawas",
            jabatan="Kepala Seksi Pelayanan Kesehatan Primer",
            front="dr.",
        ),
    ]


def test_valid_file_imports_with_supervisor_later_in_file(org):
    rows = _rows(_csv(_valid_rows()))
    result = import_employees(
        agency=org["agency"], rows=rows, dry_run=False, actor=org["hr"].user
    )
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    staff = Employee.objects.get(nip=STAFF)
    boss = Employee.objects.get(nip=BOSS)
    pppk = Employee.objects.get(nip=PPPK)
    assert staff.supervisor == boss
    assert staff.back_title == "S.Kom."
    assert staff.birth_date.isoformat() == "1990-01-15"
    assert staff.gender == "P"
    assert pppk.pppk_grade == 9
    assert pppk.golongan == ""
    assert pppk.jabatan_type == Employee.JabatanType.FUNGSIONAL_KEAHLIAN
    assert boss.front_title == "dr."
    # Each creation lands in history once, by the importing user, with the supervisor.
    record = staff.history.get()
    assert record.history_type == "+"
    assert record.history_user == org["hr"].user
    assert record.supervisor_id == boss.pk


def test_reimport_updates_and_never_duplicates(org):
    agency, actor = org["agency"], org["hr"].user
    import_employees(
        agency=agency, rows=_rows(_csv(_valid_rows())), dry_run=False, actor=actor
    )
    count = Employee.objects.count()
    again = import_employees(
        agency=agency, rows=_rows(_csv(_valid_rows())), dry_run=False, actor=actor
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    changed = _valid_rows()
    changed[0][7] = "Analis Data Kepegawaian"
    third = import_employees(
        agency=agency, rows=_rows(_csv(changed)), dry_run=False, actor=actor
    )
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)
    assert Employee.objects.count() == count
    staff = Employee.objects.get(nip=STAFF)
    assert staff.jabatan_name == "Analis Data Kepegawaian"
    assert [h.history_type for h in staff.history.all()] == ["~", "+"]


def test_file_with_bad_rows_changes_nothing_and_names_each_row(org, other_org):
    foreign = other_org["member"].nip
    good = _valid_rows()
    rows = [
        *good,  # rows 2-4 are fine
        _row("19900115201503200", "NIP Pendek"),  # 5
        _row("199001152015131001", "Bulan Salah"),  # 6
        _row("199001162015031003", "Unit Asing", unit="TIDAK-ADA"),  # 7
        _row(STAFF, "Ganda"),  # 8
        _row("199001172015031004", "Atasan Hilang", boss="198001012005011001"),  # 9
        _row("199001182015031005", "Atasan Lain", boss=foreign),  # 10
        _row("199001192015031006", "Gol Aneh", gol="V/z"),  # 11
        _row("199001202015031007", "PNS Gol PPPK", gol="IX"),  # 12
        _row(foreign, "Milik Instansi Lain"),  # 13
        _row("199001212023212008", "PPPK Gol PNS", status="PPPK", gol="III/a"),  # 14
    ]
    before = Employee.objects.count()
    result = import_employees(
        agency=org["agency"],
        rows=_rows(_csv(rows)),
        dry_run=False,
        actor=org["hr"].user,
    )
    assert not result.applied
    assert Employee.objects.count() == before
    reasons = {report.number: " ".join(report.messages) for report in result.errors}
    assert sorted(reasons) == list(range(5, 15))
    assert "18 angka" in reasons[5]
    assert "Bulan TMT" in reasons[6]
    assert "TIDAK-ADA" in reasons[7]
    assert "tidak ditemukan" in reasons[7]
    assert "ganda" in reasons[8]
    assert "baris 2" in reasons[8]
    assert "tidak ditemukan" in reasons[9]
    assert "instansi lain" in reasons[10]
    assert "Atasan" in reasons[10]
    assert "tidak dikenal" in reasons[11]
    assert "PNS diisi golongan PPPK" in reasons[12]
    assert "sudah terdaftar di instansi lain" in reasons[13]
    assert "PPPK tidak memiliki golongan/ruang" in reasons[14]


def test_supervisor_loop_is_refused(org):
    a, b = "198001012005011001", "198101012005011002"
    rows = [_row(a, "Satu", boss=b), _row(b, "Dua", boss=a)]
    result = import_employees(
        agency=org["agency"], rows=_rows(_csv(rows)), dry_run=True, actor=None
    )
    assert {r.number for r in result.errors} == {2, 3}
    assert "berputar" in result.errors[0].messages[0]


def test_unit_matches_by_code_or_exact_name_and_headers_by_variant(org):
    WorkUnitFactory(agency=org["agency"], name="Bidang Pelayanan", code="BP01")
    header = ["nip", "NAMA", "status", "Jenis  Jabatan", "Nama Jabatan", "UNOR"]
    rows = [
        ["198001012005011001", "Satu", "pns", "pelaksana", "Staf", "bp01"],
        ["198101012005011002", "Dua", "PNS", "Pelaksana", "Staf", "bidang pelayanan"],
    ]
    result = import_employees(
        agency=org["agency"],
        rows=_rows(_csv(rows, header=header, delimiter=",")),
        dry_run=False,
        actor=None,
    )
    assert result.errors == []
    assert Employee.objects.filter(unit__code="BP01").count() == 2


def test_formula_looking_names_stay_text(org):
    rows = [_row("198001012005011001", '=HYPERLINK("http://x","klik")')]
    content = _xlsx(rows)
    import_employees(
        agency=org["agency"], rows=_rows(content, "xlsx"), dry_run=False, actor=None
    )
    employee = Employee.objects.get(nip="198001012005011001")
    assert employee.name == '=HYPERLINK("http://x","klik")'


def test_nip_typed_as_a_number_in_excel_is_explained(org):
    rows = [_row(1.98001012005011e17, "Angka")]
    result = import_employees(
        agency=org["agency"], rows=_rows(_xlsx(rows), "xlsx"), dry_run=True, actor=None
    )
    assert "format kolom sebagai Teks" in result.errors[0].messages[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("III/a", ("golongan", "III/a")),
        ("iii / B", ("golongan", "III/b")),
        ("Penata Muda (III/a)", ("golongan", "III/a")),
        ("IV/e", ("golongan", "IV/e")),
        ("III/e", ("unknown", None)),
        ("IX", ("pppk", 9)),
        ("9", ("pppk", 9)),
        ("XVII", ("pppk", 17)),
        ("XVIII", ("unknown", None)),
        ("", ("", None)),
    ],
)
def test_rank_parsing(text, expected):
    assert parse_rank(text) == expected


# --- through the pages ------------------------------------------------------------


def _upload(name, content):
    return SimpleUploadedFile(name, content)


def test_hr_previews_then_confirms(login, org, run_jobs):
    client = login(org["hr"])
    response = client.post(
        reverse("people:employee_import"),
        {"file": _upload("siasn.xlsx", _xlsx(_valid_rows()))},
    )
    assert response.status_code == 200
    assert response.context["result"].created == 3
    assert not Employee.objects.filter(nip=STAFF).exists()  # preview saves nothing
    token = response.context["confirm_id"]
    with run_jobs():
        confirm = client.post(
            reverse("people:employee_import_confirm"), {"token": token}
        )
    # The request hands the import to the worker and shows its job's page.
    job = BackgroundJob.objects.get()
    assert (confirm.status_code, confirm.url) == (302, job.get_absolute_url())
    assert Employee.objects.filter(agency=org["agency"], nip=STAFF).exists()
    page = client.get(confirm.url).content.decode()
    assert "Impor selesai: 3 pegawai baru, 0 diperbarui, 0 tidak berubah." in page
    assert reverse("people:employee_list") in page
    # The token is spent: a second confirmation finds nothing.
    again = client.post(reverse("people:employee_import_confirm"), {"token": token})
    assert again.status_code == 302
    assert again.url == reverse("people:employee_import")


def test_preview_lists_bad_rows_with_numbers(login, org):
    rows = [*_valid_rows(), _row("123", "Salah")]
    response = login(org["hr"]).post(
        reverse("people:employee_import"), {"file": _upload("a.csv", _csv(rows))}
    )
    body = response.content.decode()
    assert response.context["confirm_id"] is None
    assert "NIP 123 tidak valid" in body
    assert "<td>5</td>" in body


def test_confirm_rechecks_the_file(login, org, run_jobs):
    client = login(org["hr"])
    response = client.post(
        reverse("people:employee_import"),
        {"file": _upload("a.csv", _csv(_valid_rows()))},
    )
    # Between preview and confirmation the boss NIP is taken by another agency.
    EmployeeFactory(nip=BOSS)
    with run_jobs():
        confirm = client.post(
            reverse("people:employee_import_confirm"),
            {"token": response.context["confirm_id"]},
        )
    page = client.get(confirm.url)
    body = page.content.decode()
    assert page.context["job"].state == BackgroundJob.State.FAILED
    assert "Data berubah sejak pratinjau; tidak ada yang diimpor." in body
    assert 'data-testid="import-errors"' in body
    assert f"NIP {BOSS} sudah terdaftar di instansi lain." in body
    assert not Employee.objects.filter(nip=STAFF).exists()


def test_wrong_file_type_is_refused_by_content(login, org):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    response = login(org["hr"]).post(
        reverse("people:employee_import"), {"file": _upload("pegawai.xlsx", png)}
    )
    assert response.status_code == 200
    assert "Jenis berkas tidak diterima" in response.content.decode()
    assert "result" not in response.context


def test_template_download_has_header_example_and_unit_codes(login, org):
    response = login(org["hr"]).get(reverse("people:employee_import_template"))
    workbook = open_export(response)
    data, units = workbook.worksheets
    header, example = list(data.iter_rows(values_only=True))[:2]
    assert header[0] == "NIP"
    assert "Unit kerja" in header
    nip_rules.parse_nip(example[0])
    assert (org["unit"].code, org["unit"].name) in list(
        units.iter_rows(values_only=True)
    )


@pytest.mark.parametrize(
    "url_name",
    ["employee_import", "employee_import_template", "employee_import_confirm"],
)
def test_import_pages_are_for_hr_only(client, login, org, url_name):
    url = reverse(f"people:{url_name}")
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/masuk/" in anonymous.url
    for role in ["member", "supervisor", "leader"]:
        assert login(org[role]).post(url).status_code == 403


def test_hr_of_another_agency_cannot_confirm_an_import(client, org, other_org):
    client.force_login(org["hr"].user)
    response = client.post(
        reverse("people:employee_import"),
        {"file": _upload("a.csv", _csv(_valid_rows()))},
    )
    token = response.context["confirm_id"]
    client.force_login(other_org["hr"].user)
    confirm = client.post(reverse("people:employee_import_confirm"), {"token": token})
    assert confirm.status_code == 302
    assert confirm.url == reverse("people:employee_import")
    assert not Employee.objects.filter(nip=STAFF).exists()


def test_hr_of_another_agency_imports_into_their_own(login, org, other_org):
    """The unit codes of agency A mean nothing in agency B's import."""
    response = login(other_org["hr"]).post(
        reverse("people:employee_import"),
        {"file": _upload("a.csv", _csv(_valid_rows()))},
    )
    assert response.context["agency"] == other_org["agency"]
    assert len(response.context["result"].errors) == 3


def test_superuser_without_profile_picks_the_agency(client, org, other_org):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@x.test", "x")
    client.force_login(admin)
    form = client.get(reverse("people:employee_import")).context["form"]
    assert "agency" in form.fields
    response = client.post(
        reverse("people:employee_import"),
        {"agency": org["agency"].pk, "file": _upload("a.csv", _csv(_valid_rows()))},
    )
    assert response.context["agency"] == org["agency"]
    assert response.context["result"].created == 3


def test_hr_without_employee_profile_is_refused(client, org):
    from people.roles import Role
    from people.tests.factories import UserFactory

    user = UserFactory(username="hr-tanpa-profil", roles=[Role.HR])
    client.force_login(user)
    assert client.get(reverse("people:employee_import")).status_code == 403


def test_header_below_a_title_block_and_row_numbers_follow_the_sheet(org):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DAFTAR PEGAWAI PEMERINTAH KOTA"])
    sheet.append([])
    sheet.append(HEADER)
    sheet.append(_row("123", "Salah"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = _rows(buffer.getvalue(), "xlsx")
    result = import_employees(agency=org["agency"], rows=rows, dry_run=True, actor=None)
    assert [r.number for r in result.errors] == [4]


def test_missing_required_columns_are_named(login, org):
    content = _csv([["198001012005011001", "Satu"]], header=["NIP", "Nama"])
    response = login(org["hr"]).post(
        reverse("people:employee_import"), {"file": _upload("a.csv", content)}
    )
    assert (
        "Kolom wajib tidak ditemukan: Status, Jenis jabatan, Jabatan, Unit kerja"
        in (response.content.decode())
    )


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_of_the_same_list_at_once_import_it_once(org):
    """A double click on "Impor": the second waits for the first and finds every NIP
    there (nothing new, no error page), never a unique-NIP failure."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    rows = _rows(_csv(_valid_rows()))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def confirm():
        try:
            barrier.wait()
            results.append(
                import_employees(
                    agency=org["agency"], rows=rows, dry_run=False, actor=org["hr"].user
                )
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(r.created for r in results) == [0, 3]
    assert all(r.applied for r in results)
    assert Employee.objects.filter(nip__in=[STAFF, PPPK, BOSS]).count() == 3
