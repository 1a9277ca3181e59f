"""Needs, partners, the yearly plan and its budget."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import allow
from asn_portal.corrections import (
    confirm_deletion,
    correct,
    history_page,
)
from asn_portal.refusals import attempt
from people.models import WorkUnit
from people.roles import Role, roles_of
from training.development import gaps_closed
from training.forms.planning import (
    AgreementCorrectionForm,
    AgreementForm,
    AllocationForm,
    ExpenditureCorrectionForm,
    ExpenditureForm,
    NeedForm,
    PartnerCorrectionForm,
    PartnerForm,
    PlanCorrectionForm,
    PlanForm,
    PlannedProgramCorrectionForm,
    PlannedProgramForm,
    ProgramFromPlanForm,
    QuotaForm,
)
from training.models import (
    BudgetAllocation,
    DevelopmentPlan,
    Expenditure,
    Partner,
    PartnerAgreement,
    PlannedProgram,
    Program,
    TrainingNeed,
    TrainingSession,
)
from training.services.planning import (
    add_planned_program,
    correct_planned_program,
    create_program_from_plan,
    decline_need,
    delete_planned_program,
    propose_need,
    save_quota,
)
from training.views import MANAGE, PAGE_SIZE, form_errors, safe_next

EXPENDITURES_SHOWN = 200  # invoice lines listed on a plan's page, newest first

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
            lambda: propose_need(proposed_by=employee, **data),
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
        lambda: decline_need(need=need, declined_by=request.user.employee),
        success=_("Kebutuhan ditandai tidak diakomodasi."),
    )
    return redirect(safe_next(request, "training:need_list"))


# Partners ---------------------------------------------------------------------


@allow("training.view_partner", employee=True)
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


@allow("training.view_partner", employee=True)
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


@allow("training.view_developmentplan", employee=True)
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


@allow("training.view_developmentplan", employee=True)
def plan_detail(request, pk):
    plan = get_object_or_404(
        DevelopmentPlan.objects.visible_to(request.user).select_related("agency"),
        pk=pk,
    )
    budget = plan.budget_by_source()
    items = list(plan.items_for_page())
    closed = gaps_closed(plan.agency, items)
    for item in items:
        item.gaps_closed = closed.get(item.pk)
    return render(
        request,
        "training/plan_detail.html",
        {
            "plan": plan,
            "items": items,
            "budget": budget,
            "exceeded": [row for row in budget if row["exceeded"]],
            "open_needs": TrainingNeed.objects.open_for_plan(plan),
            "can_manage": request.user.has_perm(MANAGE),
            "allocation_form": AllocationForm(plan=plan),
            "quota_units": WorkUnit.objects.filter(agency_id=plan.agency_id),
            "program_form": ProgramFromPlanForm(),
            "expenditures": plan.expenditures.select_related("planned_program")[
                :EXPENDITURES_SHOWN
            ],
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
        form_errors(request, form)
    return redirect(plan)


@allow(MANAGE, employee=True)
def planned_program_create(request, pk):
    plan = get_object_or_404(DevelopmentPlan.objects.visible_to(request.user), pk=pk)
    initial = _initial_from_need(plan, request.GET.get("kebutuhan"))
    form = PlannedProgramForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        needs = data.pop("needs")
        done, _result = attempt(
            request,
            lambda: add_planned_program(plan=plan, needs=needs, **data),
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


def _initial_from_need(plan, need_id) -> dict:
    """A planned program filled in from one of the agency's needs, when one is given."""
    if not (need_id and need_id.isdigit()):
        return {}
    need = TrainingNeed.objects.filter(agency_id=plan.agency_id, pk=need_id).first()
    if not need:
        return {}
    return {
        "title": need.competency,
        "competency_area": need.competency,
        "participants_per_batch": need.participants,
        "needs": [need.pk],
    }


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
        save_quota(item=item, **form.cleaned_data)
        messages.success(request, _("Kuota unit disimpan."))
    else:
        form_errors(request, form)
    return redirect(item.plan)


@allow(MANAGE, employee=True)
@require_POST
def program_from_plan(request, pk):
    item = _plan_item(request, pk)
    form = ProgramFromPlanForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(item.plan)
    program = create_program_from_plan(item=item, **form.cleaned_data)
    messages.success(request, _("Program masuk katalog; tambahkan sesinya."))
    return redirect(program)


# Corrections: HR edits and deletes what was typed wrong ------------------------


@allow(MANAGE, employee=True)
def partner_edit(request, pk):
    partner = get_object_or_404(Partner.objects.visible_to(request.user), pk=pk)
    back = reverse("training:partner_detail", args=[pk])
    form = PartnerCorrectionForm(request.POST or None, instance=partner)
    return correct(
        request,
        form,
        saved=_("Mitra disimpan."),
        title=_("Ubah mitra: %(name)s") % {"name": partner},
        back_url=back,
        history_url=reverse("training:record_history", args=["mitra", pk]),
        delete_url=reverse("training:partner_delete", args=[pk]),
    )


@allow(MANAGE, employee=True)
def partner_delete(request, pk):
    partner = get_object_or_404(Partner.objects.visible_to(request.user), pk=pk)
    return confirm_deletion(
        request,
        partner,
        back_url=reverse("training:partner_detail", args=[pk]),
        done_url=reverse("training:partner_list"),
    )


@allow(MANAGE, employee=True)
def agreement_edit(request, pk):
    agreement = get_object_or_404(
        PartnerAgreement.objects.visible_to(request.user), pk=pk
    )
    back = reverse("training:partner_detail", args=[agreement.partner_id])
    form = AgreementCorrectionForm(request.POST or None, instance=agreement)
    return correct(
        request,
        form,
        saved=_("Perjanjian kerja sama disimpan."),
        title=_("Ubah perjanjian: %(name)s") % {"name": agreement},
        back_url=back,
        history_url=reverse("training:record_history", args=["mou", pk]),
        delete_url=reverse("training:agreement_delete", args=[pk]),
    )


@allow(MANAGE, employee=True)
def agreement_delete(request, pk):
    agreement = get_object_or_404(
        PartnerAgreement.objects.visible_to(request.user), pk=pk
    )
    back = reverse("training:partner_detail", args=[agreement.partner_id])
    return confirm_deletion(request, agreement, back_url=back, done_url=back)


@allow(MANAGE, employee=True)
def plan_edit(request, pk):
    plan = get_object_or_404(DevelopmentPlan.objects.visible_to(request.user), pk=pk)
    form = PlanCorrectionForm(request.POST or None, instance=plan)
    return correct(
        request,
        form,
        saved=_("Rencana disimpan."),
        title=_("Ubah rencana: %(name)s") % {"name": plan},
        back_url=plan.get_absolute_url(),
        history_url=reverse("training:record_history", args=["rencana", pk]),
        delete_url=reverse("training:plan_delete", args=[pk]),
    )


@allow(MANAGE, employee=True)
def plan_delete(request, pk):
    plan = get_object_or_404(DevelopmentPlan.objects.visible_to(request.user), pk=pk)
    return confirm_deletion(
        request,
        plan,
        back_url=plan.get_absolute_url(),
        done_url=reverse("training:plan_list"),
    )


@allow(MANAGE, employee=True)
def planned_program_edit(request, pk):
    item = _plan_item(request, pk)
    form = PlannedProgramCorrectionForm(
        request.POST or None, instance=item, plan=item.plan
    )
    return correct(
        request,
        form,
        saved=_("Program dalam rencana disimpan."),
        save=lambda reason: correct_planned_program(
            item=item, needs=form.cleaned_data["needs"], reason=reason
        ),
        title=_("Ubah program dalam rencana: %(name)s") % {"name": item},
        back_url=item.plan.get_absolute_url(),
        history_url=reverse("training:record_history", args=["program-rencana", pk]),
        delete_url=reverse("training:planned_program_delete", args=[pk]),
    )


@allow(MANAGE, employee=True)
def planned_program_delete(request, pk):
    item = _plan_item(request, pk)
    return confirm_deletion(
        request,
        item,
        back_url=item.plan.get_absolute_url(),
        done_url=item.plan.get_absolute_url(),
        delete=lambda reason: delete_planned_program(item=item, reason=reason),
    )


@allow(MANAGE, employee=True)
def expenditure_create(request, pk):
    plan = get_object_or_404(DevelopmentPlan.objects.visible_to(request.user), pk=pk)
    form = ExpenditureForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        saved, _result = attempt(
            request, form.save, form=form, success=_("Realisasi anggaran dicatat.")
        )
        if saved:
            return redirect(reverse("training:plan_detail", args=[pk]) + "#realisasi")
    return render(
        request,
        "training/form.html",
        {"form": form, "title": _("Catat realisasi: %(plan)s") % {"plan": plan}},
    )


def _expenditure(request, pk):
    return get_object_or_404(
        Expenditure.objects.visible_to(request.user).select_related("plan"), pk=pk
    )


@allow(MANAGE, employee=True)
def expenditure_edit(request, pk):
    expenditure = _expenditure(request, pk)
    plan = expenditure.plan
    form = ExpenditureCorrectionForm(
        request.POST or None, instance=expenditure, plan=plan
    )
    return correct(
        request,
        form,
        saved=_("Realisasi anggaran disimpan."),
        title=_("Ubah realisasi: %(name)s") % {"name": expenditure},
        back_url=plan.get_absolute_url(),
        history_url=reverse("training:record_history", args=["realisasi", pk]),
        delete_url=reverse("training:expenditure_delete", args=[pk]),
    )


@allow(MANAGE, employee=True)
def expenditure_delete(request, pk):
    expenditure = _expenditure(request, pk)
    back = expenditure.plan.get_absolute_url()
    return confirm_deletion(request, expenditure, back_url=back, done_url=back)


# Which records of this app keep a history page: the model, who may read it, and
# the page to go back to.
HISTORIES = {
    "mitra": (
        Partner,
        "training.view_partner",
        lambda r: reverse("training:partner_detail", args=[r.pk]),
    ),
    "mou": (
        PartnerAgreement,
        "training.view_partner",
        lambda r: reverse("training:partner_detail", args=[r.partner_id]),
    ),
    "rencana": (
        DevelopmentPlan,
        "training.view_developmentplan",
        lambda r: r.get_absolute_url(),
    ),
    "program": (
        Program,
        "training.view_program",
        lambda r: r.get_absolute_url(),
    ),
    "sesi": (
        TrainingSession,
        MANAGE,
        lambda r: r.get_absolute_url(),
    ),
    "realisasi": (
        Expenditure,
        "training.view_developmentplan",
        lambda r: reverse("training:plan_detail", args=[r.plan_id]),
    ),
    "program-rencana": (
        PlannedProgram,
        "training.view_developmentplan",
        lambda r: reverse("training:plan_detail", args=[r.plan_id]),
    ),
}


@allow(employee=True)
def record_history(request, kind, pk):
    if kind not in HISTORIES:
        raise Http404
    model, permission, back = HISTORIES[kind]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    record = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
    return history_page(request, record, back_url=back(record))
