"""Tests that measure learning: questions drawn from a bank and shuffled per attempt,
post-test attempts limited with a wait between them, a time limit, a minimum reading
time per lesson, and a review of mistakes that does not give the next attempt away."""

import datetime
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from asn_portal.refusals import Refused
from elearning import rules, services
from elearning.models import LessonOpening, Module, TestAttempt, TestSitting
from elearning.tests.factories import answers_for, as_post_data, make_module

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2030, 5, 6, 9, 0, tzinfo=datetime.UTC)


class InOrder:
    """A "random" source that keeps every order as it is: draws become predictable."""

    def sample(self, population, k):
        return list(population)[:k]


# The rules, by hand -----------------------------------------------------------------


def test_a_draw_takes_the_asked_number_of_distinct_questions_and_shuffles_choices():
    pool = {q: [q * 10 + c for c in range(4)] for q in range(1, 11)}
    drawn = rules.draw_questions(pool, count=4, rng=random.Random(7))
    assert len(drawn) == 4
    assert len({question for question, _ in drawn}) == 4
    for question, choices in drawn:
        assert sorted(choices) == pool[question]
    # Over many draws the choices do not stay in their authored order.
    orders = {
        tuple(rules.draw_questions(pool, count=1, rng=random.Random(seed))[0][1])
        for seed in range(20)
    }
    assert len(orders) > 1


@pytest.mark.parametrize("count", [0, 3, 9])
def test_zero_or_more_than_the_bank_draws_every_question(count):
    pool = {1: [11, 12], 2: [21, 22], 3: [31, 32]}
    drawn = rules.draw_questions(pool, count=count, rng=random.Random(1))
    assert sorted(question for question, _ in drawn) == [1, 2, 3]


def test_a_draw_never_repeats_the_order_it_must_avoid():
    pool = {1: [11], 2: [21], 3: [31]}
    drawn = rules.draw_questions(pool, count=0, rng=InOrder(), not_in_order=[1, 2, 3])
    assert [question for question, _ in drawn] == [2, 3, 1]
    kept = rules.draw_questions(pool, count=0, rng=InOrder(), not_in_order=[3, 2, 1])
    assert [question for question, _ in kept] == [1, 2, 3]


@pytest.mark.parametrize(
    ("used", "allowed", "left"),
    [(0, 3, 3), (2, 3, 1), (3, 3, 0), (5, 3, 0), (9, 0, None)],
)
def test_attempts_left(used, allowed, left):
    assert rules.attempts_left(used, allowed) == left


def test_the_wait_and_the_deadline_by_hand():
    assert rules.next_attempt_from(AT, 60) == AT + datetime.timedelta(hours=1)
    assert rules.next_attempt_from(AT, 0) is None
    assert rules.next_attempt_from(None, 60) is None
    deadline = rules.test_deadline(AT, 30)
    assert deadline == AT + datetime.timedelta(minutes=30)
    assert rules.test_deadline(AT, None) is None
    assert not rules.sent_too_late(deadline, deadline + datetime.timedelta(seconds=60))
    assert rules.sent_too_late(deadline, deadline + datetime.timedelta(seconds=61))
    assert not rules.sent_too_late(None, AT + datetime.timedelta(days=9))
    assert rules.reading_done_from(AT, 5) == AT + datetime.timedelta(minutes=5)
    assert rules.reading_done_from(None, 0) is None


# Taking tests ----------------------------------------------------------------------


def _started(org, **limits):
    module = make_module(org["agency"], questions=5, lessons=1, **limits)
    progress = services.start_module(employee=org["member"], module=module)
    return module, progress


def _answers(module, sitting, *, right=True):
    """Answers to exactly the drawn questions."""
    key = answers_for(module, sitting.test.kind)
    wrong = answers_for(module, sitting.test.kind, correct=0)
    return {q: (key if right else wrong)[q] for q, _ in sitting.drawn}


def test_the_page_draws_once_and_a_reload_shows_the_same_questions(org):
    module, progress = _started(org, questions_per_test=3)
    first = services.open_test(progress=progress, kind="pre")
    again = services.open_test(progress=progress, kind="pre")
    assert again.pk == first.pk
    assert again.drawn == first.drawn
    assert len(first.drawn) == 3

    attempt = services.submit_test(
        progress=progress, kind="pre", answers=_answers(module, first)
    )
    assert (attempt.question_count, attempt.correct_count) == (3, 3)
    assert attempt.drawn == first.drawn
    assert not TestSitting.objects.exists(), "the sitting closes with the attempt"


def test_answers_to_questions_not_drawn_are_refused(org):
    module, progress = _started(org, questions_per_test=2)
    sitting = services.open_test(progress=progress, kind="pre")
    every_question = answers_for(module, "pre")
    with pytest.raises(Refused, match="bukan bagian dari tes ini"):
        services.submit_test(progress=progress, kind="pre", answers=every_question)
    assert not TestAttempt.objects.exists()
    assert TestSitting.objects.filter(pk=sitting.pk).exists(), "still open to answer"


def _through_lessons(module, progress):
    services.submit_test(
        progress=progress, kind="pre", answers=answers_for(module, "pre", correct=0)
    )
    for lesson in module.lessons.all():
        services.complete_lesson(progress=progress, lesson=lesson)


def _post(module, progress, *, right=False):
    sitting = services.open_test(progress=progress, kind="post")
    return services.submit_test(
        progress=progress, kind="post", answers=_answers(module, sitting, right=right)
    )


def _an_hour_passes(progress):
    TestAttempt.objects.filter(progress=progress).update(
        submitted_at=timezone.now() - datetime.timedelta(minutes=61)
    )


def test_post_test_attempts_are_limited_and_spaced(org):
    module, progress = _started(org, post_test_attempts=2, retry_wait_minutes=60)
    _through_lessons(module, progress)
    _post(module, progress)
    with pytest.raises(Refused, match="Post-test dapat diulang mulai pukul"):
        services.open_test(progress=progress, kind="post")
    _an_hour_passes(progress)
    _post(module, progress)
    _an_hour_passes(progress)
    with pytest.raises(Refused, match=r"Kesempatan post-test sudah habis \(2 kali\)"):
        services.open_test(progress=progress, kind="post")
    assert progress.attempts.filter(kind="post").count() == 2


def test_after_the_time_limit_an_attempt_scores_nothing(org):
    module, progress = _started(org, time_limit_minutes=10)
    sitting = services.open_test(progress=progress, kind="pre")
    assert sitting.deadline == sitting.started_at + datetime.timedelta(minutes=10)
    TestSitting.objects.filter(pk=sitting.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=2)
    )
    attempt = services.submit_test(
        progress=progress, kind="pre", answers=_answers(module, sitting)
    )
    assert attempt.timed_out
    assert (attempt.score, attempt.correct_count) == (0, 0)


def test_answers_the_page_sends_as_time_runs_out_count_and_the_rest_is_wrong(org):
    module, progress = _started(org, time_limit_minutes=10)
    sitting = services.open_test(progress=progress, kind="pre")
    TestSitting.objects.filter(pk=sitting.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=5)
    )
    two_answered = dict(list(_answers(module, sitting).items())[:2])
    attempt = services.submit_test(progress=progress, kind="pre", answers=two_answered)
    assert not attempt.timed_out
    assert (attempt.correct_count, attempt.question_count, attempt.score) == (2, 5, 40)


def test_a_test_left_open_past_its_time_is_recorded_when_the_learner_comes_back(org):
    module, progress = _started(org, time_limit_minutes=10)
    sitting = services.open_test(progress=progress, kind="pre")
    TestSitting.objects.filter(pk=sitting.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    with pytest.raises(Refused, match="Pre-test hanya dapat dikerjakan satu kali"):
        services.open_test(progress=progress, kind="pre")
    attempt = TestAttempt.objects.get(progress=progress)
    assert attempt.timed_out
    assert attempt.score == 0


def test_a_lesson_counts_as_read_only_after_its_minimum_time(org):
    module, progress = _started(org)
    lesson = module.lessons.get()
    lesson.minimum_minutes = 5
    lesson.save()
    services.submit_test(
        progress=progress, kind="pre", answers=answers_for(module, "pre")
    )
    with pytest.raises(Refused, match="Buka dan baca materi ini"):
        services.complete_lesson(progress=progress, lesson=lesson)
    services.open_lesson(progress=progress, lesson=lesson)
    with pytest.raises(Refused, match="sedikitnya 5 menit; dapat ditandai selesai"):
        services.complete_lesson(progress=progress, lesson=lesson)
    LessonOpening.objects.update(
        opened_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    services.complete_lesson(progress=progress, lesson=lesson)
    assert progress.lesson_completions.count() == 1


# Pages -------------------------------------------------------------------------------


def test_the_test_page_shows_the_drawn_questions_with_the_time_left(client, org):
    module, progress = _started(org, questions_per_test=3, time_limit_minutes=20)
    client.force_login(org["member"].user)
    page = client.get(reverse("elearning:take_test", args=[module.pk, "pre"]))
    body = page.content.decode()
    sitting = TestSitting.objects.get()
    assert body.count('type="radio"') == 3 * 3
    for question, _choices in sitting.drawn:
        assert f'name="q{question}"' in body
    # Choices appear in the drawn order.
    _first_question, first_choices = sitting.drawn[0]
    positions = [body.index(f'id="c{choice}"') for choice in first_choices]
    assert positions == sorted(positions)
    assert 'data-testid="time-limit"' in body
    assert "js/test-timer.js" in body

    sent = client.post(
        reverse("elearning:take_test", args=[module.pk, "pre"]),
        as_post_data(_answers(module, sitting, right=False)),
    )
    attempt = TestAttempt.objects.get()
    assert sent.url == reverse("elearning:attempt_review", args=[module.pk, attempt.pk])


def test_the_review_marks_mistakes_and_shows_the_key_only_when_it_cannot_help(
    client, org
):
    module, progress = _started(org, post_test_attempts=2, retry_wait_minutes=0)
    _through_lessons(module, progress)
    first = _post(module, progress, right=False)
    client.force_login(org["member"].user)
    url = reverse("elearning:attempt_review", args=[module.pk, first.pk])
    body = client.get(url).content.decode()
    assert body.count(">Salah<") == 5
    assert "(jawaban Anda)" in body
    assert "(jawaban benar)" not in body, "one attempt is left"

    _post(module, progress, right=False)  # the last one
    body = client.get(url).content.decode()
    assert body.count("(jawaban benar)") == 5

    client.force_login(org["supervisor"].user)
    assert client.get(url).status_code == 404, "a review is the learner's own"


def test_the_module_page_says_when_the_post_test_opens_again(client, org):
    module, progress = _started(org, post_test_attempts=3, retry_wait_minutes=60)
    _through_lessons(module, progress)
    _post(module, progress)
    client.force_login(org["member"].user)
    body = client.get(module.get_absolute_url()).content.decode()
    assert 'data-testid="post-again-at"' in body
    assert 'data-testid="take-post-test"' not in body
    assert "Sisa 2 kesempatan post-test." in body
    assert "Tinjau jawaban" in body


def test_hr_sets_the_limits_and_may_leave_them_empty(client, org):
    client.force_login(org["hr"].user)
    response = client.post(
        reverse("elearning:module_create"),
        {
            "title": "Pelayanan Prima",
            "competency_area": "Pelayanan publik",
            "jp": "2",
            "pass_mark": "70",
            "questions_per_test": "10",
            "time_limit_minutes": "",
        },
    )
    assert response.status_code == 302
    module = Module.objects.get(title="Pelayanan Prima")
    assert module.questions_per_test == 10
    assert (module.post_test_attempts, module.retry_wait_minutes) == (3, 60)
    assert module.time_limit_minutes is None
