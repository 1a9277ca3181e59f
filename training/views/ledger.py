"""The JP ledger: my JP, the team's JP and the below-target list."""

from functools import partial

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import allow
from asn_portal.refusals import attempt
from people.models import Employee, WorkUnit
from people.roles import Role
from training import rules
from training.forms.ledger import NominateToSessionForm
from training.jp import jp_progress_percent
from training.models import (
    Enrolment,
    JpCredit,
)
from training.models.ledger import (
    below_target,
    count_per_unit,
    jp_standing,
    with_jp_total,
)
from training.services.catalog import nominate_participant
from training.services.delivery import with_questionnaire_due
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
            **jp_standing(employee, total=credits.filter(year=year).total_jp()),
            "credits": credits[:200],
            "enrolments": enrolments,
            "withdrawable": Enrolment.WITHDRAWABLE_STATUSES,
        },
    )


@allow("training.view_jpcredit", employee=True)
def jp_below_target(request):
    agency = request.user.employee.agency
    year = timezone.localdate().year
    employees = below_target(
        Employee.objects.visible_to(request.user), agency=agency, year=year
    ).select_related("unit")
    units = WorkUnit.objects.filter(agency=agency).order_by("path")
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        employees = employees.for_unit_subtree(get_object_or_404(units, pk=unit_id))
    number = request.GET.get("page")
    return render(
        request,
        "training/jp_below_target.html",
        {
            "page": _below_target_page(employees, number, agency=agency),
            "year": year,
            "target": agency.jp_target_per_year,
            "units": units,
            "unit_id": unit_id,
            "per_unit": None if unit_id.isdigit() else count_per_unit(employees),
            "can_manage": request.user.has_perm(MANAGE),
            "nominate_form": NominateToSessionForm(agency_id=agency.pk),
        },
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
    hr = request.user.employee
    form = NominateToSessionForm(request.POST, agency_id=hr.agency_id)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("training:jp_below_target")
    session = form.cleaned_data["session"]
    ids = [int(v) for v in request.POST.getlist("employee") if v.isdigit()]
    chosen = Employee.objects.filter(agency_id=hr.agency_id, pk__in=ids)
    if not ids:
        messages.error(request, _("Pilih minimal satu pegawai."))
    done = sum(_nominate(request, session, employee, hr) for employee in chosen)
    if done:
        messages.success(
            request,
            _("%(n)s pegawai dinominasikan ke %(session)s.")
            % {"n": done, "session": session},
        )
    return redirect(safe_next(request, "training:jp_below_target"))


def _nominate(request, session, employee, hr) -> bool:
    """Nominates one; a refusal becomes a message and the others still go ahead."""
    nominated, _enrolment = attempt(
        request,
        partial(
            nominate_participant, session=session, employee=employee, nominated_by=hr
        ),
    )
    return nominated
