"""The competency-development figures a leader's dashboard shows."""

from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from dashboard.panels import Chart, Headline, Panel, Scope, Table
from dashboard.units import roll_up
from people.models import Employee
from training.models import DevelopmentForm, JpCredit


def jp_this_year(year: int):
    """Subquery: an employee's JP in `year` (0 when none)."""
    per_employee = (
        JpCredit.objects.filter(employee_id=OuterRef("pk"), year=year)
        .values("employee_id")
        .annotate(total=Sum("jp"))
        .values("total")
    )
    return Coalesce(
        Subquery(
            per_employee, output_field=DecimalField(max_digits=8, decimal_places=2)
        ),
        Value(0, output_field=DecimalField(max_digits=8, decimal_places=2)),
    )


def employees_with_target(scope: Scope):
    """Employees the yearly JP target applies to (PPPK only if the agency says so)."""
    employees = scope.employees()
    if not scope.agency.jp_target_applies_to_pppk:
        employees = employees.filter(status=Employee.Status.PNS)
    return employees


def panels(scope: Scope) -> list[Panel]:
    target = scope.agency.jp_target_per_year
    per_unit = {
        row["unit_id"]: row
        for row in employees_with_target(scope)
        .annotate(jp_total=jp_this_year(scope.year))
        .values("unit_id")
        .annotate(
            total=Count("id"),
            met=Count("id", filter=Q(jp_total__gte=target)),
        )
    }
    rows = roll_up(per_unit, scope, ["total", "met"])
    compliance = Table(
        title=_("ASN yang mencapai %(target)s JP tahun %(year)s")
        % {"target": target, "year": scope.year},
        columns=[_("Unit kerja"), _("ASN"), _("Mencapai target"), _("Persen (%)")],
        rows=[
            [
                r.name,
                r.figures["total"],
                r.figures["met"],
                _percent(r.figures["met"], r.figures["total"]),
            ]
            for r in rows
        ],
        links=[_below_target_url(r.pk) for r in rows],
    )
    by_form = (
        JpCredit.objects.filter(scope.q("employee__"), year=scope.year)
        .filter(date__lte=scope.end)
        .values("form")
        .annotate(jp=Sum("jp"), people=Count("employee_id", distinct=True))
        .order_by("-jp")
    )
    labels = dict(DevelopmentForm.choices)
    forms = Table(
        title=_("JP per bentuk pengembangan"),
        columns=[_("Bentuk"), _("JP"), _("ASN")],
        rows=[
            [str(labels.get(r["form"], r["form"])), _jp(r["jp"]), r["people"]]
            for r in by_form
        ],
    )
    total = sum(r.figures["total"] for r in rows)
    met = sum(r.figures["met"] for r in rows)
    return [
        Panel(
            key="kompetensi",
            title=_("Pengembangan kompetensi"),
            headlines=[
                Headline(
                    _("ASN mencapai target JP"),
                    f"{_percent(met, total)}%",
                    _below_target_url(None),
                    _("%(met)s dari %(total)s ASN") % {"met": met, "total": total},
                ),
            ],
            tables=[compliance, forms],
            charts=[
                Chart(table=compliance, kind="bar", value_columns=[3]),
                Chart(table=forms, kind="doughnut", value_columns=[1]),
            ],
        )
    ]


def _jp(value) -> Decimal:
    """SQLite sums decimals as floats; show JP with two decimals everywhere."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def _percent(part: int, whole: int) -> float:
    return round(part * 100 / whole, 1) if whole else 0.0


def _below_target_url(unit_id) -> str:
    url = reverse("people:employee_list")
    return f"{url}?unit={unit_id}" if unit_id else url
