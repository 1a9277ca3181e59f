"""The people figures a leader's dashboard shows, and who a list leaves out."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from asn_portal.exports import INTEGER, Column
from people.models import Employee, serving_q
from people.panels import (
    Chart,
    Headline,
    Panel,
    Scope,
    Table,
    drill_url,
    roll_up,
)


def panels(scope: Scope) -> list[Panel]:
    per_unit = {
        row["unit_id"]: row
        for row in scope.employees()
        .values("unit_id")
        .annotate(
            total=Count("id"),
            pns=Count("id", filter=Q(status=Employee.Status.PNS)),
            pppk=Count("id", filter=Q(status=Employee.Status.PPPK)),
        )
    }
    rows = roll_up(per_unit, scope, ["total", "pns", "pppk"])
    list_url = reverse("people:employee_list")
    table = Table(
        title=_("Pegawai per unit kerja"),
        columns=[
            _("Unit kerja"),
            *[Column(c, INTEGER) for c in (_("PNS"), _("PPPK"), _("Jumlah"))],
        ],
        rows=[
            [r.name, r.figures["pns"], r.figures["pppk"], r.figures["total"]]
            for r in rows
        ],
        links=[f"{list_url}?{r.query}" for r in rows],
        count_column=3,
    )
    total = sum(r.figures["total"] for r in rows)
    return [
        Panel(
            key="pegawai",
            title=_("Pegawai"),
            headlines=[
                Headline(
                    _("ASN aktif"),
                    total,
                    drill_url(list_url, scope.unit_query),
                    link_count=total,
                )
            ],
            tables=[table],
            charts=[Chart(table=table, kind="bar", value_columns=[1, 2], stacked=True)],
        )
    ]


NOT_COUNTED_LISTED = 20


@dataclass
class NotCounted:
    """The ASN a list leaves out because they are not serving: how many, how many
    per kedudukan hukum, and the first of them by name."""

    total: int = 0
    by_status: list[tuple[str, int]] = field(default_factory=list)
    listed: list[Employee] = field(default_factory=list)


def not_counted(employees, *, listed: int = NOT_COUNTED_LISTED) -> NotCounted:
    """Those of `employees` whose kedudukan hukum leaves them out of the JP target,
    SKP periods and reminders (`people.models.is_serving`), so a list can show who
    is not counted and why. Two queries, one when nobody is left out."""
    left_out = employees.exclude(serving_q())
    by_status = [
        (status, n)
        for status, n in left_out.order_by()
        .values_list("legal_status")
        .annotate(n=Count("pk"))
        .order_by("-n", "legal_status")
    ]
    total = sum(n for _status, n in by_status)
    names = (
        list(
            left_out.select_related("unit")
            .only("nip", "name", "legal_status", "unit__name")
            .order_by("name", "pk")[:listed]
        )
        if total
        else []
    )
    return NotCounted(total=total, by_status=by_status, listed=names)
