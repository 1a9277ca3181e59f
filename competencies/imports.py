"""Spreadsheets as the reader sees them, columns found by their header (never by
position): technical competencies (KODE, NAMA, DEFINISI, LEVEL 1 … LEVEL 5) and
assessed levels (NIP, KODE, LEVEL, TANGGAL, SUMBER, KETERANGAN). Every bad row is
reported; the services import all or nothing."""

import datetime

from asn_portal.spreadsheets import Choice, Date, Integer, Text, read_sheet
from competencies.models import LEVELS, AssessedLevel, Competency, CompetencyLevel

MAX_ROWS = 2_000
MAX_LEVEL_ROWS = 50_000  # a competency test of every ASN of a large agency


def _max_length(model, name: str) -> int | None:
    return model._meta.get_field(name).max_length


COLUMNS = [
    Text(
        key="code",
        label="KODE",
        required=True,
        max_length=_max_length(Competency, "code"),
    ),
    Text(
        key="name",
        label="NAMA",
        required=True,
        max_length=_max_length(Competency, "name"),
    ),
    Text(key="definition", label="DEFINISI", expected=True, max_length=4000),
    *[
        Text(
            key=f"level_{number}",
            label=f"LEVEL {number}",
            expected=True,
            max_length=_max_length(CompetencyLevel, "description") or 2000,
        )
        for number in LEVELS
    ],
]
TEMPLATE_HEADER = [column.label for column in COLUMNS]


def read_rows(uploaded, kind: str = "xlsx") -> list[dict]:
    """Each row as the service takes it, carrying its own `errors` list; raises
    SheetError when the file itself cannot be used."""
    sheet = read_sheet(uploaded, kind, COLUMNS, max_rows=MAX_ROWS)
    return [
        {
            "row": row.number,
            "code": row.values.get("code", ""),
            "name": row.values.get("name", ""),
            "definition": row.values.get("definition", ""),
            "levels": {n: row.values.get(f"level_{n}", "") for n in LEVELS},
            "errors": [str(error) for error in row.errors],
        }
        for row in sheet.rows
    ]


SOURCE_WORDS = {
    "asesmen": AssessedLevel.Source.ASSESSMENT,
    "uji kompetensi": AssessedLevel.Source.ASSESSMENT,
    "atasan": AssessedLevel.Source.SUPERVISOR,
    "penilaian atasan": AssessedLevel.Source.SUPERVISOR,
    "impor": AssessedLevel.Source.IMPORT,
}

LEVEL_COLUMNS = [
    Text(key="nip", label="NIP", aliases=("NIP BARU",), required=True, digits=True),
    Text(key="code", label="KODE", aliases=("KODE KOMPETENSI",), required=True),
    Integer(key="level", label="LEVEL", required=True, minimum=1, maximum=5),
    Date(
        key="assessed_on",
        label="TANGGAL",
        aliases=("TANGGAL PENILAIAN",),
        required=True,
    ),
    Choice(
        key="source",
        label="SUMBER",
        words=SOURCE_WORDS,
        listed=("asesmen", "atasan", "impor"),
        blank=AssessedLevel.Source.IMPORT,
    ),
    Text(
        key="notes",
        label="KETERANGAN",
        max_length=_max_length(AssessedLevel, "notes"),
    ),
]
LEVEL_TEMPLATE_HEADER = [column.label for column in LEVEL_COLUMNS]


def read_level_rows(uploaded, kind: str = "xlsx") -> list[dict]:
    """Assessed levels, one row an employee's level of one competency on a date;
    each row carries its own `errors`. Raises SheetError for an unusable file."""
    sheet = read_sheet(uploaded, kind, LEVEL_COLUMNS, max_rows=MAX_LEVEL_ROWS)
    rows = []
    for row in sheet.rows:
        values = {column.key: row.values.get(column.key) for column in LEVEL_COLUMNS}
        if isinstance(values["assessed_on"], datetime.datetime):
            values["assessed_on"] = values["assessed_on"].date()  # a time typed too
        rows.append(
            {
                "row": row.number,
                **values,
                "errors": [str(error) for error in row.errors],
            }
        )
    return rows
