"""The mentoring figures a leader's dashboard shows."""

from django.urls import reverse
from django.utils.translation import gettext as _

from asn_portal.exports import DECIMAL, INTEGER, Column
from mentoring.models import Pair, Program
from people.panels import Chart, Headline, Panel, Scope, Table


def panels(scope: Scope) -> list[Panel]:
    pairs = Pair.objects.filter(
        scope.q("mentee__"), start_date__lte=scope.end, end_date__gte=scope.start
    )
    programs = (
        Program.objects.filter(agency=scope.agency)
        .with_stats(pairs=pairs)
        .filter(all_pairs__gt=0)
        .order_by("name")
    )
    rows, links = [], []
    for program in programs:
        rows.append(
            [
                str(program),
                program.active_pairs,
                program.confirmed_sessions,
                program.goals_met,
                program.goals_total,
                round(float(program.average_rating), 2)
                if program.average_rating is not None
                else None,
            ]
        )
        links.append(reverse("mentoring:program_detail", args=[program.pk]))
    table = Table(
        title=_("Mentoring per program"),
        columns=[
            _("Program"),
            Column(_("Pasangan aktif"), INTEGER),
            Column(_("Sesi terkonfirmasi"), INTEGER),
            Column(_("Tujuan tercapai"), INTEGER),
            Column(_("Jumlah tujuan"), INTEGER),
            Column(_("Rata-rata penilaian mentee"), DECIMAL),
        ],
        rows=rows,
        links=links,
    )
    return [
        Panel(
            key="mentoring",
            title=_("Mentoring"),
            headlines=[
                Headline(
                    _("Pasangan aktif"),
                    sum(row[1] for row in rows),
                    reverse("mentoring:program_list"),
                ),
                Headline(_("Sesi terkonfirmasi"), sum(row[2] for row in rows)),
                Headline(
                    _("Tujuan tercapai"),
                    sum(row[3] for row in rows),
                    of=sum(row[4] for row in rows),
                ),
            ],
            tables=[table],
            charts=[Chart(table=table, kind="bar", value_columns=[1, 2, 3])],
        )
    ]
