"""The employee list (SIASN-style .xlsx or .csv) as the spreadsheet reader sees it:
its columns, the header names seen in SIASN exports and hand-made sheets, and the
kind of each cell. The rules about one employee live in `people.services`."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from asn_portal.spreadsheets import Date, Sheet, Text, read_sheet
from people.models import WorkUnit

COLUMNS = [
    Text(
        key="nip",
        label="NIP",
        aliases=("nip baru", "nip pegawai", "nip asn", "nomor induk pegawai"),
        required=True,
        digits=True,
    ),
    Text(
        key="name",
        label="Nama",
        aliases=(
            "nama lengkap",
            "nama pegawai",
            "nama asn",
            "nama tanpa gelar",
        ),
        required=True,
        max_length=150,
    ),
    Text(
        key="front_title",
        label="Gelar depan",
        max_length=40,
    ),
    Text(
        key="back_title",
        label="Gelar belakang",
        max_length=60,
    ),
    # PNS/PPPK, or BKN's jenis pegawai ("PNS Daerah Kab./Kota yang bekerja pada
    # Kab./Kota"): people.siasn reads it, keeping the detail.
    Text(
        key="status",
        label="Status",
        aliases=(
            "status pegawai",
            "status kepegawaian",
            "status asn",
            "jenis pegawai",
            "jenis pegawai nama",
            "kedudukan",
        ),
        required=True,
        max_length=120,
    ),
    Text(
        key="golongan",
        label="Golongan",
        aliases=(
            "gol",
            "golongan/ruang",
            "gol/ruang",
            "golongan ruang",
            "gol ruang",
            "pangkat/golongan",
            "pangkat golongan",
            "golongan pppk",
            "golongan akhir",
            "gol akhir",
            "gol akhir nama",
            "golongan akhir nama",
        ),
    ),
    Text(
        key="jabatan_type",
        label="Jenis jabatan",
        aliases=("jenis jabatan nama", "tipe jabatan"),
        required=True,
    ),
    Text(
        key="jabatan_name",
        label="Jabatan",
        aliases=("nama jabatan", "jabatan nama"),
        required=True,
        max_length=200,
    ),
    Text(
        key="unit",
        label="Unit kerja",
        aliases=(
            "unit",
            "kode unit",
            "kode unit kerja",
            "unor",
            "unit organisasi",
            "nama unor",
            "unor nama",
        ),
        required=True,
    ),
    Text(
        key="supervisor_nip",
        label="NIP atasan",
        aliases=(
            "nip atasan langsung",
            "atasan nip",
            "nip pejabat penilai",
        ),
        digits=True,
    ),
    Text(
        key="email",
        label="Email",
        aliases=("e-mail", "e mail", "alamat email", "email kantor"),
    ),
    # The columns of SIASN's downloads (README: "SIASN column → where it goes").
    Text(key="email_gov", label="Email gov", aliases=("email pemerintah",)),
    Text(
        key="phone",
        label="Nomor HP",
        aliases=("no hp", "nomor handphone", "no handphone", "hp", "nomor telepon"),
    ),
    Text(
        key="siasn_id",
        label="PNS ID",
        aliases=("id pns", "pns id siasn"),
        max_length=64,
    ),
    Text(key="unit_siasn_id", label="UNOR ID", aliases=("id unor",), max_length=64),
    Text(key="eselon", label="Eselon", aliases=("eselon nama",)),
    Date(key="birth_date", label="Tanggal lahir", aliases=("tgl lahir",)),
    Text(key="gender", label="Jenis kelamin", aliases=("jenis kelamin nama",)),
    Text(
        key="legal_status",
        label="Kedudukan hukum",
        aliases=("kedudukan hukum nama",),
    ),
    Date(key="tmt_cpns", label="TMT CPNS", aliases=("tmt cpns",)),
    Date(
        key="tmt_golongan",
        label="TMT golongan",
        aliases=("tmt golongan akhir", "tmt gol akhir", "tmt pangkat"),
    ),
    Date(key="tmt_jabatan", label="TMT jabatan"),
    Text(
        key="education_level",
        label="Tingkat pendidikan",
        aliases=("tingkat pendidikan nama",),
        max_length=60,
    ),
    Text(
        key="education",
        label="Pendidikan terakhir",
        aliases=("nama pendidikan", "pendidikan nama", "pendidikan"),
        max_length=200,
    ),
]
# The header row of the downloadable template, in this order: the columns HR fills
# by hand; the SIASN-only ones are read when a download has them.
TEMPLATE_KEYS = (
    "nip",
    "name",
    "front_title",
    "back_title",
    "status",
    "golongan",
    "jabatan_type",
    "jabatan_name",
    "unit",
    "supervisor_nip",
    "email",
)
TEMPLATE_HEADER = [column.label for column in COLUMNS if column.key in TEMPLATE_KEYS]
# A title block above the header is common in exports; look this far down for it.
HEADER_SEARCH_ROWS = 15


def read_employee_sheet(uploaded, kind: str) -> Sheet:
    """Every row of the upload, each cell read as its column's kind; raises
    SheetError when the file cannot be read or lacks a required column."""
    return read_sheet(
        uploaded,
        kind,
        COLUMNS,
        anchors=("nip", "name"),
        header_within=HEADER_SEARCH_ROWS,
    )


# Columns only SIASN's downloads have: a sheet with one of them is a download of
# the whole agency's ASN (both layouts carry KEDUDUKAN HUKUM).
SIASN_ONLY_KEYS = {"siasn_id", "legal_status", "unit_siasn_id"}


def is_siasn_download(sheet: Sheet | None) -> bool:
    return sheet is not None and bool(SIASN_ONLY_KEYS & set(sheet.columns))


def file_date(uploaded, kind: str) -> datetime.date | None:
    """The day an .xlsx says it was last saved (its document properties), in the
    server's time zone; None for a CSV or when the file says nothing."""
    if kind != "xlsx":
        return None
    from openpyxl import load_workbook

    uploaded.seek(0)
    try:
        workbook = load_workbook(uploaded, read_only=True)
    except Exception:  # noqa: BLE001 - the reader already reported a broken file
        return None
    try:
        modified = workbook.properties.modified
    finally:
        workbook.close()
    if not isinstance(modified, datetime.datetime):
        return None
    if timezone.is_naive(modified):
        modified = timezone.make_aware(modified, datetime.UTC)
    return timezone.localdate(modified)


IMPORT_REASON = "Impor data pegawai"
SIASN_SOURCE = "Unduhan SIASN"


def source_of_import(*, siasn_download: bool, filename: str, day: datetime.date) -> str:
    """The reason every history record of an import gives: "Unduhan SIASN
    07-12-2026 (data-asn.xlsx)", or "Impor data pegawai …" for another sheet.
    At most 100 characters (the history's limit): a long file name is cut."""
    head = f"{SIASN_SOURCE if siasn_download else IMPORT_REASON} {day:%d-%m-%Y}"
    room = 100 - len(head) - 3
    name = filename if len(filename) <= room else filename[: room - 1] + "…"
    return f"{head} ({name})" if name else head


def template_sheets(agency) -> list:
    """The downloadable template: the header row and one example row, then the
    agency's unit codes to copy into the unit column."""
    units = (
        WorkUnit.objects.filter(agency=agency) if agency else WorkUnit.objects.none()
    )
    first_unit = units.first()
    example = [
        "198503152010011002",
        "Budi Santoso",
        "",
        "S.Kom.",
        "PNS",
        "III/b",
        "Pelaksana",
        "Pengelola Data",
        first_unit.code if first_unit else "DINKES",
        "",
        "budi.santoso@example.go.id",
    ]
    return [
        (_("Data pegawai"), TEMPLATE_HEADER, [example]),
        (
            _("Kode unit kerja"),
            [_("Kode unit"), _("Nama unit kerja")],
            units.values_list("code", "name").iterator(),
        ),
    ]


# SIASN's unit hierarchy download (ref UNOR): one row per unit with its SIASN id,
# its name and the id of the unit above it. Public integrators write the last one
# ID_ATASAN or DIATASAN_ID (SIASN's own field name); both are read.
UNIT_COLUMNS = [
    Text(
        key="siasn_id",
        label="ID",
        aliases=("id unor", "unor id"),
        required=True,
        max_length=40,
    ),
    Text(
        key="name",
        label="Nama unor",
        aliases=("unor nama", "nama unit", "nama unit kerja"),
        required=True,
        max_length=200,
    ),
    Text(
        key="parent_siasn_id",
        label="ID atasan",
        aliases=("diatasan id", "id induk", "parent id", "atasan id"),
        expected=True,
        max_length=40,
    ),
]


def read_unit_sheet(uploaded, kind: str) -> Sheet:
    """Every row of a unit hierarchy download; raises SheetError like
    read_employee_sheet."""
    return read_sheet(
        uploaded,
        kind,
        UNIT_COLUMNS,
        anchors=("siasn_id", "name"),
        header_within=HEADER_SEARCH_ROWS,
    )
