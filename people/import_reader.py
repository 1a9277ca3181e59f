"""Reads an employee list (SIASN-style .xlsx or .csv) into plain rows.

No database access and no domain rules here: this module only finds the header row,
maps its column names (case-insensitive, common SIASN variants) to our field keys and
yields every non-empty row as text with its row number in the sheet, so errors can
name the row the user sees in Excel."""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Our field key → the header names seen in SIASN exports and hand-made sheets,
# already normalised (lower case, single spaces, no punctuation but "/").
HEADER_ALIASES = {
    "nip": ["nip", "nip baru", "nip pegawai", "nip asn", "nomor induk pegawai"],
    "name": ["nama", "nama lengkap", "nama pegawai", "nama asn", "nama tanpa gelar"],
    "front_title": ["gelar depan"],
    "back_title": ["gelar belakang"],
    "status": [
        "status",
        "status pegawai",
        "status kepegawaian",
        "status asn",
        "jenis pegawai",
        "kedudukan",
    ],
    "golongan": [
        "golongan",
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
    ],
    "jabatan_type": ["jenis jabatan", "jenis jabatan nama", "tipe jabatan"],
    "jabatan_name": ["jabatan", "nama jabatan", "jabatan nama"],
    "unit": [
        "unit kerja",
        "unit",
        "kode unit",
        "kode unit kerja",
        "unor",
        "unit organisasi",
        "nama unor",
        "unor nama",
    ],
    "supervisor_nip": [
        "nip atasan",
        "nip atasan langsung",
        "atasan nip",
        "nip pejabat penilai",
    ],
    "email": ["email", "e-mail", "e mail", "alamat email", "email kantor"],
}
REQUIRED = ["nip", "name", "status", "jabatan_type", "jabatan_name", "unit"]
FIELD_LABELS = {
    "nip": "NIP",
    "name": "Nama",
    "front_title": "Gelar depan",
    "back_title": "Gelar belakang",
    "status": "Status",
    "golongan": "Golongan",
    "jabatan_type": "Jenis jabatan",
    "jabatan_name": "Jabatan",
    "unit": "Unit kerja",
    "supervisor_nip": "NIP atasan",
    "email": "Email",
}
# The header row of the downloadable template, in this order.
TEMPLATE_HEADER = [FIELD_LABELS[key] for key in FIELD_LABELS]
# A title block above the header is common in exports; look this far down for it.
HEADER_SEARCH_ROWS = 15


@dataclass
class SheetRow:
    number: int  # the row number the user sees in the spreadsheet
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)  # found while reading a cell


@dataclass
class Sheet:
    rows: list[SheetRow]
    columns: list[str]  # the field keys found in the header


def normalise_header(text) -> str:
    text = str(text or "").strip().lower().replace("_", " ").replace(".", " ")
    text = re.sub(r"[()\[\]:*]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_ALIAS_TO_KEY = {
    alias: key for key, aliases in HEADER_ALIASES.items() for alias in aliases
}


def read_sheet(uploaded, kind: str) -> Sheet:
    """Every row of the upload as text keyed by field; raises ValidationError when
    the file cannot be read or lacks a required column."""
    uploaded.seek(0)
    raw_rows = _xlsx_rows(uploaded) if kind == "xlsx" else _csv_rows(uploaded)
    header_map, header_number = None, 0
    for number, cells in raw_rows:
        mapping = _match_header(cells)
        if "nip" in mapping.values() and "name" in mapping.values():
            header_map, header_number = mapping, number
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if header_map is None:
        raise ValidationError(
            _("Baris judul kolom tidak ditemukan: harus ada kolom NIP dan Nama."),
            code="no_header",
        )
    missing = [FIELD_LABELS[key] for key in REQUIRED if key not in header_map.values()]
    if missing:
        raise ValidationError(
            _("Kolom wajib tidak ditemukan: %(columns)s.")
            % {"columns": ", ".join(missing)},
            code="missing_columns",
        )
    rows = []
    for number, cells in raw_rows:
        if number <= header_number:
            continue
        values, problems = {}, []
        for index, key in header_map.items():
            cell = cells[index] if index < len(cells) else None
            text, problem = _cell_text(cell, key)
            values[key] = text
            if problem:
                problems.append(problem)
        if any(values.values()):
            rows.append(SheetRow(number=number, values=values, problems=problems))
    return Sheet(rows=rows, columns=list(header_map.values()))


def _match_header(cells) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for index, cell in enumerate(cells):
        key = _ALIAS_TO_KEY.get(normalise_header(cell))
        if key and key not in mapping.values():
            mapping[index] = key
    return mapping


def _cell_text(cell, key: str) -> tuple[str, str | None]:
    """A cell as stripped text. Formulas stay the text the user typed: nothing in
    an upload is ever evaluated."""
    if cell is None:
        return "", None
    if isinstance(cell, bool):
        return str(cell), None
    if isinstance(cell, int):
        return str(cell), None
    if isinstance(cell, float):
        if key in ("nip", "supervisor_nip"):
            # Excel keeps only 15 significant digits of a number: an 18-digit NIP
            # typed into a number cell has already lost its last digits.
            if cell.is_integer() and abs(cell) < 10**15:
                return str(int(cell)), None
            return "", str(
                _(
                    "%(column)s tersimpan sebagai angka sehingga digit terakhirnya "
                    "hilang; format kolom sebagai Teks lalu isi ulang."
                )
                % {"column": FIELD_LABELS[key]}
            )
        return (str(int(cell)) if cell.is_integer() else str(cell)), None
    if hasattr(cell, "isoformat"):
        return cell.isoformat(), None
    text = str(cell).replace("\u00a0", " ").strip()
    if key in ("nip", "supervisor_nip"):
        # Exports often write NIPs with spaces or a leading apostrophe.
        text = re.sub(r"[\s']", "", text)
    return text, None


def _xlsx_rows(uploaded):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ValidationError(
            _("Berkas Excel tidak dapat dibaca."), code="unreadable"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        # Some writers store a wrong sheet size; read every row that is there.
        sheet.reset_dimensions()
        return [
            (number, list(cells))
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


def _csv_rows(uploaded):
    data = uploaded.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the local code page.
        text = data.decode("cp1252")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    if "\t" in first_line and first_line.count("\t") > first_line.count(delimiter):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(number, row) for number, row in enumerate(reader, start=1)]
