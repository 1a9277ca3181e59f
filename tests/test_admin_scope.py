"""The back office offers and accepts only the user's own agency, field by field.

A matrix generated from the admin registry, so a new relation field or inline is
checked the day it is added: on the demo data of two agencies, HR staff of one agency
open every add form (and its inlines) they may open; every relation choice must hold
only their agency's rows, and a form given the other agency's row must refuse it."""

import datetime
import io

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from elearning.models import Question
from elearning.tests.factories import make_module
from people import scope
from people.admin import ScopedChoicesMixin
from people.demo import demo_username
from people.models import Agency, Delegation, Employee
from people.roles import Role
from training.models import PlannedProgram, UnitQuota
from training.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry.items(), key=lambda kv: kv[0]._meta.label)


def _staff(employee):
    user = employee.user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _forms(model_admin, request):
    """(label, form class) of the add form and each inline form HR may use."""
    if not model_admin.has_add_permission(request):
        return []
    forms = [(model_admin.model._meta.label, model_admin.get_form(request))]
    for inline in model_admin.get_inline_instances(request):
        formset = inline.get_formset(request)
        forms.append(
            (
                f"{model_admin.model._meta.label} › {inline.model._meta.label}",
                formset.form,
            )
        )
    return forms


def _rows_outside(queryset, agency_id):
    model = queryset.model
    if model is get_user_model():
        return queryset.exclude(employee__isnull=True).exclude(
            employee__agency_id=agency_id
        )
    return queryset.exclude(
        pk__in=scope.in_agency(model._default_manager.all(), agency_id)
    )


def _foreign_row(model, agency_id):
    if model is get_user_model():
        return (
            model.objects.exclude(employee__isnull=True)
            .exclude(employee__agency_id=agency_id)
            .first()
        )
    others = Agency.objects.exclude(pk=agency_id).values_list("pk", flat=True)
    return scope.in_agency(model._default_manager.all(), others[0]).first()


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    agencies = list(Agency.objects.order_by("pk"))
    assert len(agencies) == 2
    hr = Employee.objects.get(user__username=demo_username(Role.HR, agencies[0]))
    return {"agency": agencies[0], "hr": _staff(hr)}


def test_every_relation_choice_in_the_back_office_is_the_users_agency(demo):
    request = _request(demo["hr"])
    agency_id = demo["agency"].pk
    leaks, accepted, proven = [], [], 0
    for _model, model_admin in REGISTERED:
        for label, form_class in _forms(model_admin, request):
            form = form_class()
            for name, field in form.fields.items():
                if not isinstance(field, ModelChoiceField):
                    continue
                outside = _rows_outside(field.queryset, agency_id)
                if outside.exists():
                    leaks.append(f"{label}.{name}: offers {outside.first()!r}")
                foreign = _foreign_row(field.queryset.model, agency_id)
                if foreign is None:
                    continue
                proven += 1
                value = (
                    [foreign.pk]
                    if isinstance(field, ModelMultipleChoiceField)
                    else foreign.pk
                )
                data = QueryDict(mutable=True)
                data.setlist(name, value if isinstance(value, list) else [value])
                forged = form_class(data=data)
                forged.is_valid()
                if name not in forged.errors:
                    accepted.append(f"{label}.{name}: accepts {foreign!r}")
    assert not leaks, leaks
    assert not accepted, accepted
    # The demo data has the other agency's rows for most fields, so the refusal
    # above was really tried (not passed for want of a foreign row).
    assert proven >= 30


@pytest.mark.parametrize(
    ("model", "model_admin"),
    REGISTERED,
    ids=lambda x: getattr(getattr(x, "_meta", None), "label", ""),
)
def test_every_admin_and_inline_uses_the_scoped_choices(model, model_admin):
    if model_admin.has_module_permission is not admin.ModelAdmin.has_module_permission:
        return  # an admin that decides for itself who gets in (superusers only)
    if scope.agency_path(model) is None:
        return  # deployment-wide: superusers only
    assert isinstance(model_admin, ScopedChoicesMixin), model._meta.label
    for inline in model_admin.inlines:
        assert issubclass(inline, ScopedChoicesMixin), inline.__name__


def test_a_forged_question_for_another_agencys_test_is_refused(client, org, other_org):
    foreign_test = make_module(other_org["agency"]).tests.first()
    client.force_login(_staff(org["hr"]))
    response = client.post(
        reverse("admin:elearning_question_add"),
        {
            "test": foreign_test.pk,
            "order": 9,
            "text": "Soal titipan?",
            "choices-TOTAL_FORMS": 0,
            "choices-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "test" in response.context["adminform"].form.errors
    assert not Question.objects.filter(text="Soal titipan?").exists()


def test_a_forged_unit_quota_for_another_agencys_unit_is_refused(
    client, org, other_org
):
    planned = PlannedProgram.objects.create(
        plan=PlanFactory(agency=org["agency"]),
        title="Bimtek Keuangan",
        form="teknis",
        competency_area="Keuangan daerah",
        participants_per_batch=10,
        cost_per_participant=1_500_000,
        funding_source="apbd",
    )
    client.force_login(_staff(org["hr"]))
    url = reverse("admin:training_plannedprogram_change", args=[planned.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update({"plan": planned.plan_id})
    for formset in page.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    prefix = next(
        f.formset.prefix
        for f in page.context["inline_admin_formsets"]
        if f.formset.model is UnitQuota
    )
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": 1,
            f"{prefix}-0-unit": other_org["unit"].pk,
            f"{prefix}-0-seats": 5,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200, "the admin shows the form again"
    assert not UnitQuota.objects.exists()
    errors = response.context["inline_admin_formsets"]
    assert any(form.errors.get("unit") for f in errors for form in f.formset.forms)


def test_every_relation_filter_lists_only_the_users_agency(demo, client):
    client.force_login(demo["hr"])
    agency_id = demo["agency"].pk
    leaks, proven = [], 0
    for model, _model_admin in REGISTERED:
        opts = model._meta
        response = client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        )
        if response.status_code != 200:
            continue
        for spec in response.context["cl"].filter_specs:
            if not isinstance(spec, admin.RelatedFieldListFilter):
                continue
            related = spec.field.related_model
            pks = [pk for pk, _label in spec.lookup_choices]
            outside = _rows_outside(
                related._default_manager.filter(pk__in=pks), agency_id
            )
            if outside.exists():
                leaks.append(
                    f"{opts.label} filter {spec.field_path}: {outside.first()!r}"
                )
            proven += _foreign_row(related, agency_id) is not None
    assert not leaks, leaks
    assert proven >= 1


def _delegation(org, **extra):
    today = timezone.localdate()
    return Delegation.objects.create(
        delegator=org["supervisor"],
        delegate=org["outsider"],
        kind=Delegation.Kind.PLT,
        start_date=today,
        end_date=today + datetime.timedelta(days=5),
        decree_number=f"800/{org['agency'].pk}/2026",
        **extra,
    )


def _delegation_post(delegator, delegate):
    today = timezone.localdate()
    return {
        "delegator": delegator.pk,
        "delegate": delegate.pk,
        "kind": "plt",
        "start_date": today.isoformat(),
        "end_date": (today + datetime.timedelta(days=5)).isoformat(),
        "decree_number": "800/77/2026",
        "reason": "Cuti tahunan",
    }


def test_hr_lists_and_opens_only_their_agencys_delegations(client, org, other_org):
    own, foreign = _delegation(org), _delegation(other_org)
    client.force_login(_staff(org["hr"]))
    listed = client.get(reverse("admin:people_delegation_changelist"))
    assert listed.status_code == 200
    assert list(listed.context["cl"].result_list) == [own]
    assert other_org["outsider"].name not in listed.content.decode()
    opened = client.get(reverse("admin:people_delegation_change", args=[own.pk]))
    assert opened.status_code == 200
    # Another agency's row is outside the queryset: the admin sends HR away.
    response = client.get(reverse("admin:people_delegation_change", args=[foreign.pk]))
    assert response.status_code == 302
    assert (
        client.get(reverse("admin:people_delegation_history", args=[foreign.pk]))
    ).status_code == 404


def test_hr_records_a_plt_of_their_agency_in_the_back_office(client, org):
    hr = _staff(org["hr"])
    client.force_login(hr)
    response = client.post(
        reverse("admin:people_delegation_add"),
        _delegation_post(org["supervisor"], org["outsider"]),
    )
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert (delegation.delegator, delegation.delegate) == (
        org["supervisor"],
        org["outsider"],
    )
    assert delegation.created_by == hr


@pytest.mark.parametrize(
    ("delegator", "delegate"),
    [
        ("own", "foreign"),  # a Plt from another agency for our supervisor
        ("foreign", "foreign"),  # another agency's delegation altogether
        ("foreign", "own"),  # our employee acting for their supervisor
    ],
)
def test_hr_cannot_record_a_delegation_with_another_agencys_employee(
    client, org, other_org, delegator, delegate
):
    people = {"own": org, "foreign": other_org}
    client.force_login(_staff(org["hr"]))
    response = client.post(
        reverse("admin:people_delegation_add"),
        _delegation_post(people[delegator]["supervisor"], people[delegate]["outsider"]),
    )
    assert response.status_code == 200, "the admin shows the form again"
    errors = response.context["adminform"].form.errors
    foreign_fields = {
        name
        for name, who in (("delegator", delegator), ("delegate", delegate))
        if who == "foreign"
    }
    assert foreign_fields <= set(errors), errors
    assert not Delegation.objects.exists()


def test_who_acted_for_whom_stays_once_saved(client, org):
    delegation = _delegation(org)
    client.force_login(_staff(org["hr"]))
    url = reverse("admin:people_delegation_change", args=[delegation.pk])
    form = client.get(url).context["adminform"].form
    assert "delegator" not in form.fields
    assert "delegate" not in form.fields
    response = client.post(
        url,
        {
            **_delegation_post(org["leader"], org["member"]),
            "ended_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    delegation.refresh_from_db()
    assert (delegation.delegator, delegation.delegate) == (
        org["supervisor"],
        org["outsider"],
    )
    assert delegation.ended_on == timezone.localdate()
    assert delegation.decree_number == "800/77/2026"
