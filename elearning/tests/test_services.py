from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from asn_portal.refusals import Refused
from elearning import services
from elearning.models import Choice, LessonCompletion, Progress, TestAttempt
from elearning.tests.factories import answers_for, make_module
from training.models import DevelopmentForm, JpCredit

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(org):
    return make_module(org["agency"], lessons=2, questions=5, jp=Decimal("4"))


@pytest.fixture
def progress(module, org):
    return services.start_module(employee=org["member"], module=module)


def _through_lessons(progress):
    for lesson in progress.module.lessons.all():
        services.complete_lesson(progress=progress, lesson=lesson)


def test_starting_twice_returns_the_same_progress(module, org):
    first = services.start_module(employee=org["member"], module=module)
    second = services.start_module(employee=org["member"], module=module)
    assert first.pk == second.pk
    assert Progress.objects.count() == 1


def test_a_draft_or_another_agencys_module_cannot_be_started(org, other_org):
    draft = make_module(org["agency"], published=False)
    foreign = make_module(other_org["agency"])
    for module in (draft, foreign):
        with pytest.raises(Refused, match="tidak tersedia"):
            services.start_module(employee=org["member"], module=module)
    assert not Progress.objects.exists()


def test_the_pre_test_comes_before_the_first_lesson(progress):
    lesson = progress.module.lessons.first()
    with pytest.raises(Refused, match="pre-test sebelum materi"):
        services.complete_lesson(progress=progress, lesson=lesson)
    assert not LessonCompletion.objects.exists()


def test_pre_test_is_scored_and_recorded_once(progress, module):
    attempt = services.submit_test(
        progress=progress, kind="pre", answers=answers_for(module, "pre", correct=2)
    )
    assert attempt.score == Decimal("40.00")
    assert attempt.correct_count == 2
    progress.refresh_from_db()
    assert progress.pre_score == Decimal("40.00")
    with pytest.raises(Refused, match="hanya dapat dikerjakan satu kali"):
        services.submit_test(
            progress=progress, kind="pre", answers=answers_for(module, "pre")
        )
    progress.refresh_from_db()
    assert progress.pre_score == Decimal("40.00")
    assert TestAttempt.objects.count() == 1


def test_database_refuses_a_second_pre_test_attempt(progress, module):
    attempt = services.submit_test(
        progress=progress, kind="pre", answers=answers_for(module, "pre")
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        TestAttempt.objects.create(
            progress=progress,
            test=attempt.test,
            kind="pre",
            correct_count=0,
            question_count=5,
            score=0,
        )


def test_answering_with_a_choice_of_another_question_changes_nothing(progress, module):
    answers = answers_for(module, "pre")
    first, second = list(answers)[:2]
    answers[first] = Choice.objects.filter(question_id=second).first().pk
    with pytest.raises(Refused, match="bukan pilihan dari soal"):
        services.submit_test(progress=progress, kind="pre", answers=answers)
    assert not TestAttempt.objects.exists()
    progress.refresh_from_db()
    assert progress.pre_score is None


def test_answering_with_a_post_test_choice_in_the_pre_test_is_refused(progress, module):
    pre = answers_for(module, "pre")
    post = answers_for(module, "post")
    first_pre = next(iter(pre))
    pre[first_pre] = next(iter(post.values()))
    with pytest.raises(Refused, match="bukan pilihan dari soal"):
        services.submit_test(progress=progress, kind="pre", answers=pre)
    assert not TestAttempt.objects.exists()


def test_unanswered_questions_are_refused(progress, module):
    answers = answers_for(module, "pre")
    answers.popitem()
    with pytest.raises(Refused, match="belum dijawab"):
        services.submit_test(progress=progress, kind="pre", answers=answers)
    assert not TestAttempt.objects.exists()


def test_post_test_waits_for_every_lesson(progress, module):
    services.submit_test(
        progress=progress, kind="pre", answers=answers_for(module, "pre")
    )
    with pytest.raises(Refused, match="Post-test dibuka setelah"):
        services.submit_test(
            progress=progress, kind="post", answers=answers_for(module, "post")
        )
    assert TestAttempt.objects.filter(kind="post").count() == 0


def test_post_test_without_required_lessons_opens_after_pre_test(org):
    module = make_module(org["agency"], title="Bebas", requires_all_lessons=False)
    progress = services.start_module(employee=org["member"], module=module)
    services.submit_test(
        progress=progress, kind="pre", answers=answers_for(module, "pre")
    )
    attempt = services.submit_test(
        progress=progress, kind="post", answers=answers_for(module, "post")
    )
    assert attempt.score == Decimal("100.00")


def test_post_test_may_be_retried_and_the_best_score_counts(progress, module):
    services.submit_test(
        progress=progress, kind="pre", answers=answers_for(module, "pre", correct=1)
    )
    _through_lessons(progress)
    for correct in (3, 5, 2):
        services.submit_test(
            progress=progress,
            kind="post",
            answers=answers_for(module, "post", correct=correct),
        )
    progress.refresh_from_db()
    assert progress.post_score == Decimal("100.00")
    assert progress.pre_score == Decimal("20.00")
    assert progress.gain == Decimal("80.00")
    assert TestAttempt.objects.filter(kind="post").count() == 3


def test_completion_credits_jp_once_in_the_shared_ledger(progress, module, org):
    services.submit_test(
        progress=progress, kind="pre", answers=answers_for(module, "pre", correct=2)
    )
    _through_lessons(progress)
    services.submit_test(
        progress=progress, kind="post", answers=answers_for(module, "post")
    )
    credit = services.complete_module(progress=progress)
    assert credit.jp == Decimal("4.00")
    assert credit.form == DevelopmentForm.E_LEARNING
    assert credit.source_key == f"elearning.module:{module.pk}"
    assert credit.employee == org["member"]
    assert module.title in credit.description
    progress.refresh_from_db()
    assert progress.completed_at is not None
    with pytest.raises(Refused, match="sudah selesai"):
        services.complete_module(progress=progress)
    assert JpCredit.objects.count() == 1


def test_completion_is_refused_below_the_pass_mark(progress, module):
    services.submit_test(
        progress=progress, kind="pre", answers=answers_for(module, "pre")
    )
    _through_lessons(progress)
    services.submit_test(
        progress=progress, kind="post", answers=answers_for(module, "post", correct=3)
    )
    with pytest.raises(Refused, match="belum mencapai batas lulus"):
        services.complete_module(progress=progress)
    progress.refresh_from_db()
    assert progress.completed_at is None
    assert not JpCredit.objects.exists()


def test_completion_lists_what_is_missing(progress):
    with pytest.raises(Refused) as caught:
        services.complete_module(progress=progress)
    assert len(caught.value.messages) == 3


def test_no_test_after_completion(progress, module):
    services.submit_test(
        progress=progress, kind="pre", answers=answers_for(module, "pre")
    )
    _through_lessons(progress)
    services.submit_test(
        progress=progress, kind="post", answers=answers_for(module, "post")
    )
    services.complete_module(progress=progress)
    with pytest.raises(Refused, match="sudah selesai"):
        services.submit_test(
            progress=progress, kind="post", answers=answers_for(module, "post")
        )


def test_completing_a_lesson_twice_keeps_one_row(progress, module):
    services.submit_test(
        progress=progress, kind="pre", answers=answers_for(module, "pre")
    )
    lesson = module.lessons.first()
    services.complete_lesson(progress=progress, lesson=lesson)
    services.complete_lesson(progress=progress, lesson=lesson)
    assert LessonCompletion.objects.count() == 1


def test_a_lesson_of_another_module_is_refused(progress, module, org):
    services.submit_test(
        progress=progress, kind="pre", answers=answers_for(module, "pre")
    )
    other = make_module(org["agency"], title="Lain")
    with pytest.raises(Refused, match="bukan bagian"):
        services.complete_lesson(progress=progress, lesson=other.lessons.first())


def test_the_database_allows_one_progress_per_module_and_employee(progress):
    with pytest.raises(IntegrityError), transaction.atomic():
        Progress.objects.create(module=progress.module, employee=progress.employee)


def test_the_database_allows_one_correct_choice_per_question(module):
    question = module.tests.first().questions.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Choice.objects.create(question=question, text="Juga benar", is_correct=True)


def test_create_module_makes_both_empty_tests(org):
    module = services.create_module(
        agency=org["agency"],
        title="Penyusunan SKP",
        competency_area="Manajemen kinerja",
        jp=Decimal("3"),
    )
    assert sorted(module.tests.values_list("kind", flat=True)) == ["post", "pre"]
    assert not module.is_published


def test_publishing_needs_lessons_and_sound_tests(org):
    module = services.create_module(
        agency=org["agency"], title="Kosong", competency_area="X", jp=Decimal("2")
    )
    with pytest.raises(Refused) as caught:
        services.publish_module(module=module)
    text = " ".join(caught.value.messages)
    assert "belum memiliki materi" in text
    assert "Pre-test belum memiliki soal" in text
    assert "Post-test belum memiliki soal" in text
    module.refresh_from_db()
    assert not module.is_published


def test_publishing_refuses_a_question_without_a_correct_choice(org):
    module = make_module(org["agency"], published=False)
    question = module.tests.get(kind="post").questions.first()
    question.choices.update(is_correct=False)
    with pytest.raises(Refused, match="tepat satu jawaban benar"):
        services.publish_module(module=module)
    question.choices.filter(order=2).update(is_correct=True)
    services.publish_module(module=module)
    module.refresh_from_db()
    assert module.is_published
    assert module.published_at
