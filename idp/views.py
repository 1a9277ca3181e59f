from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import allow
from asn_portal.lists import list_page
from asn_portal.refusals import attempt
from idp import services
from idp.forms import (
    ActivityForm,
    DecisionForm,
    DoneForm,
    PlanCreateForm,
    PlanFilterForm,
)
from idp.models import IndividualPlan, PlanActivity


def _plans(request):
    return IndividualPlan.objects.visible_to(request.user)


@allow(employee=True)
def mine(request):
    years = services.years_open()
    form = PlanCreateForm(request.POST or None, years=years)
    if request.method == "POST" and form.is_valid():
        done, plan = attempt(
            request,
            lambda: services.create_plan(
                user=request.user, year=form.cleaned_data["year"]
            ),
            form=form,
            success=_("IDP dibuat: tambahkan kegiatannya."),
        )
        if done:
            return redirect(plan)
    plans = (
        IndividualPlan.objects.filter(employee=request.user.employee)
        .with_progress()
        .order_by("-year")
    )
    return render(request, "idp/mine.html", {"plans": plans, "form": form})


@allow(employee=True)
def detail(request, pk):
    plan = get_object_or_404(
        _plans(request).select_related(
            "employee__agency", "employee__unit", "decided_by"
        ),
        pk=pk,
    )
    owner = services.is_owner(plan, request.user)
    form = None
    if owner and plan.editable:
        form = ActivityForm(request.POST or None, agency=plan.employee.agency)
    elif request.method == "POST":
        raise PermissionDenied
    if form is not None and request.method == "POST" and form.is_valid():
        done, _activity = attempt(
            request,
            lambda: services.add_activity(
                plan=plan, user=request.user, **form.cleaned_data
            ),
            form=form,
            success=_("Kegiatan ditambahkan."),
        )
        if done:
            return redirect(plan)
    may_decide = services.may_decide(plan, request.user)
    return render(
        request,
        "idp/detail.html",
        {
            "plan": plan,
            "form": form,
            "owner": owner,
            "may_decide": may_decide,
            "decision_form": DecisionForm() if may_decide else None,
            **services.plan_page(plan),
        },
    )


def _activity(request, pk):
    return get_object_or_404(
        PlanActivity.objects.filter(plan__in=_plans(request)).select_related(
            "plan__employee"
        ),
        pk=pk,
    )


@require_POST
@allow(employee=True)
def activity_delete(request, pk):
    activity = _activity(request, pk)
    if not services.is_owner(activity.plan, request.user):
        raise PermissionDenied
    attempt(
        request,
        lambda: services.remove_activity(activity=activity, user=request.user),
        success=_("Kegiatan dihapus."),
    )
    return redirect(activity.plan)


@require_POST
@allow(employee=True)
def activity_done(request, pk):
    activity = _activity(request, pk)
    plan = activity.plan
    if not (
        services.is_owner(plan, request.user) or services.may_decide(plan, request.user)
    ):
        raise PermissionDenied
    form = DoneForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    attempt(
        request,
        lambda: services.mark_done(activity=activity, user=request.user, note=note),
        success=_("Kegiatan ditandai selesai."),
    )
    return redirect(activity.plan)


@require_POST
@allow(employee=True)
def submit(request, pk):
    plan = get_object_or_404(_plans(request), pk=pk)
    if not services.is_owner(plan, request.user):
        raise PermissionDenied
    attempt(
        request,
        lambda: services.submit(plan=plan, user=request.user),
        success=_("IDP diajukan ke atasan."),
    )
    return redirect(plan)


@require_POST
@allow(employee=True)
def decide(request, pk):
    plan = get_object_or_404(_plans(request).select_related("employee"), pk=pk)
    if not services.may_decide(plan, request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    form.is_valid()
    agree = request.POST.get("decision") == "agree"
    attempt(
        request,
        lambda: services.decide(
            plan=plan,
            user=request.user,
            agree=agree,
            note=form.cleaned_data.get("note", ""),
        ),
        success=_("IDP disepakati.") if agree else _("IDP dikembalikan ke pegawai."),
    )
    return redirect(plan)


@allow(employee=True)
def plan_list(request):
    filters = PlanFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    year = chosen.get("year") or timezone.localdate().year
    plans = (
        _plans(request)
        .filter(year=year)
        .exclude(employee=request.user.employee)
        .select_related("employee__unit")
        .with_progress()
        .order_by("employee__name")
    )
    if chosen.get("status"):
        plans = plans.filter(status=chosen["status"])
    return render(
        request,
        "idp/list.html",
        {
            "page": list_page(plans, request.GET.get("page")),
            "filters": filters,
            "year": year,
        },
    )
