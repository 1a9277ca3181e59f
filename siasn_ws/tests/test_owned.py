"""SIASN-owned data (issue #26): HR choose, on the agency's SIASN settings page,
which data SIASN owns; the pull applies SIASN's value of those at once, with the
source in the history, and only the rest waits in the preview for HR."""

import pytest
from django.urls import reverse
from django.utils import timezone

from people.models import Employee, PendingImport
from people.services import unpacked
from siasn_ws.models import SiasnConnection
from siasn_ws.tasks import pull_from_siasn_task
from siasn_ws.tests.test_pull import _due, _siasn_says

pytestmark = pytest.mark.django_db


def _owned(connection, *groups):
    connection.owned = list(groups)
    connection.save()


def _preview():
    return PendingImport.objects.filter(user__isnull=True).first()


def test_hr_choose_the_data_siasn_owns_on_the_settings_page(org, pulling, login):
    client = login(org["hr"])
    page = client.get(reverse("siasn_ws:sync_settings"))
    assert page.status_code == 200
    assert "Golongan dan TMT golongan" in page.content.decode()

    response = client.post(
        reverse("siasn_ws:sync_settings"),
        {"pull_enabled": "on", "owned": ["golongan", "unit"]},
    )

    assert response.status_code == 302
    pulling.refresh_from_db()
    assert pulling.owned == ["golongan", "unit"]
    assert pulling.pull_enabled
    outbox = client.get(reverse("siasn_ws:outbox")).content.decode()
    assert "Golongan dan TMT golongan, Unit kerja" in outbox


def test_an_unknown_choice_is_refused_at_the_field(org, pulling, login):
    response = login(org["hr"]).post(
        reverse("siasn_ws:sync_settings"), {"owned": ["nip"]}
    )

    assert response.status_code == 200
    assert "nip" in response.context["form"].errors["owned"][0]
    pulling.refresh_from_db()
    assert pulling.owned == []


def test_hr_of_an_agency_without_the_web_service_get_no_form(
    org, other_org, pulling, login
):
    page = login(other_org["hr"]).get(reverse("siasn_ws:sync_settings"))
    login(other_org["hr"]).post(
        reverse("siasn_ws:sync_settings"), {"owned": ["golongan"]}
    )

    assert 'data-testid="siasn-off"' in page.content.decode()
    assert page.context["form"] is None
    assert SiasnConnection.objects.get().owned == []


def test_owned_data_is_applied_at_once_and_the_rest_waits_for_hr(
    org, pulling, fake_siasn
):
    _owned(pulling, "golongan")
    _siasn_says(
        fake_siasn, org["member"], golRuangAkhir="III/b", tmtGolAkhir="01-04-2026"
    )
    _siasn_says(fake_siasn, org["outsider"], jabatanNama="Analis Kepegawaian")

    pull_from_siasn_task.apply()

    member = Employee.objects.get(pk=org["member"].pk)
    assert (member.golongan, member.tmt_golongan.isoformat()) == ("III/b", "2026-04-01")
    day = timezone.localdate().strftime("%d-%m-%Y")
    assert (
        member.history.first().history_change_reason
        == f"Layanan web SIASN {day} (data milik SIASN)"
    )
    preview = unpacked(_preview().preview)
    assert [change["nip"] for change in preview["changes"]] == [org["outsider"].nip]
    assert preview["counts"]["golongan"] == 0
    assert Employee.objects.get(pk=org["outsider"].pk).jabatan_name != (
        "Analis Kepegawaian"
    )
    pulling.refresh_from_db()
    assert pulling.pull_applied == 1


def test_when_siasn_owns_every_change_no_preview_waits(org, pulling, fake_siasn):
    _owned(pulling, "golongan", "jabatan", "unit", "kedudukan")
    _siasn_says(fake_siasn, org["member"], golRuangAkhir="III/b")
    _siasn_says(fake_siasn, org["outsider"], kedudukanPnsNama="Tugas Belajar")

    pull_from_siasn_task.apply()

    assert _preview() is None
    assert Employee.objects.get(pk=org["outsider"].pk).legal_status == "Tugas Belajar"
    history = Employee.objects.get(pk=org["member"].pk).history.count()

    _due()
    pull_from_siasn_task.apply()  # nothing new: nothing written

    assert Employee.objects.get(pk=org["member"].pk).history.count() == history
    pulling.refresh_from_db()
    assert pulling.pull_applied == 0


def test_an_employee_whose_status_changes_waits_whole_for_hr(org, pulling, fake_siasn):
    _owned(pulling, "golongan")
    _siasn_says(
        fake_siasn,
        org["member"],
        jenisPegawaiNama="PPPK Daerah Kab./Kota yang bekerja pada Kab./Kota",
        kedudukanPnsNama="PPPK Aktif",
        golRuangAkhir="IX",
    )

    pull_from_siasn_task.apply()

    member = Employee.objects.get(pk=org["member"].pk)
    assert (member.status, member.golongan) == ("PNS", "III/a")
    [change] = unpacked(_preview().preview)["changes"]
    assert "status" in change["kinds"]
    assert "golongan" in change["kinds"]


def test_an_employee_left_out_of_the_pull_changes_in_nothing(org, pulling, fake_siasn):
    _owned(pulling, "golongan", "jabatan")
    _siasn_says(
        fake_siasn,
        org["outsider"],
        golRuangAkhir="III/c",
        jenisJabatan="Jabatan Fungsional",
        jabatanNama="Pranata Komputer",  # no level: the mapping refuses the row
    )

    pull_from_siasn_task.apply()

    assert Employee.objects.get(pk=org["outsider"].pk).golongan == "III/a"
    [(nip, _name, _reasons)] = unpacked(_preview().preview)["skipped"]
    assert nip == org["outsider"].nip
