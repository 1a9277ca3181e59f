"""Spreadsheet downloads: the one place that writes xlsx and csv for users.

Every text cell is neutralised so that a value typed by a user (a name, a comment)
cannot run as a formula in Excel (OWASP ASVS V1.2.10). Rows come from iterables, so a
large export streams from `queryset.iterator()` instead of being built twice.

A sheet's header names its columns: a plain label, or a `Column` that also says what
the column holds (`INTEGER`, `DECIMAL`, `PERCENT`, `DATE`, `DATETIME`, `MONTH`,
`TEXT`). Cells
of a typed column are written as numbers and dates with a number format, so people
can sum, sort and chart them; a plain label (kind `GENERAL`) writes each value as it
comes, a number as a number and a date with a date format. A `Value` gives one cell a
kind of its own, for lists of labelled figures. Percentages come in as people write
them (66.2) and are stored as the fraction (0.662) under a % format, which is what
Excel computes with.

The number formats are Excel's locale-neutral codes ("#,##0.00": comma for the
thousands, point for the decimals). Excel shows them in the reader's own locale:
Indonesian Excel shows 1.234,56 / 66,2% / 24/11/2026, English Excel 1,234.56 /
66.2%. So the files never hold text that only looks like a number.

Every sheet's first row (the header) is frozen, and each column is as wide as its
header and the values of the first rows (the rest still stream)."""

import csv
import datetime
import io
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from asn_portal import formats

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

GENERAL = "general"
TEXT = "text"
INTEGER = "integer"
DECIMAL = "decimal"
PERCENT = "percent"
RUPIAH = "rupiah"  # whole rupiah: "Rp 950.000.000"
DATE = "date"
DATETIME = "datetime"
MONTH = "month"

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MONTH_FORMAT = "mm/yyyy"
# Columns are sized from the header and this many first rows.
WIDTH_SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 6, 60


@dataclass(frozen=True)
class Column:
    """A column of an exported sheet: its header label and the kind of its values.

    `places` is the number of decimals shown for `DECIMAL` and `PERCENT`."""

    label: str
    kind: str = GENERAL
    places: int | None = None

    def __str__(self) -> str:
        return str(self.label)

    @property
    def number_format(self) -> str | None:
        if self.kind == INTEGER:
            return "#,##0"
        if self.kind == RUPIAH:
            return '"Rp "#,##0'
        if self.kind == DECIMAL:
            places = 2 if self.places is None else self.places
            return "#,##0." + "0" * places if places else "#,##0"
        if self.kind == PERCENT:
            places = 1 if self.places is None else self.places
            return "0." + "0" * places + "%" if places else "0%"
        if self.kind == DATE:
            return DATE_FORMAT
        if self.kind == DATETIME:
            return DATETIME_FORMAT
        if self.kind == MONTH:
            return MONTH_FORMAT
        return None

    def shown(self, value) -> str:
        """The value as a page or a PDF writes it for a reader, in the active
        language (`asn_portal.formats`): "1.234.567", "60,00", "66,2%",
        "Rp 950.000.000"."""
        if value is None or value == "":
            return formats.EMPTY
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return str(value)
        if self.kind == PERCENT:
            return formats.percent(value, 1 if self.places is None else self.places)
        if self.kind == DECIMAL:
            return formats.number(value, 2 if self.places is None else self.places)
        if self.kind == RUPIAH:
            return formats.rupiah(value)
        return formats.number(value)

    def value(self, value):
        """The value as the cell stores it."""
        if value is None or value == "":
            return None
        if self.kind == PERCENT and isinstance(value, int | float | Decimal):
            return float(Decimal(str(value)) / 100)
        if self.kind in (DATE, MONTH) and isinstance(value, datetime.datetime):
            return _naive(value).date()
        if self.kind == TEXT:
            return safe_cell(str(value))
        return cell_value(value)


PLAIN = Column("")


@dataclass(frozen=True)
class Value:
    """One cell with a kind of its own, for sheets whose rows differ: a list of
    labelled figures ("Peserta", 219; "Tingkat respons", 66.2 %)."""

    value: object
    kind: str = GENERAL
    places: int | None = None

    @property
    def column(self) -> Column:
        return Column("", self.kind, self.places)


def safe_cell(value):
    """A text value that begins like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def cell_value(value):
    """A value as a cell can hold it: text neutralised, an aware datetime in local
    time (Excel has no time zones), anything else that is not a number or date as
    its text."""
    if isinstance(value, datetime.datetime):
        return _naive(value)
    if isinstance(value, bool):
        return str(value)
    if value is None or isinstance(value, int | float | Decimal | datetime.date):
        return value
    return safe_cell(str(value))


def _naive(moment: datetime.datetime) -> datetime.datetime:
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None)


def _format_for(value) -> str | None:
    """The format a value in a plain column gets: only dates need one."""
    if isinstance(value, datetime.datetime):
        return DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return DATE_FORMAT
    return None


def _shown_length(value, number_format: str | None) -> int:
    """About how many characters Excel shows for a cell."""
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, int | float | Decimal):
        if number_format and "%" in number_format:
            return len(f"{float(value) * 100:.1f}") + 2
        digits = len(f"{abs(int(value)):d}")
        return digits + (digits - 1) // 3 + 4
    return max((len(line) for line in str(value).splitlines()), default=0)


def _column_widths(header: list[Column], rows: list[list[tuple]]) -> list[int]:
    widths = [len(str(column)) for column in header]
    for row in rows:
        widths += [0] * (len(row) - len(widths))
        for index, (value, number_format) in enumerate(row):
            widths[index] = max(widths[index], _shown_length(value, number_format))
    return [min(max(w + 2, MIN_WIDTH), MAX_WIDTH) for w in widths]


def _prepared(columns: list[Column], row: Sequence) -> list[tuple]:
    """Each value of a row as (what the cell stores, its number format or None)."""
    prepared = []
    for index, value in enumerate(row):
        if isinstance(value, Value):
            column, value = value.column, value.value
        else:
            column = columns[index] if index < len(columns) else PLAIN
        stored = column.value(value)
        if stored is None or isinstance(stored, str):
            prepared.append((stored, None))
        else:
            prepared.append((stored, column.number_format or _format_for(stored)))
    return prepared


def _write_sheet(workbook, title: str, header: Sequence, rows: Iterable[Sequence]):
    sheet = workbook.create_sheet(title=title[:31])
    columns = [c if isinstance(c, Column) else Column(str(c)) for c in header]
    rows = iter(rows)
    first = [
        _prepared(columns, row) for row in itertools.islice(rows, WIDTH_SAMPLE_ROWS)
    ]
    # A write-only sheet takes its widths and frozen header before the first row.
    for index, width in enumerate(_column_widths(columns, first), 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([safe_cell(str(column)) for column in columns])
    for row in itertools.chain(first, (_prepared(columns, row) for row in rows)):
        sheet.append([_cell(sheet, value, fmt) for value, fmt in row])


def _cell(sheet, value, number_format: str | None):
    if number_format is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def build_xlsx(
    sheets: Sequence[tuple[str, Sequence[str | Column], Iterable[Sequence]]],
) -> bytes:
    """Sheets as (title, header, rows); returns the workbook's bytes."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        _write_sheet(workbook, title, header, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str,
    sheets: Sequence[tuple[str, Sequence[str | Column], Iterable[Sequence]]],
) -> HttpResponse:
    response = HttpResponse(build_xlsx(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Echo:
    def write(self, value):
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """Rows as CSV for another program: numbers raw (1234567, 1234.5: never the
    page's "1.234.567" or "66,2%", which a spreadsheet would read as text), times in
    local time as YYYY-MM-DD HH:MM:SS, text neutralised as in Excel exports."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # so Excel reads UTF-8 names correctly
        yield writer.writerow([safe_cell(h) for h in header])
        for row in rows:
            yield writer.writerow([cell_value(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
