"""Training pages: catalogue and sessions for every ASN, approvals for supervisors,
needs, plan, partners and session management for HR, and the JP ledger."""

from decimal import Decimal, InvalidOperation
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Case, Count, Prefetch, Q, Value, When, Window
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import allow
from asn_portal.refusals import Refused, attempt
from people.models import Employee, WorkUnit
from people.roles import Role, roles_of
from training import delivery_services, rules, services
from training.forms import (
    AgreementForm,
    AllocationForm,
    NeedForm,
    NominateForm,
    NominateToSessionForm,
    PartnerForm,
    PlanForm,
    PlannedProgramForm,
    ProgramForm,
    ProgramFromPlanForm,
    QuotaForm,
    SessionForm,
)
from training.jp import jp_progress_percent, jp_shortfall
from training.models import (
    BudgetAllocation,
    DevelopmentForm,
    DevelopmentPlan,
    Enrolment,
    JpCredit,
    Partner,
    PlannedProgram,
    Program,
    TrainingNeed,
    TrainingSession,
)
from training.models.ledger import below_target, with_jp_total

MANAGE = "training.manage_training"
PAGE_SIZE = 50
# Participants list: who still needs a decision first, then seats, then the rest.
PARTICIPANT_ORDER = Case(
    *(
        When(status=status, then=Value(rank))
        for rank, status in enumerate(
            [
                Enrolment.Status.SUPERVISOR_APPROVED,
                Enrolment.Status.NOMINATED,
                Enrolment.Status.APPLIED,
                Enrolment.Status.CONFIRMED,
                Enrolment.Status.COMPLETED,
                Enrolment.Status.NOT_COMPLETED,
                Enrolment.Status.WAITLISTED,
            ]
        )
    ),
    default=Value(99),
)
WITHDRAWABLE = (
    *Enrolment.PENDING_STATUSES,
    Enrolment.Status.CONFIRMED,
    Enrolment.Status.WAITLISTED,
)


# Catalogue and sessions, for every ASN ------------------------------------------


@allow(employee=True)
def catalog(request):
    today = timezone.localdate()
    can_manage = request.user.has_perm(MANAGE)
    programs = Program.objects.visible_to(request.user)
    if not can_manage:  # HR also sees inactive programs, to reactivate them
        programs = programs.active()
    programs = programs.annotate(
        upcoming_sessions=Count(
            "sessions",
            filter=Q(
                sessions__end_date__gte=today,
                sessions__status__in=[
                    TrainingSession.Status.PLANNED,
                    TrainingSession.Status.OPEN,
                    TrainingSession.Status.RUNNING,
                ],
            ),
        )
    ).order_by("title")
    form = request.GET.get("bentuk", "")
    query = request.GET.get("q", "").strip()
    if form:
        programs = programs.filter(form=form)
    if query:
        programs = programs.filter(
            Q(title__icontains=query) | Q(competency_area__icontains=query)
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
            "page": page,
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


@allow(employee=True)
def session_detail(request, pk):
    session = get_object_or_404(
        TrainingSession.objects.visible_to(request.user)
        .with_seat_counts()
        .select_related("program"),
        pk=pk,
    )
    employee = request.user.employee
    roles = roles_of(request.user)
    sees_participants = Role.HR in roles or Role.LEADER in roles
    participants = None
    if sees_participants:
        participants = Paginator(
            session.enrolments.select_related("employee", "unit")
            .annotate(rank=PARTICIPANT_ORDER)
            .order_by("rank", "waitlist_position", "employee__name"),
            PAGE_SIZE,
        ).get_page(request.GET.get("page"))
    mine = delivery_services.with_questionnaire_due(
        session.enrolments.filter(employee=employee), today=timezone.localdate()
    ).first()
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "days": session.days.all(),
            "mine": mine,
            "participants": participants,
            "page": participants,
            "can_manage": request.user.has_perm(MANAGE),
            "withdrawable": WITHDRAWABLE,
            "confirmable": (
                Enrolment.Status.SUPERVISOR_APPROVED,
                Enrolment.Status.NOMINATED,
            ),
            "rejectable": (*Enrolment.PENDING_STATUSES, Enrolment.Status.WAITLISTED),
        },
    )


@allow(employee=True)
@require_POST
def session_apply(request, pk):
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user), pk=pk)
    attempt(
        request,
        lambda: services.apply_for_session(
            employee=request.user.employee, session=session
        ),
        success=_("Pendaftaran terkirim; menunggu persetujuan atasan langsung Anda."),
    )
    return redirect(session)


@allow(employee=True)
@require_POST
def enrolment_withdraw(request, pk):
    enrolment = get_object_or_404(_own_or_managed(request), pk=pk)
    attempt(
        request,
        lambda: services.withdraw_enrolment(enrolment=enrolment),
        success=_("Pendaftaran dibatalkan."),
    )
    return redirect(_safe_next(request, "training:my_jp"))


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _own_or_managed(request):
    scoped = Enrolment.objects.visible_to(request.user)
    if request.user.has_perm(MANAGE):
        return scoped
    return scoped.filter(employee=request.user.employee)


# Supervisor -------------------------------------------------------------------


@allow(roles={Role.SUPERVISOR})
def approvals(request):
    pending = (
        Enrolment.objects.filter(
            employee__supervisor=request.user.employee,
            status=Enrolment.Status.APPLIED,
        )
        .select_related("employee", "session__program")
        .order_by("session__start_date")
    )
    return render(request, "training/approvals.html", {"pending": pending})


@allow(roles={Role.SUPERVISOR})
@require_POST
def approval_decide(request, pk):
    enrolment = get_object_or_404(
        Enrolment.objects.filter(employee__supervisor=request.user.employee), pk=pk
    )
    approve = request.POST.get("decision") != "reject"
    attempt(
        request,
        lambda: services.approve_application(
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


@allow(roles={Role.SUPERVISOR})
def team_jp(request):
    year = timezone.localdate().year
    team = with_jp_total(
        Employee.objects.filter(supervisor=request.user.employee, is_active=True),
        year=year,
    ).select_related("unit", "agency")
    agency = request.user.employee.agency
    target = agency.jp_target_per_year
    rows = [
        {
            "employee": e,
            "total": e.jp_total,
            # None where the target does not apply (a PPPK, if the agency says so).
            "percent": jp_progress_percent(e.jp_total, target=target)
            if rules.target_applies(
                status=e.status, applies_to_pppk=agency.jp_target_applies_to_pppk
            )
            else None,
        }
        for e in team
    ]
    return render(
        request,
        "training/team_jp.html",
        {"rows": rows, "year": year, "target": target},
    )


# Needs ------------------------------------------------------------------------


@allow(roles={Role.SUPERVISOR, Role.HR, Role.LEADER})
def need_list(request):
    needs = (
        TrainingNeed.objects.visible_to(request.user)
        .select_related("unit", "proposed_by", "planned_program")
        .order_by("-year", "priority", "unit__name")
    )
    year = request.GET.get("tahun", "")
    if year.isdigit():
        needs = needs.filter(year=int(year))
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    can_propose = bool(roles_of(request.user) & {Role.SUPERVISOR, Role.HR})
    return render(
        request,
        "training/need_list.html",
        {"page": page, "year": year, "can_propose": can_propose},
    )


@allow(roles={Role.SUPERVISOR, Role.HR, Role.LEADER})
def need_create(request):
    employee = request.user.employee
    if not roles_of(request.user) & {Role.SUPERVISOR, Role.HR}:
        raise PermissionDenied
    form = NeedForm(
        request.POST or None,
        employee=employee,
        whole_agency=request.user.has_perm(MANAGE),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done, _result = attempt(
            request,
            lambda: services.propose_need(proposed_by=employee, **data),
            success=_("Kebutuhan pelatihan diusulkan."),
        )
        if done:
            return redirect("training:need_list")
    return render(
        request,
        "training/form.html",
        {"form": form, "title": _("Usulkan kebutuhan pelatihan")},
    )


@allow(MANAGE, employee=True)
@require_POST
def need_decline(request, pk):
    need = get_object_or_404(TrainingNeed.objects.visible_to(request.user), pk=pk)
    attempt(
        request,
        lambda: services.decline_need(need=need, declined_by=request.user.employee),
        success=_("Kebutuhan ditandai tidak diakomodasi."),
    )
    return redirect(_safe_next(request, "training:need_list"))


# Partners ---------------------------------------------------------------------


@allow(employee=True)
@allow("training.view_partner")
def partner_list(request):
    partners = (
        Partner.objects.visible_to(request.user)
        .annotate(agreement_count=Count("agreements"))
        .order_by("name")
    )
    return render(
        request,
        "training/partner_list.html",
        {"partners": partners, "can_manage": request.user.has_perm(MANAGE)},
    )


@allow(MANAGE, employee=True)
def partner_create(request):
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.agency_id = request.user.employee.agency_id
        if Partner.objects.filter(
            agency_id=form.instance.agency_id, name=form.cleaned_data["name"]
        ).exists():
            form.add_error("name", _("Mitra dengan nama ini sudah ada."))
        else:
            partner = form.save()
            messages.success(request, _("Mitra disimpan."))
            return redirect("training:partner_detail", pk=partner.pk)
    return render(
        request, "training/form.html", {"form": form, "title": _("Mitra baru")}
    )


@allow(employee=True)
@allow("training.view_partner")
def partner_detail(request, pk):
    partner = get_object_or_404(Partner.objects.visible_to(request.user), pk=pk)
    form = AgreementForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm(MANAGE):
            raise PermissionDenied
        if form.is_valid():
            form.instance.partner = partner
            form.save()
            messages.success(request, _("Perjanjian kerja sama disimpan."))
            return redirect("training:partner_detail", pk=partner.pk)
    return render(
        request,
        "training/partner_detail.html",
        {
            "partner": partner,
            "agreements": partner.agreements.all(),
            "programs": partner.programs.all(),
            "form": form,
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


# Plan and budget --------------------------------------------------------------


@allow(employee=True)
@allow("training.view_developmentplan")
def plan_list(request):
    plans = (
        DevelopmentPlan.objects.visible_to(request.user)
        .annotate(item_count=Count("items"))
        .order_by("-year")
    )
    return render(
        request,
        "training/plan_list.html",
        {"plans": plans, "can_manage": request.user.has_perm(MANAGE)},
    )


@allow(MANAGE, employee=True)
def plan_create(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agency_id = request.user.employee.agency_id
        if DevelopmentPlan.objects.filter(
            agency_id=agency_id, year=form.cleaned_data["year"]
        ).exists():
            form.add_error("year", _("Rencana untuk tahun ini sudah ada."))
        else:
            form.instance.agency_id = agency_id
            plan = form.save()
            messages.success(request, _("Rencana dibuat."))
            return redirect(plan)
    return render(
        request,
        "training/form.html",
        {"form": form, "title": _("Rencana pengembangan kompetensi baru")},
    )


@allow(employee=True)
@allow("training.view_developmentplan")
def plan_detail(request, pk):
    plan = get_object_or_404(DevelopmentPlan.objects.visible_to(request.user), pk=pk)
    items = plan.items.select_related("partner", "program").prefetch_related(
        Prefetch("quotas", to_attr="quota_list"),
        "quotas__unit",
        Prefetch("needs", to_attr="need_list"),
    )
    budget = plan.budget_by_source()
    open_needs = (
        TrainingNeed.objects.filter(
            agency_id=plan.agency_id,
            year=plan.year,
            status=TrainingNeed.Status.PROPOSED,
        )
        .select_related("unit")
        .order_by("priority")
    )
    return render(
        request,
        "training/plan_detail.html",
        {
            "plan": plan,
            "items": items,
            "budget": budget,
            "exceeded": [row for row in budget if row["exceeded"]],
            "open_needs": open_needs,
            "can_manage": request.user.has_perm(MANAGE),
            "allocation_form": AllocationForm(plan=plan),
            "quota_units": WorkUnit.objects.filter(agency_id=plan.agency_id),
            "program_form": ProgramFromPlanForm(),
        },
    )


@allow(MANAGE, employee=True)
@require_POST
def allocation_save(request, pk):
    plan = get_object_or_404(DevelopmentPlan.objects.visible_to(request.user), pk=pk)
    form = AllocationForm(request.POST, plan=plan)
    if form.is_valid():
        BudgetAllocation.objects.update_or_create(
            plan=plan,
            source=form.cleaned_data["source"],
            defaults={"amount": form.cleaned_data["amount"]},
        )
        messages.success(request, _("Pagu anggaran disimpan."))
    else:
        _form_errors(request, form)
    return redirect(plan)


def _form_errors(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


@allow(MANAGE, employee=True)
def planned_program_create(request, pk):
    plan = get_object_or_404(DevelopmentPlan.objects.visible_to(request.user), pk=pk)
    initial = {}
    need_id = request.GET.get("kebutuhan")
    if need_id and need_id.isdigit():
        need = TrainingNeed.objects.filter(agency_id=plan.agency_id, pk=need_id).first()
        if need:
            initial = {
                "title": need.competency,
                "competency_area": need.competency,
                "participants_per_batch": need.participants,
                "needs": [need.pk],
            }
    form = PlannedProgramForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        needs = data.pop("needs")
        done, _result = attempt(
            request,
            lambda: services.add_planned_program(plan=plan, needs=needs, **data),
            success=_("Program ditambahkan ke rencana."),
        )
        if done:
            return redirect(plan)
    return render(
        request,
        "training/form.html",
        {
            "form": form,
            "title": _("Tambah program ke rencana %(year)s") % {"year": plan.year},
        },
    )


def _plan_item(request, pk):
    return get_object_or_404(
        PlannedProgram.objects.filter(
            plan__in=DevelopmentPlan.objects.visible_to(request.user)
        ).select_related("plan", "partner"),
        pk=pk,
    )


@allow(MANAGE, employee=True)
@require_POST
def quota_save(request, pk):
    item = _plan_item(request, pk)
    form = QuotaForm(request.POST, item=item)
    if form.is_valid():
        item.quotas.update_or_create(
            unit=form.cleaned_data["unit"],
            defaults={"seats": form.cleaned_data["seats"]},
        )
        messages.success(request, _("Kuota unit disimpan."))
    else:
        _form_errors(request, form)
    return redirect(item.plan)


@allow(MANAGE, employee=True)
@require_POST
def program_from_plan(request, pk):
    item = _plan_item(request, pk)
    form = ProgramFromPlanForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(item.plan)
    program = services.create_program_from_plan(item=item, **form.cleaned_data)
    messages.success(request, _("Program masuk katalog; tambahkan sesinya."))
    return redirect(program)


# Programs and sessions, for HR ------------------------------------------------


@allow(MANAGE, employee=True)
def program_create(request):
    agency = request.user.employee.agency
    form = ProgramForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        form.instance.agency = agency
        program = form.save()
        messages.success(request, _("Program disimpan."))
        return redirect(program)
    return render(
        request, "training/form.html", {"form": form, "title": _("Program baru")}
    )


@allow(MANAGE, employee=True)
def program_edit(request, pk):
    program = get_object_or_404(Program.objects.visible_to(request.user), pk=pk)
    form = ProgramForm(
        request.POST or None, instance=program, agency=request.user.employee.agency
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Program disimpan."))
        return redirect(program)
    return render(request, "training/form.html", {"form": form, "title": str(program)})


@allow(MANAGE, employee=True)
def session_create(request, pk):
    program = get_object_or_404(Program.objects.visible_to(request.user), pk=pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.program = program
        with transaction.atomic():
            session = form.save()
            services.save_session_days(
                session=session, days=form.cleaned_data["parsed_days"]
            )
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
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():

        @transaction.atomic
        def save():
            services.check_capacity_change(
                session=session, capacity=form.cleaned_data["capacity"]
            )
            services.save_session_days(
                session=session, days=form.cleaned_data["parsed_days"]
            )
            form.save()

        saved, _result = attempt(request, save, form=form, success=_("Sesi disimpan."))
        if saved:
            return redirect(session)
    return render(request, "training/form.html", {"form": form, "title": str(session)})


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
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/session_list.html",
        {"page": page, "status": status, "statuses": TrainingSession.Status.choices},
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
            lambda: services.nominate_participant(
                session=session, employee=employee, nominated_by=hr
            ),
            success=_("%(name)s dinominasikan.") % {"name": employee.name},
        )
    else:
        _form_errors(request, form)
    return redirect(session)


@allow(MANAGE, employee=True)
@require_POST
def enrolment_decide(request, pk):
    enrolment = get_object_or_404(Enrolment.objects.visible_to(request.user), pk=pk)
    hr = request.user.employee
    if request.POST.get("decision") == "reject":
        attempt(
            request,
            lambda: services.reject_enrolment(
                enrolment=enrolment,
                rejected_by=hr,
                reason=request.POST.get("reason", ""),
            ),
            success=_("Pendaftaran ditolak."),
        )
    else:
        decided, result = attempt(
            request,
            lambda: services.confirm_enrolment(enrolment=enrolment, confirmed_by=hr),
        )
        if decided and result.status == Enrolment.Status.WAITLISTED:
            messages.warning(
                request,
                _("Sesi penuh: %(name)s masuk daftar tunggu no. %(n)s.")
                % {"name": result.employee.name, "n": result.waitlist_position},
            )
        elif decided:
            messages.success(request, _("Peserta dikonfirmasi."))
    return redirect(enrolment.session)


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
    if request.method == "POST" and "score" in request.POST:
        done, _result = attempt(
            request,
            lambda: services.record_post_test_scores(
                session=session, scores=_scores(request.POST, seated)
            ),
            success=_("Nilai post-test disimpan."),
        )
        if done:
            return redirect("training:session_attendance", pk=session.pk)
    elif request.method == "POST":
        day = next((d for d in days if str(d.pk) == request.POST.get("day")), None)
        if day is None:
            raise Http404
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        done, _result = attempt(
            request,
            lambda: services.record_attendance(day=day, present_enrolment_ids=present),
            success=_("Kehadiran %(date)s disimpan.")
            % {"date": day.date.strftime("%d-%m-%Y")},
        )
        if done:
            return redirect("training:session_attendance", pk=session.pk)
    marks = {
        (a.enrolment_id, a.day_id): a.present
        for enrolment in seated
        for a in enrolment.attendances.all()
    }
    sheets = [
        {"day": day, "entries": [(e, marks.get((e.pk, day.pk))) for e in seated]}
        for day in days
    ]
    return render(
        request,
        "training/session_attendance.html",
        {
            "session": session,
            "sheets": sheets,
            "seated": seated,
            "has_participants": bool(seated),
        },
    )


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
    completed, counts = attempt(
        request, lambda: services.complete_session(session=session)
    )
    if completed:
        messages.success(
            request,
            _(
                "Sesi selesai: %(completed)s lulus (JP dikreditkan), "
                "%(not_completed)s tidak memenuhi syarat."
            )
            % counts,
        )
    return redirect(session)


# JP ledger --------------------------------------------------------------------


@allow(employee=True)
def my_jp(request):
    employee = request.user.employee
    agency = employee.agency
    year = timezone.localdate().year
    credits = JpCredit.objects.filter(employee=employee).order_by("-date", "-pk")
    total = credits.filter(year=year).total_jp()
    applies = rules.target_applies(
        status=employee.status, applies_to_pppk=agency.jp_target_applies_to_pppk
    )
    target = agency.jp_target_per_year
    enrolments = delivery_services.with_questionnaire_due(
        Enrolment.objects.filter(employee=employee)
        .select_related("session__program")
        .order_by("-session__start_date"),
        today=timezone.localdate(),
    )[:50]
    return render(
        request,
        "training/my_jp.html",
        {
            "year": year,
            "total": total,
            "target": target,
            "target_applies": applies,
            "percent": jp_progress_percent(total, target=target),
            "shortfall": jp_shortfall(total, target=target),
            "credits": credits[:200],
            "enrolments": enrolments,
            "withdrawable": WITHDRAWABLE,
        },
    )


@allow(employee=True)
@allow("training.view_jpcredit")
def jp_below_target(request):
    hr = request.user.employee
    agency = hr.agency
    year = timezone.localdate().year
    employees = below_target(
        Employee.objects.visible_to(request.user), agency=agency, year=year
    ).select_related("unit")
    units = WorkUnit.objects.filter(agency=agency).order_by("path")
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        unit = get_object_or_404(units, pk=unit_id)
        employees = employees.for_unit_subtree(unit)
    per_unit = None
    if not unit_id.isdigit():
        per_unit = (
            employees.order_by()
            .values("unit_id", "unit__name")
            .annotate(below=Count("pk"))
            .order_by("-below", "unit__name")
        )
    page = _page_with_total(
        employees.order_by("unit__path", "jp_total", "name"), request.GET.get("page")
    )
    for employee in page:
        employee.jp_percent = jp_progress_percent(
            employee.jp_total, target=agency.jp_target_per_year
        )
    return render(
        request,
        "training/jp_below_target.html",
        {
            "page": page,
            "year": year,
            "target": agency.jp_target_per_year,
            "units": units,
            "unit_id": unit_id,
            "per_unit": per_unit,
            "can_manage": request.user.has_perm(MANAGE),
            "nominate_form": NominateToSessionForm(agency_id=agency.pk),
        },
    )


def _page_with_total(queryset, number, per_page=PAGE_SIZE):
    """One page and the total in ONE query (a window count over the filtered rows),
    instead of Paginator's separate COUNT that would redo the whole aggregation."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    counted = queryset.annotate(found=Window(Count("pk")))
    bottom = (number - 1) * per_page
    rows = list(counted[bottom : bottom + per_page])
    if not rows and number > 1:  # past the end: show the last page, as get_page does
        total = queryset.count()
        number = max((total + per_page - 1) // per_page, 1)
        bottom = (number - 1) * per_page
        rows = list(counted[bottom : bottom + per_page])
    paginator = Paginator(queryset, per_page)
    paginator.count = rows[0].found if rows else 0
    return Page(rows, number, paginator)


@allow(MANAGE, employee=True)
@require_POST
def jp_below_target_nominate(request):
    hr = request.user.employee
    form = NominateToSessionForm(request.POST, agency_id=hr.agency_id)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("training:jp_below_target")
    session = form.cleaned_data["session"]
    ids = [int(v) for v in request.POST.getlist("employee") if v.isdigit()]
    chosen = Employee.objects.filter(agency_id=hr.agency_id, pk__in=ids)
    if not ids:
        messages.error(request, _("Pilih minimal satu pegawai."))
    done = 0
    for employee in chosen:
        nominated, _enrolment = attempt(
            request,
            partial(
                services.nominate_participant,
                session=session,
                employee=employee,
                nominated_by=hr,
            ),
        )
        done += nominated
    if done:
        messages.success(
            request,
            _("%(n)s pegawai dinominasikan ke %(session)s.")
            % {"n": done, "session": session},
        )
    return redirect(_safe_next(request, "training:jp_below_target"))
