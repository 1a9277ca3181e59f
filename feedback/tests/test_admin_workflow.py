"""Records with a workflow are read-only in the back office, for everyone; what the
back office does change is kept for the agency's HR (who, when, before → after)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from evaluations.models import Assessment, Objection
from feedback import services
from feedback.models import Complaint
from mentoring.models import Session
from people.admin import WorkflowRecordAdmin
from people.models import BackOfficeChange, Holiday, WorkUnit
from training.models import (
    Attendance,
    Certificate,
    Enrolment,
    JpCredit,
    QuestionnaireResponse,
)

pytestmark = pytest.mark.django_db

WORKFLOW_RECORDS = [
    Complaint,
    Enrolment,
    Attendance,
    JpCredit,
    Assessment,
    Objection,
    Certificate,
    QuestionnaireResponse,
    Session,
]


def _admin_url(obj, view):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    client.force_login(user)
    return client


@pytest.fixture
def hr_staff(client, org):
    user = org["hr"].user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", WORKFLOW_RECORDS, ids=lambda m: m._meta.label)
def test_workflow_records_cannot_be_added_changed_or_deleted_in_the_admin(model, rf):
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, WorkflowRecordAdmin)
    request = rf.get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert "delete_selected" not in model_admin.get_actions(request)
    for inline in model_admin.get_inline_instances(request):
        assert not inline.has_change_permission(request)
        assert not inline.has_delete_permission(request)


def test_a_complaint_cannot_change_status_or_be_deleted_in_the_admin(
    superuser_client, service_unit
):
    complaint, _code, _ = services.submit_complaint(
        service_unit=service_unit, description="Antrean terlalu panjang di loket."
    )
    response = superuser_client.post(
        _admin_url(complaint, "change"),
        {"status": Complaint.Status.ANSWERED, "answer": "Sudah dijawab."},
    )
    assert response.status_code == 403
    assert (
        superuser_client.post(
            _admin_url(complaint, "delete"), {"post": "yes"}
        ).status_code
        == 403
    )
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.SUBMITTED
    assert complaint.events.count() == 1
    # The page still shows it, read-only.
    assert superuser_client.get(_admin_url(complaint, "change")).status_code == 200


def test_hr_sees_their_agencys_back_office_changes_before_and_after(
    hr_staff, org, other_org, client
):
    unit = org["unit"]
    old_name = unit.name
    page = hr_staff.get(_admin_url(unit, "change"))
    data = {
        name: value
        for name, value in page.context["adminform"].form.initial.items()
        if value is not None
    }
    data["name"] = "Dinas Kesehatan dan KB"
    response = hr_staff.post(_admin_url(unit, "change"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    holiday = Holiday.objects.create(
        agency=org["agency"], date="2027-08-17", name="Hari Kemerdekaan"
    )
    hr_staff.post(_admin_url(holiday, "delete"), {"post": "yes"})
    assert not Holiday.objects.filter(pk=holiday.pk).exists()

    change = BackOfficeChange.objects.get(action="change")
    assert change.agency == org["agency"]
    assert change.user == org["hr"].user
    assert change.changes == [
        {
            "field": "nama unit kerja",
            "before": old_name,
            "after": "Dinas Kesehatan dan KB",
        }
    ]
    deleted = BackOfficeChange.objects.get(action="delete")
    assert deleted.agency == org["agency"]
    assert {"field": "keterangan", "before": "Hari Kemerdekaan", "after": ""} in (
        deleted.changes
    )

    body = hr_staff.get(reverse("people:back_office_changes")).content.decode()
    assert old_name in body
    assert "Dinas Kesehatan dan KB" in body
    assert "Kemerdekaan" in body

    client.force_login(other_org["hr"].user)
    other = client.get(reverse("people:back_office_changes")).content.decode()
    assert "Dinas Kesehatan dan KB" not in other
    assert WorkUnit.objects.get(pk=unit.pk).name == "Dinas Kesehatan dan KB"


def test_an_inline_row_added_in_the_back_office_is_recorded(hr_staff, org):
    from training.models import PlannedProgram, UnitQuota
    from training.tests.factories import PlanFactory

    planned = PlannedProgram.objects.create(
        plan=PlanFactory(agency=org["agency"]),
        title="Bimtek Keuangan",
        form="teknis",
        competency_area="Keuangan daerah",
        participants_per_batch=10,
        cost_per_participant=1_500_000,
        funding_source="apbd",
    )
    url = _admin_url(planned, "change")
    page = hr_staff.get(url)
    data = {
        name: value
        for name, value in page.context["adminform"].form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
        if inline.formset.model is UnitQuota:
            data.update(
                {
                    f"{prefix}-TOTAL_FORMS": 1,
                    f"{prefix}-0-unit": org["unit"].pk,
                    f"{prefix}-0-seats": 4,
                }
            )
    response = hr_staff.post(url, data)
    assert response.status_code == 302
    added = BackOfficeChange.objects.get(action="add")
    assert added.object_id == str(UnitQuota.objects.get().pk)
    assert added.agency == org["agency"]
    assert {"field": "kuota", "before": "", "after": "4"} in added.changes


def test_an_employee_with_jp_credits_cannot_be_deleted_only_deactivated(
    superuser_client, org
):
    from django.db.models import ProtectedError

    from training.services import ledger as training_services

    member = org["member"]
    training_services.credit_jp(
        employee=member,
        on_date=datetime.date(2026, 3, 2),
        jp=Decimal("4"),
        form="teknis",
        source_key="uji-hapus",
        description="Bimtek",
    )
    response = superuser_client.post(_admin_url(member, "delete"), {"post": "yes"})
    assert response.status_code == 200, "the admin explains what protects it"
    assert "JP" in response.content.decode()
    assert type(member).objects.filter(pk=member.pk).exists()
    with pytest.raises(ProtectedError):
        member.delete()


def test_records_people_rely_on_keep_a_change_history(org):
    from training.services import ledger as training_services

    credit = training_services.credit_jp(
        employee=org["member"],
        on_date=datetime.date(2026, 3, 2),
        jp=Decimal("4"),
        form="teknis",
        source_key="uji-riwayat",
        description="Bimtek",
    )
    credit.description = "Bimtek keuangan"
    credit.save()
    assert list(credit.history.values_list("history_type", flat=True)) == ["~", "+"]
    for model in (Certificate, Enrolment, QuestionnaireResponse, Assessment):
        assert hasattr(model, "history"), model
