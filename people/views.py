from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from people.models import Employee, WorkUnit


@login_required
def home(request):
    employee = getattr(request.user, "employee", None)
    return render(request, "people/home.html", {"employee": employee})


@login_required
def employee_list(request):
    employees = (
        Employee.objects.visible_to(request.user)
        .select_related("unit", "supervisor")
        .order_by("unit__path", "name")
    )
    unit = _unit_filter(request)
    if unit is not None:
        employees = employees.filter(unit__path__startswith=unit.path)
    query = request.GET.get("q", "").strip()
    if query:
        employees = employees.filter(
            Q(name__icontains=query) | Q(nip__startswith=query)
        )
    page = Paginator(employees, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/employee_list.html",
        {"page": page, "query": query, "unit": unit},
    )


def _unit_filter(request):
    """?unit=<id> narrows a list to a unit and everything below it (drill-down)."""
    unit_id = request.GET.get("unit", "")
    if not unit_id.isdigit():
        return None
    return WorkUnit.objects.visible_to(request.user).filter(pk=unit_id).first()


@login_required
def employee_detail(request, pk):
    employee = get_object_or_404(
        Employee.objects.visible_to(request.user).select_related(
            "agency", "unit", "supervisor", "user"
        ),
        pk=pk,
    )
    team = employee.team.filter(is_active=True).select_related("unit")
    return render(
        request, "people/employee_detail.html", {"subject": employee, "team": team}
    )


@login_required
@permission_required("people.view_history", raise_exception=True)
def employee_history(request, pk):
    employee = get_object_or_404(Employee.objects.visible_to(request.user), pk=pk)
    records = employee.history.select_related("history_user").order_by("-history_date")[
        :200
    ]
    return render(
        request,
        "people/employee_history.html",
        {"subject": employee, "changes": _describe_changes(records)},
    )


def _describe_changes(records):
    records = list(records)
    changes = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        diffs = newer.diff_against(older).changes if older is not None else []
        changes.append({"record": newer, "diffs": diffs})
    return changes


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
