"""Reading an uploaded spreadsheet (.xlsx or .csv) into typed rows, for every import.

An import describes its sheet as columns: a key, the label users see, the header
texts that name it and the kind of value it holds (text, integer, decimal, date or
one of a list of choices). The reader finds the header row, matches columns by their
header (never by position) and turns every cell into its value or a `SheetError`
naming the row and the column, so a file is checked whole and every bad cell is
listed at once. No database access and no domain rules here.

Formulas stay the text the user typed unless an import asks for the value Excel
saved with them: nothing in an upload is ever evaluated."""

import csv
import datetime
import decimal
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


class SheetError(Exception):
    """What is wrong with a file (no row), a row, or one cell of it."""

    def __init__(self, message, *, row: int | None = None, column: str | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.row = row
        self.column = column  # the column's key

    def __str__(self) -> str:
        return self.message


def normalise_header(text) -> str:
    """Header text as compared: lower case, single spaces, no "_", "." or brackets."""
    text = str(text or "").strip().lower().replace("_", " ").replace(".", " ")
    text = re.sub(r"[()\[\]:*]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def normalise_word(text) -> str:
    """A choice as typed, compared without case, extra spaces or an en dash."""
    return re.sub(r"\s+", " ", str(text).replace("–", "-")).strip().casefold()


class _Invalid(Exception):
    """A cell that cannot be read as its column's kind; the message says why."""


# --- columns ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...] = ()  # more header texts naming it, besides the label
    required: bool = False  # every cell filled, so the column must be there too
    expected: bool = False  # the column must be there, its cells may be empty
    blank: Any = None  # the value of an empty cell

    def names(self) -> set[str]:
        return {normalise_header(name) for name in (self.label, *self.aliases)}

    def read(self, cell):
        if _is_blank(cell):
            if self.required:
                raise _Invalid(_("%(column)s kosong.") % {"column": self.label})
            return self.blank
        return self.parse(cell)

    def parse(self, cell):
        raise NotImplementedError

    def invalid(self, message, cell) -> _Invalid:
        return _Invalid(message % {"column": self.label, "raw": _shown(cell)})


@dataclass(frozen=True, kw_only=True)
class Text(Column):
    blank: Any = ""
    max_length: int | None = None
    # A number such as a NIP: Excel keeps only 15 significant digits of a number
    # cell, and exports write them with spaces or a leading apostrophe.
    digits: bool = False

    def parse(self, cell) -> str:
        if isinstance(cell, float):
            if cell.is_integer() and (not self.digits or abs(cell) < 10**15):
                text = str(int(cell))
            elif self.digits:
                raise self.invalid(
                    _(
                        "%(column)s tersimpan sebagai angka sehingga digit terakhirnya "
                        "hilang; format kolom sebagai Teks lalu isi ulang."
                    ),
                    cell,
                )
            else:
                text = str(cell)
        elif isinstance(cell, datetime.date):
            text = cell.isoformat()
        else:
            text = str(cell).replace("\u00a0", " ").strip()
        if self.digits:
            text = re.sub(r"[\s']", "", text)
        if self.max_length is not None and len(text) > self.max_length:
            raise _Invalid(
                _("%(column)s terlalu panjang (maksimum %(limit)s karakter).")
                % {"column": self.label, "limit": self.max_length}
            )
        return text


@dataclass(frozen=True, kw_only=True)
class Integer(Column):
    minimum: int | None = None
    maximum: int | None = None

    def parse(self, cell) -> int:
        value = _whole_number(cell)
        out_of_range = value is not None and (
            (self.minimum is not None and value < self.minimum)
            or (self.maximum is not None and value > self.maximum)
        )
        if value is None or out_of_range:
            if self.minimum is not None and self.maximum is not None:
                raise _Invalid(
                    _("%(column)s harus %(minimum)s–%(maximum)s (isi: %(raw)s)")
                    % {
                        "column": self.label,
                        "minimum": self.minimum,
                        "maximum": self.maximum,
                        "raw": _shown(cell),
                    }
                )
            raise self.invalid(
                _("%(column)s harus bilangan bulat (isi: %(raw)s)"), cell
            )
        return value


@dataclass(frozen=True, kw_only=True)
class Decimal(Column):
    def parse(self, cell) -> decimal.Decimal:
        if isinstance(cell, bool):
            raise self.invalid(_("%(column)s harus angka (isi: %(raw)s)"), cell)
        if isinstance(cell, int | float):
            return decimal.Decimal(str(cell))
        # Indonesian sheets write a decimal comma and a thousands dot.
        text = str(cell).strip()
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            value = decimal.Decimal(text)
        except decimal.InvalidOperation:
            raise self.invalid(
                _("%(column)s harus angka (isi: %(raw)s)"), cell
            ) from None
        if not value.is_finite():
            raise self.invalid(_("%(column)s harus angka (isi: %(raw)s)"), cell)
        return value


DATE_PATTERNS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True, kw_only=True)
class Date(Column):
    """A date cell, or text in one of DATE_PATTERNS. A cell Excel stores with a
    time stays a (naive) datetime, so an import can keep the time."""

    def parse(self, cell) -> datetime.date:
        if isinstance(cell, datetime.date):
            return cell
        for pattern in DATE_PATTERNS:
            try:
                return datetime.datetime.strptime(str(cell), pattern).date()  # noqa: DTZ007
            except ValueError:
                continue
        raise self.invalid(
            _("%(column)s bukan tanggal yang dikenali (isi: %(raw)s)"), cell
        )


@dataclass(frozen=True, kw_only=True)
class Choice(Column):
    """One of a list: `words` maps what users write (compared by normalise_word)
    to the value kept; `listed` is what the message offers."""

    words: Mapping[str, Any] = field(default_factory=dict)
    listed: tuple[str, ...] = ()

    def parse(self, cell):
        value = {normalise_word(w): v for w, v in self.words.items()}.get(
            normalise_word(_shown(cell))
        )
        if value is None:
            raise _Invalid(
                _("%(column)s '%(raw)s' tidak dikenal; isi salah satu: %(choices)s.")
                % {
                    "column": self.label,
                    "raw": _shown(cell),
                    "choices": ", ".join(self.listed or map(str, self.words)),
                }
            )
        return value


def _is_blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _shown(cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip() if cell is not None else ""


def _whole_number(cell) -> int | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else None
    text = str(cell).strip()
    return int(text) if re.fullmatch(r"[+-]?[0-9]+", text) else None


# --- the sheet ----------------------------------------------------------------------


@dataclass
class SheetRow:
    number: int  # the row number the user sees in the spreadsheet
    values: dict[str, Any]  # by column key, only for columns in the file
    errors: list[SheetError] = field(default_factory=list)

    def failed(self, key: str) -> bool:
        return any(error.column == key for error in self.errors)


@dataclass
class Sheet:
    rows: list[SheetRow]
    columns: list[str]  # the keys of the columns found in the header


def read_sheet(
    uploaded,
    kind: str,
    columns: Iterable[Column],
    *,
    anchors: tuple[str, ...] = (),
    header_within: int = 1,
    max_rows: int | None = None,
    formula_values: bool = False,
) -> Sheet:
    """Every non-empty row below the header, each cell read as its column's kind.

    The header is the first row, or with `anchors` the first of `header_within`
    rows holding all those columns (exports often put a title block above it).
    Raises SheetError when the file cannot be read, has no header, lacks a
    required column or holds more than `max_rows` rows."""
    columns = list(columns)
    by_name = {name: column for column in columns for name in column.names()}
    uploaded.seek(0)
    raw_rows = (
        _xlsx_rows(uploaded, formula_values) if kind == "xlsx" else _csv_rows(uploaded)
    )
    header, header_number = _find_header(raw_rows, by_name, anchors, header_within)
    found = set(header.values())
    missing = [
        c.label for c in columns if (c.required or c.expected) and c.key not in found
    ]
    if missing:
        raise SheetError(
            _("Kolom wajib tidak ditemukan: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    by_key = {column.key: column for column in columns}
    rows = []
    for number, cells in raw_rows:
        if number <= header_number:
            continue
        picked = {
            key: (cells[index] if index < len(cells) else None)
            for index, key in header.items()
        }
        if all(_is_blank(cell) for cell in picked.values()):
            continue
        if max_rows is not None and len(rows) >= max_rows:
            raise SheetError(
                _("Paling banyak %(n)s baris per berkas.") % {"n": max_rows}
            )
        rows.append(_read_row(number, picked, by_key))
    return Sheet(rows=rows, columns=list(header.values()))


def read_record(number: int, cells: Mapping[str, Any], columns) -> SheetRow:
    """One record that did not come from a sheet (a web service's answer), read as
    a row would be: `cells` by column key, each checked as its column's kind."""
    by_key = {column.key: column for column in columns}
    return _read_row(number, {k: v for k, v in cells.items() if k in by_key}, by_key)


def _find_header(raw_rows, by_name, anchors, header_within) -> tuple[dict, int]:
    if not anchors and not raw_rows:
        return {}, 0
    for number, cells in raw_rows[:header_within]:
        mapping: dict[int, str] = {}
        for index, cell in enumerate(cells):
            column = by_name.get(normalise_header(cell))
            if column and column.key not in mapping.values():
                mapping[index] = column.key
        if all(key in mapping.values() for key in anchors):
            return mapping, number
    labels = {c.key: c.label for c in by_name.values()}
    raise SheetError(
        _("Baris judul kolom tidak ditemukan: harus ada kolom %(columns)s.")
        % {"columns": ", ".join(labels[key] for key in anchors)}
    )


def _read_row(number: int, cells: dict, by_key: dict[str, Column]) -> SheetRow:
    row = SheetRow(number=number, values={})
    for key, cell in cells.items():
        column = by_key[key]
        try:
            row.values[key] = column.read(cell)
        except _Invalid as problem:
            row.values[key] = column.blank
            row.errors.append(SheetError(problem, row=number, column=key))
    return row


def _xlsx_rows(uploaded, formula_values: bool) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=formula_values)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise SheetError(_("Berkas Excel tidak dapat dibaca.")) from error
    try:
        sheet = workbook.worksheets[0]
        # Some writers store a wrong sheet size; read every row that is there.
        sheet.reset_dimensions()
        return [
            (number, list(cells or ()))
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


def _csv_rows(uploaded) -> list[tuple[int, list]]:
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
    return list(enumerate(reader, start=1))
