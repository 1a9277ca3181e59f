"""Catalogue and sessions for every ASN, approvals for supervisors, programs, sessions,
participants and attendance for HR."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import allow
from asn_portal.confirmation import ask_confirmation, is_confirmed
from asn_portal.corrections import confirm_deletion, correct
from asn_portal.formats import numbers
from asn_portal.lists import act_on_each, list_page, selected_rows, wants_export
from asn_portal.refusals import Refused, attempt
from evaluations.models import FollowUpAction
from evaluations.services import access_follow_up_action
from people.delegation import supervised_by
from people.models import WorkUnit
from people.roles import Role, roles_of
from training.exports import approvals_export, enrolments_export
from training.forms.catalog import (
    ApprovalFilter,
    EnrolmentFilter,
    FollowUpNominationForm,
    NominateForm,
    ProgramCorrectionForm,
    ProgramForm,
    SessionCancelForm,
    SessionCorrectionForm,
    SessionForm,
)
from training.models import (
    DevelopmentForm,
    Enrolment,
    Program,
    TrainingSession,
)
from training.services.catalog import (
    apply_for_session,
    approve_application,
    cancel_session,
    complete_session,
    confirm_enrolment,
    correct_session,
    nominate_for_follow_up,
    nominate_participant,
    record_attendance,
    record_post_test_scores,
    reject_enrolment,
    require_reason,
    save_program,
    save_session_days,
    withdraw_enrolment,
)
from training.services.delivery import with_questionnaire_due
from training.views import MANAGE, PAGE_SIZE, safe_next

# Catalogue and sessions, for every ASN ------------------------------------------


@allow(employee=True)
def catalog(request):
    can_manage = request.user.has_perm(MANAGE)
    programs = Program.objects.visible_to(request.user)
    if not can_manage:  # HR also sees inactive programs, to reactivate them
        programs = programs.active()
    form = request.GET.get("bentuk", "")
    query = request.GET.get("q", "").strip()
    if form:
        programs = programs.filter(form=form)
    programs = (
        programs.matching(query)
        .with_upcoming_session_count(today=timezone.localdate())
        .order_by("title")
    )
    page = Paginator(programs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/program_list.html",
        {
            "page": page,
            "query": query,
            "selected_form": form,
            "forms": DevelopmentForm.choices,
            "can_manage": can_manage,
        },
    )


@allow(employee=True)
def program_detail(request, pk):
    program = get_object_or_404(
        Program.objects.visible_to(request.user).select_related("partner"), pk=pk
    )
    sessions = program.sessions.with_seat_counts().order_by("-start_date", "pk")
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/program_detail.html",
        {
            "program": program,
            "competencies": program.competencies.all(),
            "page": page,
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


@allow(employee=True)
def session_detail(request, pk, nominate_form=None):
    """The session; HR's nomination form comes back here when what was typed names
    no one or several (their names are the suggestions), so it works without
    JavaScript. HR and leaders also see, search, filter and download the
    participants."""
    session = get_object_or_404(
        TrainingSession.objects.visible_to(request.user)
        .with_seat_counts()
        .select_related("program"),
        pk=pk,
    )
    filters, participants = _participants(request, session, request.GET)
    if participants is not None and wants_export(request):
        return enrolments_export(session, participants)
    own = session.enrolments.filter(employee=request.user.employee).select_related(
        "approved_by", "approval_delegation__delegator"
    )
    mine = with_questionnaire_due(own, today=timezone.localdate()).first()
    page = (
        None
        if participants is None
        else list_page(participants, request.GET.get("page"))
    )
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "days": session.days.all(),
            "mine": mine,
            "participants": page,
            "page": page,
            "filters": filters,
            "can_manage": request.user.has_perm(MANAGE),
            "withdrawable": Enrolment.WITHDRAWABLE_STATUSES,
            "confirmable": Enrolment.CONFIRMABLE_STATUSES,
            "rejectable": Enrolment.REJECTABLE_STATUSES,
            "nominate_form": nominate_form or NominateForm(agency_id=None),
        },
    )


def _participants(request, session, data):
    """HR and leaders see the participants, those awaiting a decision first,
    narrowed by the filter in `data`; (None, None) for everyone else."""
    roles = roles_of(request.user)
    if Role.HR not in roles and Role.LEADER not in roles:
        return None, None
    filters = EnrolmentFilter(data, units=WorkUnit.objects.visible_to(request.user))
    enrolments = filters.narrow(
        session.enrolments.select_related(
            "employee", "unit", "approved_by", "approval_delegation__delegator"
        )
    )
    return filters, enrolments.in_participant_order()


@allow(employee=True)
@require_POST
def session_apply(request, pk):
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user), pk=pk)
    attempt(
        request,
        lambda: apply_for_session(employee=request.user.employee, session=session),
        success=_("Pendaftaran terkirim; menunggu persetujuan atasan langsung Anda."),
    )
    return redirect(session)


@allow(employee=True)
@require_POST
def enrolment_withdraw(request, pk):
    enrolment = get_object_or_404(_own_or_managed(request), pk=pk)
    if not is_confirmed(request):
        return ask_confirmation(
            request,
            _("Batalkan keikutsertaan %(name)s di %(session)s?")
            % {"name": enrolment.employee.name, "session": enrolment.session},
        )
    attempt(
        request,
        lambda: withdraw_enrolment(enrolment=enrolment),
        success=_("Pendaftaran dibatalkan."),
    )
    return redirect(safe_next(request, "training:my_jp"))


def _own_or_managed(request):
    scoped = Enrolment.objects.visible_to(request.user)
    if request.user.has_perm(MANAGE):
        return scoped
    return scoped.filter(employee=request.user.employee)


# Supervisor -------------------------------------------------------------------


@allow(roles={Role.SUPERVISOR})
def approvals(request):
    filters, pending = _approvals(request, request.GET)
    if wants_export(request):
        return approvals_export(pending)
    return render(
        request,
        "training/approvals.html",
        {"page": list_page(pending, request.GET.get("page")), "filters": filters},
    )


def _approvals(request, data):
    """The team's applications awaiting this supervisor (a Plt/Plh: also the
    team they act for), narrowed by the filter in `data`: the list, its download
    and its bulk decision."""
    pending = Enrolment.objects.filter(
        supervised_by(request.user.employee), status=Enrolment.Status.APPLIED
    )
    sessions = TrainingSession.objects.filter(pk__in=pending.values("session_id"))
    filters = ApprovalFilter(data, sessions=sessions)
    narrowed = filters.narrow(pending).select_related(
        "employee__supervisor", "session__program"
    )
    return filters, narrowed.order_by("session__start_date", "employee__name", "pk")


@allow(roles={Role.SUPERVISOR})
@require_POST
def approvals_bulk(request):
    """Approves, or rejects with one reason, the ticked applications or with
    "pilih semua" every one the filter matches."""
    supervisor = request.user.employee
    approve = request.POST.get("decision") != "reject"
    reason = request.POST.get("reason", "")
    _filters, pending = _approvals(request, request.POST)
    chosen = selected_rows(request.POST, pending, field="enrolment")
    if not approve and not attempt(request, lambda: require_reason(reason))[0]:
        return redirect(safe_next(request, "training:approvals"))
    done = act_on_each(
        request,
        chosen,
        lambda e: approve_application(
            enrolment=e, supervisor=supervisor, approve=approve, reason=reason
        ),
        label=lambda e: e.employee.name,
    )
    if done:
        message = (
            _("%(n)s pendaftaran disetujui; BKPSDM akan mengonfirmasi.")
            if approve
            else _("%(n)s pendaftaran tidak disetujui.")
        )
        messages.success(request, message % numbers(n=done))
    return redirect(safe_next(request, "training:approvals"))


@allow(roles={Role.SUPERVISOR})
@require_POST
def approval_decide(request, pk):
    enrolment = get_object_or_404(
        Enrolment.objects.filter(supervised_by(request.user.employee)), pk=pk
    )
    approve = request.POST.get("decision") != "reject"
    attempt(
        request,
        lambda: approve_application(
            enrolment=enrolment,
            supervisor=request.user.employee,
            approve=approve,
            reason=request.POST.get("reason", ""),
        ),
        success=_("Pendaftaran disetujui; BKPSDM akan mengonfirmasi.")
        if approve
        else _("Pendaftaran tidak disetujui."),
    )
    return redirect("training:approvals")


# Programs and sessions, for HR ------------------------------------------------


@allow(MANAGE, employee=True)
def program_create(request):
    agency = request.user.employee.agency
    form = ProgramForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        form.instance.agency = agency
        done, program = attempt(
            request,
            lambda: save_program(
                program=form.instance, competencies=form.cleaned_data["competencies"]
            ),
            form=form,
            success=_("Program disimpan."),
        )
        if done:
            return redirect(program)
    return render(
        request, "training/form.html", {"form": form, "title": _("Program baru")}
    )


@allow(MANAGE, employee=True)
def program_edit(request, pk):
    program = get_object_or_404(Program.objects.visible_to(request.user), pk=pk)
    form = ProgramCorrectionForm(
        request.POST or None, instance=program, agency=request.user.employee.agency
    )
    return correct(
        request,
        form,
        saved=_("Program disimpan."),
        title=_("Ubah program: %(name)s") % {"name": program},
        back_url=program.get_absolute_url(),
        history_url=reverse("training:record_history", args=["program", pk]),
        delete_url=reverse("training:program_delete", args=[pk]),
        save=lambda reason: save_program(
            program=form.instance,
            competencies=form.cleaned_data["competencies"],
            reason=reason,
        ),
    )


@allow(MANAGE, employee=True)
def program_delete(request, pk):
    program = get_object_or_404(Program.objects.visible_to(request.user), pk=pk)
    return confirm_deletion(
        request,
        program,
        back_url=program.get_absolute_url(),
        done_url=reverse("training:catalog"),
    )


@allow(MANAGE, employee=True)
def session_create(request, pk):
    program = get_object_or_404(Program.objects.visible_to(request.user), pk=pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.program = program
        with transaction.atomic():
            session = form.save()
            save_session_days(session=session, days=form.cleaned_data["parsed_days"])
        messages.success(request, _("Sesi disimpan."))
        return redirect(session)
    return render(
        request,
        "training/form.html",
        {"form": form, "title": _("Sesi baru: %(program)s") % {"program": program}},
    )


@allow(MANAGE, employee=True)
def session_edit(request, pk):
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user), pk=pk)
    form = SessionCorrectionForm(request.POST or None, instance=session)
    return correct(
        request,
        form,
        saved=_("Sesi disimpan."),
        save=lambda reason: correct_session(
            session=session, days=form.cleaned_data["parsed_days"], reason=reason
        ),
        title=_("Ubah sesi: %(name)s") % {"name": session},
        back_url=session.get_absolute_url(),
        history_url=reverse("training:record_history", args=["sesi", pk]),
        delete_url=reverse("training:session_delete", args=[pk]),
    )


@allow(MANAGE, employee=True)
def session_delete(request, pk):
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user), pk=pk)
    return confirm_deletion(
        request,
        session,
        back_url=session.get_absolute_url(),
        done_url=session.program.get_absolute_url(),
    )


@allow(MANAGE, employee=True)
def session_cancel(request, pk):
    session = get_object_or_404(
        TrainingSession.objects.visible_to(request.user).with_seat_counts(), pk=pk
    )
    form = SessionCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cancelled, _result = attempt(
            request,
            lambda: cancel_session(session=session, reason=form.cleaned_data["reason"]),
            form=form,
            success=_("Sesi dibatalkan; peserta sudah diberi tahu."),
        )
        if cancelled:
            return redirect(session)
    return render(
        request, "training/session_cancel.html", {"session": session, "form": form}
    )


@allow(MANAGE, employee=True)
def session_list(request):
    sessions = (
        TrainingSession.objects.visible_to(request.user)
        .with_seat_counts()
        .select_related("program")
        .order_by("-start_date")
    )
    status = request.GET.get("status", "")
    if status:
        sessions = sessions.filter(status=status)
    awaiting = bool(request.GET.get("menunggu"))
    if awaiting:
        sessions = sessions.awaiting_confirmation()
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/session_list.html",
        {
            "page": page,
            "status": status,
            "awaiting": awaiting,
            "statuses": TrainingSession.Status.choices,
        },
    )


@allow(employee=True)
def follow_up_nominate(request, pk):
    """A development follow-up's training action: HR or the ASN's supervisor picks
    a session of the agency, and the ASN is nominated to it."""
    action = access_follow_up_action(
        request.user, pk, kind=FollowUpAction.Kind.TRAINING
    )
    assessment = action.follow_up.assessment
    form = FollowUpNominationForm(
        request.POST or None,
        agency_id=assessment.employee.agency_id,
        search=request.GET.get("q", "").strip(),
    )
    if request.method == "POST" and form.is_valid():
        nominated, _enrolment = attempt(
            request,
            lambda: nominate_for_follow_up(
                action=action, session=form.cleaned_data["session"], user=request.user
            ),
            form=form,
            success=_("%(name)s dinominasikan.") % {"name": assessment.employee.name},
        )
        if nominated:
            return redirect(assessment)
    return render(
        request,
        "training/follow_up_nominate.html",
        {"action": action, "assessment": assessment, "form": form},
    )


@allow(MANAGE, employee=True)
@require_POST
def session_nominate(request, pk):
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user), pk=pk)
    hr = request.user.employee
    form = NominateForm(request.POST, agency_id=hr.agency_id)
    if form.is_valid():
        employee = form.cleaned_data["employee"]
        attempt(
            request,
            lambda: nominate_participant(
                session=session, employee=employee, nominated_by=hr
            ),
            success=_("%(name)s dinominasikan.") % {"name": employee.name},
        )
        return redirect(session)
    return session_detail(request, pk, nominate_form=form)


@allow(MANAGE, employee=True)
@require_POST
def enrolment_decide(request, pk):
    enrolment = get_object_or_404(Enrolment.objects.visible_to(request.user), pk=pk)
    hr = request.user.employee
    if request.POST.get("decision") == "reject":
        attempt(
            request,
            lambda: reject_enrolment(
                enrolment=enrolment,
                rejected_by=hr,
                reason=request.POST.get("reason", ""),
            ),
            success=_("Pendaftaran ditolak."),
        )
    else:
        decided, result = attempt(
            request,
            lambda: confirm_enrolment(enrolment=enrolment, confirmed_by=hr),
        )
        if decided and result.status == Enrolment.Status.WAITLISTED:
            messages.warning(
                request,
                _("Sesi penuh: %(name)s masuk daftar tunggu no. %(n)s.")
                % {
                    "name": result.employee.name,
                    **numbers(n=result.waitlist_position),
                },
            )
        elif decided:
            messages.success(request, _("Peserta dikonfirmasi."))
    return redirect(enrolment.session)


@allow(MANAGE, employee=True)
@require_POST
def session_enrolments_bulk(request, pk):
    """Confirms, or rejects with one reason, the ticked participants or with
    "pilih semua" every one the filter matches, in the list's order (so the
    waiting list fills in that order)."""
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user), pk=pk)
    hr = request.user.employee
    reject = request.POST.get("decision") == "reject"
    reason = request.POST.get("reason", "")
    if reject and not attempt(request, lambda: require_reason(reason))[0]:
        return redirect(safe_next(request, session.get_absolute_url()))
    _filters, participants = _participants(request, session, request.POST)
    chosen = selected_rows(request.POST, participants, field="enrolment")
    done = act_on_each(
        request,
        chosen,
        (lambda e: reject_enrolment(enrolment=e, rejected_by=hr, reason=reason))
        if reject
        else (lambda e: confirm_enrolment(enrolment=e, confirmed_by=hr)),
        label=lambda e: e.employee.name,
    )
    if done:
        message = (
            _("%(n)s pendaftaran ditolak.")
            if reject
            else _(
                "%(n)s peserta diproses: dikonfirmasi, atau masuk daftar tunggu "
                "bila sesi penuh."
            )
        )
        messages.success(request, message % numbers(n=done))
    return redirect(safe_next(request, session.get_absolute_url()))


@allow(MANAGE, employee=True)
def session_attendance(request, pk):
    session = get_object_or_404(
        TrainingSession.objects.visible_to(request.user).select_related("program"),
        pk=pk,
    )
    days = list(session.days.all())
    seated = list(
        session.enrolments.filter(status=Enrolment.Status.CONFIRMED)
        .select_related("employee")
        .prefetch_related("attendances")
        .order_by("employee__name")
    )
    if request.method == "POST" and _record_sheet(request, session, days, seated):
        return redirect("training:session_attendance", pk=session.pk)
    return render(
        request,
        "training/session_attendance.html",
        {
            "session": session,
            "sheets": _attendance_sheets(days, seated),
            "seated": seated,
            "has_participants": bool(seated),
        },
    )


def _record_sheet(request, session, days, seated) -> bool:
    """Saves the posted post-test scores or one day's attendance; True when saved."""
    if "score" in request.POST:
        done, _result = attempt(
            request,
            lambda: record_post_test_scores(
                session=session, scores=_scores(request.POST, seated)
            ),
            success=_("Nilai post-test disimpan."),
        )
        return done
    day = next((d for d in days if str(d.pk) == request.POST.get("day")), None)
    if day is None:
        raise Http404
    present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    done, _result = attempt(
        request,
        lambda: record_attendance(day=day, present_enrolment_ids=present),
        success=_("Kehadiran %(date)s disimpan.")
        % {"date": day.date.strftime("%d-%m-%Y")},
    )
    return done


def _attendance_sheets(days, seated) -> list[dict]:
    """One sheet per day: each seated participant with their mark (None if none)."""
    marks = {
        (a.enrolment_id, a.day_id): a.present
        for enrolment in seated
        for a in enrolment.attendances.all()
    }
    return [
        {"day": day, "entries": [(e, marks.get((e.pk, day.pk))) for e in seated]}
        for day in days
    ]


def _scores(data, seated) -> dict:
    """{enrolment id: Decimal or None} from score-<id> fields; unreadable numbers
    become a refusal, not a silent zero."""
    scores = {}
    for enrolment in seated:
        raw = data.get(f"score-{enrolment.pk}", "").strip().replace(",", ".")
        if not raw:
            scores[enrolment.pk] = None
            continue
        try:
            scores[enrolment.pk] = Decimal(raw)
        except InvalidOperation:
            raise Refused(
                _("Nilai post-test %(name)s bukan angka.")
                % {"name": enrolment.employee.name}
            ) from None
    return scores


@allow(MANAGE, employee=True)
@require_POST
def session_complete(request, pk):
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user), pk=pk)
    if not is_confirmed(request):
        return ask_confirmation(
            request,
            _("Tetapkan kelulusan dan kreditkan JP %(session)s sekarang?")
            % {"session": session},
            detail=_("Kelulusan ditetapkan dari kehadiran dan tidak dapat diulang."),
        )
    completed, counts = attempt(request, lambda: complete_session(session=session))
    if completed:
        messages.success(
            request,
            _(
                "Sesi selesai: %(completed)s lulus (JP dikreditkan), "
                "%(not_completed)s tidak memenuhi syarat."
            )
            % numbers(**counts),
        )
    return redirect(session)
