"""Writes of the e-learning app: authoring, taking a module, and crediting its JP.

Every function validates before it writes and raises Refused with a message in
Bahasa Indonesia, leaving the database as it was."""

import datetime
import random
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from asn_portal.refusals import Refused
from elearning import rules
from elearning.models import (
    Lesson,
    LessonCompletion,
    LessonOpening,
    Module,
    Progress,
    Question,
    Test,
    TestAttempt,
    TestSitting,
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


def _clock(moment: datetime.datetime) -> str:
    """ "14.30 WIB" (or a date and time when it is not today)."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return format_date(local, "H.i") + " WIB"
    return format_date(local, "j/n/Y H.i") + " WIB"


def open_lesson(*, progress: Progress, lesson: Lesson) -> LessonOpening:
    """The first opening of a lesson starts its minimum reading time."""
    opening, _created = LessonOpening.objects.get_or_create(
        progress=progress, lesson=lesson
    )
    return opening


@transaction.atomic
def complete_lesson(*, progress: Progress, lesson: Lesson) -> LessonCompletion:
    """Mark a lesson as done; the pre-test comes before the first lesson, and a
    lesson with a minimum reading time counts only once that time has passed since
    it was first opened."""
    if lesson.module_id != progress.module_id:
        raise Refused(_("Materi ini bukan bagian dari modul tersebut."))
    if not _pre_test_taken(progress):
        raise Refused(_("Kerjakan pre-test sebelum materi pertama."))
    if lesson.minimum_minutes:
        opening = LessonOpening.objects.filter(progress=progress, lesson=lesson).first()
        if opening is None:
            raise Refused(_("Buka dan baca materi ini terlebih dahulu."))
        ready = rules.reading_done_from(opening.opened_at, lesson.minimum_minutes)
        if timezone.now() < ready:
            raise Refused(
                _(
                    "Materi ini perlu dibaca sedikitnya %(minutes)s menit; dapat "
                    "ditandai selesai mulai pukul %(time)s."
                )
                % {"minutes": lesson.minimum_minutes, "time": _clock(ready)}
            )
    completion, _created = LessonCompletion.objects.get_or_create(
        progress=progress, lesson=lesson
    )
    return completion


def _lesson_figures(progress: Progress) -> tuple[int, int]:
    total = progress.module.lessons.count()
    done = progress.lesson_completions.count()
    return total, done


def _check_test_may_open(progress: Progress, kind: str, now) -> None:
    """Refused when this test cannot be taken now: a second pre-test, a post-test
    before its time, or one past the module's attempts or within its wait."""
    if progress.is_completed:
        raise Refused(_("Modul ini sudah selesai; tes tidak dapat diulang."))
    pre_taken = _pre_test_taken(progress)
    if kind == Test.Kind.PRE:
        if pre_taken:
            raise Refused(_("Pre-test hanya dapat dikerjakan satu kali."))
        return
    total, done = _lesson_figures(progress)
    if not rules.post_test_open(
        pre_test_taken=pre_taken,
        lessons_total=total,
        lessons_done=done,
        requires_all_lessons=progress.module.requires_all_lessons,
    ):
        raise Refused(_("Post-test dibuka setelah pre-test dan semua materi selesai."))
    module = progress.module
    earlier = progress.attempts.filter(kind=Test.Kind.POST)
    if rules.attempts_left(earlier.count(), module.post_test_attempts) == 0:
        raise Refused(
            _("Kesempatan post-test sudah habis (%(n)s kali).")
            % {"n": module.post_test_attempts}
        )
    last = earlier.order_by("-submitted_at").first()
    again = rules.next_attempt_from(
        last.submitted_at if last else None, module.retry_wait_minutes
    )
    if again is not None and now < again:
        raise Refused(
            _("Post-test dapat diulang mulai pukul %(time)s.") % {"time": _clock(again)}
        )


def _pool(test: Test) -> tuple[dict[int, list[int]], dict[int, int]]:
    """Every question of the test with its choice ids, and its correct choice."""
    options: dict[int, list[int]] = {}
    key: dict[int, int] = {}
    for question in test.questions.prefetch_related("choices"):
        options[question.pk] = [c.pk for c in question.choices.all()]
        for choice in question.choices.all():
            if choice.is_correct:
                key[question.pk] = choice.pk
    return options, key


def open_test(*, progress: Progress, kind: str) -> TestSitting:
    """The test as this learner takes it now: the sitting already open (the same
    questions, order and deadline after a reload), or a new draw from the test's
    question bank, its order never the pre-test's. A sitting left open past its
    time limit is first recorded as a timed-out attempt."""
    test = Test.objects.filter(module_id=progress.module_id, kind=kind).first()
    if test is None:
        raise Refused(_("Tes ini tidak ada."))
    with transaction.atomic():
        progress = _locked(progress)
        sitting = TestSitting.objects.filter(progress=progress, test=test).first()
        if sitting is not None:
            if not rules.sent_too_late(sitting.deadline, timezone.now()):
                return sitting
            _record_attempt(progress, sitting, {})
    with transaction.atomic():
        progress = _locked(progress)
        now = timezone.now()
        _check_test_may_open(progress, kind, now)
        options, _key = _pool(test)
        if not options:
            raise Refused(_("Tes ini belum memiliki soal."))
        pre = progress.attempts.filter(kind=Test.Kind.PRE).first()
        drawn = rules.draw_questions(
            options,
            count=progress.module.questions_per_test,
            rng=random.SystemRandom(),
            not_in_order=[question for question, _choices in pre.drawn] if pre else (),
        )
        return TestSitting.objects.create(
            progress=progress,
            test=test,
            drawn=drawn,
            started_at=now,
            deadline=rules.test_deadline(now, progress.module.time_limit_minutes),
        )


@transaction.atomic
def submit_test(
    *, progress: Progress, kind: str, answers: Mapping[int, int]
) -> TestAttempt:
    """Score and record one attempt on the questions drawn for it (drawn now when
    the test page was never opened). The pre-test is taken once, before the
    lessons; the post-test at the end, within the module's number of attempts and
    wait between them, and the best score counts. Answers sent after the time limit
    (and its grace) score nothing: the attempt is recorded as timed out."""
    sitting = (
        TestSitting.objects.filter(progress=progress, test__kind=kind)
        .select_related("test")
        .first()
    ) or open_test(progress=progress, kind=kind)
    progress = _locked(progress)
    if progress.is_completed:
        raise Refused(_("Modul ini sudah selesai; tes tidak dapat diulang."))
    return _record_attempt(progress, sitting, answers)


def _record_attempt(
    progress: Progress, sitting: TestSitting, answers: Mapping[int, int]
) -> TestAttempt:
    now = timezone.now()
    options, key = _pool(sitting.test)
    drawn_options = {
        question: options.get(question, []) for question, _choices in sitting.drawn
    }
    timed_out = rules.sent_too_late(sitting.deadline, now)
    if timed_out:
        correct, answers = 0, {}
    else:
        try:
            correct = rules.count_correct(
                options=drawn_options,
                key=key,
                answers=answers,
                # Sent by the page when the time ran out: unanswered is wrong.
                all_required=sitting.deadline is None or now < sitting.deadline,
            )
        except rules.InvalidAnswers as error:
            raise Refused(str(error)) from error
    score = rules.score_percent(correct, len(drawn_options))
    try:
        with transaction.atomic():
            attempt = TestAttempt.objects.create(
                progress=progress,
                test=sitting.test,
                kind=sitting.test.kind,
                correct_count=correct,
                question_count=len(drawn_options),
                score=score,
                answers={str(q): c for q, c in answers.items()},
                drawn=sitting.drawn,
                started_at=sitting.started_at,
                submitted_at=now,
                timed_out=timed_out,
            )
    except IntegrityError as error:  # a second pre-test submitted at the same time
        raise Refused(_("Pre-test hanya dapat dikerjakan satu kali.")) from error
    sitting.delete()
    if sitting.test.kind == Test.Kind.PRE:
        progress.pre_score = score
    else:
        progress.post_score = rules.counted_post_score(
            [s for s in (progress.post_score, score) if s is not None]
        )
    progress.save(update_fields=["pre_score", "post_score", "updated_at"])
    return attempt


def review_shows_key(*, progress: Progress) -> bool:
    """The right answers are shown once they can no longer help a next attempt: the
    module is finished, or no post-test attempt is left."""
    if progress.is_completed:
        return True
    used = progress.attempts.filter(kind=Test.Kind.POST).count()
    return rules.attempts_left(used, progress.module.post_test_attempts) == 0


def attempt_review(*, attempt: TestAttempt) -> list[dict]:
    """Each question of the attempt as it was shown, with the choice made and
    whether it was right."""
    questions = {
        q.pk: q
        for q in Question.objects.filter(
            pk__in=[question for question, _choices in attempt.drawn]
        ).prefetch_related("choices")
    }
    rows = []
    for question_id, choice_ids in attempt.drawn:
        question = questions.get(question_id)
        if question is None:  # deleted since
            continue
        chosen = attempt.answers.get(str(question_id))
        choices = {c.pk: c for c in question.choices.all()}
        shown = [choices[c] for c in choice_ids if c in choices]
        rows.append(
            {
                "question": question,
                "choices": [
                    {"text": c.text, "chosen": c.pk == chosen, "correct": c.is_correct}
                    for c in shown
                ],
                "right": any(c.is_correct and c.pk == chosen for c in shown),
            }
        )
    return rows


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
