"""The people figures a leader's dashboard shows."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from asn_portal.exports import INTEGER, Column
from people.models import Employee
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
