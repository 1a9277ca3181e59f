"""Potentials entered in bulk: an Excel import with an all-or-nothing preview, and a
grid of one unit's employees. Nothing is saved while one row is wrong."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from evaluations import services
from evaluations.models import PotentialAssessment

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _upload(rows, header=("NIP", "NILAI POTENSIAL", "CATATAN")):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("potensial.xlsx", buffer.getvalue())


def test_one_bad_row_lists_every_bad_row_and_saves_nothing(login, org, other_org):
    member, outsider = org["member"], org["outsider"]
    response = login(org["hr"]).post(
        reverse("evaluations:potential_import"),
        {
            "year": YEAR,
            "file": _upload(
                [
                    (member.nip, 80, "Siap promosi"),
                    (outsider.nip, 120, ""),
                    ("199912312020121999", 50, ""),
                    (member.nip, 70, ""),
                    (other_org["member"].nip, 60, ""),
                ]
            ),
        },
    )
    errors = dict(response.context["errors"])
    assert sorted(errors) == [3, 4, 5, 6]
    assert "0–100" in errors[3]
    assert "bukan pegawai aktif" in errors[4]
    assert "sudah ada di baris 2" in errors[5]
    assert "bukan pegawai aktif" in errors[6]  # another agency's NIP
    assert not PotentialAssessment.objects.exists()


def test_the_preview_is_confirmed_and_every_row_saved(login, org):
    member, outsider = org["member"], org["outsider"]
    services.record_potential(employee=member, user=org["hr"].user, year=YEAR, score=40)
    client = login(org["hr"])
    preview = client.post(
        reverse("evaluations:potential_import"),
        {"year": YEAR, "file": _upload([(member.nip, 90, "Naik"), (outsider.nip, 30)])},
    )
    assert preview.context["count"] == 2
    assert 'data-testid="import-preview"' in preview.content.decode()
    assert PotentialAssessment.objects.get(employee=member).score == 40  # not yet
    response = client.post(
        reverse("evaluations:potential_import"),
        {"payload": preview.context["payload"]},
        follow=True,
    )
    assert "2 nilai potensial disimpan" in response.content.decode()
    saved = {p.employee_id: p for p in PotentialAssessment.objects.filter(year=YEAR)}
    assert (saved[member.pk].score, saved[member.pk].notes) == (90, "Naik")
    assert saved[member.pk].level == "tinggi"
    assert saved[outsider.pk].score == 30


def test_a_tampered_or_foreign_preview_saves_nothing(login, org, other_org):
    preview = login(other_org["hr"]).post(
        reverse("evaluations:potential_import"),
        {"year": YEAR, "file": _upload([(other_org["member"].nip, 90)])},
    )
    payload = preview.context["payload"]
    client = login(org["hr"])
    for forged in (payload, payload[:-2] + "xx"):
        client.post(reverse("evaluations:potential_import"), {"payload": forged})
    assert not PotentialAssessment.objects.exists()


def test_the_unit_grid_saves_all_or_nothing(login, org):
    member, supervisor = org["member"], org["supervisor"]
    services.record_potential(
        employee=supervisor, user=org["hr"].user, year=YEAR, score=55
    )
    client = login(org["hr"])
    url = reverse("evaluations:potential_grid") + f"?unit={org['unit'].pk}&tahun={YEAR}"
    page = client.get(url)
    names = [
        employee.name for employee, _current, _field in page.context["form"].grid()
    ]
    assert member.name in names
    assert supervisor.name in names
    bad = client.post(
        url, {f"score_{member.pk}": "75", f"score_{supervisor.pk}": "150"}
    )
    assert bad.context["form"].errors
    assert not PotentialAssessment.objects.filter(employee=member).exists()
    client.post(url, {f"score_{member.pk}": "75", f"score_{supervisor.pk}": ""})
    assert PotentialAssessment.objects.get(employee=member).score == 75
    assert PotentialAssessment.objects.get(employee=supervisor).score == 55  # kept


def test_the_grid_offers_only_the_agencys_units(login, org, other_org):
    url = reverse("evaluations:potential_grid")
    client = login(org["hr"])
    foreign = client.get(url + f"?unit={other_org['unit'].pk}&tahun={YEAR}")
    assert "unit" in foreign.context["chooser"].errors
    assert "form" not in foreign.context
