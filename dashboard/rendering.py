"""Panels as an Excel workbook (one sheet per area) and as a PDF with charts."""

import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from asn_portal.exports import build_xlsx
from dashboard.panels import Chart, Panel, Scope

PALETTE = [
    colors.HexColor(c)
    for c in [
        "#0d6efd",
        "#198754",
        "#ffc107",
        "#dc3545",
        "#6f42c1",
        "#20c997",
        "#fd7e14",
    ]
]


def panels_to_xlsx(panels: list[Panel], scope: Scope) -> bytes:
    sheets = []
    for panel in panels:
        rows = [[scope.label]]
        for headline in panel.headlines:
            rows.append([headline.label, _plain(headline.value), headline.note])
        for table in panel.tables:
            rows.append([])
            rows.append([table.title])
            rows.append(list(table.columns))
            rows.extend([_plain(v) for v in row] for row in table.rows)
        sheets.append((panel.key, [panel.title], rows))
    return build_xlsx(sheets)


def panels_to_pdf(panels: list[Panel], scope: Scope, *, title: str) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.6 * cm,
        rightMargin=1.6 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=title,
    )
    styles = getSampleStyleSheet()
    story = [
        Paragraph(title, styles["Title"]),
        Paragraph(scope.label, styles["Normal"]),
        Paragraph(
            _("Dibuat %(when)s")
            % {"when": timezone.localtime().strftime("%d-%m-%Y %H:%M")},
            styles["Normal"],
        ),
        Spacer(1, 0.4 * cm),
    ]
    for panel in panels:
        story.append(Paragraph(panel.title, styles["Heading2"]))
        for headline in panel.headlines:
            note = f" ({headline.note})" if headline.note else ""
            story.append(
                Paragraph(
                    f"<b>{_escape(headline.label)}</b>: "
                    f"{_escape(_plain(headline.value))}{_escape(note)}",
                    styles["Normal"],
                )
            )
        for chart in panel.charts:
            drawing = _chart_drawing(chart)
            if drawing is not None:
                story.append(drawing)
        for table in panel.tables:
            story.append(
                KeepTogether(
                    [Paragraph(table.title, styles["Heading4"]), _pdf_table(table)]
                )
            )
            story.append(Spacer(1, 0.3 * cm))
    document.build(story)
    return buffer.getvalue()


def _pdf_table(table):
    data = [list(table.columns)] + [[_plain(v) for v in row] for row in table.rows]
    if len(data) == 1:
        data.append([_("Tidak ada data")] + [""] * (len(table.columns) - 1))
    pdf_table = PdfTable(data, repeatRows=1)
    pdf_table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ]
        )
    )
    return pdf_table


def _chart_drawing(chart: Chart):
    data = chart.chart_data()
    if not data["labels"]:
        return None
    drawing = Drawing(17 * cm, 6 * cm)
    series = [[v or 0 for v in ds["data"]] for ds in data["datasets"]]
    if chart.kind == "doughnut":
        pie = Pie()
        pie.x, pie.y, pie.width, pie.height = 5 * cm, 0.3 * cm, 5.2 * cm, 5.2 * cm
        pie.data = series[0] if any(series[0]) else [1]
        pie.labels = [label[:22] for label in data["labels"]]
        for index in range(len(pie.data)):
            pie.slices[index].fillColor = PALETTE[index % len(PALETTE)]
        drawing.add(pie)
        return drawing
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = 1.2 * cm, 1.6 * cm, 15 * cm, 4 * cm
    bars.data = series
    bars.categoryAxis.categoryNames = [label[:14] for label in data["labels"]]
    bars.categoryAxis.labels.angle = 30
    bars.categoryAxis.labels.boxAnchor = "ne"
    bars.categoryAxis.labels.fontSize = 6
    bars.valueAxis.valueMin = 0
    bars.valueAxis.labels.fontSize = 7
    for index in range(len(series)):
        bars.bars[index].fillColor = PALETTE[index % len(PALETTE)]
    drawing.add(bars)
    return drawing


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float | int | str):
        return value
    return str(value)


def _escape(value) -> str:
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
