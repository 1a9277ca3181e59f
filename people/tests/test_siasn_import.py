"""SIASN's own downloads load as they are: the 33-column download and the "Data ASN"
download (with its `… ID` / `… NAMA` columns), with BKN's reference values, through
the product's employee import. The column lists are the public ones (README:
"SIASN column → where it goes"); no cell is edited by hand."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from people import siasn
from people.imports import read_employee_sheet
from people.models import Employee
from people.services import import_employees, parse_jabatan_type, parse_rank
from people.tests.factories import WorkUnitFactory

pytestmark = pytest.mark.django_db

# The 33-column download, in its order.
DOWNLOAD_33 = [
    "NAMA", "NIP", "GELAR DEPAN", "GELAR BELAKANG", "TEMPAT LAHIR", "TANGGAL LAHIR",
    "JENIS KELAMIN", "AGAMA", "JENIS KAWIN", "NIK", "NOMOR HP", "EMAIL", "ALAMAT",
    "NPWP", "BPJS", "JENIS PEGAWAI", "KEDUDUKAN HUKUM", "STATUS CPNS PNS",
    "KARTU ASN VIRTUAL", "TMT CPNS", "TMT PNS", "GOL AWAL", "GOL AKHIR",
    "TMT GOLONGAN", "MK TAHUN", "MK BULAN", "JENIS JABATAN", "NAMA JABATAN",
    "TMT JABATAN", "TINGKAT PENDIDIKAN", "NAMA PENDIDIKAN", "NAMA UNOR", "UNOR INDUK",
]  # fmt: skip
# The "Data ASN" download, in its order.
DATA_ASN = [
    "PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG",
    "TEMPAT LAHIR ID", "TEMPAT LAHIR NAMA", "TANGGAL LAHIR", "JENIS KELAMIN",
    "AGAMA ID", "AGAMA NAMA", "JENIS KAWIN ID", "JENIS KAWIN NAMA", "NIK",
    "NOMOR HP", "EMAIL", "EMAIL GOV", "ALAMAT", "NPWP NOMOR", "BPJS",
    "JENIS PEGAWAI ID", "JENIS PEGAWAI NAMA", "KEDUDUKAN HUKUM ID",
    "KEDUDUKAN HUKUM NAMA", "STATUS CPNS PNS", "KARTU ASN VIRTUAL", "NOMOR SK CPNS",
    "TANGGAL SK CPNS", "TMT CPNS", "NOMOR SK PNS", "TANGGAL SK PNS", "TMT PNS",
    "GOL AWAL ID", "GOL AWAL NAMA", "GOL AKHIR ID", "GOL AKHIR NAMA", "TMT GOLONGAN",
    "MK TAHUN", "MK BULAN", "JENIS JABATAN ID", "JENIS JABATAN NAMA", "JABATAN ID",
    "JABATAN NAMA", "TMT JABATAN", "TINGKAT PENDIDIKAN ID", "TINGKAT PENDIDIKAN NAMA",
    "PENDIDIKAN ID", "PENDIDIKAN NAMA", "TAHUN LULUS", "KPKN ID", "KPKN NAMA",
    "LOKASI KERJA ID", "LOKASI KERJA NAMA", "UNOR ID", "UNOR NAMA",
    "INSTANSI INDUK ID", "INSTANSI INDUK NAMA", "INSTANSI KERJA ID",
    "INSTANSI KERJA NAMA", "SATUAN KERJA INDUK ID", "SATUAN KERJA INDUK NAMA",
    "SATUAN KERJA KERJA ID", "SATUAN KERJA KERJA NAMA", "IS VALID NIK",
    "NAMA SEKOLAH", "FLAG IKD", "ESELON ID", "ESELON NAMA",
]  # fmt: skip

PNS_KABKOTA = siasn.JENIS_PEGAWAI[15]
PPPK_KABKOTA = siasn.JENIS_PEGAWAI[20]
BOSS, STAFF, NURSE, PPPK = (
    "197805122003121002",
    "199001152015032001",
    "199203102019032005",
    "199202282023211004",
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _xlsx(header, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        unknown = set(row) - set(header)
        assert not unknown, unknown
        sheet.append([row.get(name, "") for name in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rows(content):
    return read_employee_sheet(io.BytesIO(content), "xlsx").rows


def _download_33(org):
    unit = org["unit"].name
    common = {
        "TEMPAT LAHIR": "Pematangsiantar",
        "AGAMA": "Kristen",
        "JENIS KAWIN": "Menikah",
        "ALAMAT": "Jl. Merdeka 1",
        "JENIS PEGAWAI": PNS_KABKOTA,
        "KEDUDUKAN HUKUM": "Aktif",
        "STATUS CPNS PNS": "P",
        "MK TAHUN": "5",
        "MK BULAN": "0",
        "NAMA UNOR": unit,
        "UNOR INDUK": unit,
    }
    return [
        {
            **common,
            "NAMA": "Hotman Nasution",
            "NIP": BOSS,
            "GELAR DEPAN": "dr.",
            "TANGGAL LAHIR": "12-05-1978",
            "JENIS KELAMIN": "M",
            "NIK": "1272011205780001",
            "NOMOR HP": "081234567801",
            "EMAIL": "hotman@example.go.id",
            "TMT CPNS": "01-12-2003",
            "TMT PNS": "01-12-2004",
            "GOL AWAL": "III/a",
            "GOL AKHIR": "III/d",
            "TMT GOLONGAN": "01-04-2019",
            "JENIS JABATAN": "Struktural",
            "NAMA JABATAN": "Kepala Seksi Pelayanan Kesehatan Primer",
            "TMT JABATAN": "02-01-2020",
            "TINGKAT PENDIDIKAN": "S-1/Sarjana",
            "NAMA PENDIDIKAN": "S-1 Pendidikan Dokter",
        },
        {
            **common,
            "NAMA": "Rina Siregar",
            "NIP": STAFF,
            "GELAR BELAKANG": "S.Kom.",
            "TANGGAL LAHIR": "15-01-1990",
            "JENIS KELAMIN": "F",
            "NOMOR HP": "0812-3456-7802",
            "KEDUDUKAN HUKUM": "Tugas Belajar",
            "TMT CPNS": "01-03-2015",
            "GOL AWAL": "III/a",
            "GOL AKHIR": "III/b",
            "TMT GOLONGAN": "01-04-2019",
            "JENIS JABATAN": "Pelaksana",
            "NAMA JABATAN": "Pengelola Data",
            "TINGKAT PENDIDIKAN": "S-1/Sarjana",
            "NAMA PENDIDIKAN": "S-1 Teknik Informatika",
        },
        {
            **common,
            "NAMA": "Dewi Sinaga",
            "NIP": NURSE,
            "GELAR BELAKANG": "S.Kep., Ns.",
            "TANGGAL LAHIR": "10-03-1992",
            "JENIS KELAMIN": "F",
            "TMT CPNS": "01-03-2019",
            "GOL AKHIR": "III/a",
            "JENIS JABATAN": "Fungsional",
            "NAMA JABATAN": "Perawat Ahli Pertama",
            "TINGKAT PENDIDIKAN": "Diploma IV",
            "NAMA PENDIDIKAN": "D-IV Keperawatan",
        },
        {
            **common,
            "NAMA": "Togar Simanjuntak",
            "NIP": PPPK,
            "TANGGAL LAHIR": "28-02-1992",
            "JENIS KELAMIN": "M",
            "JENIS PEGAWAI": PPPK_KABKOTA,
            "KEDUDUKAN HUKUM": "PPPK Aktif",
            "STATUS CPNS PNS": "",
            "GOL AKHIR": "IX",
            "JENIS JABATAN": "Fungsional",
            "NAMA JABATAN": "Pranata Komputer Ahli Pertama",
        },
    ]


def test_the_33_column_download_imports_as_it_is(org):
    content = _xlsx(DOWNLOAD_33, _download_33(org))
    result = import_employees(
        agency=org["agency"], rows=_rows(content), dry_run=False, actor=None
    )
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    boss = Employee.objects.get(nip=BOSS)
    assert (boss.status, boss.employee_type) == ("PNS", PNS_KABKOTA)
    assert boss.legal_status == "Aktif"
    assert boss.golongan == "III/d"
    assert boss.jabatan_type == Employee.JabatanType.PENGAWAS
    assert boss.phone == "081234567801"
    assert boss.email == "hotman@example.go.id"
    assert boss.tmt_cpns == datetime.date(2003, 12, 1)
    assert boss.tmt_golongan == datetime.date(2019, 4, 1)
    assert boss.tmt_jabatan == datetime.date(2020, 1, 2)
    assert (boss.education_level, boss.education) == (
        "S-1/Sarjana",
        "S-1 Pendidikan Dokter",
    )
    assert boss.unit == org["unit"]
    staff = Employee.objects.get(nip=STAFF)
    assert staff.legal_status == "Tugas Belajar"
    assert staff.phone == "081234567802"
    assert staff.jabatan_type == Employee.JabatanType.PELAKSANA
    assert staff.tmt_jabatan is None
    nurse = Employee.objects.get(nip=NURSE)
    assert nurse.jabatan_type == Employee.JabatanType.FUNGSIONAL_KEAHLIAN
    pppk = Employee.objects.get(nip=PPPK)
    assert (pppk.status, pppk.employee_type) == ("PPPK", PPPK_KABKOTA)
    assert (pppk.pppk_grade, pppk.golongan, pppk.legal_status) == (9, "", "PPPK Aktif")


def _data_asn(units):
    common = {
        "TEMPAT LAHIR NAMA": "Pematangsiantar",
        "AGAMA ID": "2",
        "AGAMA NAMA": "Kristen",
        "JENIS PEGAWAI ID": "15",
        "JENIS PEGAWAI NAMA": PNS_KABKOTA,
        "KEDUDUKAN HUKUM ID": "1",
        "KEDUDUKAN HUKUM NAMA": "Aktif",
        "STATUS CPNS PNS": "P",
        "INSTANSI INDUK NAMA": "Pemerintah Kota Pematangsiantar",
    }
    field, seksi = units
    return [
        {
            **common,
            "PNS ID": "8ae483a57a1b2c3d017a1b2c3d4e0001",
            "NIP BARU": BOSS,
            "NAMA": "Hotman Nasution",
            "GELAR DEPAN": "dr.",
            "TANGGAL LAHIR": "12-05-1978",
            "JENIS KELAMIN": "M",
            "NOMOR HP": "081234567801",
            "EMAIL GOV": "hotman@siantarkota.go.id",
            "GOL AKHIR ID": "34",
            "GOL AKHIR NAMA": "III/d",
            "TMT GOLONGAN": "01-04-2019",
            "JENIS JABATAN ID": "1",
            "JENIS JABATAN NAMA": "Jabatan Struktural",
            "JABATAN NAMA": "Kepala Bidang Pelayanan Kesehatan",
            "TMT JABATAN": "02-01-2020",
            "TINGKAT PENDIDIKAN NAMA": "S-1/Sarjana",
            "PENDIDIKAN NAMA": "S-1 Pendidikan Dokter",
            "UNOR ID": field.siasn_id,
            "UNOR NAMA": "BIDANG YANKES",
            "ESELON ID": "32",
            "ESELON NAMA": "III.b",
        },
        {
            **common,
            "PNS ID": "8ae483a57a1b2c3d017a1b2c3d4e0002",
            "NIP BARU": STAFF,
            "NAMA": "Rina Siregar",
            "GELAR BELAKANG": "S.Kom.",
            "TANGGAL LAHIR": "15-01-1990",
            "JENIS KELAMIN": "F",
            "EMAIL": "rina@example.com",
            "EMAIL GOV": "rina@siantarkota.go.id",
            "KEDUDUKAN HUKUM ID": "2",
            "KEDUDUKAN HUKUM NAMA": "CLTN",
            "GOL AKHIR ID": "31",
            "GOL AKHIR NAMA": "III/a",
            "JENIS JABATAN ID": "4",
            "JENIS JABATAN NAMA": "Jabatan Pelaksana",
            "JABATAN NAMA": "Pengelola Data",
            "UNOR ID": seksi.siasn_id,
            "UNOR NAMA": "SEKSI DATA",
        },
        {
            **common,
            "PNS ID": "8ae483a57a1b2c3d017a1b2c3d4e0003",
            "NIP BARU": NURSE,
            "NAMA": "Dewi Sinaga",
            "TANGGAL LAHIR": "10-03-1992",
            "JENIS KELAMIN": "F",
            "GOL AKHIR ID": "31",
            "GOL AKHIR NAMA": "III/a",
            "JENIS JABATAN ID": "2",
            "JENIS JABATAN NAMA": "Jabatan Fungsional",
            "JABATAN NAMA": "Perawat Ahli Pertama",
            # No UNOR ID: matched by name.
            "UNOR NAMA": seksi.name,
        },
    ]


@pytest.fixture
def siasn_units(org):
    field = WorkUnitFactory(
        agency=org["agency"],
        parent=org["unit"],
        name="Bidang Pelayanan Kesehatan",
        code="a-YANKES",
        siasn_id="8ae48288aaaa00010001",
    )
    seksi = WorkUnitFactory(
        agency=org["agency"],
        parent=field,
        name="Seksi Data dan Informasi",
        code="a-DATA",
        siasn_id="8ae48288aaaa00010002",
    )
    return field, seksi


def test_the_data_asn_download_imports_with_units_by_unor_id(org, siasn_units):
    field, seksi = siasn_units
    content = _xlsx(DATA_ASN, _data_asn(siasn_units))
    result = import_employees(
        agency=org["agency"], rows=_rows(content), dry_run=False, actor=None
    )
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    boss = Employee.objects.get(nip=BOSS)
    assert boss.siasn_id == "8ae483a57a1b2c3d017a1b2c3d4e0001"
    assert boss.unit == field
    assert boss.jabatan_type == Employee.JabatanType.ADMINISTRATOR
    assert boss.email == "hotman@siantarkota.go.id"  # only EMAIL GOV filled
    assert boss.education == "S-1 Pendidikan Dokter"
    staff = Employee.objects.get(nip=STAFF)
    assert staff.unit == seksi
    assert staff.email == "rina@example.com"  # EMAIL wins over EMAIL GOV
    assert staff.legal_status == "CLTN"
    nurse = Employee.objects.get(nip=NURSE)
    assert nurse.unit == seksi
    assert nurse.jabatan_type == Employee.JabatanType.FUNGSIONAL_KEAHLIAN

    # A changed copy of the download: Rina moves to Bidang (by its UNOR id) and
    # Dewi goes up to III/b; Hotman is unchanged.
    changed = _data_asn(siasn_units)
    changed[1]["UNOR ID"] = field.siasn_id
    changed[2]["GOL AKHIR ID"], changed[2]["GOL AKHIR NAMA"] = "32", "III/b"
    result = import_employees(
        agency=org["agency"],
        rows=_rows(_xlsx(DATA_ASN, changed)),
        dry_run=False,
        actor=None,
    )
    assert (result.created, result.updated, result.unchanged) == (0, 2, 1)
    assert Employee.objects.get(nip=STAFF).unit == field
    assert Employee.objects.get(nip=NURSE).golongan == "III/b"
    assert Employee.objects.filter(nip__in=[BOSS, STAFF, NURSE]).count() == 3


def _upload(content, name="download.xlsx"):
    return SimpleUploadedFile(
        name,
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_hr_loads_the_33_column_download_through_the_upload(login, org, run_jobs):
    client = login(org["hr"])
    content = _xlsx(DOWNLOAD_33, _download_33(org))
    preview = client.post(reverse("people:employee_import"), {"file": _upload(content)})
    assert preview.status_code == 200
    assert preview.context["result"].errors == []
    assert preview.context["result"].created == 4
    with run_jobs():
        confirmed = client.post(
            reverse("people:employee_import_confirm"),
            {"token": preview.context["confirm_id"]},
        )
    assert confirmed.status_code == 302
    staff = Employee.objects.get(nip=STAFF)
    # Dates survived the preview → confirmation hand-over.
    assert staff.tmt_cpns == datetime.date(2015, 3, 1)
    page = client.get(staff.get_absolute_url())
    assert "Tugas Belajar" in page.content.decode()
    assert PNS_KABKOTA in page.content.decode()


def test_hr_loads_the_data_asn_download_through_the_upload(
    login, org, siasn_units, run_jobs
):
    client = login(org["hr"])
    content = _xlsx(DATA_ASN, _data_asn(siasn_units))
    preview = client.post(reverse("people:employee_import"), {"file": _upload(content)})
    assert preview.context["result"].errors == []
    with run_jobs():
        client.post(
            reverse("people:employee_import_confirm"),
            {"token": preview.context["confirm_id"]},
        )
    assert Employee.objects.get(nip=BOSS).unit == siasn_units[0]


def test_unknown_reference_values_and_nip_mismatches_are_named(org):
    rows = _download_33(org)
    rows[0]["JENIS PEGAWAI"] = "Honorer Daerah"
    rows[1]["KEDUDUKAN HUKUM"] = "Cuti Hamil"
    rows[1]["JENIS KELAMIN"] = "X"
    rows[2]["TANGGAL LAHIR"] = "11-03-1992"
    rows[2]["JENIS KELAMIN"] = "M"
    rows[3]["JENIS JABATAN"] = "Struktural"
    rows[3]["NAMA JABATAN"] = "Koordinator Layanan"
    rows[3]["JENIS PEGAWAI"] = PNS_KABKOTA
    rows[3]["GOL AKHIR"] = "Penata Muda"
    result = import_employees(
        agency=org["agency"],
        rows=_rows(_xlsx(DOWNLOAD_33, rows)),
        dry_run=True,
        actor=None,
    )
    reasons = {r.number: r.messages for r in result.errors}
    assert reasons[2] == [
        "Status/Jenis pegawai 'Honorer Daerah' tidak dikenal; isi PNS, PPPK, atau "
        "jenis pegawai BKN yang diawali PNS atau PPPK (mis. 'PNS Daerah Kab./Kota "
        "yang bekerja pada Kab./Kota')."
    ]
    assert reasons[3][0].startswith(
        "Kedudukan hukum 'Cuti Hamil' tidak dikenal; isi salah satu: Aktif, CLTN, "
        "Tugas Belajar, Pemberhentian Sementara,"
    )
    assert reasons[3][1] == (
        "Jenis kelamin 'X' tidak dikenal; isi salah satu: L, P, M, F, Laki-laki, "
        "Perempuan."
    )
    assert reasons[4] == [
        "Tanggal lahir 11-03-1992 tidak sama dengan tanggal lahir pada NIP "
        "(10-03-1992).",
        "Jenis kelamin Laki-laki tidak sama dengan jenis kelamin pada NIP (Perempuan).",
    ]
    # A PPPK NIP as PNS is a note; the structural post without eselon an error.
    assert reasons[5] == [
        "Jenis jabatan 'Struktural' perlu eselon: jabatan 'Koordinator Layanan' "
        "tidak menyebut JPT, Administrator atau Pengawas. Sertakan kolom Eselon "
        "(mis. III.a) atau isi jenis jabatan JPT Pratama, Administrator atau "
        "Pengawas."
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("III/a", ("golongan", "III/a")),
        ("Penata Muda", ("golongan", "III/a")),
        ("III/a - Penata Muda", ("golongan", "III/a")),
        ("Penata Muda Tk. I", ("golongan", "III/b")),
        ("IV/b - Pembina Tingkat I", ("golongan", "IV/b")),
        ("Pembina Utama", ("golongan", "IV/e")),
        ("Penata Agung", ("unknown", None)),
    ],
)
def test_golongan_names(text, expected):
    assert parse_rank(text) == expected


@pytest.mark.parametrize(
    ("jenis", "title", "eselon", "expected"),
    [
        ("Jabatan Struktural", "Kepala Dinas Kesehatan", None, "jpt_pratama"),
        ("Struktural", "Sekretaris Dinas Kesehatan", None, "administrator"),
        ("Struktural", "Camat Siantar Barat", None, "administrator"),
        ("Struktural", "Lurah Bane", None, "pengawas"),
        ("Struktural", "Kepala Sub Bagian Umum", None, "pengawas"),
        ("Struktural", "Inspektur Pembantu I", None, "administrator"),
        ("Struktural", "Sekretaris Daerah", "I.b", "jpt_madya"),
        ("Struktural", "Kepala UPTD", "IV.a", "pengawas"),
        ("Struktural", "Kepala UPTD", "31", "administrator"),
        ("Struktural", "Kepala Badan", "II.a - JPT PRATAMA", "jpt_pratama"),
        ("Jabatan Pelaksana", "Pengadministrasi Umum", None, "pelaksana"),
        ("Jabatan Fungsional Umum", "Pengadministrasi Umum", None, "pelaksana"),
        ("Jabatan Fungsional", "Perawat Terampil", None, "fungsional_keterampilan"),
        ("Jabatan Fungsional Tertentu", "Dokter Ahli Muda", "", "fungsional_keahlian"),
    ],
)
def test_siasn_jenis_jabatan(jenis, title, eselon, expected):
    assert parse_jabatan_type(jenis, title, eselon) == (expected, None)


def test_every_bkn_jenis_pegawai_maps_to_pns_or_pppk():
    statuses = {
        code: siasn.parse_jenis_pegawai(name, column="Jenis pegawai")
        for code, name in siasn.JENIS_PEGAWAI.items()
    }
    assert {code for code, (status, _) in statuses.items() if status == "PNS"} == set(
        range(1, 20)
    )
    assert {code for code, (status, _) in statuses.items() if status == "PPPK"} == set(
        range(20, 25)
    )
    assert all(detail == siasn.JENIS_PEGAWAI[c] for c, (_, detail) in statuses.items())
    assert siasn.parse_jenis_pegawai("pns", column="x") == ("PNS", "")
    assert siasn.parse_jenis_pegawai("PPPK Daerah Provinsi", column="x") == (
        "PPPK",
        "PPPK Daerah Provinsi",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aktif", "Aktif"),
        ("cltn", "CLTN"),
        ("MPP", "Masa Persiapan Pensiun"),
        ("20", "Masa Persiapan Pensiun"),
        ("pemberhentian sementara", "Pemberhentian Sementara"),
        ("Tugas  Belajar", "Tugas Belajar"),
    ],
)
def test_kedudukan_hukum(text, expected):
    assert siasn.parse_kedudukan_hukum(text, column="Kedudukan hukum") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("M", "L"), ("F", "P"), ("L", "L"), ("P", "P"), ("Laki-Laki", "L"),
     ("Perempuan", "P")],
)  # fmt: skip
def test_jenis_kelamin(text, expected):
    assert siasn.parse_gender(text, column="Jenis kelamin") == expected


def _readme_column_names() -> set[str]:
    """The column names the README's "SIASN column → where it goes" tables give,
    with "X ID/NAMA" read as both columns."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme[
        readme.index("### SIASN downloads") : readme.index("### Unit tree")
    ]
    names = set()
    for line in section.splitlines():
        if not line.startswith("| ") or line.startswith("| ---"):
            continue
        first = line.split("|")[1]
        first = re.sub(r"([A-Z][A-Z ]*?) ID/NAMA", r"\1 ID, \1 NAMA", first)
        names |= {part.strip() for part in re.split(r"[,/()]", first)}
    return names


def test_every_column_of_both_layouts_is_in_the_readme_table():
    named = _readme_column_names()
    assert set(DOWNLOAD_33) - named == set()
    assert set(DATA_ASN) - named == set()


def test_the_import_page_says_which_downloads_it_takes_and_where_columns_go(login, org):
    body = login(org["hr"]).get(reverse("people:employee_import")).content.decode()
    assert 'data-testid="siasn-help"' in body
    assert "Unduhan “Data ASN” SIASN" in body
    assert "Unduhan 33 kolom SIASN" in body
    assert reverse("people:unit_import") in body
    # The column table: a SIASN column and where it goes.
    assert "KEDUDUKAN HUKUM (NAMA)" in body
    assert "menentukan target JP, periode SKP dan pengingat" in body
