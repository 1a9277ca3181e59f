"""Panels as an Excel workbook (one sheet per area) and as a PDF with charts."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from asn_portal import formats, pdf
from asn_portal.exports import (
    GENERAL,
    INTEGER,
    PERCENT,
    PLAIN,
    RUPIAH,
    Column,
    Value,
    build_xlsx,
)
from people.documents import Official
from people.panels import Chart, Panel, Scope


def panels_to_xlsx(panels: list[Panel], scope: Scope) -> bytes:
    """One sheet per panel: the scope, the headline figures (value, and "of" for a
    figure like 46 of 219), then each table under its title. Every figure is a
    number with its format: a table column says its kind, so does a headline."""
    sheets = []
    for panel in panels:
        rows = [[scope.label]]
        if panel.headlines:
            rows.append([])
            rows.append([_("Ukuran"), _("Nilai"), _("Dari"), _("Keterangan")])
        for headline in panel.headlines:
            rows.append(
                [
                    headline.label,
                    Value(_plain(headline.value), headline.kind),
                    Value(headline.of, INTEGER),
                    headline.note,
                ]
            )
        for table in panel.tables:
            rows.append([])
            rows.append([table.title])
            rows.append([str(column) for column in table.columns])
            kinds = [
                column if isinstance(column, Column) else PLAIN
                for column in table.columns
            ]
            rows.extend(
                [
                    Value(_plain(v), kind.kind, kind.places)
                    for v, kind in zip(row, kinds, strict=False)
                ]
                for row in table.rows
            )
        sheets.append((panel.key, [panel.title], rows))
    return build_xlsx(sheets)


def panels_to_pdf(
    panels: list[Panel], scope: Scope, *, title: str, official: Official | None = None
) -> bytes:
    """The panels under the agency's kop surat, signed by its report signatory;
    figures written as Indonesian documents write them (1.234; 66,2)."""
    styles = pdf.styles()
    story = [
        pdf.para(title, styles["Title"]),
        pdf.para(scope.label, styles["Normal"]),
        pdf.para(
            _("Dibuat %(when)s")
            % {"when": timezone.localtime().strftime("%d-%m-%Y %H:%M")},
            styles["Normal"],
        ),
        Spacer(1, 0.4 * cm),
    ]
    for panel in panels:
        story.append(pdf.para(panel.title, styles["Heading2"]))
        for headline in panel.headlines:
            note = f" ({headline.note})" if headline.note else ""
            story.append(
                Paragraph(
                    f"<b>{pdf.escape(headline.label)}</b>: "
                    f"{pdf.escape(headline.text)}{pdf.escape(note)}",
                    styles["Normal"],
                )
            )
        for table in panel.tables:
            # Each chart right above the table it is drawn from, which names in
            # full what the chart's labels may shorten.
            drawings = [
                _chart_drawing(chart) for chart in panel.charts if chart.table is table
            ]
            story.append(
                KeepTogether(
                    [
                        pdf.para(table.title, styles["Heading4"]),
                        *[drawing for drawing in drawings if drawing is not None],
                        _pdf_table(table),
                    ]
                )
            )
            story.append(Spacer(1, 0.3 * cm))
    return pdf.build_document(
        story,
        title=title,
        margins=(1.6 * cm, 1.6 * cm, 1.5 * cm, 1.5 * cm),
        letterhead=official.letterhead if official else None,
        signature=official.signature if official else None,
    )


def _pdf_table(table):
    data = [[str(c) for c in table.columns]]
    data += table.shown_rows()
    if len(data) == 1:
        data.append([_("Tidak ada data")] + [""] * (len(table.columns) - 1))
    return pdf.grid_table(
        data,
        style=pdf.grid_style(line=0.25, extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT")]),
    )


def _chart_drawing(chart: Chart):
    """Every chart as horizontal bars (a crowded pie or slanted labels cannot be
    read on paper), its axis written like the table's figures."""
    data = chart.chart_data()
    if not data["labels"]:
        return None
    kind = data["datasets"][0]["kind"] if data["datasets"] else GENERAL
    return pdf.bar_chart(
        data["labels"],
        [dataset["data"] for dataset in data["datasets"]],
        names=[dataset["label"] for dataset in data["datasets"]],
        written=lambda value: _axis_figure(kind, value),
    )


def _axis_figure(kind: str, value: float) -> str:
    """An axis step as the table writes its figures, without decimals the step
    does not have: "1.000", "2,5", "20%", "Rp 500.000.000"."""
    whole = float(value).is_integer()
    if kind == PERCENT:
        return formats.percent(value, 0 if whole else 1)
    if kind == RUPIAH:
        return formats.rupiah(value)
    return formats.number(int(value)) if whole else formats.number(value)


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float | int | str):
        return value
    return str(value)
