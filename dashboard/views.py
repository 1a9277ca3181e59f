from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import allow
from dashboard import services
from dashboard.forms import DashboardFilterForm, ReportRequestForm
from dashboard.freshness import composed_panels
from dashboard.models import Report, ReportSubscription
from people.models import WorkUnit
from people.panels import scope_for
from people.scope import require_employee, unit_root_of


def _units_for(user):
    employee = require_employee(user)
    units = WorkUnit.objects.in_agency(employee.agency_id).in_units_of(user, "")
    return units.order_by("path")


def _request_form(user, data=None, **kwargs) -> ReportRequestForm:
    """The report request form, offering the units of the user's own scope."""
    return ReportRequestForm(
        data, units=_units_for(user), root=unit_root_of(user), **kwargs
    )


@allow("dashboard.view_dashboard")
def dashboard(request):
    data = request.GET.copy()
    data.setdefault("year", str(timezone.localdate().year))
    form = DashboardFilterForm(data, units=_units_for(request.user))
    if not form.is_valid():
        form = DashboardFilterForm(
            {"year": timezone.localdate().year}, units=_units_for(request.user)
        )
        form.is_valid()
    unit = form.cleaned_data.get("unit")
    scope = scope_for(
        request.user,
        year=form.cleaned_data["year"],
        quarter=form.cleaned_data.get("quarter"),
        unit_id=unit.pk if unit else None,
    )
    composed = composed_panels(scope, fresh="segar" in request.GET)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "panels": composed.panels,
            "composed": composed,
            "cache_minutes": settings.DASHBOARD_CACHE_SECONDS // 60,
        },
    )


@allow("dashboard.view_report")
def report_list(request):
    reports = Report.objects.visible_to(request.user).select_related("unit", "agency")[
        :100
    ]
    form = _request_form(
        request.user,
        initial={
            "year": timezone.localdate().year,
            "number": timezone.localdate().month,
        },
    )
    subscribed = set(
        ReportSubscription.objects.filter(
            user=request.user, agency_id=require_employee(request.user).agency_id
        ).values_list("kind", flat=True)
    )
    return render(
        request,
        "dashboard/report_list.html",
        {
            "reports": reports,
            "form": form,
            "subscribed": subscribed,
            "kinds": Report.Kind.choices,
        },
    )


@require_POST
@allow("dashboard.request_report")
def report_request(request):
    form = _request_form(request.user, request.POST)
    if not form.is_valid():
        reports = Report.objects.visible_to(request.user).select_related("unit")[:100]
        return render(
            request,
            "dashboard/report_list.html",
            {
                "reports": reports,
                "form": form,
                "subscribed": set(),
                "kinds": Report.Kind.choices,
            },
            status=400,
        )
    report = services.request_report(
        agency=require_employee(request.user).agency,
        unit=form.cleaned_data["unit"],
        kind=form.cleaned_data["kind"],
        period_start=form.cleaned_data["period_start"],
        period_end=form.cleaned_data["period_end"],
        requested_by=request.user,
    )
    messages.success(
        request, _("Laporan sedang dibuat. Halaman ini menampilkan kemajuannya.")
    )
    return redirect(report)


@allow("dashboard.view_report")
def report_detail(request, pk):
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    return render(request, "dashboard/report_detail.html", {"report": report})


@allow("dashboard.view_report")
def report_download(request, pk, fmt):
    report = get_object_or_404(
        Report.objects.visible_to(request.user).select_related("agency", "unit"),
        pk=pk,
    )
    field = {"pdf": report.pdf, "xlsx": report.xlsx}.get(fmt)
    if not field or report.status != Report.Status.DONE:
        raise Http404
    filename = f"{report.file_stem}.{fmt}"
    return FileResponse(field.open("rb"), as_attachment=True, filename=filename)


@require_POST
@allow("dashboard.view_report")
def subscription_toggle(request, kind):
    if kind not in Report.Kind.values:
        raise Http404
    agency = require_employee(request.user).agency
    if ReportSubscription.objects.filter(
        user=request.user, agency=agency, kind=kind
    ).exists():
        services.unsubscribe(user=request.user, agency=agency, kind=kind)
        messages.info(request, _("Langganan email laporan dihentikan."))
    else:
        services.subscribe(user=request.user, agency=agency, kind=kind)
        messages.success(request, _("Anda akan menerima laporan ini lewat email."))
    return redirect("dashboard:report_list")
