"""The one spreadsheet reader: columns found by header, typed cells, and every bad
cell named by row and column, from .xlsx and .csv alike."""

import datetime
import decimal
import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from asn_portal.spreadsheets import (
    Choice,
    Date,
    Decimal,
    Integer,
    SheetError,
    Text,
    read_sheet,
)

COLUMNS = [
    Text(key="nip", label="NIP", aliases=("nip baru",), required=True, digits=True),
    Text(key="name", label="Nama", max_length=10),
    Integer(key="score", label="U1", expected=True, minimum=1, maximum=4),
    Decimal(key="jp", label="JP"),
    Date(key="day", label="TANGGAL"),
    Choice(key="sex", label="JENIS_KELAMIN", words={"L": "L", "P": "P"}),
]


def _xlsx(rows) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _csv(rows, delimiter=";") -> io.BytesIO:
    text = "\n".join(delimiter.join(str(c) for c in row) for row in rows)
    return io.BytesIO(("\ufeff" + text + "\n").encode())


HEADER = ["Jenis Kelamin", "U1", "jp", "NIP Baru", "Nama", "tanggal"]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_cells_are_read_by_header_as_their_kind(kind):
    row = ["p", "3", "2,5", "'19900115 201503 2001", "Rina", "24-11-2026"]
    uploaded = _xlsx([HEADER, row]) if kind == "xlsx" else _csv([HEADER, row])
    sheet = read_sheet(uploaded, kind, COLUMNS)
    assert sheet.columns == ["sex", "score", "jp", "nip", "name", "day"]
    [read] = sheet.rows
    assert read.errors == []
    assert read.number == 2
    assert read.values == {
        "sex": "P",
        "score": 3,
        "jp": decimal.Decimal("2.5"),
        "nip": "199001152015032001",
        "name": "Rina",
        "day": datetime.date(2026, 11, 24),
    }


def test_every_bad_cell_is_named_by_row_and_column():
    rows = [
        HEADER,
        ["L", 4, 1, "199001152015032001", "Rina", "01-01-2026"],
        ["X", 5, "dua", 1.99001152015032e17, "Nama yang panjang", "kemarin"],
        [None, None, None, None, None, None],  # empty rows are skipped
        ["P", "", "", "", "", ""],
    ]
    sheet = read_sheet(_xlsx(rows), "xlsx", COLUMNS)
    assert [row.number for row in sheet.rows] == [2, 3, 5]
    good, bad, empty_nip = sheet.rows
    assert good.errors == []
    assert {(e.row, e.column) for e in bad.errors} == {
        (3, "sex"),
        (3, "score"),
        (3, "jp"),
        (3, "nip"),
        (3, "name"),
        (3, "day"),
    }
    messages = {e.column: str(e) for e in bad.errors}
    assert messages["score"] == "U1 harus 1–4 (isi: 5)"
    assert "JENIS_KELAMIN 'X' tidak dikenal" in messages["sex"]
    assert "format kolom sebagai Teks" in messages["nip"]
    assert "maksimum 10 karakter" in messages["name"]
    assert bad.values["score"] is None
    assert [(e.column, str(e)) for e in empty_nip.errors] == [("nip", "NIP kosong.")]
    assert empty_nip.values["score"] is None


def test_messages_follow_the_users_language():
    rows = [HEADER, ["X", 9, 1, "199001152015032001", "Rina", "01-01-2026"]]
    with translation.override("en"):
        [row] = read_sheet(_xlsx(rows), "xlsx", COLUMNS).rows
    messages = {e.column: str(e) for e in row.errors}
    assert messages["score"] == "U1 must be 1–4 (value: 9)"
    assert "is not recognised" in messages["sex"]


def test_header_below_a_title_block_is_found_by_its_anchors():
    rows = [["DAFTAR PEGAWAI"], [], HEADER, ["L", 1, 1, "199001152015032001"]]
    sheet = read_sheet(_xlsx(rows), "xlsx", COLUMNS, anchors=("nip",), header_within=5)
    assert [row.number for row in sheet.rows] == [4]


def test_file_level_problems_raise_one_error():
    with pytest.raises(SheetError, match="Kolom wajib tidak ditemukan: NIP, U1"):
        read_sheet(_xlsx([["Nama"], ["Rina"]]), "xlsx", COLUMNS)
    with pytest.raises(SheetError, match="tidak dapat dibaca"):
        read_sheet(io.BytesIO(b"PK\x03\x04 not a workbook"), "xlsx", COLUMNS)
    rows = [HEADER, *[["L", 1, 1, "199001152015032001"]] * 3]
    with pytest.raises(SheetError, match="Paling banyak 2 baris"):
        read_sheet(_xlsx(rows), "xlsx", COLUMNS, max_rows=2)


def test_formulas_stay_text_unless_their_saved_value_is_asked_for():
    rows = [HEADER, ["L", 1, 1, "199001152015032001", "=1+1"]]
    [row] = read_sheet(_xlsx(rows), "xlsx", COLUMNS).rows
    assert row.values["name"] == "=1+1"
