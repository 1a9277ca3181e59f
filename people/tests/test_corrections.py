"""HR corrects what was typed wrong in the product itself, not in /admin/: an
employee's profile and the organisation tree, each change kept in the history with
who and why."""

import pytest
from django.urls import reverse

from people.models import Employee, WorkUnit
from people.pickers import picker_label
from people.tests.factories import EmployeeFactory, WorkUnitFactory

pytestmark = pytest.mark.django_db


def _profile_data(employee, **changes):
    data = {
        "front_title": employee.front_title,
        "name": employee.name,
        "back_title": employee.back_title,
        "status": employee.status,
        "golongan": employee.golongan,
        "pppk_grade": employee.pppk_grade or "",
        "jabatan_type": employee.jabatan_type,
        "jabatan_name": employee.jabatan_name,
        "unit": employee.unit_id,
        "supervisor": picker_label(employee.supervisor) if employee.supervisor else "",
        "email": employee.email,
        "phone": employee.phone,
        "reason": "Salah ketik saat impor",
    }
    return {**data, **changes}


def test_hr_corrects_a_profile_and_the_history_says_who_and_why(client, org):
    member = org["member"]
    client.force_login(org["hr"].user)
    url = reverse("people:employee_edit", args=[member.pk])
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        _profile_data(
            member, name="Rina Siregar", supervisor=org["leader"].nip, golongan="III/b"
        ),
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.name == "Rina Siregar"
    assert member.supervisor == org["leader"]
    assert member.golongan == "III/b"
    latest = member.history.latest()
    assert latest.history_change_reason == "Salah ketik saat impor"
    assert latest.history_user == org["hr"].user
    history = client.get(reverse("people:employee_history", args=[member.pk]))
    assert "Salah ketik saat impor" in history.content.decode()


def test_a_correction_needs_a_reason_and_refuses_a_circle_of_supervisors(client, org):
    supervisor, member = org["supervisor"], org["member"]
    client.force_login(org["hr"].user)
    url = reverse("people:employee_edit", args=[supervisor.pk])

    no_reason = client.post(url, _profile_data(supervisor, reason=""))
    assert "reason" in no_reason.context["form"].errors

    circle = client.post(url, _profile_data(supervisor, supervisor=member.nip))
    assert "melingkar" in circle.context["form"].errors["supervisor"][0]
    supervisor.refresh_from_db()
    assert supervisor.supervisor is None


def test_another_agencys_unit_or_supervisor_is_refused_on_save(client, org, other_org):
    member = org["member"]
    client.force_login(org["hr"].user)
    url = reverse("people:employee_edit", args=[member.pk])

    response = client.post(
        url,
        _profile_data(
            member, unit=other_org["unit"].pk, supervisor=other_org["supervisor"].nip
        ),
    )

    errors = response.context["form"].errors
    assert "unit" in errors
    assert "supervisor" in errors
    member.refresh_from_db()
    assert member.unit == org["unit"]


def test_hr_builds_and_moves_units_in_the_tree(client, org):
    client.force_login(org["hr"].user)
    created = client.post(
        reverse("people:unit_create"),
        {
            "name": "Bidang Pelayanan",
            "code": "BP",
            "parent": org["unit"].pk,
            "reason": "Unit baru sesuai perda",
        },
    )
    assert created.status_code == 302
    bidang = WorkUnit.objects.get(agency=org["agency"], code="BP")
    seksi = WorkUnitFactory(agency=org["agency"], parent=bidang, name="Seksi A")
    EmployeeFactory(agency=org["agency"], unit=seksi)
    other_top = WorkUnitFactory(agency=org["agency"], name="Dinas Sosial")

    moved = client.post(
        reverse("people:unit_edit", args=[bidang.pk]),
        {
            "name": "Bidang Layanan",
            "code": "BP",
            "parent": other_top.pk,
            "reason": "Pindah ke Dinas Sosial",
        },
    )

    assert moved.status_code == 302
    seksi.refresh_from_db()
    assert seksi.path.startswith(other_top.path)  # the sub-units moved along
    assert WorkUnit.objects.get(pk=bidang.pk).name == "Bidang Layanan"
    assert bidang.history.latest().history_change_reason == "Pindah ke Dinas Sosial"
    listing = client.get(reverse("people:unit_list")).content.decode()
    assert "Bidang Layanan" in listing


def test_a_unit_cannot_move_below_itself_nor_into_another_agency(
    client, org, other_org
):
    seksi = WorkUnitFactory(agency=org["agency"], parent=org["unit"])
    client.force_login(org["hr"].user)
    url = reverse("people:unit_edit", args=[org["unit"].pk])
    for parent in (seksi, other_org["unit"]):
        response = client.post(
            url,
            {
                "name": org["unit"].name,
                "code": org["unit"].code,
                "parent": parent.pk,
                "reason": "Uji",
            },
        )
        assert "parent" in response.context["form"].errors
    assert (
        client.get(reverse("people:unit_edit", args=[other_org["unit"].pk])).status_code
        == 404
    )
    assert Employee.objects.filter(unit=org["unit"]).exists()
