"""The JP ledger: my JP, the team's JP and the below-target list."""

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import allow
from asn_portal.formats import numbers
from asn_portal.lists import act_on_each, list_page, selected_rows, wants_export
from asn_portal.refusals import attempt
from asn_portal.uploads import upload_response
from people.figures import not_counted
from people.models import BackgroundJob, Employee
from people.roles import Role
from training import rules
from training.forms.ledger import (
    BelowTargetFilter,
    NominateToSessionForm,
    OutsideDecisionForm,
    OutsideLearningForm,
    below_target_filter,
    below_target_rows,
)
from training.jobs import export_below_target_now_or_later
from training.jp import jp_progress_percent
from training.models import (
    Enrolment,
    JpCredit,
    OutsideLearning,
)
from training.models.ledger import (
    count_per_unit,
    jp_standing,
    with_jp_total,
    year_total,
)
from training.services.catalog import nominate_participant
from training.services.delivery import with_questionnaire_due
from training.services.ledger import decide_outside_learning, submit_outside_learning
from training.views import MANAGE, PAGE_SIZE, form_errors, safe_next


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
            # None where the target does not apply (not serving; a PPPK, if the
            # agency says so).
            "percent": jp_progress_percent(e.jp_total, target=target)
            if rules.target_applies(
                status=e.status,
                applies_to_pppk=agency.jp_target_applies_to_pppk,
                legal_status=e.legal_status,
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


# JP ledger --------------------------------------------------------------------


@allow(employee=True)
def my_jp(request):
    employee = request.user.employee
    year = timezone.localdate().year
    credits = JpCredit.objects.filter(employee=employee).order_by("-date", "-pk")
    enrolments = with_questionnaire_due(
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
            **jp_standing(employee, total=year_total(employee, year)),
            "credits": credits[:200],
            "enrolments": enrolments,
            "outside": OutsideLearning.objects.filter(employee=employee)[:20],
            "withdrawable": Enrolment.WITHDRAWABLE_STATUSES,
        },
    )


@allow("training.view_jpcredit", employee=True)
def jp_below_target(request):
    agency = request.user.employee.agency
    filters = _below_target_filter(request, request.GET)
    employees = _below_target_rows(request, filters)
    if wants_export(request):
        outcome = export_below_target_now_or_later(
            employees=employees, user=request.user, filters=filters, data=request.GET
        )
        return redirect(outcome) if isinstance(outcome, BackgroundJob) else outcome
    return render(
        request,
        "training/jp_below_target.html",
        {
            "page": _below_target_page(
                employees, request.GET.get("page"), agency=agency
            ),
            "filters": filters,
            "year": filters.year,
            "target": agency.jp_target_per_year,
            "per_unit": None if filters.is_filtered else count_per_unit(employees),
            "not_counted": not_counted(_in_list_scope(request, filters)),
            "can_manage": request.user.has_perm(MANAGE),
            "nominate_form": NominateToSessionForm(agency_id=agency.pk),
        },
    )


def _below_target_filter(request, data) -> BelowTargetFilter:
    return below_target_filter(request.user, data, this_year=timezone.localdate().year)


def _below_target_rows(request, filters):
    return below_target_rows(request.user, filters)


def _in_list_scope(request, filters):
    """Those the list would consider before the target: the agency's active ASN the
    user may see, narrowed by the filter (for who it leaves out and why)."""
    agency = request.user.employee.agency
    return filters.narrow(
        Employee.objects.visible_to(request.user).filter(agency=agency, is_active=True)
    )


def _below_target_page(employees, number, *, agency) -> Page:
    """A page of those below target, by unit then lowest JP, each with `jp_percent`."""
    ordered = employees.order_by("unit__path", "jp_total", "name")
    page = _page_with_total(ordered, number)
    for employee in page:
        employee.jp_percent = jp_progress_percent(
            employee.jp_total, target=agency.jp_target_per_year
        )
    return page


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
    """Nominates the ticked employees, or with "pilih semua" every one the list's
    filter matches, to one session."""
    hr = request.user.employee
    form = NominateToSessionForm(request.POST, agency_id=hr.agency_id)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(safe_next(request, "training:jp_below_target"))
    session = form.cleaned_data["session"]
    rows = _below_target_rows(request, _below_target_filter(request, request.POST))
    chosen = selected_rows(request.POST, rows.order_by("name"), field="employee")
    done = act_on_each(
        request,
        chosen,
        lambda employee: nominate_participant(
            session=session, employee=employee, nominated_by=hr
        ),
        label=lambda employee: employee.name,
    )
    if done:
        messages.success(
            request,
            _("%(n)s pegawai dinominasikan ke %(session)s.")
            % {**numbers(n=done), "session": session},
        )
    return redirect(safe_next(request, "training:jp_below_target"))


# Learning outside the portal -----------------------------------------------------


def _outside(request, pk) -> OutsideLearning:
    return get_object_or_404(
        OutsideLearning.objects.visible_to(request.user).select_related(
            "employee", "decided_by"
        ),
        pk=pk,
    )


@allow(employee=True)
def outside_create(request):
    return _outside_form(request, OutsideLearning())


@allow(employee=True)
def outside_edit(request, pk):
    item = get_object_or_404(
        OutsideLearning.objects.filter(employee=request.user.employee), pk=pk
    )
    return _outside_form(request, item)


def _outside_form(request, item):
    form = OutsideLearningForm(
        request.POST or None, request.FILES or None, instance=item
    )
    if request.method == "POST" and form.is_valid():
        done, saved = attempt(
            request,
            lambda: submit_outside_learning(
                item=form.instance, employee=request.user.employee
            ),
            form=form,
            success=_("Kegiatan dicatat dan menunggu verifikasi atasan."),
        )
        if done:
            return redirect(saved)
    return render(request, "training/outside_form.html", {"form": form, "item": item})


@allow(employee=True)
def outside_detail(request, pk):
    item = _outside(request, pk)
    may_decide = (
        OutsideLearning.objects.to_verify_by(request.user).filter(pk=pk).exists()
    )
    form = OutsideDecisionForm(request.POST or None) if may_decide else None
    if request.method == "POST" and form is not None and form.is_valid():
        done, _result = attempt(
            request,
            lambda: decide_outside_learning(
                item=item,
                user=request.user,
                verified=form.cleaned_data["decision"] == "verify",
                reason=form.cleaned_data["reason"],
            ),
            form=form,
            success=_("Keputusan disimpan."),
        )
        if done:
            return redirect(safe_next(request, "training:outside_list"))
    return render(request, "training/outside_detail.html", {"item": item, "form": form})


@allow(employee=True)
def outside_certificate(request, pk):
    return upload_response(_outside(request, pk).certificate)


@allow(roles={Role.SUPERVISOR, Role.HR})
def outside_list(request):
    """What waits for this supervisor's or HR's verification, then the rest of
    what they may see, newest first."""
    items = (
        OutsideLearning.objects.visible_to(request.user)
        .exclude(employee=request.user.employee)
        .select_related("employee")
        .order_by("status", "-end_date", "-pk")
    )
    waiting = OutsideLearning.objects.to_verify_by(request.user).count()
    return render(
        request,
        "training/outside_list.html",
        {"page": list_page(items, request.GET.get("page")), "waiting": waiting},
    )
