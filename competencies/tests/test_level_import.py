"""Assessed levels from a spreadsheet (a competency test's results): all or nothing,
every bad row listed with its reason."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies import services
from competencies.models import AssessedLevel
from competencies.tests.sheets import LEVEL_HEADER, competency_sheet

pytestmark = pytest.mark.django_db

IMPORT = reverse("competencies:assessed_level_import")
TODAY = timezone.localdate()


def test_hr_imports_a_competency_test_and_the_gap_page_counts_it(org, login):
    services.load_standard_competencies(agency=org["agency"])
    last_month = TODAY - datetime.timedelta(days=30)
    sheet = competency_sheet(
        [
            [org["member"].nip, "M1", 2, last_month, "asesmen", "Uji kompetensi"],
            [org["member"].nip, "M2", 4, last_month.strftime("%d-%m-%Y"), "", ""],
            [org["supervisor"].nip, "m1", 3, last_month, "atasan", ""],
        ],
        header=LEVEL_HEADER,
    )

    response = login(org["hr"]).post(IMPORT, {"file": sheet}, follow=True)

    assert "3 level kompetensi pegawai diimpor." in response.content.decode()
    imported = {
        (r.employee_id, r.competency.code, r.level, r.source)
        for r in AssessedLevel.objects.select_related("competency")
    }
    assert imported == {
        (org["member"].pk, "M1", 2, "asesmen"),
        (org["member"].pk, "M2", 4, "impor"),
        (org["supervisor"].pk, "M1", 3, "atasan"),
    }
    assert {r.recorded_by for r in AssessedLevel.objects.all()} == {org["hr"]}


def test_one_bad_row_imports_nothing_and_every_bad_row_is_listed(org, other_org, login):
    services.load_standard_competencies(agency=org["agency"])
    tomorrow = TODAY + datetime.timedelta(days=1)
    sheet = competency_sheet(
        [
            [org["member"].nip, "M1", 2, TODAY, "asesmen", ""],  # row 2: fine
            [other_org["member"].nip, "M1", 2, TODAY, "", ""],  # 3: other agency
            [org["member"].nip, "X9", 2, TODAY, "", ""],  # 4: unknown code
            [org["member"].nip, "M2", 6, TODAY, "", ""],  # 5: level out of range
            [org["member"].nip, "M3", 2, tomorrow, "", ""],  # 6: future
            [org["member"].nip, "M1", 3, TODAY, "", ""],  # 7: repeats row 2
            [org["hr"].nip, "M1", 3, TODAY, "", ""],  # 8: the importer
            [org["member"].nip, "M4", 2, TODAY, "survei", ""],  # 9: unknown source
        ],
        header=LEVEL_HEADER,
    )

    response = login(org["hr"]).post(IMPORT, {"file": sheet})

    rows = [row for row, _reason in response.context["errors"]]
    assert rows == [3, 4, 5, 6, 7, 8, 9]
    reasons = dict(response.context["errors"])
    assert "bukan pegawai aktif instansi ini" in reasons[3]
    assert "kode X9 tidak ada di kamus kompetensi" in reasons[4]
    assert "LEVEL harus 1–5" in reasons[5]
    assert "tanggal penilaian di masa depan" in reasons[6]
    assert "sama dengan baris 2" in reasons[7]
    assert "Anda sendiri" in reasons[8]
    assert "SUMBER 'survei' tidak dikenal" in reasons[9]
    assert "tidak ada yang diimpor" in response.content.decode()
    assert not AssessedLevel.objects.exists()


def test_the_template_downloads_with_the_columns_the_import_reads(org, login):
    response = login(org["hr"]).get(reverse("competencies:assessed_level_template"))

    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == LEVEL_HEADER
