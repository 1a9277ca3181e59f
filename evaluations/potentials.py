"""Potentials in bulk: read from a spreadsheet (NIP and score per row) or from a
unit's grid, checked whole against the agency's employees before anything is saved.
Saving goes through `services.record_potentials`, all rows or none."""

from dataclasses import dataclass

from django.core import signing
from django.utils.translation import gettext as _

from asn_portal.spreadsheets import Integer, SheetError, Text, read_sheet

COLUMNS = [
    Text(key="nip", label="NIP", aliases=("NIP BARU",), required=True, digits=True),
    Integer(
        key="score",
        label="NILAI POTENSIAL",
        aliases=("NILAI", "SKOR", "POTENSIAL"),
        required=True,
        minimum=0,
        maximum=100,
    ),
    Text(key="notes", label="CATATAN", max_length=500),
]
TEMPLATE_HEADER = [column.label for column in COLUMNS]
MAX_ROWS = 20_000
PAYLOAD_SALT = "evaluations.potential-import"
PAYLOAD_MAX_AGE = 60 * 60  # a preview is confirmed within the hour


@dataclass(frozen=True)
class Entry:
    employee_id: int
    score: int
    notes: str = ""


def read_potential_sheet(uploaded, kind: str, *, employees):
    """(entries, errors): the rows as entries when every row is right, else every
    bad row as (row number, reason). `employees` is who may be named (the agency's
    active employees): an NIP outside it is refused like an unknown one."""
    try:
        sheet = read_sheet(uploaded, kind, COLUMNS, max_rows=MAX_ROWS)
    except SheetError as error:
        return [], [(None, str(error))]
    if not sheet.rows:
        return [], [(None, _("Berkas tidak berisi baris data di bawah judul kolom."))]
    nips = {row.values.get("nip") for row in sheet.rows}
    by_nip = dict(employees.filter(nip__in=nips).values_list("nip", "pk"))
    entries, errors, seen = [], [], {}
    for row in sheet.rows:
        problems = [str(error) for error in row.errors]
        nip = row.values.get("nip")
        if nip and not row.failed("nip"):
            if nip not in by_nip:
                problems.append(
                    _("NIP %(nip)s bukan pegawai aktif instansi ini.") % {"nip": nip}
                )
            elif nip in seen:
                problems.append(
                    _("NIP %(nip)s sudah ada di baris %(row)s.")
                    % {"nip": nip, "row": seen[nip]}
                )
            seen.setdefault(nip, row.number)
        if problems:
            errors.append((row.number, "; ".join(problems)))
        else:
            entries.append(
                Entry(by_nip[nip], row.values["score"], row.values.get("notes", ""))
            )
    return (entries, []) if not errors else ([], errors)


def sign_entries(entries: list[Entry], *, year: int, agency_id: int) -> str:
    """The checked rows, carried from the preview to its confirmation unchanged."""
    rows = [[e.employee_id, e.score, e.notes] for e in entries]
    return signing.dumps(
        {"year": year, "agency": agency_id, "rows": rows},
        salt=PAYLOAD_SALT,
        compress=True,
    )


def unsign_entries(payload: str, *, agency_id: int) -> tuple[int, list[Entry]]:
    data = signing.loads(payload, salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE)
    if data["agency"] != agency_id:
        raise signing.BadSignature("another agency's preview")
    return data["year"], [Entry(*row) for row in data["rows"]]
