"""The employee picker: a search that finds by part of the name or by NIP, in scope,
at most 20, and a field that resolves what is typed inside its own queryset."""

import pytest
from django import forms
from django.urls import reverse

from people.models import Employee
from people.pickers import PICKER_LIMIT, EmployeePickerField, picker_label
from people.tests.factories import EmployeeFactory
from tests.query_pins import assert_constant_queries

pytestmark = pytest.mark.django_db


def _search(client, text):
    response = client.get(reverse("people:employee_search"), {"q": text})
    assert response.status_code == 200
    return [item["label"] for item in response.json()["results"]]


def test_finds_by_part_of_the_name_and_by_nip_within_the_agency(client, org, other_org):
    rina = EmployeeFactory(
        agency=org["agency"], unit=org["unit"], name="Zuhrina Qorsiregar"
    )
    EmployeeFactory(
        agency=other_org["agency"], unit=other_org["unit"], name="Zuhrina Lubis"
    )
    client.force_login(org["hr"].user)

    assert _search(client, "qorSIREG") == [picker_label(rina)]
    assert _search(client, rina.nip[:10]) == [picker_label(rina)]
    assert _search(client, "Zuhrina") == [picker_label(rina)]  # not the other agency's
    assert _search(client, "r") == []  # two characters at least


def test_an_asn_without_a_team_finds_no_colleague_of_another_unit(client, org):
    EmployeeFactory(agency=org["agency"], unit=org["unit"], name="Zuhrina Qorsiregar")
    client.force_login(org["supervisor"].user)
    assert _search(client, "Zuhrina") == []  # not in the supervisor's team
    assert _search(client, org["member"].name[:6]) == [picker_label(org["member"])]


def test_at_most_twenty_suggestions_in_constant_queries(client, org):
    EmployeeFactory.create_batch(
        3, agency=org["agency"], unit=org["unit"], name="Pegawai Qsamaq"
    )
    client.force_login(org["hr"].user)
    url = reverse("people:employee_search") + "?q=Qsamaq"
    assert_constant_queries(
        client,
        url,
        grow=lambda: EmployeeFactory.create_batch(
            30, agency=org["agency"], unit=org["unit"], name="Pegawai Qsamaq"
        ),
        ceiling=6,
    )
    assert len(_search(client, "Qsamaq")) == PICKER_LIMIT


class _Form(forms.Form):
    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"] = EmployeePickerField(employees)


def test_the_field_takes_a_picked_label_a_nip_or_a_unique_name(org):
    rina = EmployeeFactory(
        agency=org["agency"], unit=org["unit"], name="Zuhrina Qorsiregar"
    )
    employees = Employee.objects.filter(agency=org["agency"])
    for typed in (picker_label(rina), rina.nip, "zuhrina qorsireg"):
        form = _Form({"employee": typed}, employees=employees)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["employee"] == rina


def test_several_matches_come_back_as_suggestions_and_other_scopes_are_refused(
    org, other_org
):
    EmployeeFactory.create_batch(
        2, agency=org["agency"], unit=org["unit"], name="Budi Qwertyuiop"
    )
    employees = Employee.objects.filter(agency=org["agency"])
    form = _Form({"employee": "Qwertyuiop"}, employees=employees)
    assert not form.is_valid()
    assert "2 pegawai cocok" in form.errors["employee"][0]
    assert form["employee"].as_widget().count("<option") == 2

    stranger = other_org["member"]
    form = _Form({"employee": stranger.nip}, employees=employees)
    assert not form.is_valid()
    assert "Tidak ada pegawai yang cocok" in form.errors["employee"][0]


def test_typed_digits_come_back_as_typed_and_a_disabled_field_keeps_its_employee(org):
    rina = EmployeeFactory(agency=org["agency"], unit=org["unit"], name="Rina Siregar")
    employees = Employee.objects.filter(agency=org["agency"])
    # A part of an NIP is not a pk: it is shown back, not turned into someone.
    form = _Form({"employee": str(rina.pk)}, employees=employees)
    assert not form.is_valid()
    assert f'value="{rina.pk}"' in str(form["employee"])

    form = _Form({}, employees=employees, initial={"employee": rina.pk})
    form.fields["employee"].disabled = True
    assert form.is_valid(), form.errors
    assert form.cleaned_data["employee"] == rina
