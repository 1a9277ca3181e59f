"""A development follow-up that acts: its training action nominates the ASN to a
session, its mentor action pairs them with a mentor, and the follow-up page shows
each action's live status and how many are done."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import FollowUpAction
from evaluations.tests.factories import make_development_follow_up, make_period
from mentoring.models import Pair
from mentoring.tests.factories import ProgramFactory as MentoringProgramFactory
from people.tests.factories import EmployeeFactory, UserFactory
from tests.query_pins import assert_constant_queries
from training.models import Enrolment
from training.services.catalog import (
    complete_session,
    confirm_enrolment,
    record_attendance,
)
from training.tests.factories import session_for

pytestmark = pytest.mark.django_db

Kind = FollowUpAction.Kind


@pytest.fixture
def follow_up(org):
    return make_development_follow_up(org["member"], make_period(org["agency"]))


def _action(follow_up, kind):
    return follow_up.actions.get(kind=kind)


def _page(client, follow_up):
    return client.get(follow_up.assessment.get_absolute_url()).content.decode()


def _nominate(client, action, session):
    return client.post(
        reverse("training:follow_up_nominate", args=[action.pk]),
        {"session": session.pk},
    )


def test_supervisor_nominates_from_the_follow_up_and_the_action_shows_it(
    client, org, follow_up
):
    session = session_for(org, name="Angkatan Laporan")
    action = _action(follow_up, Kind.TRAINING)
    client.force_login(org["supervisor"].user)
    form_page = client.get(reverse("training:follow_up_nominate", args=[action.pk]))
    assert "Angkatan Laporan" in form_page.content.decode()

    response = _nominate(client, action, session)

    assert response.url == follow_up.assessment.get_absolute_url()
    enrolment = Enrolment.objects.get(session=session, employee=org["member"])
    assert enrolment.status == Enrolment.Status.NOMINATED
    assert enrolment.follow_up_action == action
    body = _page(client, follow_up)
    assert "Diusulkan" in body
    assert "Angkatan Laporan" in body
    assert "0 dari 3 tindakan selesai" in body


def test_completing_the_enrolment_marks_the_action_done(client, org, follow_up):
    session = session_for(
        org, start_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    action = _action(follow_up, Kind.TRAINING)
    client.force_login(org["hr"].user)
    _nominate(client, action, session)
    enrolment = Enrolment.objects.get(follow_up_action=action)
    confirm_enrolment(enrolment=enrolment, confirmed_by=org["hr"])
    for day in session.days.all():
        record_attendance(day=day, present_enrolment_ids={enrolment.pk})
    complete_session(session=session)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    body = _page(client, follow_up)
    assert "1 dari 3 tindakan selesai" in body
    assert _action(follow_up, Kind.TRAINING).is_done


def test_a_session_of_another_agency_is_refused_at_the_field(
    client, org, other_org, follow_up
):
    foreign = session_for(other_org)
    action = _action(follow_up, Kind.TRAINING)
    client.force_login(org["hr"].user)

    response = _nominate(client, action, foreign)

    assert response.status_code == 200
    assert response.context["form"].errors["session"]
    assert not Enrolment.objects.filter(employee=org["member"]).exists()


def test_a_full_session_and_a_second_nomination_are_refused_at_the_field(
    client, org, follow_up
):
    full = session_for(org, capacity=1)
    seated = EmployeeFactory(agency=org["agency"], unit=org["unit"])
    Enrolment.objects.create(
        session=full, employee=seated, unit=org["unit"], status="terkonfirmasi"
    )
    action = _action(follow_up, Kind.TRAINING)
    client.force_login(org["hr"].user)

    response = _nominate(client, action, full)
    assert "sudah penuh" in str(response.context["form"].errors["session"])

    _nominate(client, action, session_for(org))
    again = _nominate(client, action, session_for(org))
    assert "sudah diusulkan" in str(again.context["form"].errors["session"])
    assert Enrolment.objects.filter(employee=org["member"]).count() == 1


@pytest.mark.parametrize("who", ["outsider", "member", "mentor"])
def test_a_colleague_without_authority_cannot_nominate(client, org, follow_up, who):
    session = session_for(org)
    action = _action(follow_up, Kind.TRAINING)
    client.force_login(org[who].user)

    response = _nominate(client, action, session)

    assert response.status_code in (403, 404)
    assert not Enrolment.objects.filter(session=session).exists()


def test_hr_pairs_the_mentor_action_and_the_page_follows_the_pair(
    client, org, follow_up
):
    program = MentoringProgramFactory(agency=org["agency"])
    action = _action(follow_up, Kind.MENTOR)
    client.force_login(org["supervisor"].user)
    assert "Menunggu BKPSDM memasangkan mentor" in _page(client, follow_up)

    client.force_login(org["hr"].user)
    response = client.post(
        reverse("mentoring:follow_up_pair", args=[action.pk]),
        {
            "program": program.pk,
            "mentor": org["mentor"].nip,
            "start_date": program.start_date.isoformat(),
            "end_date": program.end_date.isoformat(),
        },
    )

    assert response.url == follow_up.assessment.get_absolute_url()
    pair = Pair.objects.get(follow_up_action=action)
    assert pair.mentee == org["member"]
    assert "Berjalan" in _page(client, follow_up)
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.COMPLETED)
    assert "1 dari 3 tindakan selesai" in _page(client, follow_up)


def test_an_untracked_action_is_marked_done_by_the_supervisor(client, org, follow_up):
    action = _action(follow_up, Kind.COACHING)
    client.force_login(org["member"].user)
    refused = client.post(
        reverse("evaluations:follow_up_action_done", args=[action.pk])
    )
    assert refused.status_code == 403

    client.force_login(org["supervisor"].user)
    client.post(reverse("evaluations:follow_up_action_done", args=[action.pk]))

    assert "1 dari 3 tindakan selesai" in _page(client, follow_up)


def test_follow_up_page_queries_are_constant(client, org, follow_up):
    client.force_login(org["hr"].user)
    training = _action(follow_up, Kind.TRAINING)
    _nominate(client, training, session_for(org))
    n = [0]

    def grow():
        for kind in (Kind.TRAINING, Kind.MENTOR, Kind.OTHER):
            n[0] += 1
            action = FollowUpAction.objects.create(
                follow_up=follow_up, kind=kind, description=f"Tambahan {n[0]}"
            )
            if kind == Kind.TRAINING:
                person = EmployeeFactory(
                    agency=org["agency"],
                    unit=org["unit"],
                    user=UserFactory(username=f"grow-{n[0]}"),
                )
                Enrolment.objects.create(
                    session=session_for(org),
                    employee=person,
                    unit=org["unit"],
                    status="dinominasikan",
                    follow_up_action=action,
                )

    assert_constant_queries(
        client, follow_up.assessment.get_absolute_url(), grow=grow, ceiling=60
    )


def test_the_session_choice_is_searched_by_program_title(client, org, follow_up):
    wanted = session_for(org, program__title="Penulisan Laporan Dinas")
    other = session_for(org, program__title="Manajemen Arsip")
    action = _action(follow_up, Kind.TRAINING)
    client.force_login(org["hr"].user)

    page = client.get(
        reverse("training:follow_up_nominate", args=[action.pk]), {"q": "laporan"}
    ).content.decode()

    assert str(wanted) in page
    assert str(other) not in page
