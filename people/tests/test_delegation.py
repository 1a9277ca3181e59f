"""Plt/Plh: a delegate acts for a supervisor within the dates, on the record as
such, never for themselves, and not a day after the end."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from asn_portal.refusals import Refused
from evaluations import services as evaluations
from evaluations.models import Assessment, PerformancePlan
from evaluations.tests.factories import make_period, make_submitted, rating_kwargs
from people.delegation import acting_for
from people.models import Delegation
from people.todo import open_tasks_for
from training.models import Enrolment
from training.services import catalog as training
from training.tests.factories import session_for

pytestmark = pytest.mark.django_db


def _delegate(org, delegate, *, start=0, end=3, kind=Delegation.Kind.PLT):
    today = timezone.localdate()
    return Delegation.objects.create(
        delegator=org["supervisor"],
        delegate=delegate,
        kind=kind,
        start_date=today + datetime.timedelta(days=start),
        end_date=today + datetime.timedelta(days=end),
        decree_number="800/12/BKPSDM/2026",
    )


def test_delegate_acts_from_the_start_to_the_end_date_and_not_a_day_after(org):
    delegate = org["outsider"]
    _delegate(org, delegate, start=1, end=3)
    today = timezone.localdate()
    assert list(acting_for(delegate, today)) == []
    for days in (1, 2, 3):
        day = today + datetime.timedelta(days=days)
        assert list(acting_for(delegate, day)) == [org["supervisor"]]
    assert list(acting_for(delegate, today + datetime.timedelta(days=4))) == []


def test_plt_approves_the_team_enrolment_on_the_supervisors_behalf(org, client):
    delegate = org["outsider"]
    delegation = _delegate(org, delegate)
    enrolment = training.apply_for_session(
        employee=org["member"], session=session_for(org)
    )
    tasks = {t.key: t for t in open_tasks_for(delegate.user)}
    assert tasks["training_approvals"].count == 1
    client.force_login(delegate.user)
    page = client.get(reverse("training:approvals")).content.decode()
    assert org["member"].name in page
    client.post(reverse("training:approval_decide", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.SUPERVISOR_APPROVED
    assert enrolment.approved_by == delegate
    assert enrolment.approval_delegation == delegation
    client.force_login(org["member"].user)
    page = client.get(enrolment.session.get_absolute_url()).content.decode()
    assert f"{delegate.full_name} (Plt. untuk {org['supervisor'].full_name})" in page


def test_the_day_after_the_end_the_delegate_can_no_longer_approve(org):
    delegate = org["outsider"]
    _delegate(org, delegate, start=-5, end=-1)
    enrolment = training.apply_for_session(
        employee=org["member"], session=session_for(org)
    )
    with pytest.raises(Refused, match="di luar masa itu"):
        training.approve_application(enrolment=enrolment, supervisor=delegate)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.APPLIED
    assert "training_approvals" not in {t.key for t in open_tasks_for(delegate.user)}


def test_a_delegation_ended_early_stops_today(org, client):
    delegation = _delegate(org, org["outsider"], start=-2, end=5)
    client.force_login(org["supervisor"].user)
    client.post(reverse("people:delegation_end", args=[delegation.pk]))
    delegation.refresh_from_db()
    assert delegation.ended_on == timezone.localdate()
    assert list(acting_for(org["outsider"])) == []


def test_a_delegate_in_the_team_cannot_approve_their_own_enrolment(org):
    member = org["member"]
    _delegate(org, member)
    enrolment = training.apply_for_session(employee=member, session=session_for(org))
    with pytest.raises(Refused, match="diri sendiri"):
        training.approve_application(enrolment=enrolment, supervisor=member)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.APPLIED


def test_plh_agrees_a_plan_and_rates_on_the_supervisors_behalf(org, client):
    delegate = org["outsider"]
    delegation = _delegate(org, delegate, kind=Delegation.Kind.PLH)
    period = make_period(org["agency"])
    assessment = make_submitted(org["member"], period)
    plan = assessment.plan
    plan.status = PerformancePlan.Status.SUBMITTED
    plan.save()
    keys = {t.key for t in open_tasks_for(delegate.user)}
    assert {"plans_to_agree", "realisations_to_rate"} <= keys
    evaluations.review_plan(plan=plan, user=delegate.user, agree=True)
    plan.refresh_from_db()
    assert (plan.reviewed_by, plan.review_delegation) == (delegate, delegation)
    evaluations.rate_assessment(
        assessment=assessment, user=delegate.user, **rating_kwargs(assessment)
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.RATED
    assert (assessment.rated_by, assessment.rating_delegation) == (
        delegate,
        delegation,
    )
    client.force_login(org["member"].user)
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert f"{delegate.full_name} (Plh. untuk {org['supervisor'].full_name})" in page


def test_a_delegate_in_the_team_cannot_rate_their_own_assessment(org):
    member = org["member"]
    _delegate(org, member)
    assessment = make_submitted(member, make_period(org["agency"]))
    with pytest.raises(Refused, match="diri sendiri"):
        evaluations.rate_assessment(
            assessment=assessment, user=member.user, **rating_kwargs(assessment)
        )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_a_supervisor_names_a_plt_through_the_form(org, client):
    client.force_login(org["supervisor"].user)
    today = timezone.localdate()
    response = client.post(
        reverse("people:delegation_create"),
        {
            "delegate": org["outsider"].nip,
            "kind": "plt",
            "start_date": today.isoformat(),
            "end_date": (today + datetime.timedelta(days=7)).isoformat(),
            "decree_number": "800/3/2026",
            "reason": "Cuti tahunan",
        },
    )
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert delegation.delegator == org["supervisor"]
    assert delegation.created_by == org["supervisor"].user
    page = client.get(reverse("people:delegation_list")).content.decode()
    assert "800/3/2026" in page


def test_hr_names_a_plh_for_a_supervisor_of_their_agency(org, client):
    client.force_login(org["hr"].user)
    today = timezone.localdate()
    client.post(
        reverse("people:delegation_create"),
        {
            "delegator": org["supervisor"].nip,
            "delegate": org["outsider"].nip,
            "kind": "plh",
            "start_date": today.isoformat(),
            "end_date": today.isoformat(),
            "decree_number": "800/4/2026",
        },
    )
    assert Delegation.objects.get().delegator == org["supervisor"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"delegate": "OTHER"}, "delegate", "harus pegawai instansi yang sama"),
        ({"delegate": "SELF"}, "delegate", "bukan atasan yang digantikan"),
        ({"end_offset": -1}, "end_date", "Tanggal selesai sudah lewat"),
        (
            {"start_offset": 5, "end_offset": 2},
            "end_date",
            "tidak boleh sebelum tanggal mulai",
        ),
    ],
)
def test_a_wrong_delegation_is_refused_at_the_field(
    org, other_org, client, change, field, message
):
    today = timezone.localdate()
    delegate = {"OTHER": other_org["member"].nip, "SELF": org["supervisor"].nip}.get(
        change.get("delegate"), org["outsider"].nip
    )
    client.force_login(org["supervisor"].user)
    response = client.post(
        reverse("people:delegation_create"),
        {
            "delegate": delegate,
            "kind": "plt",
            "start_date": (
                today + datetime.timedelta(days=change.get("start_offset", 0))
            ).isoformat(),
            "end_date": (
                today + datetime.timedelta(days=change.get("end_offset", 3))
            ).isoformat(),
            "decree_number": "800/5/2026",
        },
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Delegation.objects.exists()


def test_requests_reach_the_supervisor_and_whoever_acts_for_them(org):
    from notifications.models import Notification

    delegate = org["outsider"]
    _delegate(org, delegate, kind=Delegation.Kind.PLH)
    _delegate(org, org["member"], start=5, end=9)  # not yet in force: not asked
    training.apply_for_session(employee=org["member"], session=session_for(org))
    asked = Notification.objects.filter(kind="training.application")
    titles = dict(asked.values_list("recipient", "title"))
    assert set(titles) == {org["supervisor"].user_id, delegate.user_id}
    assert titles[delegate.user_id].endswith(f" (Plh. untuk {org['supervisor'].name})")
    assert not titles[org["supervisor"].user_id].endswith(")")

    make_submitted(org["member"], make_period(org["agency"]))
    submitted = Notification.objects.filter(kind="evaluations.assessment_submitted")
    assert {n.recipient_id for n in submitted} == {
        org["supervisor"].user_id,
        delegate.user_id,
    }
