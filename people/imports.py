"""The employee list (SIASN-style .xlsx or .csv) as the spreadsheet reader sees it:
its columns, the header names seen in SIASN exports and hand-made sheets, and the
kind of each cell. The rules about one employee live in `people.services`."""

from django.utils.translation import gettext as _

from asn_portal.spreadsheets import Choice, Sheet, Text, read_sheet
from people.models import Employee, WorkUnit

STATUS_WORDS = {
    "pns": Employee.Status.PNS,
    "cpns": Employee.Status.PNS,
    "pegawai negeri sipil": Employee.Status.PNS,
    "pppk": Employee.Status.PPPK,
    "p3k": Employee.Status.PPPK,
    "pegawai pemerintah dengan perjanjian kerja": Employee.Status.PPPK,
}

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
    Choice(
        key="status",
        label="Status",
        aliases=(
            "status pegawai",
            "status kepegawaian",
            "status asn",
            "jenis pegawai",
            "kedudukan",
        ),
        required=True,
        words=STATUS_WORDS,
        listed=("PNS", "PPPK"),
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
]
# The header row of the downloadable template, in this order.
TEMPLATE_HEADER = [column.label for column in COLUMNS]
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
