"""SIASN's unit hierarchy download (ID, NAMA_UNOR, ID_ATASAN, or SIASN's own
DIATASAN_ID) builds the unit tree: units matched by their SIASN id, created, renamed
and moved, never deleted; all or nothing, every bad row named."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from people.imports import read_unit_sheet
from people.models import WorkUnit
from people.services import UNIT_TREE_REASON, import_unit_tree
from people.tests.factories import WorkUnitFactory

pytestmark = pytest.mark.django_db

HEADER = ["ID", "NAMA_UNOR", "ID_ATASAN"]
DINKES, BIDANG, SEKSI, SEKRETARIAT, SUBBAG, KESGA = (
    "8ae48288aaaa00010000000000000001",
    "8ae48288aaaa00010000000000000002",
    "8ae48288aaaa00010000000000000003",
    "8ae48288aaaa00010000000000000004",
    "8ae48288aaaa00010000000000000005",
    "8ae48288aaaa00010000000000000006",
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _xlsx(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rows(content):
    return read_unit_sheet(io.BytesIO(content), "xlsx").rows


def _first_download(org):
    return [
        (DINKES, org["unit"].name, ""),
        (BIDANG, "Bidang Pelayanan Kesehatan", DINKES),
        (SEKSI, "Seksi Pelayanan Kesehatan Primer", BIDANG),
        (SEKRETARIAT, "Sekretariat", DINKES),
        (SUBBAG, "Subbagian Umum dan Kepegawaian", SEKRETARIAT),
    ]


def _unit(siasn_id):
    return WorkUnit.objects.get(siasn_id=siasn_id)


def test_hierarchy_download_builds_then_updates_the_tree(org):
    agency, actor = org["agency"], org["hr"].user
    result = import_unit_tree(
        agency=agency,
        rows=_rows(_xlsx(_first_download(org))),
        dry_run=False,
        actor=actor,
    )
    assert result.errors == []
    assert (result.created, result.linked, result.renamed, result.moved) == (
        4,
        1,
        0,
        0,
    )
    assert result.unchanged == 0
    dinkes = _unit(DINKES)
    assert dinkes == org["unit"]  # the existing unit, linked by its exact name
    assert _unit(SEKSI).lineage() == [dinkes, _unit(BIDANG), _unit(SEKSI)]
    assert _unit(SUBBAG).parent == _unit(SEKRETARIAT)
    assert _unit(BIDANG).code == BIDANG
    record = _unit(BIDANG).history.first()
    assert record.history_change_reason == UNIT_TREE_REASON == "Unduhan SIASN"
    assert record.history_user == actor

    # A unit HR made by hand under Bidang; the download does not know it.
    hand_made = WorkUnitFactory(
        agency=agency, parent=_unit(BIDANG), name="Gudang Farmasi", code="a-GF"
    )
    changed = [
        (DINKES, org["unit"].name, ""),
        (BIDANG, "Bidang Pelayanan Kesehatan", SEKRETARIAT),  # moved
        (SEKSI, "Seksi Pelayanan Kesehatan Dasar", BIDANG),  # renamed
        (SEKRETARIAT, "Sekretariat", DINKES),
        (SUBBAG, "Subbagian Umum dan Kepegawaian", SEKRETARIAT),
        (KESGA, "Seksi Kesehatan Keluarga", BIDANG),  # new
    ]
    before = WorkUnit.objects.count()
    result = import_unit_tree(
        agency=agency,
        rows=_rows(_xlsx(changed, header=["ID", "NAMA_UNOR", "DIATASAN_ID"])),
        dry_run=False,
        actor=actor,
    )
    assert result.errors == []
    assert (result.created, result.renamed, result.moved, result.unchanged) == (
        1,
        1,
        1,
        3,
    )
    assert WorkUnit.objects.count() == before + 1
    seksi = _unit(SEKSI)
    assert seksi.name == "Seksi Pelayanan Kesehatan Dasar"
    assert [u.pk for u in seksi.lineage()] == [
        dinkes.pk,
        _unit(SEKRETARIAT).pk,
        _unit(BIDANG).pk,
        seksi.pk,
    ]
    hand_made.refresh_from_db()  # moved along with Bidang, not deleted
    assert hand_made.path.startswith(_unit(BIDANG).path)
    assert _unit(KESGA).path.startswith(_unit(BIDANG).path)


def test_bad_rows_are_all_named_and_nothing_changes(org):
    rows = [
        ("A", "Unit A", ""),  # 2
        ("B", "Unit B", "ZZZ"),  # 3 unknown parent
        ("C", "Unit C", "D"),  # 4 loop
        ("D", "Unit D", "C"),  # 5 loop
        ("A", "Unit A2", ""),  # 6 duplicate id
        ("E", "Unit A", "A"),  # 7 duplicate name
        ("F", "Unit F", "F"),  # 8 own parent
    ]
    before = WorkUnit.objects.count()
    result = import_unit_tree(
        agency=org["agency"], rows=_rows(_xlsx(rows)), dry_run=False, actor=None
    )
    assert not result.applied
    assert WorkUnit.objects.count() == before
    reasons = {r.number: r.messages for r in result.errors}
    assert reasons == {
        3: [
            "ID atasan ZZZ tidak ditemukan, baik di berkas ini maupun di unit "
            "kerja instansi."
        ],
        4: ["Rantai unit induk berputar: C → D → C."],
        5: ["Rantai unit induk berputar: D → C → D."],
        6: ["ID A ganda: sudah ada di baris 2."],
        7: ["Nama unit 'Unit A' ganda: sudah ada di baris 2."],
        8: ["Unit tidak dapat menjadi induknya sendiri."],
    }


def test_an_unlinked_unit_of_the_same_name_is_linked_a_linked_one_clashes(org):
    WorkUnitFactory(agency=org["agency"], name="Bagian Umum", code="a-UMUM")
    WorkUnitFactory(
        agency=org["agency"], name="Bagian Hukum", code="a-HUKUM", siasn_id="H1"
    )
    result = import_unit_tree(
        agency=org["agency"],
        rows=_rows(_xlsx([("X1", "Bagian Umum", ""), ("X2", "Bagian Hukum", "")])),
        dry_run=True,
        actor=None,
    )
    assert {r.number: r.messages for r in result.errors} == {
        3: ["Nama 'Bagian Hukum' sudah dipakai unit kerja lain (kode a-HUKUM)."]
    }
    result = import_unit_tree(
        agency=org["agency"],
        rows=_rows(_xlsx([("X1", "Bagian Umum", "")])),
        dry_run=True,
        actor=None,
    )
    assert (result.errors, result.linked, result.created) == ([], 1, 0)


def test_hr_loads_the_hierarchy_through_the_upload(login, org):
    client = login(org["hr"])
    upload = SimpleUploadedFile(
        "unor.xlsx",
        _xlsx(_first_download(org)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    preview = client.post(reverse("people:unit_import"), {"file": upload})
    assert preview.status_code == 200
    assert preview.context["result"].created == 4
    confirmed = client.post(
        reverse("people:unit_import_confirm"),
        {"token": preview.context["confirm_id"]},
    )
    assert confirmed.status_code == 302
    assert _unit(SEKSI).parent == _unit(BIDANG)
    # The preview is spent: a second confirmation changes nothing.
    again = client.post(
        reverse("people:unit_import_confirm"),
        {"token": preview.context["confirm_id"]},
    )
    assert again.status_code == 302
    assert WorkUnit.objects.filter(agency=org["agency"]).count() == 5


def test_a_hierarchy_with_bad_rows_shows_them_in_the_preview(login, org):
    client = login(org["hr"])
    upload = SimpleUploadedFile(
        "unor.csv", b"ID;NAMA_UNOR;ID_ATASAN\nX;Unit X;NOPE\n", content_type="text/csv"
    )
    preview = client.post(reverse("people:unit_import"), {"file": upload})
    assert preview.context["confirm_id"] is None
    assert "NOPE" in preview.content.decode()
