import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

HEADER = ["kode", "nama", "definisi", *[f"level {n}" for n in range(1, 6)]]


def competency_sheet(rows, header=HEADER) -> SimpleUploadedFile:
    """An .xlsx upload with `header` and `rows`, as HR would save it from Excel."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile(
        "kompetensi.xlsx",
        content.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def technical_row(code, name, *, definition="Definisi singkat."):
    return [code, name, definition, *[f"{name} level {n}" for n in range(1, 6)]]


LEVEL_HEADER = ["NIP", "KODE", "LEVEL", "TANGGAL", "SUMBER", "KETERANGAN"]
