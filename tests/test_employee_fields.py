"""No page puts the agency's employees into a select (issue #13): every employee
field is the picker, so a form page is as large with 20,000 ASN as with ten, and a
name that matches several comes back with them as suggestions, without JavaScript."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from feedback.tests.factories import ComplaintFactory, ServiceUnitFactory
from mentoring.tests.factories import ProgramFactory
from people.models import Employee
from people.pickers import EmployeeListField, EmployeePickerField, picker_label
from people.tests.factories import EmployeeFactory
from training.tests.factories import session_for

MAX_PAGE_BYTES = 300 * 1024
GROWTH = 190  # employees added between the two measurements


def _product_form_classes():
    """Every form class defined in a project app's `forms` module or package."""
    for app in apps.get_app_configs():
        if not app.path.startswith(str(settings.BASE_DIR)) or ".venv" in app.path:
            continue
        try:
            package = importlib.import_module(f"{app.name}.forms")
        except ModuleNotFoundError:
            continue
        modules = [package]
        for info in pkgutil.iter_modules(getattr(package, "__path__", [])):
            modules.append(importlib.import_module(f"{package.__name__}.{info.name}"))
        for module in modules:
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if (
                    issubclass(cls, forms.BaseForm)
                    and cls.__module__ == module.__name__
                ):
                    yield cls


def _is_employee_select(field) -> bool:
    if isinstance(field, EmployeePickerField | EmployeeListField):
        return False
    if not isinstance(field, forms.ModelChoiceField):
        return False
    queryset = field.queryset
    # A form that sets the queryset in __init__ names it by label or field only;
    # the model field it comes from tells which model it chooses.
    if queryset is not None:
        return queryset.model is Employee
    return False


def test_no_product_form_selects_from_all_employees():
    found = []
    for cls in _product_form_classes():
        assert cls.__module__  # the walk reached the forms modules
        for name, field in cls.base_fields.items():
            if _is_employee_select(field):
                found.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert found == [], "use people.pickers.EmployeePickerField: " + ", ".join(found)


def test_the_walk_finds_the_forms_with_employee_fields():
    names = {cls.__name__ for cls in _product_form_classes()}
    assert {
        "PairForm",
        "SuggestForm",
        "MentorProfileForm",
        "AssignForm",
        "ServiceUnitForm",
        "PotentialForm",
        "InternshipForm",
        "NominateForm",
        "EmployeeForm",
    } <= names


@pytest.mark.django_db
def test_employee_form_pages_do_not_grow_with_the_agency(client, org):
    service_unit = ServiceUnitFactory(work_unit=org["unit"])
    complaint = ComplaintFactory(service_unit=service_unit, status="verifikasi")
    program = ProgramFactory(agency=org["agency"])
    session = session_for(org)
    pages = {
        "pair form": reverse("mentoring:pair_create", args=[program.pk])
        + f"?mentee={org['member'].nip}",
        "complaint assign": reverse("feedback:complaint_detail", args=[complaint.pk]),
        "service unit": reverse("feedback:unit_edit", args=[service_unit.pk]),
        "potentials": reverse("evaluations:potential_list"),
        "internship form": reverse("training:internship_create"),
        "session nominate": reverse("training:session_detail", args=[session.pk]),
        "mentor profile": reverse("mentoring:mentor_create"),
    }
    client.force_login(org["hr"].user)

    def sizes():
        measured = {}
        for page, url in pages.items():
            response = client.get(url)
            assert response.status_code == 200, page
            html = response.content.decode()
            assert "data-employee-picker" in html, page
            measured[page] = len(response.content)
        return measured

    before = sizes()
    EmployeeFactory.create_batch(GROWTH, agency=org["agency"], unit=org["unit"])
    after = sizes()
    for page in pages:
        assert after[page] < MAX_PAGE_BYTES, page
        # Not a byte per employee: an option would be ~60 bytes each.
        assert abs(after[page] - before[page]) < GROWTH, (page, before, after)


@pytest.mark.django_db
def test_a_name_of_several_comes_back_with_them_as_suggestions(client, org):
    twins = EmployeeFactory.create_batch(
        2, agency=org["agency"], unit=org["unit"], name="Budi Kembar"
    )
    service_unit = ServiceUnitFactory(work_unit=org["unit"])
    complaint = ComplaintFactory(service_unit=service_unit, status="verifikasi")
    session = session_for(org)
    client.force_login(org["hr"].user)
    for url, field in (
        (reverse("feedback:complaint_assign", args=[complaint.pk]), "assignee"),
        (reverse("training:session_nominate", args=[session.pk]), "employee"),
    ):
        response = client.post(url, {field: "Budi Kemb"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "2 pegawai cocok" in html
        for twin in twins:
            assert f'<option value="{picker_label(twin)}">' in html
        assert 'value="Budi Kemb"' in html  # what was typed stays


@pytest.mark.django_db
def test_service_unit_staff_are_one_a_line_in_scope(client, org, other_org):
    service_unit = ServiceUnitFactory(work_unit=org["unit"])
    EmployeeFactory.create_batch(
        2, agency=org["agency"], unit=org["unit"], name="Budi Kembar"
    )
    client.force_login(org["hr"].user)
    url = reverse("feedback:unit_edit", args=[service_unit.pk])
    data = {
        "work_unit": org["unit"].pk,
        "name": service_unit.name,
        "slug": service_unit.slug,
        "service_users_per_year": "100",
        "is_active": "on",
    }
    refused = client.post(
        url,
        {
            **data,
            "staff": f"{org['member'].nip}\n{other_org['member'].nip}\nBudi Kemb",
        },
    )
    assert refused.status_code == 200
    errors = refused.context["form"].errors["staff"]
    assert any(other_org["member"].nip in e for e in errors)  # not found here
    assert any("2 pegawai cocok" in e for e in errors)
    assert not service_unit.staff.exists()

    saved = client.post(
        url, {**data, "staff": f"{picker_label(org['member'])}\n{org['leader'].nip}"}
    )
    assert saved.status_code == 302, saved.context["form"].errors
    assert set(service_unit.staff.all()) == {org["member"], org["leader"]}
    page = client.get(url).content.decode()
    assert picker_label(org["leader"]) in page
