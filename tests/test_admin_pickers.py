"""The back office at 20,000 ASN: no admin form or inline puts an agency's employees,
units, accounts or per-person records (assessments, enrolments, SKP plans, sessions)
into a select (issue #13): one such select weighed 9.9 MB at the large demo. Each
relation to them is an autocomplete (employees by name or NIP, units by name or
code, scoped to the user's agency) or a raw id; the autocomplete answers an agency's
HR with their own agency's rows only."""

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import (
    AutocompleteMixin,
    ForeignKeyRawIdWidget,
    ManyToManyRawIdWidget,
    RelatedFieldWidgetWrapper,
)
from django.contrib.auth import get_user_model
from django.forms import ModelChoiceField
from django.test import RequestFactory
from django.urls import reverse

from people.admin import grows_with_the_agency
from people.models import Employee, WorkUnit
from people.tests.factories import EmployeeFactory, WorkUnitFactory

SEARCHED = (AutocompleteMixin, ForeignKeyRawIdWidget, ManyToManyRawIdWidget)

REGISTERED = sorted(admin.site._registry.items(), key=lambda kv: kv[0]._meta.label)


def _superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return request


def _forms(model_admin, request):
    """(label, form class) of the admin's form and of each of its inlines' forms,
    whether or not the user may add there: a read-only admin that becomes editable
    one day is checked already."""
    yield model_admin.model._meta.label, model_admin.get_form(request), None
    for inline_class in model_admin.inlines:
        inline = inline_class(model_admin.model, model_admin.admin_site)
        label = f"{model_admin.model._meta.label} › {inline.model._meta.label}"
        formset = inline.get_formset(request)
        # The key to the parent row is filled in by the formset, never shown.
        yield label, formset.form, formset.fk.name


def _widget(field):
    widget = field.widget
    return widget.widget if isinstance(widget, RelatedFieldWidgetWrapper) else widget


def _plain_selects():
    request = _superuser_request()
    found, checked = [], []
    for _model, model_admin in REGISTERED:
        for label, form_class, parent_key in _forms(model_admin, request):
            for name, field in form_class.base_fields.items():
                if not isinstance(field, ModelChoiceField) or name == parent_key:
                    continue
                if not grows_with_the_agency(field.queryset.model):
                    continue
                checked.append(f"{label}.{name}")
                if not isinstance(_widget(field), SEARCHED):
                    found.append(f"{label}.{name} ({type(_widget(field)).__name__})")
    return found, checked


def test_no_admin_form_or_inline_selects_from_a_list_that_grows_with_the_agency():
    found, checked = _plain_selects()
    assert found == [], "a select of every row: " + ", ".join(found)
    # The walk reached the relations it is about, inlines included.
    assert {
        "people.Employee.supervisor",
        "people.Employee.unit",
        "people.Employee.user",
        "people.Delegation.delegate",
        "feedback.ServiceUnit.staff",
        "feedback.ServiceUnit.work_unit",
        "training.PlannedProgram › training.UnitQuota.unit",
        "mentoring.Pair.mentee",
        "evaluations.FollowUp.assessment",
        "evaluations.FeedbackNote.work_result",
        "training.Attendance.enrolment",
        "training.Enrolment.session",
    } <= set(checked)


def test_configuration_an_agency_keeps_few_of_stays_a_select():
    from mentoring.models import Program
    from people.models import Agency
    from training.models import DevelopmentPlan, Partner

    for model in (Agency, Program, DevelopmentPlan, Partner):
        assert not grows_with_the_agency(model), model


def test_employee_and_unit_admins_are_searched_by_name_and_nip_or_code():
    assert {"name", "nip"} <= set(admin.site._registry[Employee].search_fields)
    assert {"name", "code"} <= set(admin.site._registry[WorkUnit].search_fields)


def _staff(employee):
    user = employee.user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def _autocomplete(client, *, app_label, model_name, field_name, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": app_label,
            "model_name": model_name,
            "field_name": field_name,
            "term": term,
        },
    )
    assert response.status_code == 200, response.content[:200]
    return {row["text"] for row in response.json()["results"]}


@pytest.mark.django_db
def test_the_employee_autocomplete_answers_hr_with_their_own_agency_only(
    client, org, other_org
):
    ours = EmployeeFactory(
        agency=org["agency"], unit=org["unit"], name="Sulastri Pinangsori"
    )
    theirs = EmployeeFactory(
        agency=other_org["agency"], unit=other_org["unit"], name="Sulastri Pinangsori"
    )
    client.force_login(_staff(org["hr"]))
    field = {"app_label": "mentoring", "model_name": "pair", "field_name": "mentee"}

    by_name = _autocomplete(client, **field, term="Sulastri Pinang")
    assert by_name == {str(ours)}

    assert _autocomplete(client, **field, term=ours.nip) == {str(ours)}
    assert _autocomplete(client, **field, term=theirs.nip) == set()
    # An empty term lists the first page of the agency, never the other one's.
    everyone = _autocomplete(client, **field, term="")
    assert str(theirs) not in everyone
    assert str(other_org["member"]) not in everyone


@pytest.mark.django_db
def test_the_unit_autocomplete_answers_hr_with_their_own_agency_only(
    client, org, other_org
):
    ours = WorkUnitFactory(agency=org["agency"], name="Bagian Tapanuli Ours")
    WorkUnitFactory(agency=other_org["agency"], name="Bagian Tapanuli Theirs")
    client.force_login(_staff(org["hr"]))
    found = _autocomplete(
        client,
        app_label="feedback",
        model_name="serviceunit",
        field_name="work_unit",
        term="Bagian Tapanuli",
    )
    assert found == {str(ours)}
