from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import allow
from asn_portal.confirmation import ask_confirmation, is_confirmed
from asn_portal.formats import quantity
from asn_portal.refusals import attempt
from asn_portal.uploads import upload_response
from elearning import rules, services
from elearning.forms import ChoiceFormSet, LessonForm, ModuleForm, QuestionForm
from elearning.jobs import export_results_now_or_later
from elearning.models import Lesson, Module, Progress, Question, Test, TestAttempt
from people.models import BackgroundJob
from people.roles import Role, has_role
from people.scope import require_employee

MANAGE = "elearning.manage_elearning"
VIEW_RESULTS = "elearning.view_progress"


def _published_module(request, pk):
    return get_object_or_404(Module.objects.visible_to(request.user).published(), pk=pk)


def _progress_of(request, module):
    return (
        Progress.objects.filter(module=module, employee=require_employee(request.user))
        .select_related("module")
        .first()
    )


# Learners ---------------------------------------------------------------------


@allow()
def catalogue(request):
    employee = require_employee(request.user)
    modules = list(
        Module.objects.visible_to(request.user).published().with_lesson_count()
    )
    progress = {
        p.module_id: p
        for p in Progress.objects.filter(employee=employee).with_lessons_done()
    }
    rows = []
    for module in modules:
        mine = progress.get(module.pk)
        done = mine.lessons_done if mine else 0
        rows.append(
            {
                "module": module,
                "progress": mine,
                "percent": rules.progress_percent(done, module.lesson_count),
            }
        )
    return render(request, "elearning/module_list.html", {"rows": rows})


def _learner_state(progress, module, lessons):
    """What the module page and the test page need to know about a participant."""
    done_ids = (
        set(progress.lesson_completions.values_list("lesson_id", flat=True))
        if progress
        else set()
    )
    attempts = list(progress.attempts.order_by("submitted_at")) if progress else []
    pre_taken = any(a.kind == Test.Kind.PRE for a in attempts)
    post_attempts = [a for a in attempts if a.kind == Test.Kind.POST]
    again_at = rules.next_attempt_from(
        post_attempts[-1].submitted_at if post_attempts else None,
        module.retry_wait_minutes,
    )
    done = len(done_ids)
    return {
        "done_ids": done_ids,
        "attempts": attempts,
        "pre_attempt": next((a for a in attempts if a.kind == Test.Kind.PRE), None),
        "post_attempts": post_attempts,
        "post_attempts_left": rules.attempts_left(
            len(post_attempts), module.post_test_attempts
        ),
        "post_again_at": again_at if again_at and again_at > timezone.now() else None,
        "pre_taken": pre_taken,
        "lessons_done": done,
        "percent": rules.progress_percent(done, len(lessons)),
        "post_open": rules.post_test_open(
            pre_test_taken=pre_taken,
            lessons_total=len(lessons),
            lessons_done=done,
            requires_all_lessons=module.requires_all_lessons,
        ),
        "blockers": rules.completion_blockers(
            pre_test_taken=pre_taken,
            lessons_total=len(lessons),
            lessons_done=done,
            requires_all_lessons=module.requires_all_lessons,
            best_post_score=progress.post_score if progress else None,
            pass_mark=module.pass_mark,
        ),
    }


@allow()
def module_detail(request, pk):
    module = _published_module(request, pk)
    lessons = list(module.lessons.all())
    progress = _progress_of(request, module)
    context = {"module": module, "lessons": lessons, "progress": progress}
    context.update(_learner_state(progress, module, lessons))
    return render(request, "elearning/module_detail.html", context)


@allow()
@require_POST
def module_start(request, pk):
    module = _published_module(request, pk)
    employee = require_employee(request.user)
    started, _progress = attempt(
        request, lambda: services.start_module(employee=employee, module=module)
    )
    if not started:
        return redirect("elearning:catalogue")
    return redirect("elearning:take_test", pk=module.pk, kind=Test.Kind.PRE)


def _answers_from(post, question_ids) -> dict[int, int]:
    answers = {}
    for question_id in question_ids:
        value = post.get(f"q{question_id}", "")
        if value.isdigit():
            answers[question_id] = int(value)
    return answers


@allow()
def take_test(request, pk, kind):
    if kind not in Test.Kind.values:
        raise Http404
    module = _published_module(request, pk)
    progress = _progress_of(request, module)
    if progress is None:
        messages.info(request, _("Mulai modul terlebih dahulu."))
        return redirect(module)
    test = get_object_or_404(module.tests, kind=kind)
    if request.method == "POST":
        return _submit_test(request, module, progress, test)
    opened, sitting = attempt(
        request, lambda: services.open_test(progress=progress, kind=kind)
    )
    return _test_page(request, module, progress, test, sitting if opened else None)


def _submit_test(request, module, progress, test):
    """Score the answers posted; a refusal (a second pre-test, a completed module)
    goes back to the test page, which shows it."""
    answers = _answers_from(request.POST, test.questions.values_list("pk", flat=True))
    submitted, result = attempt(
        request,
        lambda: services.submit_test(
            progress=progress, kind=test.kind, answers=answers
        ),
    )
    if not submitted:
        return redirect("elearning:take_test", pk=module.pk, kind=test.kind)
    if result.timed_out:
        messages.warning(
            request,
            _("%(test)s terkirim setelah waktunya habis; jawaban tidak dinilai.")
            % {"test": test.get_kind_display()},
        )
    else:
        messages.success(
            request,
            _("%(test)s terkirim: nilai Anda %(score)s.")
            % {"test": test.get_kind_display(), "score": localize(result.score)},
        )
    return redirect("elearning:attempt_review", pk=module.pk, attempt_pk=result.pk)


def _test_page(request, module, progress, test, sitting):
    """The drawn questions in their drawn order, each with its choices in theirs;
    without a sitting (the test cannot be taken now) the page says so, with the
    refusal shown as a message."""
    state = _learner_state(progress, module, list(module.lessons.all()))
    questions = []
    if sitting is not None:
        by_id = {q.pk: q for q in test.questions.prefetch_related("choices")}
        for question_id, choice_ids in sitting.drawn:
            question = by_id.get(question_id)
            if question is not None:
                choices = {c.pk: c for c in question.choices.all()}
                question.drawn_choices = [
                    choices[c] for c in choice_ids if c in choices
                ]
                questions.append(question)
    return render(
        request,
        "elearning/test_form.html",
        {
            "module": module,
            "test": test,
            "questions": questions,
            "sitting": sitting,
            "progress": progress,
            "closed": sitting is None,
            **state,
        },
    )


@allow()
def attempt_review(request, pk, attempt_pk):
    """An attempt's answers: which were right and wrong at once; the right answers
    only once the module is finished or no post-test attempt is left, so a review
    does not hand out the next attempt's answers."""
    module = _published_module(request, pk)
    progress = _progress_of(request, module)
    attempt_row = get_object_or_404(
        TestAttempt.objects.filter(progress=progress).select_related("test"),
        pk=attempt_pk,
    )
    rows = services.attempt_review(attempt=attempt_row)
    return render(
        request,
        "elearning/attempt_review.html",
        {
            "module": module,
            "attempt": attempt_row,
            "rows": rows,
            "shows_key": services.review_shows_key(progress=progress),
        },
    )


@allow()
def lesson_detail(request, pk, lesson_pk):
    module = _published_module(request, pk)
    lesson = get_object_or_404(module.lessons, pk=lesson_pk)
    progress = _progress_of(request, module)
    lessons = list(module.lessons.all())
    state = _learner_state(progress, module, lessons)
    if not state["pre_taken"]:
        messages.info(request, _("Kerjakan pre-test sebelum materi pertama."))
        return redirect(module)
    opening = services.open_lesson(progress=progress, lesson=lesson)
    position = lessons.index(lesson)
    return render(
        request,
        "elearning/lesson_detail.html",
        {
            "module": module,
            "lesson": lesson,
            "lessons": lessons,
            "progress": progress,
            "previous": lessons[position - 1] if position > 0 else None,
            "next": lessons[position + 1] if position + 1 < len(lessons) else None,
            "readable_from": rules.reading_done_from(
                opening.opened_at, lesson.minimum_minutes
            ),
            "now": timezone.now(),
            **state,
        },
    )


@allow()
@require_POST
def lesson_done(request, pk, lesson_pk):
    module = _published_module(request, pk)
    lesson = get_object_or_404(module.lessons, pk=lesson_pk)
    progress = _progress_of(request, module)
    if progress is None:
        messages.info(request, _("Mulai modul terlebih dahulu."))
        return redirect(module)
    done, _completion = attempt(
        request,
        lambda: services.complete_lesson(progress=progress, lesson=lesson),
        success=_("Materi “%(title)s” selesai.") % {"title": lesson.title},
    )
    if not done:
        return redirect(module)
    following = module.lessons.filter(order__gt=lesson.order).first()
    return redirect(following or module)


@allow()
def lesson_file(request, pk, lesson_pk):
    """The attachment, served only to those who may see the module."""
    module = get_object_or_404(Module.objects.visible_to(request.user), pk=pk)
    lesson = get_object_or_404(module.lessons.exclude(attachment=""), pk=lesson_pk)
    return upload_response(lesson.attachment)


@allow()
@require_POST
def module_complete(request, pk):
    module = _published_module(request, pk)
    progress = _progress_of(request, module)
    if progress is None:
        messages.info(request, _("Mulai modul terlebih dahulu."))
        return redirect(module)
    completed, credit = attempt(
        request, lambda: services.complete_module(progress=progress)
    )
    if not completed:
        return redirect(module)
    if credit is not None:
        messages.success(
            request,
            _("Selamat, modul selesai! %(jp)s JP dicatat di buku JP Anda.")
            % {"jp": quantity(credit.jp)},
        )
    else:
        messages.success(request, _("Modul selesai. JP-nya sudah pernah dicatat."))
    return redirect(module)


@allow()
def team_progress(request):
    """A supervisor's view of their direct team's modules and results."""
    employee = require_employee(request.user)
    if not has_role(request.user, Role.SUPERVISOR):
        raise PermissionDenied
    rows = (
        Progress.objects.visible_to(request.user)
        .filter(employee__supervisor=employee)
        .select_related("employee", "module")
        .with_lessons_done()
        .order_by("employee__name", "module__title")
    )
    return render(request, "elearning/team_progress.html", {"rows": rows})


# Authoring (HR) ---------------------------------------------------------------


def _managed_module(request, pk):
    return get_object_or_404(Module.objects.managed_by(request.user), pk=pk)


@allow(MANAGE)
def manage_list(request):
    modules = (
        Module.objects.managed_by(request.user)
        .with_lesson_count()
        .annotate(participants=Count("progress_records", distinct=True))
    )
    return render(request, "elearning/manage_list.html", {"modules": modules})


@allow(MANAGE)
def module_create(request):
    agency = require_employee(request.user).agency
    form = ModuleForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        module = services.create_module(agency=agency, **form.cleaned_data)
        messages.success(request, _("Modul dibuat. Tambahkan materi dan soal tes."))
        return redirect("elearning:module_manage", pk=module.pk)
    return render(request, "elearning/module_form.html", {"form": form})


@allow(MANAGE)
def module_edit(request, pk):
    module = _managed_module(request, pk)
    form = ModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Modul disimpan."))
        return redirect("elearning:module_manage", pk=module.pk)
    return render(
        request, "elearning/module_form.html", {"form": form, "module": module}
    )


@allow(MANAGE)
def module_manage(request, pk):
    module = _managed_module(request, pk)
    tests = module.tests.annotate(question_count=Count("questions"))
    return render(
        request,
        "elearning/module_manage.html",
        {
            "module": module,
            "lessons": module.lessons.all(),
            "tests": tests,
            "problems": services.publishing_problems(module),
        },
    )


@allow(MANAGE)
@require_POST
def module_publish(request, pk):
    module = _managed_module(request, pk)
    if request.POST.get("action") == "unpublish":
        services.unpublish_module(module=module)
        messages.success(request, _("Modul ditarik dari katalog."))
    else:
        attempt(
            request,
            lambda: services.publish_module(module=module),
            success=_("Modul diterbitkan untuk ASN instansi."),
        )
    return redirect("elearning:module_manage", pk=module.pk)


def _lesson_form_page(request, module, lesson=None):
    if lesson is None:
        lesson = Lesson(module=module, order=module.lessons.count() + 1)
    form = LessonForm(request.POST or None, request.FILES or None, instance=lesson)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Materi disimpan."))
        return redirect("elearning:module_manage", pk=module.pk)
    return render(
        request,
        "elearning/lesson_form.html",
        {"form": form, "module": module, "lesson": lesson},
    )


@allow(MANAGE)
def lesson_create(request, pk):
    return _lesson_form_page(request, _managed_module(request, pk))


@allow(MANAGE)
def lesson_edit(request, pk, lesson_pk):
    module = _managed_module(request, pk)
    return _lesson_form_page(
        request, module, get_object_or_404(module.lessons, pk=lesson_pk)
    )


@allow(MANAGE)
@require_POST
def lesson_delete(request, pk, lesson_pk):
    module = _managed_module(request, pk)
    lesson = get_object_or_404(module.lessons, pk=lesson_pk)
    if not is_confirmed(request):
        return ask_confirmation(
            request, _("Hapus materi %(lesson)s?") % {"lesson": lesson}
        )
    attempt(
        request,
        lambda: services.delete_lesson(lesson=lesson),
        success=_("Materi dihapus."),
    )
    return redirect("elearning:module_manage", pk=module.pk)


@allow(MANAGE)
@require_POST
def question_delete(request, pk, question_pk):
    module = _managed_module(request, pk)
    question = get_object_or_404(
        Question.objects.select_related("test").filter(test__module=module),
        pk=question_pk,
    )
    if not is_confirmed(request):
        return ask_confirmation(request, _("Hapus soal ini?"), detail=str(question))
    attempt(
        request,
        lambda: services.delete_question(question=question),
        success=_("Soal dihapus."),
    )
    return redirect("elearning:test_manage", pk=module.pk, kind=question.test.kind)


@allow(MANAGE)
def test_manage(request, pk, kind):
    module = _managed_module(request, pk)
    test = get_object_or_404(module.tests, kind=kind)
    questions = test.questions.prefetch_related("choices")
    return render(
        request,
        "elearning/test_manage.html",
        {
            "module": module,
            "test": test,
            "questions": questions,
            "locked": test.attempts.exists(),
        },
    )


def _question_form_page(request, module, test, question):
    if test.attempts.exists():
        messages.error(
            request,
            _("Soal tidak dapat diubah karena sudah ada peserta yang mengerjakan tes."),
        )
        return redirect("elearning:test_manage", pk=module.pk, kind=test.kind)
    form = QuestionForm(request.POST or None, instance=question)
    formset = ChoiceFormSet(request.POST or None, instance=question, prefix="choices")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        services.save_question(question_form=form, choice_formset=formset)
        messages.success(request, _("Soal disimpan."))
        return redirect("elearning:test_manage", pk=module.pk, kind=test.kind)
    return render(
        request,
        "elearning/question_form.html",
        {"form": form, "formset": formset, "module": module, "test": test},
    )


@allow(MANAGE)
def question_create(request, pk, kind):
    module = _managed_module(request, pk)
    test = get_object_or_404(module.tests, kind=kind)
    question = Question(test=test, order=test.questions.count() + 1)
    return _question_form_page(request, module, test, question)


@allow(MANAGE)
def question_edit(request, pk, question_pk):
    module = _managed_module(request, pk)
    question = get_object_or_404(
        Question.objects.select_related("test").filter(test__module=module),
        pk=question_pk,
    )
    return _question_form_page(request, module, question.test, question)


# Results (HR and leaders) -----------------------------------------------------


@allow(VIEW_RESULTS)
def results_list(request):
    modules = Module.objects.visible_to(request.user)
    figures = Progress.objects.visible_to(request.user).summary_by_module()
    rows = [{"module": m, **figures.get(m.pk, {})} for m in modules]
    return render(request, "elearning/results_list.html", {"rows": rows})


def _participants(request, module):
    return Progress.objects.visible_to(request.user).results_of(module)


@allow(VIEW_RESULTS)
def results_detail(request, pk):
    module = get_object_or_404(
        Module.objects.visible_to(request.user).with_lesson_count(), pk=pk
    )
    participants = _participants(request, module)
    page = Paginator(participants, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "elearning/results_detail.html",
        {"module": module, "page": page, "summary": participants.summary()},
    )


@allow(VIEW_RESULTS)
def results_export(request, pk):
    module = get_object_or_404(Module.objects.visible_to(request.user), pk=pk)
    outcome = export_results_now_or_later(
        module=module, participants=_participants(request, module), user=request.user
    )
    return redirect(outcome) if isinstance(outcome, BackgroundJob) else outcome
