import datetime

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import allow
from asn_portal.corrections import confirm_deletion, correct, history_page
from asn_portal.exports import xlsx_response
from asn_portal.formats import numbers
from asn_portal.lists import list_page
from asn_portal.refusals import attempt
from asn_portal.uploads import upload_response
from evaluations import figures, forms, pdf, potentials, rules, services
from evaluations.jobs import export_overview_now_or_later
from evaluations.models import (
    Assessment,
    AssessmentResult,
    BehaviourRating,
    EvaluationPeriod,
    EvaluationSettings,
    Feedback360Invitation,
    Feedback360Request,
    FeedbackNote,
    Objection,
    OrganisationPerformance,
    PerformancePlan,
    PeriodFinalisation,
    PotentialAssessment,
    WorkResult,
    objections_decided_by,
    periodic_ratings,
)
from people.delegation import may_act_as_supervisor
from people.models import BackgroundJob, Employee, WorkUnit
from people.scope import employee_of

# The overview lists this many late assessments; the Excel export has them all.
OVERDUE_SHOWN = 100
PREVIEW_ROWS = 200  # rows of an import shown before it is confirmed


def _invalid(request, form, target):
    errors = "; ".join(
        f"{form.fields[name].label if name in form.fields else ''} {', '.join(errs)}"
        for name, errs in form.errors.items()
    )
    messages.error(request, _("Periksa isian: %(errors)s") % {"errors": errors})
    return redirect(target)


def _run_step(request, form, target, action, success):
    """One step of the workflow: a valid form runs the service (`action` takes the
    cleaned data) and says `success`; an invalid one lists its errors. Either way
    back to `target`."""
    if not form.is_valid():
        return _invalid(request, form, target)
    action(form.cleaned_data)
    messages.success(request, success)
    return redirect(target)


# ---------------------------------------------------------------- ASN


@allow()
def my_evaluations(request):
    employee = employee_of(request.user)
    plans = (
        PerformancePlan.objects.filter(employee=employee)
        .with_assessments()
        .order_by("-year")
        if employee
        else PerformancePlan.objects.none()
    )
    open_periods = (
        EvaluationPeriod.objects.visible_to(request.user)
        .open_on(timezone.localdate())
        .order_by("closes_on")
    )
    return render(
        request,
        "evaluations/my_evaluations.html",
        {
            "plans": plans,
            "open_periods": open_periods,
            "form": forms.PlanCreateForm(initial={"year": timezone.localdate().year}),
        },
    )


@require_POST
@allow()
def plan_create(request):
    form = forms.PlanCreateForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form, "evaluations:my")
    plan = services.create_plan(user=request.user, year=form.cleaned_data["year"])
    messages.success(request, _("SKP dibuat. Tambahkan rencana hasil kerja Anda."))
    return redirect(plan)


def _plan(request, pk):
    return get_object_or_404(
        PerformancePlan.objects.visible_to(request.user).select_related(
            "employee__supervisor__user",
            "employee__unit",
            "appraiser",
            "reviewed_by",
            "review_delegation__delegator",
        ),
        pk=pk,
    )


@allow()
def plan_detail(request, pk):
    plan = _plan(request, pk)
    me = employee_of(request.user)
    return render(
        request,
        "evaluations/plan_detail.html",
        {
            "plan": plan,
            "results": plan.results.select_related("supports"),
            "notes": plan.feedback_notes.select_related(
                "work_result", "author", "author_delegation__delegator"
            ),
            "is_owner": me is not None and plan.employee_id == me.pk,
            # The supervisor, or the Plt/Plh acting for them today.
            "may_review": may_act_as_supervisor(me, plan.employee),
            "result_form": forms.WorkResultForm(
                supervisor_results=plan.supportable_results()
            ),
            "review_form": forms.PlanReviewForm(),
            "feedback_form": forms.FeedbackNoteForm(
                plan=plan, initial={"date": timezone.localdate()}
            ),
            "period_rows": plan.period_rows(),
        },
    )


@require_POST
@allow()
def result_add(request, pk):
    plan = _plan(request, pk)
    return _run_step(
        request,
        forms.WorkResultForm(
            request.POST, supervisor_results=plan.supportable_results()
        ),
        plan,
        lambda data: services.add_work_result(plan=plan, user=request.user, **data),
        _("Rencana hasil kerja ditambahkan."),
    )


@require_POST
@allow()
def result_delete(request, pk):
    result = get_object_or_404(
        WorkResult.objects.filter(
            plan__in=PerformancePlan.objects.visible_to(request.user)
        ).select_related("plan__employee"),
        pk=pk,
    )
    plan = result.plan
    services.remove_work_result(result=result, user=request.user)
    messages.success(request, _("Rencana hasil kerja dihapus."))
    return redirect(plan)


@require_POST
@allow()
def plan_submit(request, pk):
    plan = services.submit_plan(plan=_plan(request, pk), user=request.user)
    messages.success(request, _("SKP diajukan kepada atasan langsung."))
    return redirect(plan)


@require_POST
@allow()
def plan_review(request, pk):
    plan = _plan(request, pk)
    form = forms.PlanReviewForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form, plan)
    agree = form.cleaned_data["decision"] == "agree"
    services.review_plan(
        plan=plan, user=request.user, agree=agree, comment=form.cleaned_data["comment"]
    )
    messages.success(
        request, _("SKP disetujui.") if agree else _("SKP dikembalikan ke pegawai.")
    )
    return redirect(plan)


@require_POST
@allow()
def feedback_add(request, pk):
    plan = _plan(request, pk)
    form = forms.FeedbackNoteForm(request.POST, plan=plan)
    if not form.is_valid():
        return _invalid(request, form, plan)
    work_result, value = form.work_result_and_value()
    services.add_feedback_note(
        plan=plan,
        user=request.user,
        date=form.cleaned_data["date"],
        note=form.cleaned_data["note"],
        evidence=form.cleaned_data["evidence"],
        work_result=work_result,
        value=value,
    )
    messages.success(request, _("Umpan balik dicatat."))
    return redirect(plan)


@require_POST
@allow()
def assessment_open(request, pk, period_pk):
    plan = _plan(request, pk)
    period = get_object_or_404(
        EvaluationPeriod.objects.visible_to(request.user), pk=period_pk
    )
    assessment = services.open_assessment(plan=plan, period=period, user=request.user)
    return redirect(assessment)


# ---------------------------------------------------------------- assessment


def _assessment(request, pk):
    return get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related(
            "period",
            "plan",
            "employee__unit",
            "employee__agency",
            "employee__supervisor__supervisor",
            "rated_by",
            "rating_delegation__delegator",
        ),
        pk=pk,
    )


def _assessment_context(request, assessment):
    me = employee_of(request.user)
    work_results = list(assessment.plan.results.all())
    existing = {r.work_result_id: r for r in assessment.results.all()}
    values = {b.value: b for b in assessment.behaviour_ratings.all()}
    notes = list(
        FeedbackNote.objects.filter(plan=assessment.plan).select_related("author")
    )
    periodic_results, periodic_values = periodic_ratings(assessment, request.user)
    rows = [
        {
            "result": result,
            "row": existing.get(result.pk),
            "notes": [n for n in notes if n.work_result_id == result.pk],
            "periodic": periodic_results.get(result.pk, []),
        }
        for result in work_results
    ]
    behaviour = [
        {
            "value": value,
            "label": label,
            "row": values.get(value),
            "notes": [n for n in notes if n.value == value],
            "periodic": periodic_values.get(value, []),
        }
        for value, label in rules.BerAkhlak.choices
    ]
    is_supervisor = may_act_as_supervisor(me, assessment.employee)
    follow_up = getattr(assessment, "follow_up", None)
    actions = list(follow_up.actions.with_progress()) if follow_up else []
    feedback360 = _feedback360_of(assessment)
    summary360 = feedback360.summary(timezone.localdate()) if feedback360 else None
    for row in behaviour:
        row["r360"] = summary360.for_value(row["value"]) if summary360 else None
    return {
        "assessment": assessment,
        "feedback360": feedback360,
        "summary360": summary360,
        "may_ask_360": is_supervisor and not assessment.is_final,
        "results": work_results,
        "rows": rows,
        "behaviour": behaviour,
        "existing": existing,
        "values": values,
        "periodic_results": periodic_results,
        "periodic_values": periodic_values,
        "has_periodic": bool(periodic_results or periodic_values),
        "is_owner": me is not None and assessment.employee_id == me.pk,
        "window_open": assessment.period.is_open_on(timezone.localdate()),
        "is_supervisor": is_supervisor,
        "is_decider": assessment.status == Assessment.Status.OBJECTED
        and services.may_decide_objection(assessment, request.user),
        "may_follow_up": services.may_follow_up(assessment, request.user),
        "objection": Objection.objects.filter(assessment=assessment)
        .select_related("decided_by", "decision_delegation__delegator")
        .first(),
        "follow_up": follow_up,
        "actions": actions,
        "actions_done": sum(action.is_done for action in actions),
    }


def _feedback360_of(assessment):
    try:
        return assessment.feedback360
    except Feedback360Request.DoesNotExist:
        return None


@allow()
def assessment_detail(request, pk):
    assessment = _assessment(request, pk)
    context = _assessment_context(request, assessment)
    context.update(
        {
            "history": _rating_changes(assessment),
            "item_history": _item_rating_changes(assessment),
            "realisation_form": forms.RealisationForm(
                results=context["results"], existing=context["existing"]
            ),
            "objection_form": forms.ObjectionForm(),
            "decision_form": forms.ObjectionDecisionForm(),
            "follow_up_form": forms.FollowUpForm(
                kind=assessment.follow_up_kind, follow_up=context["follow_up"]
            ),
        }
    )
    return render(request, "evaluations/assessment_detail.html", context)


def _rating_changes(assessment):
    """Each history row where the status, a rating or the predikat changed."""
    history = (
        assessment.history.select_related("history_user__employee")
        .order_by("history_date")
        .only(
            "history_date",
            "history_user",
            "status",
            "hasil_kerja",
            "perilaku_kerja",
            "predikat",
        )
    )
    changes, previous = [], None
    for record in history:
        key = (
            record.status,
            record.hasil_kerja,
            record.perilaku_kerja,
            record.predikat,
        )
        if key != previous:
            changes.append(record)
        previous = key
    return changes


def _item_rating_changes(assessment):
    """Changes of the per-result and per-value ratings, oldest first, with who."""
    results = AssessmentResult.history.filter(assessment_id=assessment.pk).exclude(
        rating=""
    )
    values = BehaviourRating.history.filter(assessment_id=assessment.pk)
    changes, last = [], {}
    records = [
        *results.select_related("history_user__employee", "work_result"),
        *values.select_related("history_user__employee"),
    ]
    for record in sorted(records, key=lambda r: r.history_date):
        is_result = hasattr(record, "work_result_id")
        key = ("r", record.work_result_id) if is_result else ("v", record.value)
        if last.get(key) == record.rating:
            continue
        changes.append(
            {
                "record": record,
                "item": str(record.work_result)
                if is_result
                else record.get_value_display(),
                "previous": last.get(key),
            }
        )
        last[key] = record.rating
    return changes


@require_POST
@allow()
def realisation_save(request, pk):
    assessment = _assessment(request, pk)
    existing = {r.work_result_id: r for r in assessment.results.all()}
    form = forms.RealisationForm(
        request.POST,
        request.FILES,
        results=assessment.plan.results.all(),
        existing=existing,
    )
    if not form.is_valid():
        return _invalid(request, form, assessment)
    services.save_realisation(
        assessment=assessment, user=request.user, entries=form.entries()
    )
    if "submit" in request.POST:
        services.submit_assessment(assessment=assessment, user=request.user)
        messages.success(request, _("Realisasi diajukan kepada atasan untuk dinilai."))
    else:
        messages.success(request, _("Realisasi disimpan."))
    return redirect(assessment)


@require_POST
@allow()
def assessment_submit(request, pk):
    assessment = services.submit_assessment(
        assessment=_assessment(request, pk), user=request.user
    )
    messages.success(request, _("Realisasi diajukan kepada atasan untuk dinilai."))
    return redirect(assessment)


@allow()
def assessment_rate(request, pk):
    assessment = _assessment(request, pk)
    context = _assessment_context(request, assessment)
    if not context["is_supervisor"]:
        # Visible (HR, the ASN themself) but not theirs to rate: say why.
        services.check_may_rate(assessment=assessment, user=request.user)
    if not assessment.is_final:
        services.check_window_open(assessment.period)
    form = forms.RatingForm(
        request.POST or None,
        assessment=assessment,
        results=context["results"],
        existing_results=context["existing"],
        existing_values=context["values"],
        periodic=(context["periodic_results"], context["periodic_values"])
        if assessment.is_yearly
        else None,
    )
    if request.method == "POST" and form.is_valid():
        services.rate_assessment(
            assessment=assessment, user=request.user, **form.rating()
        )
        messages.success(
            request,
            _("Penilaian disimpan. Predikat kinerja: %(predikat)s.")
            % {"predikat": assessment.get_predikat_display()},
        )
        return redirect(assessment)
    return _rating_page(request, context, form)


def _rating_page(request, context, form):
    """The rating form beside the majority of the item ratings shown (given so far
    or carried from the periodic ones), which the page suggests for the two overall
    ratings."""
    context["form"] = form
    results, values = form.shown_ratings()
    context["suggested_hasil"] = rules.suggested_overall(results)
    context["suggested_perilaku"] = rules.suggested_overall(values)
    return render(request, "evaluations/assessment_rate.html", context)


@require_POST
@allow()
def assessment_acknowledge(request, pk):
    assessment = services.acknowledge_assessment(
        assessment=_assessment(request, pk), user=request.user
    )
    messages.success(request, _("Anda menerima hasil penilaian. Penilaian final."))
    return redirect(assessment)


@require_POST
@allow()
def objection_file(request, pk):
    assessment = _assessment(request, pk)
    return _run_step(
        request,
        forms.ObjectionForm(request.POST),
        assessment,
        lambda data: services.file_objection(
            assessment=assessment, user=request.user, reason=data["reason"]
        ),
        _("Keberatan diajukan kepada atasan pejabat penilai."),
    )


@require_POST
@allow()
def objection_decide(request, pk):
    assessment = _assessment(request, pk)
    return _run_step(
        request,
        forms.ObjectionDecisionForm(request.POST),
        assessment,
        lambda data: services.decide_objection(
            assessment=assessment,
            user=request.user,
            change=data["decision"] == "change",
            note=data["note"],
            hasil_kerja=data["hasil_kerja"],
            perilaku_kerja=data["perilaku_kerja"],
        ),
        _("Keberatan diputus."),
    )


@require_POST
@allow()
def follow_up_save(request, pk):
    assessment = _assessment(request, pk)
    form = forms.FollowUpForm(request.POST, kind=assessment.follow_up_kind)
    return _run_step(
        request,
        form,
        assessment,
        lambda data: services.save_follow_up(
            assessment=assessment,
            user=request.user,
            summary=data["summary"],
            review_date=data["review_date"],
            actions=form.actions(),
        ),
        _("Tindak lanjut disimpan."),
    )


@require_POST
@allow()
def follow_up_action_done(request, pk):
    """Mark an action nothing tracks (coaching, a reward) as done, or not."""
    action = services.access_follow_up_action(request.user, pk)
    done = request.POST.get("done") != "0"
    said = _("Tindakan ditandai selesai.") if done else _("Tanda selesai dihapus.")
    attempt(
        request,
        lambda: services.mark_action_done(action=action, user=request.user, done=done),
        success=said,
    )
    return redirect(action.follow_up.assessment)


@allow()
def evidence_download(request, pk):
    """An evidence file, for those who may see the assessment it belongs to."""
    row = get_object_or_404(
        AssessmentResult.objects.filter(
            assessment__in=Assessment.objects.visible_to(request.user)
        ).exclude(evidence_file=""),
        pk=pk,
    )
    return upload_response(row.evidence_file)


@allow()
def assessment_pdf(request, pk):
    assessment = _assessment(request, pk)
    context = _assessment_context(request, assessment)
    return pdf.assessment_pdf_response(context)


# ---------------------------------------------------------------- 360 input


def _asked_assessment(request, pk):
    """An assessment the user may ask 360 input for: visible to them (else 404)
    and theirs to rate as supervisor or Plt/Plh (else 403)."""
    assessment = _assessment(request, pk)
    if not may_act_as_supervisor(employee_of(request.user), assessment.employee):
        raise PermissionDenied
    return assessment


def _feedback360_page(request, assessment, *, form=None, invite_form=None):
    feedback_request = _feedback360_of(assessment)
    context = {"assessment": assessment, "feedback360": feedback_request}
    if feedback_request is None:
        today = timezone.localdate()
        default = min(today + datetime.timedelta(days=7), assessment.period.closes_on)
        context["form"] = form or forms.Feedback360RequestForm(
            initial={"deadline": max(default, today)}
        )
    else:
        context["summary360"] = feedback_request.summary(timezone.localdate())
        # Who was asked, never whether or what they answered.
        context["invited"] = feedback_request.invitations.select_related(
            "respondent__unit"
        )
        context["invite_form"] = invite_form or forms.Feedback360InviteForm(
            colleagues=_colleagues(assessment)
        )
    return render(request, "evaluations/feedback360.html", context)


def _colleagues(assessment):
    return Employee.objects.active().filter(agency_id=assessment.employee.agency_id)


@allow(employee=True)
def feedback360(request, pk):
    """The supervisor's page for a team member's 360 input: ask, invite, close."""
    assessment = _asked_assessment(request, pk)
    form = forms.Feedback360RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done, _created = attempt(
            request,
            lambda: services.request_feedback360(
                assessment=assessment, user=request.user, **form.cleaned_data
            ),
            form=form,
            success=_("Permintaan masukan 360 dibuat. Undang respondennya."),
        )
        if done:
            return redirect("evaluations:feedback360", pk=pk)
    return _feedback360_page(
        request, assessment, form=form if request.method == "POST" else None
    )


@require_POST
@allow(employee=True)
def feedback360_invite(request, pk):
    assessment = _asked_assessment(request, pk)
    feedback_request = get_object_or_404(Feedback360Request, assessment=assessment)
    form = forms.Feedback360InviteForm(request.POST, colleagues=_colleagues(assessment))
    if form.is_valid():
        done, invitation = attempt(
            request,
            lambda: services.invite_to_feedback360(
                feedback_request=feedback_request,
                user=request.user,
                **form.cleaned_data,
            ),
            form=form,
        )
        if done:
            messages.success(
                request,
                _("%(name)s diminta memberi masukan 360.")
                % {"name": invitation.respondent.name},
            )
            return redirect(feedback_request)
    return _feedback360_page(request, assessment, invite_form=form)


@require_POST
@allow(employee=True)
def feedback360_close(request, pk):
    assessment = _asked_assessment(request, pk)
    feedback_request = get_object_or_404(Feedback360Request, assessment=assessment)
    attempt(
        request,
        lambda: services.close_feedback360(
            feedback_request=feedback_request, user=request.user
        ),
        success=_("Permintaan masukan 360 ditutup."),
    )
    return redirect(feedback_request)


@allow(employee=True)
def feedback360_inbox(request):
    """The 360 input the user was asked for: still to give, and given."""
    invitations = (
        Feedback360Invitation.objects.filter(respondent=request.user.employee)
        .select_related("request__assessment__employee", "request__assessment__period")
        .order_by("answered", "-request__deadline", "pk")
    )
    return render(
        request,
        "evaluations/feedback360_inbox.html",
        {"invitations": invitations, "today": timezone.localdate()},
    )


@allow(employee=True)
def feedback360_answer(request, pk):
    """An invited colleague answers; anyone not invited gets a 404."""
    invitation = get_object_or_404(
        Feedback360Invitation.objects.filter(
            respondent=request.user.employee
        ).select_related(
            "request__assessment__employee", "request__assessment__period"
        ),
        request_id=pk,
    )
    feedback_request = invitation.request
    form = forms.Feedback360AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done, _result = attempt(
            request,
            lambda: services.answer_feedback360(
                feedback_request=feedback_request,
                user=request.user,
                ratings=form.ratings(),
                comment=form.cleaned_data["comment"],
            ),
            form=form,
            success=_("Terima kasih. Masukan Anda tersimpan tanpa nama."),
        )
        if done:
            return redirect("evaluations:feedback360_inbox")
    return render(
        request,
        "evaluations/feedback360_answer.html",
        {
            "invitation": invitation,
            "feedback360": feedback_request,
            "is_open": feedback_request.is_open_on(timezone.localdate()),
            "form": form,
        },
    )


# ---------------------------------------------------------------- supervisor


def _chosen_period(request):
    """The assessment periods the user may see, and the one `?periode=` names, else
    the latest that has begun, else the first."""
    periods = list(
        EvaluationPeriod.objects.visible_to(request.user)
        .assessable()
        .order_by("starts_on", "kind")
    )
    chosen = None
    wanted = request.GET.get("periode")
    if wanted and wanted.isdigit():
        chosen = next((p for p in periods if p.pk == int(wanted)), None)
    if chosen is None and periods:
        today = timezone.localdate()
        current = [p for p in periods if p.starts_on <= today]
        chosen = current[-1] if current else periods[0]
    return periods, chosen


@allow()
def team(request):
    me = employee_of(request.user)
    if me is None:
        return render(request, "evaluations/team.html", {"rows": []})
    periods, period = _chosen_period(request)
    year = period.year if period else timezone.localdate().year
    pending_objections = Assessment.objects.filter(
        objections_decided_by(me), status=Assessment.Status.OBJECTED
    ).select_related("employee", "period")
    return render(
        request,
        "evaluations/team.html",
        {
            "rows": figures.team_rows(supervisor=me, period=period, year=year),
            "periods": periods,
            "period": period,
            "year": year,
            "pending_objections": pending_objections,
        },
    )


# ---------------------------------------------------------------- HR and leaders


@allow("evaluations.view_overview")
def overview(request):
    periods, period = _chosen_period(request)
    filters, employees = _unit_filter(request)
    context = {"periods": periods, "period": period, "filters": filters}
    if period is not None:
        context.update(figures.overview(period=period, employees=employees))
        context["chart"] = figures.predikat_chart(context)
        context["not_counted"] = figures.left_out(user=request.user, period=period)
        context["finalisation"] = _finalisation_of(period)
        if timezone.localdate() > period.closes_on:
            late = figures.overdue(
                user=request.user, period=period, limit=None, employees=employees
            )
            context["overdue"] = late[:OVERDUE_SHOWN]
            context["overdue_count"] = late.count()
    return render(request, "evaluations/overview.html", context)


@allow("evaluations.view_overview")
def overview_xlsx(request):
    _periods, period = _chosen_period(request)
    if period is None:
        messages.info(request, _("Belum ada periode penilaian."))
        return redirect("evaluations:overview")
    outcome = export_overview_now_or_later(user=request.user, period=period)
    return redirect(outcome) if isinstance(outcome, BackgroundJob) else outcome


@allow("evaluations.view_talent_grid")
def talent_grid(request):
    periods, period = _chosen_period(request)
    filters, employees = _unit_filter(request)
    context = {"periods": periods, "period": period, "filters": filters}
    box = filters.values.get("kotak")
    if period is not None:
        context.update(figures.talent_grid(period=period, employees=employees))
    if period is not None and box:
        members = figures.box_members(period=period, employees=employees, box=box)
        context["box"] = box
        context["members"] = list_page(members, request.GET.get("page"))
    return render(request, "evaluations/talent_grid.html", context)


def _unit_filter(request):
    """The `?unit=` narrowing of the overview and the grid (a dashboard row's
    drill-down), and the active ASN it leaves of those the user may see."""
    filters = forms.UnitFilter(
        request.GET, units=WorkUnit.objects.visible_to(request.user)
    )
    employees = Employee.objects.visible_to(request.user).active()
    return filters, filters.narrow(employees)


@allow("evaluations.add_potentialassessment")
def potential_list(request):
    employees = Employee.objects.visible_to(request.user).active().order_by("name")
    # From a profile's "record potential": that employee already chosen.
    chosen = request.GET.get("pegawai", "")
    form = forms.PotentialForm(
        request.POST or None,
        employees=employees,
        initial={
            "year": timezone.localdate().year,
            "employee": int(chosen) if chosen.isdigit() else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        potential = services.record_potential(user=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Potensial %(name)s dicatat: %(level)s.")
            % {"name": potential.employee.name, "level": potential.get_level_display()},
        )
        return redirect("evaluations:potential_list")
    recent = PotentialAssessment.objects.visible_to(request.user).recent()
    return render(
        request, "evaluations/potential_list.html", {"form": form, "recent": recent}
    )


@allow("evaluations.add_potentialassessment", employee=True)
def potential_import(request):
    """Upload → every bad row listed, or a preview to confirm; all rows or none."""
    if "payload" in request.POST:
        return _confirm_potential_import(request)
    year = timezone.localdate().year
    form = forms.PotentialImportForm(
        request.POST or None, request.FILES or None, initial={"year": year}
    )
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        context.update(_potential_preview(request, form))
    return render(request, "evaluations/potential_import.html", context)


def _potential_preview(request, form) -> dict:
    uploaded, year = form.cleaned_data["file"], form.cleaned_data["year"]
    agency_id = request.user.employee.agency_id
    employees = Employee.objects.visible_to(request.user).active()
    entries, errors = potentials.read_potential_sheet(
        uploaded, uploaded.kind, employees=employees
    )
    if errors:
        return {"errors": errors}
    shown = employees.in_bulk([e.employee_id for e in entries[:PREVIEW_ROWS]])
    return {
        "year": year,
        "count": len(entries),
        "preview": [(shown[e.employee_id], e) for e in entries[:PREVIEW_ROWS]],
        "payload": potentials.sign_entries(entries, year=year, agency_id=agency_id),
    }


def _confirm_potential_import(request):
    agency_id = request.user.employee.agency_id
    try:
        year, entries = potentials.unsign_entries(
            request.POST["payload"], agency_id=agency_id
        )
    except signing.BadSignature:
        messages.error(
            request, _("Pratinjau sudah kedaluwarsa; unggah berkasnya lagi.")
        )
        return redirect("evaluations:potential_import")
    saved, count = attempt(
        request,
        lambda: services.record_potentials(
            user=request.user, year=year, entries=entries
        ),
    )
    if saved:
        messages.success(
            request, _("%(n)s nilai potensial disimpan.") % numbers(n=count)
        )
    return redirect("evaluations:potential_list")


@allow("evaluations.add_potentialassessment", employee=True)
def potential_template(request):
    example = [["199001012015011001", 78, ""]]
    return xlsx_response(
        "templat-nilai-potensial.xlsx",
        [("Potensial", potentials.TEMPLATE_HEADER, example)],
    )


@allow("evaluations.add_potentialassessment", employee=True)
def potential_grid(request):
    """A unit's employees on one page, each with this year's score to fill in."""
    units = WorkUnit.objects.in_agency(request.user.employee.agency_id)
    chooser = forms.PotentialGridChooser(
        request.GET or None, units=units, initial={"tahun": timezone.localdate().year}
    )
    context = {"chooser": chooser}
    if chooser.is_valid():
        context.update(_potential_grid(request, **chooser.cleaned_data))
        if context.get("saved"):
            return redirect(request.get_full_path())
    return render(request, "evaluations/potential_grid.html", context)


def _potential_grid(request, *, unit, tahun) -> dict:
    employees = (
        Employee.objects.visible_to(request.user)
        .active()
        .filter(unit=unit)
        .order_by("name")
    )
    existing = {
        p.employee_id: p
        for p in PotentialAssessment.objects.filter(employee__in=employees, year=tahun)
    }
    form = forms.PotentialGridForm(
        request.POST or None, employees=employees, existing=existing
    )
    saved = False
    if request.method == "POST" and form.is_valid():
        saved, count = attempt(
            request,
            lambda: services.record_potentials(
                user=request.user, year=tahun, entries=form.entries()
            ),
        )
        if saved:
            messages.success(
                request, _("%(n)s nilai potensial disimpan.") % numbers(n=count)
            )
    return {"form": form, "unit": unit, "year": tahun, "saved": saved}


def _own_agency(request):
    """HR's settings and periods belong to their own agency: an account without an
    employee profile (a bare superuser) has none, so it is refused, not a 500."""
    employee = employee_of(request.user)
    if employee is None:
        raise PermissionDenied
    return employee.agency


@allow("evaluations.manage_evaluation")
def period_list(request):
    agency = _own_agency(request)
    form = forms.GeneratePeriodsForm(
        request.POST or None, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        services.generate_periods(agency=agency, year=form.cleaned_data["year"])
        messages.success(request, _("Periode evaluasi dibuat."))
        return redirect("evaluations:period_list")
    periods = EvaluationPeriod.objects.visible_to(request.user).order_by(
        "-year", "starts_on", "kind"
    )
    return render(
        request, "evaluations/period_list.html", {"form": form, "periods": periods}
    )


@allow("evaluations.manage_evaluation")
def period_edit(request, pk):
    """HR moves a period's dates (reopening it is moving its closing date), saying
    why; the history keeps it."""
    period = get_object_or_404(EvaluationPeriod.objects.visible_to(request.user), pk=pk)
    form = forms.PeriodDatesForm(request.POST or None, instance=period)
    return correct(
        request,
        form,
        saved=_("Tanggal periode disimpan."),
        title=f"{period.name} · {period.get_kind_display()}",
        back_url=reverse("evaluations:period_list"),
        history_url=reverse("evaluations:period_history", args=[pk]),
    )


@allow("evaluations.manage_evaluation")
def period_history(request, pk):
    period = get_object_or_404(EvaluationPeriod.objects.visible_to(request.user), pk=pk)
    return history_page(request, period, back_url=reverse("evaluations:period_list"))


@allow("evaluations.manage_evaluation")
def settings_edit(request):
    agency = _own_agency(request)
    instance = EvaluationSettings.for_agency(agency.pk)
    form = forms.EvaluationSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Pengaturan evaluasi kinerja disimpan."))
        return redirect("evaluations:settings")
    return render(request, "evaluations/settings_form.html", {"form": form})


@allow("evaluations.manage_evaluation")
def organisation_ratings(request, pk):
    period = get_object_or_404(EvaluationPeriod.objects.visible_to(request.user), pk=pk)
    units = WorkUnit.objects.in_agency(period.agency_id).order_by("path")
    form = forms.OrganisationPerformanceForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        done, _record = attempt(
            request,
            lambda: services.record_organisation_rating(
                period=period, user=request.user, **form.cleaned_data
            ),
            form=form,
            success=_("Predikat kinerja dicatat."),
        )
        if done:
            return redirect("evaluations:organisation_ratings", pk=period.pk)
    ratings = OrganisationPerformance.objects.filter(period=period).select_related(
        "unit", "recorded_by"
    )
    return render(
        request,
        "evaluations/organisation_ratings.html",
        {"period": period, "form": form, "ratings": ratings},
    )


@allow("evaluations.manage_evaluation")
def organisation_rating_delete(request, pk):
    record = get_object_or_404(
        OrganisationPerformance.objects.visible_to(request.user), pk=pk
    )
    back = reverse("evaluations:organisation_ratings", args=[record.period_id])
    return confirm_deletion(request, record, back_url=back, done_url=back)


def _finalisation_of(period):
    return (
        PeriodFinalisation.objects.filter(period=period)
        .select_related("finalised_by")
        .first()
    )


def _finalisation_page(request, period, *, form=None, reopen_form=None):
    """The results of the whole agency for the period, where they leave the pattern,
    and either the finalisation form or the finalisation with the way to reopen it;
    below, every finalisation and reopening so far."""
    past = (
        PeriodFinalisation.history.filter(period_id=period.pk)
        .select_related("history_user", "finalised_by")
        .order_by("-history_date")
    )
    return render(
        request,
        "evaluations/period_finalise.html",
        {
            "period": period,
            "results": figures.period_results(period),
            "finalisation": _finalisation_of(period),
            "form": form or forms.FinalisationForm(),
            "reopen_form": reopen_form or forms.ReopenForm(),
            "past": past[:50],
        },
    )


def _assessable_period(request, pk):
    return get_object_or_404(
        EvaluationPeriod.objects.visible_to(request.user).assessable(), pk=pk
    )


@allow("evaluations.manage_evaluation")
def period_finalise(request, pk):
    """HR finalises the period's results ("Tetapkan hasil periode"), with a reason
    where the predikat leave the pattern of the organisation's rating."""
    period = _assessable_period(request, pk)
    form = forms.FinalisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done, _record = attempt(
            request,
            lambda: services.finalise_period_results(
                period=period, user=request.user, reason=form.cleaned_data["reason"]
            ),
            form=form,
            success=_("Hasil periode ditetapkan."),
        )
        if done:
            return redirect(reverse("evaluations:overview") + f"?periode={period.pk}")
    return _finalisation_page(request, period, form=form)


@require_POST
@allow("evaluations.manage_evaluation")
def period_reopen(request, pk):
    """HR reopens finalised results, saying why (kept in the history)."""
    period = _assessable_period(request, pk)
    finalisation = get_object_or_404(PeriodFinalisation, period=period)
    form = forms.ReopenForm(request.POST)
    if form.is_valid():
        services.reopen_period_results(
            finalisation=finalisation, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Hasil periode dibuka kembali."))
        return redirect("evaluations:period_finalise", pk=period.pk)
    return _finalisation_page(request, period, reopen_form=form)
