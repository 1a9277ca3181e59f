"""IKM figures for pages and downloads. Every figure is one SQL aggregate over the
daily totals (DailyTotal): at most one row per unit and day, so neither the query
count nor the time grows with the number of responses."""

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm, inch
from reportlab.platypus import Paragraph, Spacer, Table

from asn_portal import formats, pdf
from asn_portal.exports import (
    DATE,
    DECIMAL,
    INTEGER,
    MONTH,
    Column,
    Value,
    build_xlsx,
)
from feedback import ikm
from feedback.models import (
    DailyTotal,
    FeedbackSettings,
    ServiceUnit,
    SurveyResponse,
    daily_aggregates,
    ikm_from_row,
    weight_key_for,
)
from feedback.periods import Period
from people.documents import official
from people.models import Agency, Signatory


@dataclass
class IkmReport:
    title: str
    subtitle: str
    period: Period
    result: ikm.IkmResult
    sample: ikm.SampleCheck
    population: int
    profile: dict  # field label → [(choice label, count)]
    trend: list  # [(month, IkmResult)]
    # The follow-up plan written for the report's units and period (FollowUpPlan).
    follow_ups: list = field(default_factory=list)

    @property
    def weakest(self):
        return self.result.weakest_first()


PROFILE_CHOICES = {
    "gender": ("Jenis kelamin", SurveyResponse.Gender),
    "education": ("Pendidikan", SurveyResponse.Education),
    "occupation": ("Pekerjaan", SurveyResponse.Occupation),
}


def _profile_summary(row: dict) -> dict:
    """Respondents per profile choice, from the same aggregate row as the IKM."""
    summary = {}
    for name, (label, choices) in PROFILE_CHOICES.items():
        summary[label] = [
            (str(choice_label), row.get(f"{name}__{value}") or 0)
            for value, choice_label in choices.choices
        ]
    return summary


def _trend(totals, weight_key: str) -> list:
    """IKM per month of the period, one grouped query over the daily totals."""
    rows = (
        totals.order_by()
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(**daily_aggregates())
        .order_by("month")
    )
    return [(row["month"], ikm_from_row(row, weight_key)) for row in rows]


def build_report(
    *,
    units,
    title: str,
    subtitle: str,
    agency_id: int,
    period: Period,
    population: int,
) -> IkmReport:
    totals = DailyTotal.objects.filter(service_unit__in=units).in_period(
        period.start, period.end
    )
    weight_key = weight_key_for(agency_id)
    row = totals.unsur_totals()
    result = ikm_from_row(row, weight_key)
    return IkmReport(
        title=title,
        subtitle=subtitle,
        period=period,
        result=result,
        sample=ikm.check_sample(respondents=result.respondents, population=population),
        population=population,
        profile=_profile_summary(row),
        trend=_trend(totals, weight_key),
    )


@dataclass
class TableRow:
    key: object
    label: str
    result: ikm.IkmResult
    complaints: dict | None = None


def units_table(units, period: Period) -> list[TableRow]:
    """The all-units table: one grouped aggregate over the units in scope."""
    units = list(units.select_related("work_unit"))
    weights = dict(
        FeedbackSettings.objects.filter(
            agency_id__in={u.work_unit.agency_id for u in units}
        ).values_list("agency_id", "ikm_weight")
    )
    rows = {
        row["service_unit"]: row
        for row in DailyTotal.objects.filter(service_unit__in=[u.pk for u in units])
        .in_period(period.start, period.end)
        .unsur_totals_by("service_unit")
    }
    empty = {"respondents": 0}
    table = []
    for unit in units:
        weight = weights.get(unit.work_unit.agency_id, ikm.DEFAULT_WEIGHT)
        table.append(
            TableRow(unit, unit.name, ikm_from_row(rows.get(unit.pk, empty), weight))
        )
    return table


def work_units_table(units, period: Period) -> list[TableRow]:
    """IKM per work unit (all its service units pooled), one grouped query."""
    units = list(units.select_related("work_unit"))
    work_units = {u.work_unit_id: u.work_unit for u in units}
    weights = dict(
        FeedbackSettings.objects.filter(
            agency_id__in={w.agency_id for w in work_units.values()}
        ).values_list("agency_id", "ikm_weight")
    )
    rows = {
        row["service_unit__work_unit"]: row
        for row in DailyTotal.objects.filter(service_unit__in=[u.pk for u in units])
        .in_period(period.start, period.end)
        .unsur_totals_by("service_unit__work_unit")
    }
    empty = {"respondents": 0}
    return [
        TableRow(
            work_unit,
            work_unit.name,
            ikm_from_row(
                rows.get(pk, empty),
                weights.get(work_unit.agency_id, ikm.DEFAULT_WEIGHT),
            ),
        )
        for pk, work_unit in sorted(work_units.items(), key=lambda kv: kv[1].name)
    ]


def unit_population(units) -> int:
    return sum(u.service_users_per_year for u in units)


# --- Downloads ----------------------------------------------------------------------


def decimal_id(value, places=2) -> str:
    """A figure as Indonesian reports write it: decimal comma, fixed places."""
    return formats.number(value, places, language="id")


def period_id(period: Period) -> str:
    """The period as the (Indonesian) report names it: "Tahun 2026", "Triwulan IV
    2026", "November 2026"."""
    return formats.period_name(period.start, period.end, language="id")


def report_rows(report: IkmReport) -> list[list]:
    rows = []
    for unsur in report.result.unsur:
        rows.append(
            [
                unsur.code,
                unsur.name,
                unsur.total,
                unsur.count,
                decimal_id(unsur.nrr_display),
                decimal_id(unsur.weighted_display, 4),
            ]
        )
    return rows


def summary_rows(report: IkmReport) -> list[list]:
    result = report.result
    grade = result.grade
    sample = report.sample
    return [
        ["Periode", period_id(report.period)],
        ["Bobot tertimbang", result.weight_label],
        ["IKM (skala 1–4)", decimal_id(result.ikm_display, 4)],
        ["IKM unit pelayanan (×25)", decimal_id(result.ikm_unit_display)],
        ["Mutu pelayanan", grade.mutu if grade else "–"],
        ["Kinerja unit pelayanan", grade.kinerja if grade else "–"],
        ["Jumlah responden", decimal_id(result.respondents, 0)],
        ["Populasi pengguna layanan (N)", decimal_id(report.population, 0)],
        ["Sampel minimum (Krejcie–Morgan)", decimal_id(sample.minimum, 0)],
        [
            "Kecukupan sampel",
            "Sampel cukup"
            if sample.sufficient
            else f"Kurang {sample.shortfall} responden",
        ],
    ]


def summary_sheet_rows(report: IkmReport) -> list[list]:
    """The summary as the Excel sheet holds it: figures as numbers, dates as dates."""
    result = report.result
    grade = result.grade
    sample = report.sample
    return [
        ["Periode mulai", Value(report.period.start, DATE)],
        ["Periode sampai", Value(report.period.end, DATE)],
        ["Bobot tertimbang", result.weight_label],
        ["IKM (skala 1–4)", Value(result.ikm_display, DECIMAL, 4)],
        ["IKM unit pelayanan (×25)", Value(result.ikm_unit_display, DECIMAL)],
        ["Mutu pelayanan", grade.mutu if grade else "–"],
        ["Kinerja unit pelayanan", grade.kinerja if grade else "–"],
        ["Jumlah responden", Value(result.respondents, INTEGER)],
        ["Populasi pengguna layanan (N)", Value(report.population, INTEGER)],
        ["Sampel minimum (Krejcie–Morgan)", Value(sample.minimum, INTEGER)],
        [
            "Kecukupan sampel",
            "Sampel cukup"
            if sample.sufficient
            else f"Kurang {sample.shortfall} responden",
        ],
    ]


def report_xlsx(report: IkmReport) -> bytes:
    profile_rows = [
        [group, label, count]
        for group, items in report.profile.items()
        for label, count in items
    ]
    unsur_rows = [
        [
            unsur.code,
            unsur.name,
            unsur.total,
            unsur.count,
            unsur.nrr_display,
            unsur.weighted_display,
        ]
        for unsur in report.result.unsur
    ]
    trend_rows = [
        [month, r.respondents, r.ikm_unit_display] for month, r in report.trend
    ]
    return build_xlsx(
        [
            ("IKM", ["Keterangan", report.title], summary_sheet_rows(report)),
            (
                "Unsur",
                [
                    "Kode",
                    "Unsur",
                    Column("Jumlah nilai", INTEGER),
                    Column("Responden", INTEGER),
                    Column("NRR", DECIMAL),
                    Column("NRR tertimbang", DECIMAL, 4),
                ],
                unsur_rows,
            ),
            (
                "Profil responden",
                ["Profil", "Kategori", Column("Jumlah", INTEGER)],
                profile_rows,
            ),
            (
                "Tren",
                [
                    Column("Bulan", MONTH),
                    Column("Responden", INTEGER),
                    Column("IKM unit", DECIMAL),
                ],
                trend_rows,
            ),
        ]
    )


def report_pdf(
    report: IkmReport, *, agency: Agency | None = None, compress: bool = True
) -> bytes:
    """The report in Indonesian, under `agency`'s kop surat and signed by its IKM
    report signatory."""
    styles = pdf.styles()
    grid = pdf.grid_style(font_size=9)
    unsur_table = Table(
        [
            ["No", "Unsur pelayanan", "Jumlah nilai", "Resp.", "NRR", "NRR × bobot"],
            *[
                [r[0], pdf.para(r[1], styles["BodyText"]), *r[2:]]
                for r in report_rows(report)
            ],
            [
                "",
                "IKM (jumlah NRR tertimbang)",
                "",
                "",
                "",
                decimal_id(report.result.ikm_display, 4),
            ],
        ],
        colWidths=[1.2 * cm, 7 * cm, 2.2 * cm, 1.6 * cm, 1.6 * cm, 2.4 * cm],
        style=grid,
    )
    summary = Table(
        summary_rows(report),
        colWidths=[7 * cm, 9 * cm],
        style=pdf.grid_style(font_size=10, header=False),
    )
    profile = Table(
        [["Profil", "Kategori", "Jumlah"]]
        + [
            [group, label, count]
            for group, items in report.profile.items()
            for label, count in items
        ],
        colWidths=[4 * cm, 6 * cm, 3 * cm],
        style=grid,
    )
    weakest = ", ".join(
        f"{u.code} {u.name} ({decimal_id(u.nrr_display)})" for u in report.weakest[:3]
    )
    parts = (
        official(agency, Signatory.Kind.IKM_REPORT, on=timezone.localdate())
        if agency is not None
        else None
    )
    heading = "LAPORAN INDEKS KEPUASAN MASYARAKAT (IKM)"
    if agency is not None:
        heading += f"<br/>{pdf.escape(agency.name.upper())}"
    follow_up_rows = [
        [
            str(number),
            pdf.para(f"{plan.unsur} {plan.unsur_name}", styles["small"]),
            pdf.para(plan.action, styles["small"]),
            pdf.para(plan.due, styles["small"]),
            pdf.para(plan.responsible, styles["small"]),
            plan.get_status_display(),
        ]
        for number, plan in enumerate(report.follow_ups, start=1)
    ]
    follow_up = Table(
        [
            ["No", "Unsur", "Program/kegiatan", "Waktu", "Penanggung jawab", "Status"],
            *(follow_up_rows or [["", "Belum diisi", "", "", "", ""]]),
        ],
        colWidths=[1 * cm, 3.2 * cm, 5.6 * cm, 2.4 * cm, 3 * cm, 1.8 * cm],
        style=pdf.grid_style(font_size=8, extra=[("VALIGN", (0, 0), (-1, -1), "TOP")]),
        repeatRows=1,
    )
    story = [
        Paragraph(heading, styles["Title"]),
        pdf.para(f"Periode {period_id(report.period)}", styles["Heading3"]),
        pdf.para(report.title, styles["Heading2"]),
        pdf.para(report.subtitle, styles["BodyText"]),
        Spacer(1, 0.4 * cm),
        summary,
        Spacer(1, 0.5 * cm),
        Paragraph("Nilai per unsur pelayanan", styles["Heading3"]),
        unsur_table,
        Spacer(1, 0.3 * cm),
        pdf.para(f"Unsur terlemah: {weakest}", styles["BodyText"]),
        Spacer(1, 0.5 * cm),
        Paragraph("Profil responden", styles["Heading3"]),
        profile,
        Spacer(1, 0.5 * cm),
        Paragraph("Rencana tindak lanjut", styles["Heading3"]),
        follow_up,
        Spacer(1, 0.5 * cm),
        Paragraph(
            "Nilai IKM dihitung dari jumlah nilai per unsur dengan pecahan eksak dan "
            "dibulatkan ke dua desimal (setengah ke atas) hanya untuk tampilan, sesuai "
            "PermenPANRB 14/2017. Mutu: A 88,31–100; B 76,61–88,30; C 65,00–76,60; "
            "D 25,00–64,99.",
            styles["Italic"],
        ),
    ]
    return pdf.build_document(
        story,
        title=f"Laporan IKM {report.title} {period_id(report.period)}",
        margins=(2 * cm, 2 * cm, 1.5 * cm, 1 * inch),
        letterhead=parts.letterhead if parts else None,
        signature=parts.signature if parts else None,
        compress=compress,
    )


def poster_pdf(unit: ServiceUnit) -> bytes:
    """An A4 poster for the service counter: the unit, a QR code to the survey."""
    survey_url = settings.SITE_URL.rstrip("/") + unit.get_survey_url()
    buffer = io.BytesIO()
    width, height = A4
    canvas = pdf.new_canvas(buffer, pagesize=A4, title=f"Poster SKM {unit.name}")
    canvas.setFont(pdf.FONT_BOLD, 30)
    canvas.drawCentredString(width / 2, height - 3.5 * cm, "Bagaimana pelayanan kami?")
    canvas.setFont(pdf.FONT, 18)
    canvas.drawCentredString(
        width / 2, height - 5 * cm, "Isi Survei Kepuasan Masyarakat (SKM)"
    )
    canvas.setFont(pdf.FONT_BOLD, 20)
    canvas.drawCentredString(width / 2, height - 6.6 * cm, unit.name[:60])
    canvas.setFont(pdf.FONT, 13)
    canvas.drawCentredString(width / 2, height - 7.5 * cm, unit.work_unit.name[:80])
    size = 12 * cm
    canvas.drawImage(
        pdf.qr_image(survey_url, box_size=10, border=2),
        (width - size) / 2,
        height - 8.5 * cm - size,
        width=size,
        height=size,
    )
    canvas.setFont(pdf.FONT, 14)
    canvas.drawCentredString(
        width / 2, height - 9.3 * cm - size, "Pindai kode QR dengan kamera ponsel Anda"
    )
    canvas.setFont(pdf.FONT, 11)
    canvas.drawCentredString(width / 2, height - 10.2 * cm - size, survey_url)
    canvas.drawCentredString(
        width / 2,
        3 * cm,
        "Tanpa login, tanpa biaya, hanya 2 menit. Jawaban Anda bersifat rahasia.",
    )
    canvas.drawCentredString(
        width / 2,
        2.3 * cm,
        "Pengaduan dan saran: "
        + settings.SITE_URL.rstrip("/")
        + unit.get_complaint_url(),
    )
    canvas.drawCentredString(
        width / 2,
        1.6 * cm,
        "Hasil survei (IKM): "
        + settings.SITE_URL.rstrip("/")
        + reverse("feedback:public_results", args=[unit.slug]),
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def complaint_counts(units, period: Period, today) -> dict:
    """Per service unit: complaints received in the period, still open, overdue.
    One grouped query."""
    from django.db.models import Count, Q

    from feedback.models import Complaint
    from feedback.periods import day_bounds

    since, until = day_bounds(period.start, period.end)
    open_q = Q(status__in=Complaint.OPEN_STATUSES)
    rows = (
        Complaint.objects.filter(
            service_unit__in=units, submitted_at__gte=since, submitted_at__lt=until
        )
        .order_by()
        .values("service_unit")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=open_q),
            overdue=Count("id", filter=open_q & Q(due_date__lt=today)),
        )
    )
    return {row["service_unit"]: row for row in rows}


def units_table_rows(table: list[TableRow]) -> tuple[list, list[list]]:
    header = [
        "Unit layanan",
        Column("Responden", INTEGER),
        Column("IKM", DECIMAL, 4),
        Column("IKM unit", DECIMAL),
        "Mutu",
        "Kinerja",
        *[Column(code, DECIMAL) for code in ikm.UNSUR_CODES],
        "Bobot",
    ]
    rows = []
    for row in table:
        result = row.result
        rows.append(
            [
                row.label,
                result.respondents,
                result.ikm_display,
                result.ikm_unit_display,
                result.grade.mutu if result.grade else "",
                result.grade.kinerja if result.grade else "",
                *[u.nrr_display for u in result.unsur],
                result.weight_label,
            ]
        )
    return header, rows
