"""The public-service figures a leader's dashboard shows: IKM per service unit with
its grade and trend, the weakest elements, complaints open and overdue."""

from django.db.models import Avg, DurationField, ExpressionWrapper, F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_portal.exports import DECIMAL, INTEGER, Column
from feedback.models import Complaint, ServiceUnit
from feedback.periods import Period, day_bounds
from feedback.reports import (
    build_report,
    complaint_counts,
    unit_population,
    units_table,
)
from people.panels import Chart, Headline, Panel, Scope, Table, drill_url


def service_units_in(scope: Scope):
    units = ServiceUnit.objects.filter(work_unit__agency=scope.agency)
    if scope.unit is not None:
        units = units.filter(work_unit__path__startswith=scope.unit.path)
    return units.order_by("name")


def panels(scope: Scope) -> list[Panel]:
    period = Period(scope.start, scope.end)
    units = service_units_in(scope)
    table_rows = units_table(units, period)
    complaints = complaint_counts(units, period, timezone.localdate())
    query = period.query()
    ikm_table = Table(
        title=_("IKM per unit layanan"),
        columns=[
            _("Unit layanan"),
            Column(_("Responden"), INTEGER),
            Column(_("IKM unit"), DECIMAL),
            _("Mutu"),
            _("Kinerja"),
            Column(_("Pengaduan"), INTEGER),
            Column(_("Belum selesai"), INTEGER),
            Column(_("Lewat batas waktu"), INTEGER),
        ],
        rows=[
            [
                row.label,
                row.result.respondents,
                row.result.ikm_unit_display,
                row.result.grade.mutu if row.result.grade else "",
                _(row.result.grade.kinerja) if row.result.grade else "",
                complaints.get(row.key.pk, {}).get("total", 0),
                complaints.get(row.key.pk, {}).get("open", 0),
                complaints.get(row.key.pk, {}).get("overdue", 0),
            ]
            for row in table_rows
        ],
        links=[
            f"{reverse('feedback:unit_report', args=[row.key.pk])}?{query}"
            for row in table_rows
        ],
        count_column=1,
    )
    overall = build_report(
        units=units,
        title="",
        subtitle="",
        agency_id=scope.agency.pk,
        period=period,
        population=unit_population(units),
    )
    weakest = Table(
        title=_("Unsur terlemah (seluruh lingkup)"),
        columns=[_("Unsur"), Column(_("NRR"), DECIMAL)],
        rows=[
            [f"{u.code} {_(u.name)}", u.nrr_display]
            for u in overall.weakest
            if u.nrr_display is not None
        ][:3],
    )
    trend = Table(
        title=_("Tren IKM per bulan"),
        columns=[_("Bulan"), Column(_("IKM unit"), DECIMAL)],
        rows=[
            [month.strftime("%m/%Y"), result.ikm_unit_display]
            for month, result in overall.trend
        ],
    )
    answer_time = _average_days_to_answer(units, period)
    result = overall.result
    open_total = sum(row[6] for row in ikm_table.rows)
    overdue_total = sum(row[7] for row in ikm_table.rows)
    complaints_of_scope = drill_url(
        reverse("feedback:complaint_list"),
        query,
        f"wilayah={scope.unit.pk}" if scope.unit else "",
    )
    return [
        Panel(
            key="layanan_publik",
            title=_("Pelayanan publik"),
            headlines=[
                Headline(
                    _("IKM seluruh unit"),
                    result.ikm_unit_display if result.ikm_unit_display else "–",
                    reverse("feedback:unit_list") + f"?{query}",
                    f"{result.grade.mutu} · {_(result.grade.kinerja)}"
                    if result.grade
                    else _("belum ada responden"),
                ),
                Headline(_("Responden"), result.respondents),
                Headline(
                    _("Pengaduan belum selesai"),
                    open_total,
                    f"{complaints_of_scope}&tenggat=terbuka",
                    link_count=open_total,
                ),
                Headline(
                    _("Lewat batas waktu"),
                    overdue_total,
                    f"{complaints_of_scope}&tenggat=lewat",
                    link_count=overdue_total,
                ),
                Headline(
                    _("Rata-rata waktu menjawab"),
                    _("%(days)s hari") % {"days": answer_time}
                    if answer_time is not None
                    else "–",
                ),
            ],
            tables=[ikm_table, weakest, trend],
            charts=[
                Chart(table=ikm_table, kind="bar", value_columns=[2]),
                Chart(table=trend, kind="line", value_columns=[1]),
            ],
        )
    ]


def _average_days_to_answer(units, period: Period):
    since, until = day_bounds(period.start, period.end)
    average = Complaint.objects.filter(
        service_unit__in=units,
        submitted_at__gte=since,
        submitted_at__lt=until,
        answered_at__isnull=False,
    ).aggregate(
        value=Avg(
            ExpressionWrapper(
                F("answered_at") - F("submitted_at"), output_field=DurationField()
            )
        )
    )["value"]
    if average is None:
        return None
    return round(average.total_seconds() / 86400, 1)
