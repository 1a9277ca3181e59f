"""How `asn_portal.exports` writes cells: numbers with their formats, percentages as
fractions, dates as dates, a frozen header and sized columns."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from asn_portal.exports import (
    DATE,
    DATETIME,
    DECIMAL,
    INTEGER,
    MONTH,
    PERCENT,
    TEXT,
    WIDTH_SAMPLE_ROWS,
    Column,
    Value,
    build_xlsx,
)
from tests.sheets import assert_layout

JAKARTA = ZoneInfo("Asia/Jakarta")


def wall_clock(*args) -> datetime.datetime:
    """A time as Excel holds it: the Jakarta wall clock, no time zone."""
    return datetime.datetime(*args, tzinfo=JAKARTA).replace(tzinfo=None)


def _sheet(header, rows):
    return load_workbook(io.BytesIO(build_xlsx([("Data", header, rows)]))).active


def test_each_kind_is_stored_as_a_number_or_date_with_its_format():
    submitted = datetime.datetime(2026, 11, 24, 1, 30, tzinfo=datetime.UTC)
    sheet = _sheet(
        [
            Column("Jumlah", INTEGER),
            Column("NRR", DECIMAL),
            Column("IKM", DECIMAL, 4),
            Column("Persen", PERCENT),
            Column("Tanggal", DATE),
            Column("Diterima", DATETIME),
            Column("Bulan", MONTH),
            Column("NIP", TEXT),
        ],
        [
            [
                1234567,
                Decimal("3.1389"),
                Decimal("3.1389"),
                66.2,
                datetime.date(2026, 11, 24),
                submitted,
                datetime.date(2026, 11, 1),
                198503152010011002,
            ]
        ],
    )
    cells = {sheet.cell(1, i).value: sheet.cell(2, i) for i in range(1, 9)}
    stored = {name: (cell.value, cell.number_format) for name, cell in cells.items()}
    assert stored == {
        "Jumlah": (1234567, "#,##0"),
        "NRR": (3.1389, "#,##0.00"),
        "IKM": (3.1389, "#,##0.0000"),
        "Persen": (0.662, "0.0%"),
        "Tanggal": (wall_clock(2026, 11, 24), "dd/mm/yyyy"),
        # Excel has no time zones: the moment in the portal's own time.
        "Diterima": (wall_clock(2026, 11, 24, 8, 30), "dd/mm/yyyy hh:mm"),
        "Bulan": (wall_clock(2026, 11, 1), "mm/yyyy"),
        "NIP": ("198503152010011002", "General"),
    }


def test_a_plain_label_keeps_numbers_and_gives_dates_a_date_format():
    sheet = _sheet(
        ["Nama", "Nilai", "Tanggal"],
        [["Budi", 3, datetime.datetime(2026, 1, 2, 9, 0, tzinfo=JAKARTA)], ["", None]],
    )
    assert [c.value for c in sheet[2]] == ["Budi", 3, wall_clock(2026, 1, 2, 9)]
    assert sheet["C2"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet["A3"].value is None


def test_a_value_gives_one_cell_its_own_kind():
    sheet = _sheet(
        ["Ukuran", "Nilai"],
        [
            ["Peserta", Value(219, INTEGER)],
            ["Tingkat respons", Value(Decimal("66.2"), PERCENT)],
            ["Belum ada", Value(None, PERCENT)],
        ],
    )
    assert (sheet["B2"].value, sheet["B2"].number_format) == (219, "#,##0")
    assert (sheet["B3"].value, sheet["B3"].number_format) == (0.662, "0.0%")
    assert sheet["B4"].value is None


def test_header_is_frozen_and_columns_fit_header_and_first_rows():
    long_name = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    rows = [["Budi Santoso", 1]] * WIDTH_SAMPLE_ROWS + [["x" * 200, 2]]
    content = build_xlsx([("Data", ["Nama", Column("Jumlah", INTEGER)], rows)])
    sheet = assert_layout(content).active
    assert sheet.freeze_panes == "A2"
    # Sized from the header and the first rows only: the stream is not read twice.
    assert sheet.column_dimensions["A"].width == len("Budi Santoso") + 2
    assert sheet.max_row == WIDTH_SAMPLE_ROWS + 2
    wide = load_workbook(
        io.BytesIO(build_xlsx([("Data", ["Nama"], [[long_name], ["x" * 500]])]))
    ).active
    assert wide.column_dimensions["A"].width == 60  # capped


def test_text_in_a_typed_column_is_neutralised_and_stays_text():
    sheet = _sheet([Column("NRR", DECIMAL)], [["=1+1"], ["–"]])
    assert [sheet["A2"].value, sheet["A3"].value] == ["'=1+1", "–"]
