"""Actions that cannot be undone ask first, also without script: a POST without
`confirmed` answers a question page that changes nothing; its button posts the same
fields with `confirmed`, and only then does the action run."""

import pytest
from django.urls import reverse

from mentoring.models import Pair
from training.models import Enrolment
from training.tests.factories import EnrolmentFactory, past_session_for, session_for

pytestmark = pytest.mark.django_db


def _asks(response, question_part: str) -> dict:
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="confirm-step"' in body
    assert question_part in body
    assert 'name="confirmed"' in body
    return body


def test_withdrawing_asks_then_withdraws(login, org):
    enrolment = EnrolmentFactory(
        session=session_for(org),
        employee=org["member"],
        status=Enrolment.Status.CONFIRMED,
    )
    client = login(org["member"])
    url = reverse("training:enrolment_withdraw", args=[enrolment.pk])
    body = _asks(client.post(url, {"next": "/pelatihan/jp-saya/"}), "Batalkan")
    assert 'value="/pelatihan/jp-saya/"' in body  # the same fields, posted again
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CONFIRMED
    client.post(url, {"next": "/pelatihan/jp-saya/", "confirmed": "1"})
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN


def test_completing_a_session_asks_first(login, org):
    session = past_session_for(org)
    client = login(org["hr"])
    url = reverse("training:session_complete", args=[session.pk])
    _asks(client.post(url), "kreditkan JP")
    session.refresh_from_db()
    assert session.status != session.Status.FINISHED


def test_ending_a_pair_asks_then_ends(login, org):
    pair = Pair.objects.get(mentee=org["outsider"])  # the org fixture's pair
    client = login(org["hr"])
    url = reverse("mentoring:pair_end", args=[pair.pk])
    _asks(client.post(url), "Selesaikan pasangan")
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE
    client.post(url, {"confirmed": "1"})
    pair.refresh_from_db()
    assert pair.status == Pair.Status.COMPLETED


def test_another_agencys_object_is_not_found_before_any_question(login, org, other_org):
    pair = Pair.objects.get(mentee=other_org["outsider"])
    response = login(org["hr"]).post(reverse("mentoring:pair_end", args=[pair.pk]))
    assert response.status_code == 404
