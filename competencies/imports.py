"""Technical competencies as the spreadsheet reader sees them: one row a
competency, columns found by their header (KODE, NAMA, DEFINISI, LEVEL 1 … LEVEL 5,
never by position). Every bad row is reported; the service imports all or
nothing."""

from asn_portal.spreadsheets import Text, read_sheet
from competencies.models import LEVELS, Competency, CompetencyLevel

MAX_ROWS = 2_000


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
