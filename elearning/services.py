"""Writes of the e-learning app: authoring, taking a module, and crediting its JP.

Every function validates before it writes and raises Refused with a message in
Bahasa Indonesia, leaving the database as it was."""

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_portal.refusals import Refused
from elearning import rules
from elearning.models import (
    Lesson,
    LessonCompletion,
    Module,
    Progress,
    Question,
    Test,
    TestAttempt,
)
from training.models import DevelopmentForm, JpCredit
from training.services.ledger import credit_jp

MIN_CHOICES = 2


# Authoring (HR) ---------------------------------------------------------------


@transaction.atomic
def create_module(*, agency, **fields) -> Module:
    """A new draft module with its (still empty) pre-test and post-test."""
    module = Module(agency=agency, **fields)
    module.full_clean()
    module.save()
    Test.objects.bulk_create(
        [Test(module=module, kind=kind) for kind in Test.Kind.values]
    )
    return module


@transaction.atomic
def save_question(*, question_form, choice_formset) -> Question:
    """Save a question and its choices; the formset has already checked that exactly
    one choice is correct."""
    question = question_form.save()
    # Unmark every choice first, so that the one-correct-choice constraint holds
    # after each single save below.
    question.choices.update(is_correct=False)
    for form in choice_formset.forms:
        if form in choice_formset.deleted_forms:
            if form.instance.pk:
                form.instance.delete()
            continue
        if not form.instance.pk and not form.has_changed():
            continue  # an empty extra row
        choice = form.save(commit=False)
        choice.question = question
        choice.save()
    return question


@transaction.atomic
def delete_lesson(*, lesson: Lesson) -> None:
    """Remove a lesson nobody has marked done yet (completed ones stay as records)."""
    if lesson.completions.exists():
        raise Refused(
            _("Materi tidak dapat dihapus karena sudah diselesaikan peserta.")
        )
    lesson.attachment.delete(save=False)
    lesson.delete()


@transaction.atomic
def delete_question(*, question: Question) -> None:
    if question.test.attempts.exists():
        raise Refused(
            _("Soal tidak dapat dihapus karena sudah ada peserta yang mengerjakan tes.")
        )
    question.delete()


def publishing_problems(module: Module) -> list[str]:
    """What must be fixed before ASN can take the module."""
    problems = []
    lessons = list(module.lessons.all())
    if not lessons:
        problems.append(_("Modul belum memiliki materi."))
    tests = {t.kind: t for t in module.tests.prefetch_related("questions__choices")}
    for kind, label in Test.Kind.choices:
        test = tests.get(kind)
        questions = list(test.questions.all()) if test else []
        if not questions:
            problems.append(_("%(test)s belum memiliki soal.") % {"test": label})
        for question in questions:
            choices = list(question.choices.all())
            correct = sum(1 for c in choices if c.is_correct)
            if len(choices) < MIN_CHOICES or correct != 1:
                problems.append(
                    _(
                        "%(test)s soal %(n)s harus memiliki minimal dua pilihan "
                        "dan tepat satu jawaban benar."
                    )
                    % {"test": label, "n": question.order}
                )
    return problems


@transaction.atomic
def publish_module(*, module: Module) -> Module:
    problems = publishing_problems(module)
    if problems:
        raise Refused(problems)
    module.is_published = True
    module.published_at = module.published_at or timezone.now()
    module.save(update_fields=["is_published", "published_at", "updated_at"])
    return module


@transaction.atomic
def unpublish_module(*, module: Module) -> Module:
    module.is_published = False
    module.save(update_fields=["is_published", "updated_at"])
    return module


# Taking a module (ASN) --------------------------------------------------------


@transaction.atomic
def start_module(*, employee, module: Module) -> Progress:
    """Begin (or return the existing) progress of an ASN on a module of their agency."""
    if not module.is_published or module.agency_id != employee.agency_id:
        raise Refused(_("Modul ini tidak tersedia untuk Anda."))
    progress, _created = Progress.objects.get_or_create(
        module=module, employee=employee
    )
    return progress


def _locked(progress: Progress) -> Progress:
    return (
        Progress.objects.select_for_update()
        .select_related("module")
        .get(pk=progress.pk)
    )


def _pre_test_taken(progress: Progress) -> bool:
    return progress.attempts.filter(kind=Test.Kind.PRE).exists()


@transaction.atomic
def complete_lesson(*, progress: Progress, lesson: Lesson) -> LessonCompletion:
    """Mark a lesson as done; the pre-test comes before the first lesson."""
    if lesson.module_id != progress.module_id:
        raise Refused(_("Materi ini bukan bagian dari modul tersebut."))
    if not _pre_test_taken(progress):
        raise Refused(_("Kerjakan pre-test sebelum materi pertama."))
    completion, _created = LessonCompletion.objects.get_or_create(
        progress=progress, lesson=lesson
    )
    return completion


def _lesson_figures(progress: Progress) -> tuple[int, int]:
    total = progress.module.lessons.count()
    done = progress.lesson_completions.count()
    return total, done


@transaction.atomic
def submit_test(
    *, progress: Progress, kind: str, answers: Mapping[int, int]
) -> TestAttempt:
    """Score and record one attempt. The pre-test is taken once, before the lessons;
    the post-test at the end, as often as the participant likes until the module is
    completed, and the best score counts."""
    progress = _locked(progress)
    if progress.is_completed:
        raise Refused(_("Modul ini sudah selesai; tes tidak dapat diulang."))
    test = Test.objects.filter(module_id=progress.module_id, kind=kind).first()
    if test is None:
        raise Refused(_("Tes ini tidak ada."))
    pre_taken = _pre_test_taken(progress)
    if kind == Test.Kind.PRE and pre_taken:
        raise Refused(_("Pre-test hanya dapat dikerjakan satu kali."))
    if kind == Test.Kind.POST:
        total, done = _lesson_figures(progress)
        if not rules.post_test_open(
            pre_test_taken=pre_taken,
            lessons_total=total,
            lessons_done=done,
            requires_all_lessons=progress.module.requires_all_lessons,
        ):
            raise Refused(
                _("Post-test dibuka setelah pre-test dan semua materi selesai.")
            )
    options: dict[int, list[int]] = {}
    key: dict[int, int] = {}
    for question in test.questions.prefetch_related("choices"):
        options[question.pk] = [c.pk for c in question.choices.all()]
        for choice in question.choices.all():
            if choice.is_correct:
                key[question.pk] = choice.pk
    if not options:
        raise Refused(_("Tes ini belum memiliki soal."))
    try:
        correct = rules.count_correct(options=options, key=key, answers=answers)
    except rules.InvalidAnswers as error:
        raise Refused(str(error)) from error
    score = rules.score_percent(correct, len(options))
    try:
        with transaction.atomic():
            attempt = TestAttempt.objects.create(
                progress=progress,
                test=test,
                kind=kind,
                correct_count=correct,
                question_count=len(options),
                score=score,
                answers={str(q): c for q, c in answers.items()},
            )
    except IntegrityError as error:  # a second pre-test submitted at the same time
        raise Refused(_("Pre-test hanya dapat dikerjakan satu kali.")) from error
    if kind == Test.Kind.PRE:
        progress.pre_score = score
    else:
        progress.post_score = rules.counted_post_score(
            [s for s in (progress.post_score, score) if s is not None]
        )
    progress.save(update_fields=["pre_score", "post_score", "updated_at"])
    return attempt


def completion_blockers(progress: Progress) -> list[str]:
    total, done = _lesson_figures(progress)
    return rules.completion_blockers(
        pre_test_taken=_pre_test_taken(progress),
        lessons_total=total,
        lessons_done=done,
        requires_all_lessons=progress.module.requires_all_lessons,
        best_post_score=progress.post_score,
        pass_mark=progress.module.pass_mark,
    )


@transaction.atomic
def complete_module(*, progress: Progress) -> JpCredit | None:
    """Close the module for the participant and credit its JP, once: the ledger's
    source key `elearning.module:<pk>` is unique per employee."""
    progress = _locked(progress)
    if progress.is_completed:
        raise Refused(_("Modul ini sudah selesai."))
    blockers = completion_blockers(progress)
    if blockers:
        raise Refused(blockers)
    progress.completed_at = timezone.now()
    progress.save(update_fields=["completed_at", "updated_at"])
    module = progress.module
    return credit_jp(
        employee=progress.employee,
        jp=module.jp,
        form=DevelopmentForm.E_LEARNING,
        source_key=module.jp_source_key,
        on_date=timezone.localdate(progress.completed_at),
        description=_("E-learning: %(title)s") % {"title": module.title},
    )
