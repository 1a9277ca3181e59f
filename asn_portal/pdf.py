"""The portal's PDF building blocks (reportlab), shared by every document: fonts,
escaping user text, paragraphs, grid tables, charts, QR codes, the letterhead slot
and the page set-up. Each app keeps only the layout of its own documents.

Paragraph text is reportlab's mini-markup: anything a user or an agency typed goes
through `escape` (or `para`), so a name with "<" or "&" is shown, not parsed."""

import io
from collections.abc import Sequence
from dataclasses import dataclass

import qrcode
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

# Fonts: reportlab's built-in Helvetica covers Indonesian text; one place to change
# when official documents need an embedded typeface.
FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"

HEADER_BACKGROUND = colors.HexColor("#e9ecef")
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


def escape(text) -> str:
    """Text for a Paragraph: its markup characters shown, never parsed."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text, style, *, empty: str = "") -> Paragraph:
    """User text as a Paragraph, escaped, its line breaks kept."""
    shown = str(text) if text not in (None, "") else empty
    return Paragraph(escape(shown).replace("\n", "<br/>"), style)


def styles():
    """reportlab's sample styles, with `small` for dense tables."""
    sheet = getSampleStyleSheet()
    sheet.add(sheet["BodyText"].clone("small", fontSize=8, leading=10))
    return sheet


# --- tables -------------------------------------------------------------------------


def grid_style(
    *,
    font_size: float = 8,
    line: float = 0.5,
    header: bool = True,
    extra: Sequence[tuple] = (),
) -> TableStyle:
    """Thin grey lines, the first row shaded when it is a header."""
    commands = [
        ("GRID", (0, 0), (-1, -1), line, colors.grey),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND))
    return TableStyle([*commands, *extra])


def grid_table(
    rows: list[list],
    *,
    col_widths: Sequence[float] | None = None,
    style: TableStyle | None = None,
    repeat_header: bool = True,
) -> Table:
    return Table(
        rows,
        colWidths=col_widths,
        style=style or grid_style(),
        repeatRows=1 if repeat_header else 0,
    )


# --- charts -------------------------------------------------------------------------


def doughnut_chart(labels: list[str], values: list, *, width=17 * cm, height=6 * cm):
    """A pie of one series; all zero still draws one neutral slice."""
    drawing = Drawing(width, height)
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 5 * cm, 0.3 * cm, 5.2 * cm, 5.2 * cm
    data = [v or 0 for v in values]
    pie.data = data if any(data) else [1]
    pie.labels = [label[:22] for label in labels]
    for index in range(len(pie.data)):
        pie.slices[index].fillColor = PALETTE[index % len(PALETTE)]
    drawing.add(pie)
    return drawing


def bar_chart(labels: list[str], series: list[list], *, width=17 * cm, height=6 * cm):
    """Vertical bars, one colour per series, labels shortened and slanted."""
    drawing = Drawing(width, height)
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = 1.2 * cm, 1.6 * cm, 15 * cm, 4 * cm
    bars.data = [[v or 0 for v in values] for values in series]
    bars.categoryAxis.categoryNames = [label[:14] for label in labels]
    bars.categoryAxis.labels.angle = 30
    bars.categoryAxis.labels.boxAnchor = "ne"
    bars.categoryAxis.labels.fontSize = 6
    bars.valueAxis.valueMin = 0
    bars.valueAxis.labels.fontSize = 7
    for index in range(len(series)):
        bars.bars[index].fillColor = PALETTE[index % len(PALETTE)]
    drawing.add(bars)
    return drawing


# --- images -------------------------------------------------------------------------


def qr_image(data: str, *, box_size: int = 8, border: int = 1) -> ImageReader:
    image = qrcode.make(data, box_size=box_size, border=border)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return ImageReader(buffer)


# --- the letterhead -----------------------------------------------------------------


@dataclass(frozen=True)
class Letterhead:
    """The issuing agency at the top of an official document: its name, address
    and logo. The slot is here; documents that do not pass one are unchanged."""

    name: str
    address: str = ""
    logo: bytes | None = None  # PNG or JPEG

    def flowables(self) -> list:
        sheet = styles()
        head = [para(self.name.upper(), sheet["Heading2"])]
        if self.address:
            head.append(para(self.address, sheet["small"]))
        if self.logo:
            logo = Image(io.BytesIO(self.logo), width=2 * cm, height=2 * cm)
            head = [Table([[logo, head]], colWidths=[2.5 * cm, None])]
        return [*head, Spacer(1, 0.3 * cm)]


# --- documents ----------------------------------------------------------------------


def build_document(
    story: list,
    *,
    title: str = "",
    author: str = "",
    margins: tuple[float, float, float, float] = (
        1.5 * cm,
        1.5 * cm,
        1.5 * cm,
        1.5 * cm,
    ),
    pagesize=A4,
    letterhead: Letterhead | None = None,
    compress: bool = True,
) -> bytes:
    """A flowing document; `margins` are left, right, top, bottom."""
    left, right, top, bottom = margins
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=author,
        pageCompression=1 if compress else 0,
    )
    head = letterhead.flowables() if letterhead else []
    document.build([*head, *story])
    return buffer.getvalue()


def new_canvas(buffer, *, pagesize, title: str) -> pdf_canvas.Canvas:
    """A page drawn by hand (certificates, posters)."""
    canvas = pdf_canvas.Canvas(buffer, pagesize=pagesize)
    canvas.setTitle(title)
    return canvas


def draw_centred_fit(canvas, text, *, x, y, font, size, max_width, min_size=10):
    """Centre a line, shrinking the font (then shortening the text) to stay on the
    page."""
    while size > min_size and stringWidth(text, font, size) > max_width:
        size -= 0.5
    while len(text) > 1 and stringWidth(text, font, size) > max_width:
        text = text[:-2].rstrip() + "…"
    canvas.setFont(font, size)
    canvas.drawCentredString(x, y, text)
