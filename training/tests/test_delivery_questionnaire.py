"""Questionnaire answering: who may answer, once, within the scale; and results."""

import pytest

from asn_portal.refusals import Refused
from training.models import Answer, Enrolment, QuestionnaireResponse, participants
from training.services import delivery as services
from training.tests.factories import (
    EnrolmentFactory,
    attended,
    finished_session,
)

pytestmark = pytest.mark.django_db


def _all(template, score):
    return {q.pk: score for q in template.questions.all()}


@pytest.fixture
def session(org):
    return finished_session(org["agency"])


def test_attended_means_present_once_or_judged_on_completion(org, session):
    present = attended(session, org["member"])
    judged = EnrolmentFactory(
        session=session, employee=org["outsider"], status=Enrolment.Status.NOT_COMPLETED
    )
    absent = EnrolmentFactory(session=session, employee=org["supervisor"])
    ids = set(
        participants().filter(session=session).attended().values_list("pk", flat=True)
    )
    assert ids == {present.pk, judged.pk}
    assert absent.pk not in ids


def test_the_agency_default_template_has_the_four_required_aspects(org, session):
    template = services.template_for_session(session)
    aspects = set(template.questions.values_list("aspect", flat=True))
    assert {"materi", "narasumber", "manfaat", "penyelenggaraan"} <= aspects
    assert template.is_default
    assert template.scale == 4


def test_attended_participant_answers_once(org, session):
    enrolment = attended(session, org["member"])
    template = services.template_for_session(session)
    response = services.submit_questionnaire(
        enrolment=enrolment, scores=_all(template, 4), comment="Bagus sekali"
    )
    assert response.answers.count() == template.questions.count()
    with pytest.raises(Refused, match="sudah mengisi"):
        services.submit_questionnaire(enrolment=enrolment, scores=_all(template, 1))
    assert QuestionnaireResponse.objects.count() == 1
    assert set(Answer.objects.values_list("score", flat=True)) == {4}


def test_a_participant_who_did_not_attend_cannot_answer(org, session):
    enrolment = EnrolmentFactory(session=session, employee=org["member"])
    template = services.template_for_session(session)
    with pytest.raises(Refused, match="hanya untuk peserta yang hadir"):
        services.submit_questionnaire(enrolment=enrolment, scores=_all(template, 3))
    assert not QuestionnaireResponse.objects.exists()


@pytest.mark.parametrize("bad", [0, 5, -1, 99])
def test_a_score_outside_the_scale_is_refused_and_nothing_saved(org, session, bad):
    enrolment = attended(session, org["member"])
    template = services.template_for_session(session)
    scores = _all(template, 3)
    scores[next(iter(scores))] = bad
    with pytest.raises(Refused, match="antara 1 dan 4"):
        services.submit_questionnaire(enrolment=enrolment, scores=scores)
    assert not QuestionnaireResponse.objects.exists()
    assert not Answer.objects.exists()


def test_every_question_must_be_answered(org, session):
    enrolment = attended(session, org["member"])
    template = services.template_for_session(session)
    scores = _all(template, 3)
    scores.pop(next(iter(scores)))
    with pytest.raises(Refused, match="wajib dijawab"):
        services.submit_questionnaire(enrolment=enrolment, scores=scores)
    assert not QuestionnaireResponse.objects.exists()


def test_the_questionnaire_opens_only_after_the_session_ends(org):
    future = finished_session(org["agency"], ended_days_ago=-3)
    enrolment = attended(future, org["member"])
    template = services.template_for_session(future)
    with pytest.raises(Refused, match="setelah sesi selesai"):
        services.submit_questionnaire(enrolment=enrolment, scores=_all(template, 3))


def test_the_database_refuses_a_score_above_the_answer_scale(org, session):
    from django.db import IntegrityError, transaction

    enrolment = attended(session, org["member"])
    template = services.template_for_session(session)
    response = services.submit_questionnaire(
        enrolment=enrolment, scores=_all(template, 2)
    )
    question = template.questions.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.filter(response=response, question=question).update(score=5)


def test_results_aggregate_per_aspect_with_distribution_and_rate(org, session):
    template = services.template_for_session(session)
    first = attended(session, org["member"])
    second = attended(session, org["outsider"])
    attended(session, org["supervisor"])  # attended, did not answer
    services.submit_questionnaire(
        enrolment=first, scores=_all(template, 4), comment="A"
    )
    services.submit_questionnaire(enrolment=second, scores=_all(template, 2))
    from training.models.delivery import evaluation_results

    results = evaluation_results(session=session)
    assert results["attended_count"] == 3
    assert results["response_count"] == 2
    assert results["response_rate"] == pytest.approx(66.7)
    material = next(r for r in results["aspects"] if r["aspect"] == "materi")
    assert material["average"] == 3
    assert [d["count"] for d in material["distribution"]] == [0, 1, 0, 1]
    assert results["overall_average"] == 3
    assert [c["comment"] for c in results["comments"]] == ["A"]
    by_program = evaluation_results(program=session.program)
    assert by_program["response_count"] == 2


def test_an_answered_template_keeps_its_scale(org, session):
    template = services.template_for_session(session)
    services.submit_questionnaire(
        enrolment=attended(session, org["member"]), scores=_all(template, 3)
    )
    template.scale = 5
    questions = [
        {"pk": q.pk, "aspect": q.aspect, "text": q.text, "order": q.order}
        for q in template.questions.all()
    ]
    with pytest.raises(Refused, match="Skala tidak dapat diubah"):
        services.save_template(template=template, questions=questions)
    template.refresh_from_db()
    assert template.scale == 4
