"""What every Excel download promises, checked on the file a user gets: a frozen
header row, column widths, and figures and dates stored as numbers and dates, never
as text that only looks like one ("51,18", "66.2%", "46 / 219", "24-11-2026").

The access matrix checks the layout of every xlsx it downloads; each export's own
test opens its file with `open_export` and names the columns that hold figures
(`numbers`) and dates (`dates`)."""

import datetime
import io
import re

from openpyxl import load_workbook

from asn_portal.exports import XLSX_TYPE

# Text a person would read as a figure: 51,18 / 66.2% / 46 / 219 / 24-11-2026. Bare
# digits stay allowed: a NIP or a code is text on purpose.
LOOKS_LIKE_A_FIGURE = re.compile(
    r"^-?\d+([.,]\d+)+\s*%?$"  # 51,18  1.234  78.47  66.2%
    r"|^-?\d+\s*%$"  # 66%
    r"|^\d+ / \d+$"  # 46 / 219
    r"|^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}( \d{1,2}[:.]\d{2})?$"  # 24-11-2026 08:30
)


def is_xlsx(response) -> bool:
    return response.get("Content-Type", "").startswith(XLSX_TYPE)


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_layout(content: bytes):
    """Every sheet has its first row frozen, its columns sized, and no text cell
    that reads as a number, a percentage, a fraction or a date; returns the
    workbook."""
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        used = sheet.max_column
        widths = {
            letter: dimension.width
            for letter, dimension in sheet.column_dimensions.items()
            if dimension.width
        }
        assert len(widths) >= used, (sheet.title, widths)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    assert not LOOKS_LIKE_A_FIGURE.match(cell.value), (
                        f"{sheet.title}!{cell.coordinate} holds the figure "
                        f"{cell.value!r} as text"
                    )
    return workbook


def open_export(response):
    """The downloaded workbook, after checking its layout."""
    assert response.status_code == 200
    assert is_xlsx(response), response["Content-Type"]
    assert response["Content-Disposition"].startswith("attachment")
    return assert_layout(body(response))


def column(sheet, header: str) -> list:
    """The cells under a header of the first row (the empty ones left out)."""
    titles = [cell.value for cell in sheet[1]]
    assert header in titles, (sheet.title, header, titles)
    index = titles.index(header)
    return [
        row[index]
        for row in sheet.iter_rows(min_row=2)
        if index < len(row) and row[index].value is not None
    ]


def assert_figures(sheet, *, numbers=(), dates=(), percent=()):
    """The named columns hold at least one value each, and only numbers (with a
    number format), dates (datetime with a date format) or percentages (a number
    under a % format)."""
    for header in (*numbers, *percent):
        cells = column(sheet, header)
        assert cells, (sheet.title, header, "has no value")
        for cell in cells:
            assert isinstance(cell.value, int | float), (header, cell.value)
            assert not isinstance(cell.value, bool)
            if header in percent:
                assert cell.number_format.endswith("%"), (header, cell.number_format)
    for header in dates:
        cells = column(sheet, header)
        assert cells, (sheet.title, header, "has no value")
        for cell in cells:
            assert isinstance(cell.value, datetime.datetime), (header, cell.value)
            assert "yy" in cell.number_format, (header, cell.number_format)


def labelled(sheet) -> dict:
    """A sheet of labelled figures (label in column A, figure in B) as a dict of
    cells by label."""
    return {row[0].value: row[1] for row in sheet.iter_rows() if len(row) > 1}
