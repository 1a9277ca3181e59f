"""Builders for e-learning tests: a published module with lessons and both tests."""

from decimal import Decimal

from elearning.models import Choice, Lesson, Module, Question, Test


def make_module(
    agency,
    *,
    title="Etika dan Integritas ASN",
    lessons=2,
    questions=3,
    published=True,
    jp=Decimal("4"),
    pass_mark=70,
    requires_all_lessons=True,
    **limits,
) -> Module:
    """A module whose questions each have three choices; the correct one is the
    first choice (see `correct_answers`). Unless `limits` says otherwise (e.g.
    post_test_attempts=3, retry_wait_minutes=60, questions_per_test=5,
    time_limit_minutes=30), post-tests may be retried at once, any number of times."""
    limits = {"post_test_attempts": 0, "retry_wait_minutes": 0, **limits}
    module = Module.objects.create(
        agency=agency,
        title=title,
        competency_area="Etika ASN",
        description="Nilai dasar dan kode etik ASN.",
        jp=jp,
        pass_mark=pass_mark,
        requires_all_lessons=requires_all_lessons,
        is_published=published,
        **limits,
    )
    for n in range(1, lessons + 1):
        Lesson.objects.create(
            module=module, order=n, title=f"Materi {n}", body=f"Isi materi {n}."
        )
    for kind in Test.Kind.values:
        test = Test.objects.create(module=module, kind=kind)
        for n in range(1, questions + 1):
            question = Question.objects.create(test=test, order=n, text=f"Soal {n}?")
            Choice.objects.bulk_create(
                [
                    Choice(question=question, order=1, text="Benar", is_correct=True),
                    Choice(question=question, order=2, text="Salah satu"),
                    Choice(question=question, order=3, text="Salah dua"),
                ]
            )
    return module


def answers_for(module, kind, *, correct: int | None = None) -> dict[int, int]:
    """Answers to a test: the first `correct` questions right, the rest wrong
    (all right when `correct` is None)."""
    test = module.tests.get(kind=kind)
    answers = {}
    for index, question in enumerate(test.questions.prefetch_related("choices")):
        choices = list(question.choices.all())
        right = correct is None or index < correct
        answers[question.pk] = choices[0].pk if right else choices[1].pk
    return answers


def as_post_data(answers: dict[int, int]) -> dict[str, str]:
    return {f"q{q}": str(c) for q, c in answers.items()}
