"""The back office for HR staff shows and offers only their own agency's rows."""

import pytest
from django.urls import reverse

from people.models import Employee
from people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client, org):
    user = org["hr"].user
    user.is_staff = True
    user.save()
    client.force_login(user)
    return client


def _employee_form(org, **overrides):
    data = {
        "agency": org["agency"].pk,
        "unit": org["unit"].pk,
        "nip": "198702142011012003",
        "name": "Pegawai Baru",
        "status": "PNS",
        "golongan": "III/a",
        "jabatan_type": "pelaksana",
        "jabatan_name": "Pengelola Data",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_hr_has_model_permissions_from_the_group(org):
    user = org["hr"].user
    assert user.has_perm("people.change_employee")
    assert user.has_perm("people.add_holiday")
    assert not user.has_perm("people.delete_employee")


def test_hr_sees_only_own_agency_in_lists(hr_client, org, other_org):
    response = hr_client.get(reverse("admin:people_employee_changelist"))
    assert response.status_code == 200
    shown = set(response.context["cl"].queryset.values_list("agency_id", flat=True))
    assert shown == {org["agency"].pk}
    units = hr_client.get(reverse("admin:people_workunit_changelist"))
    assert other_org["unit"].name not in units.content.decode()
    agencies = hr_client.get(reverse("admin:people_agency_changelist"))
    assert list(agencies.context["cl"].queryset) == [org["agency"]]


def test_hr_cannot_open_another_agencys_employee_or_its_history(hr_client, other_org):
    pk = other_org["member"].pk
    change = hr_client.get(reverse("admin:people_employee_change", args=[pk]))
    assert change.status_code == 302  # the admin's "does not exist" redirect
    history = hr_client.get(reverse("admin:people_employee_history", args=[pk]))
    assert history.status_code == 404
    record = other_org["member"].history.first()
    revert = hr_client.get(
        reverse("admin:people_employee_simple_history", args=[pk, record.pk])
    )
    assert revert.status_code == 404
    agency = hr_client.get(
        reverse("admin:people_agency_history", args=[other_org["agency"].pk])
    )
    assert agency.status_code == 404


def test_hr_form_offers_only_own_units_supervisors_and_accounts(
    hr_client, org, other_org
):
    response = hr_client.get(reverse("admin:people_employee_add"))
    form = response.context["adminform"].form
    assert set(form.fields["unit"].queryset) == {org["unit"]}
    assert set(form.fields["agency"].queryset) == {org["agency"]}
    supervisors = set(form.fields["supervisor"].queryset)
    assert other_org["supervisor"] not in supervisors
    assert org["supervisor"] in supervisors
    users = set(form.fields["user"].queryset)
    assert other_org["member"].user not in users
    assert not any(user.is_superuser for user in users)


def test_hr_cannot_save_another_agencys_unit_or_supervisor(hr_client, org, other_org):
    url = reverse("admin:people_employee_add")
    foreign_unit = hr_client.post(url, _employee_form(org, unit=other_org["unit"].pk))
    assert foreign_unit.status_code == 200
    assert "unit" in foreign_unit.context["adminform"].form.errors
    foreign_boss = hr_client.post(
        url, _employee_form(org, supervisor=other_org["supervisor"].pk)
    )
    assert "supervisor" in foreign_boss.context["adminform"].form.errors
    foreign_agency = hr_client.post(
        url, _employee_form(org, agency=other_org["agency"].pk)
    )
    assert "agency" in foreign_agency.context["adminform"].form.errors
    assert not Employee.objects.filter(nip="198702142011012003").exists()


def test_hr_can_add_an_employee_in_own_agency(hr_client, org):
    response = hr_client.post(
        reverse("admin:people_employee_add"),
        _employee_form(org, supervisor=org["supervisor"].pk),
    )
    assert response.status_code == 302
    created = Employee.objects.get(nip="198702142011012003")
    assert created.agency == org["agency"]
    assert created.history.get().history_user == org["hr"].user


def test_staff_without_people_permissions_sees_no_people_admin(client, org):
    user = UserFactory(username="staff-only")
    user.is_staff = True
    user.save()
    client.force_login(user)
    response = client.get(reverse("admin:people_employee_changelist"))
    assert response.status_code == 403


def test_asn_is_kept_out_of_the_admin(client, org):
    client.force_login(org["member"].user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
