"""Plt/Plh in the two supervisor acts beside plan review and rating: a continuous
feedback note by whoever acts for the direct supervisor today, and an objection
decided by whoever acts for the appraiser's own supervisor today; each record
shows the delegation beside the acting employee."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from asn_portal.refusals import Refused
from evaluations import services
from evaluations.models import Assessment, Objection
from evaluations.rules import BerAkhlak, Predikat, Rating
from evaluations.tests.factories import make_agreed_plan, make_period, make_rated
from notifications.models import Notification
from people.models import Delegation
from people.todo import open_tasks_for

pytestmark = pytest.mark.django_db


def _delegate(delegator, delegate, *, start=0, end=3, kind=Delegation.Kind.PLT):
    today = timezone.localdate()
    return Delegation.objects.create(
        delegator=delegator,
        delegate=delegate,
        kind=kind,
        start_date=today + datetime.timedelta(days=start),
        end_date=today + datetime.timedelta(days=end),
        decree_number="800/21/BKPSDM/2026",
    )


def _note(plan, user):
    return services.add_feedback_note(
        plan=plan,
        user=user,
        date=timezone.localdate(),
        note="Laporan Maret rapi",
        value=BerAkhlak.KOMPETEN,
    )


# ---------------------------------------------------------------- feedback notes


def test_plt_in_force_records_a_feedback_note_shown_as_acting(org, client):
    plt = org["outsider"]
    delegation = _delegate(org["supervisor"], plt)
    plan = make_agreed_plan(org["member"])
    client.force_login(plt.user)
    page = client.get(plan.get_absolute_url())
    assert 'data-testid="feedback-form"' in page.content.decode()
    response = client.post(
        reverse("evaluations:feedback_add", args=[plan.pk]),
        {
            "date": timezone.localdate().isoformat(),
            "target": f"v{BerAkhlak.KOMPETEN}",
            "note": "Laporan Maret rapi",
            "evidence": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    note = plan.feedback_notes.get()
    assert (note.author, note.author_delegation) == (plt, delegation)
    client.force_login(org["member"].user)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert f"oleh {plt.full_name} (Plt. untuk {org['supervisor'].full_name})" in page


def test_direct_supervisors_note_carries_no_delegation(org):
    note = _note(make_agreed_plan(org["member"]), org["supervisor"].user)
    assert (note.author, note.author_delegation) == (org["supervisor"], None)


@pytest.mark.parametrize(("start", "end"), [(-6, -1), (2, 5)])
def test_a_delegation_out_of_its_dates_may_not_note_and_says_why(
    org, client, start, end
):
    plt = org["outsider"]
    _delegate(org["supervisor"], plt, start=start, end=end)
    plan = make_agreed_plan(org["member"])
    with pytest.raises(Refused, match="berlaku .* di luar masa itu") as refusal:
        _note(plan, plt.user)
    assert f"Plt. untuk {org['supervisor'].full_name}" in str(refusal.value)
    assert not plan.feedback_notes.exists()


def test_acting_for_someone_else_gives_no_say_on_this_team(org, head, client):
    plt = org["outsider"]
    _delegate(head, plt)  # acts for the head, not for the member's supervisor
    plan = make_agreed_plan(org["member"])
    with pytest.raises(Refused, match="Hanya atasan langsung"):
        _note(plan, plt.user)
    assert not plan.feedback_notes.exists()


# ---------------------------------------------------------------- objections


def _objected(org):
    period = make_period(org["agency"])
    assessment = make_rated(
        org["member"], period, hasil=Rating.MEETS, perilaku=Rating.BELOW
    )
    assert assessment.predikat == Predikat.KURANG
    services.file_objection(
        assessment=assessment, user=org["member"].user, reason="Bukti belum dilihat"
    )
    return assessment


def _decide(assessment, user):
    return services.decide_objection(
        assessment=assessment,
        user=user,
        change=True,
        note="Bukti kehadiran lengkap",
        hasil_kerja=Rating.MEETS,
        perilaku_kerja=Rating.MEETS,
    )


def test_plt_of_the_heads_post_is_asked_and_decides_the_objection(org, head, client):
    plt = org["outsider"]
    delegation = _delegate(head, plt)
    assessment = _objected(org)
    asked = dict(
        Notification.objects.filter(kind="evaluations.objection_filed").values_list(
            "recipient", "title"
        )
    )
    assert set(asked) == {head.user_id, plt.user_id}
    assert asked[plt.user_id].endswith(f" (Plt. untuk {head.name})")
    assert "objections_to_decide" in {t.key for t in open_tasks_for(plt.user)}

    client.force_login(plt.user)
    assert "Keberatan menunggu keputusan Anda" in (
        client.get(reverse("evaluations:team")).content.decode()
    )
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert 'data-testid="decision-form"' in page
    response = client.post(
        reverse("evaluations:objection_decide", args=[assessment.pk]),
        {
            "decision": "change",
            "hasil_kerja": "sesuai",
            "perilaku_kerja": "sesuai",
            "note": "Laporan Maret ada",
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DECIDED
    assert assessment.predikat == Predikat.BAIK
    objection = assessment.objection
    assert objection.decision == Objection.Decision.CHANGED
    assert (objection.decided_by, objection.decision_delegation) == (plt, delegation)

    client.force_login(org["member"].user)
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert f"{plt.full_name} (Plt. untuk {head.full_name})" in page


def test_the_head_deciding_themselves_is_shown_without_delegation(org, head):
    assessment = _objected(org)
    objection = _decide(assessment, head.user)
    assert (objection.decided_by, objection.decision_delegation) == (head, None)


@pytest.mark.parametrize(("start", "end"), [(-6, -1), (2, 5)])
def test_a_heads_plt_out_of_the_dates_may_not_decide_and_says_why(
    org, head, client, start, end
):
    plt = org["outsider"]
    _delegate(head, plt, start=start, end=end)
    assessment = _objected(org)
    assert not Notification.objects.filter(
        kind="evaluations.objection_filed", recipient=plt.user
    ).exists()
    with pytest.raises(Refused, match="berlaku .* di luar masa itu") as refusal:
        _decide(assessment, plt.user)
    assert f"Plt. untuk {head.full_name}" in str(refusal.value)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.OBJECTED
    # Nor does the page show them the assessment any more.
    client.force_login(plt.user)
    assert client.get(assessment.get_absolute_url()).status_code == 404


def test_acting_for_the_appraiser_is_no_say_on_their_objection(org, head):
    plt = org["outsider"]
    _delegate(org["supervisor"], plt)  # Plt of the appraiser, not of the head
    assessment = _objected(org)
    with pytest.raises(Refused, match="atasan dari pejabat penilai"):
        _decide(assessment, plt.user)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.OBJECTED


def test_the_appraiser_acting_for_the_head_may_not_decide_on_their_own_rating(
    org, head, client
):
    _delegate(head, org["supervisor"])
    assessment = _objected(org)
    # Not even asked: the objection is about their own rating.
    assert not Notification.objects.filter(
        kind="evaluations.objection_filed", recipient=org["supervisor"].user
    ).exists()
    with pytest.raises(Refused, match="tidak diputus oleh yang memberi penilaian"):
        _decide(assessment, org["supervisor"].user)
    client.force_login(org["supervisor"].user)
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert 'data-testid="decision-form"' not in page
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.OBJECTED
