"""The e-learning figures a leader's dashboard shows."""

from django.urls import reverse
from django.utils.translation import gettext as _

from asn_portal.exports import DECIMAL, INTEGER, PERCENT, Column
from elearning.models import Module, Progress
from people.panels import Chart, Headline, Panel, Scope, Table


def panels(scope: Scope) -> list[Panel]:
    progress = Progress.objects.filter(
        scope.q("employee__"),
        started_at__date__gte=scope.start,
        started_at__date__lte=scope.end,
    )
    per_module = progress.summary_by_module()
    titles = dict(
        Module.objects.filter(pk__in=list(per_module)).values_list("pk", "title")
    )
    rows = []
    links = []
    for module_id, figures in sorted(
        per_module.items(), key=lambda item: titles.get(item[0], "")
    ):
        rows.append(
            [
                titles.get(module_id, ""),
                figures["participants"],
                figures["completed"],
                figures["completion_rate"] or 0,
                _round(figures["avg_pre"]),
                _round(figures["avg_post"]),
                _round(figures["avg_gain"]),
            ]
        )
        links.append(reverse("elearning:results_detail", args=[module_id]))
    table = Table(
        title=_("Hasil e-learning per modul"),
        columns=[
            _("Modul"),
            Column(_("Peserta"), INTEGER),
            Column(_("Selesai"), INTEGER),
            Column(_("Penyelesaian (%)"), PERCENT),
            Column(_("Rata-rata pre-test"), DECIMAL, 1),
            Column(_("Rata-rata post-test"), DECIMAL, 1),
            Column(_("Rata-rata peningkatan"), DECIMAL, 1),
        ],
        rows=rows,
        links=links,
    )
    participants = sum(row[1] for row in rows)
    completed = sum(row[2] for row in rows)
    return [
        Panel(
            key="elearning",
            title=_("E-learning"),
            headlines=[
                Headline(
                    _("Peserta e-learning"),
                    participants,
                    reverse("elearning:results_list"),
                    _("%(done)s selesai") % {"done": completed},
                )
            ],
            tables=[table],
            charts=[Chart(table=table, kind="bar", value_columns=[4, 5])],
        )
    ]


def _round(value):
    return round(float(value), 1) if value is not None else None
