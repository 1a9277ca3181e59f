"""The portal's PDF building blocks (reportlab), shared by every document: fonts,
escaping user text, paragraphs, grid tables, charts, QR codes, the letterhead (kop
surat) and the signature block of official documents, and the page set-up. Each
app keeps only the layout of its own documents.

Paragraph text is reportlab's mini-markup: anything a user or an agency typed goes
through `escape` (or `para`), so a name with "<" or "&" is shown, not parsed."""

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import qrcode
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    Image,
    KeepTogether,
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


CHART_LABEL_CHARS = 32  # per line of a category label; two lines at most


def chart_label(label: str) -> str:
    """A category label in at most two lines of CHART_LABEL_CHARS, cut with "…"
    beyond: the full name is in the table printed beside the chart."""
    lines = textwrap.wrap(str(label), CHART_LABEL_CHARS) or [""]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: CHART_LABEL_CHARS - 1] + "…"]
    return "\n".join(lines)


def bar_chart(
    labels: list[str],
    series: list[list],
    *,
    names: Sequence[str] = (),
    written=str,
    width=17 * cm,
    max_height=16 * cm,
) -> Drawing:
    """Horizontal bars, one colour per series, so that every category's name is
    read in full on the left (no slanted, cut labels), and a legend naming the
    series when there are several. `written` writes an axis figure ("1.234",
    "60%"). The drawing grows with the number of categories up to `max_height`:
    the first categories that fit, and a line saying how many more the table
    below holds."""
    per_row = max(0.32 * cm * max(len(series), 1) + 0.25 * cm, 0.6 * cm)
    shown = max(1, min(len(labels), int(max_height // per_row)))
    left_out = len(labels) - shown
    labels, series = labels[:shown], [values[:shown] for values in series]
    legend_height = 0.8 * cm if len(series) > 1 else 0
    note_height = 0.5 * cm if left_out > 0 else 0
    plot_height = max(len(labels), 1) * per_row
    drawing = Drawing(width, plot_height + 1.2 * cm + legend_height + note_height)
    bars = HorizontalBarChart()
    bars.x, bars.y = 6.2 * cm, 0.8 * cm + legend_height + note_height
    bars.width, bars.height = width - 6.6 * cm, plot_height
    bars.data = [[v or 0 for v in values] for values in series]
    # Bars run top-down in the order of the table beside the chart.
    bars.categoryAxis.reverseDirection = True
    bars.categoryAxis.categoryNames = [chart_label(label) for label in labels]
    bars.categoryAxis.labels.fontName = FONT
    bars.categoryAxis.labels.fontSize = 7
    bars.categoryAxis.labels.boxAnchor = "e"
    bars.categoryAxis.labels.dx = -4
    bars.valueAxis.valueMin = 0
    bars.valueAxis.labels.fontName = FONT
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.labelTextFormat = written
    bars.barSpacing = 1
    bars.groupSpacing = 4
    for index in range(len(series)):
        bars.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        bars.bars[index].strokeColor = None
    drawing.add(bars)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = bars.x, note_height + legend_height - 0.1 * cm
        legend.fontName, legend.fontSize = FONT, 7
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 3.2 * cm
        legend.dx = legend.dy = 6
        legend.colorNamePairs = [
            (PALETTE[index % len(PALETTE)], str(name))
            for index, name in enumerate(names)
        ]
        drawing.add(legend)
    if left_out > 0:
        note = _("Grafik memuat %(shown)s pertama; %(more)s lainnya ada di tabel.")
        drawing.add(
            String(
                bars.x,
                0.1 * cm,
                note % {"shown": shown, "more": left_out},
                fontName=FONT,
                fontSize=7,
            )
        )
    return drawing


# --- images -------------------------------------------------------------------------


def qr_png(data: str, *, box_size: int = 8, border: int = 1) -> bytes:
    image = qrcode.make(data, box_size=box_size, border=border)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def qr_image(data: str, *, box_size: int = 8, border: int = 1) -> ImageReader:
    """A QR code for a hand-drawn page (`canvas.drawImage`)."""
    return ImageReader(io.BytesIO(qr_png(data, box_size=box_size, border=border)))


# --- the letterhead and the signature ---------------------------------------------


@dataclass(frozen=True)
class Letterhead:
    """The kop surat of an official document: the agency's logo on the left, its
    name lines centred (the first, the government, above the office), its address
    and contacts, and the double rule under them."""

    lines: tuple[str, ...]
    address: str = ""
    contacts: str = ""
    logo: bytes | None = None  # PNG or JPEG

    def flowables(self, *, width: float = 18 * cm) -> list:
        return [self.table(width=width), Spacer(1, 0.4 * cm)]

    def table(self, *, width: float) -> Table:
        sheet = styles()
        centred = {"alignment": TA_CENTER}
        text = []
        for index, line in enumerate(self.lines):
            size = 12 if index == 0 and len(self.lines) > 1 else 14
            style = sheet["Normal"].clone(
                f"kop{index}", fontName=FONT_BOLD, fontSize=size, leading=size + 3
            )
            text.append(para(line.upper(), style.clone("c", **centred)))
        small = sheet["small"].clone("kop_small", **centred)
        for line in (self.address, self.contacts):
            if line:
                text.append(para(line, small))
        logo_width = 2.2 * cm
        side = logo_width + 0.3 * cm
        logo = (
            Image(
                io.BytesIO(self.logo),
                width=logo_width,
                height=logo_width,
                kind="proportional",
            )
            if self.logo
            else ""
        )
        return Table(
            [[logo, text, ""], ["", "", ""]],
            colWidths=[side, width - 2 * side, side],
            rowHeights=[None, 2],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LINEBELOW", (0, 0), (-1, 0), 2.2, colors.black),
                    ("LINEBELOW", (0, 1), (-1, 1), 0.6, colors.black),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, 0), 6),
                    ("TOPPADDING", (0, 1), (-1, 1), 0),
                    ("BOTTOMPADDING", (0, 1), (-1, 1), 0),
                ]
            ),
            hAlign="CENTER",
        )

    def draw(self, canvas, *, left: float, right: float, top: float) -> float:
        """Draw on a hand-drawn page between `left` and `right` from `top` down;
        returns the y under it."""
        table = self.table(width=right - left)
        _width, height = table.wrapOn(canvas, right - left, top)
        table.drawOn(canvas, left, top - height)
        return top - height


@dataclass(frozen=True)
class Signature:
    """Who signs an official document: place and date, jabatan, the space for the
    signature (a scanned one, or a QR to the document's public check), name and
    NIP, as Indonesian documents set them at the lower right."""

    name: str
    nip: str = ""
    jabatan: str = ""
    place_date: str = ""
    image: bytes | None = None  # a scanned signature, PNG or JPEG
    qr: str = ""  # the public check of this document, drawn where one signs

    def table(self, *, width: float = 8 * cm) -> Table:
        sheet = styles()
        normal = sheet["Normal"].clone("sign", fontSize=10, leading=12.5)
        bold = normal.clone("sign_name", fontName=FONT_BOLD)
        rows = []
        if self.place_date:
            rows.append([para(self.place_date, normal)])
        rows.append([para(self.jabatan, normal)])
        if self.image:
            mark = Image(
                io.BytesIO(self.image),
                width=4 * cm,
                height=2 * cm,
                kind="proportional",
            )
            mark.hAlign = "LEFT"
            rows.append([mark])
        elif self.qr:
            mark = Image(
                io.BytesIO(qr_png(self.qr, box_size=4)), width=2.2 * cm, height=2.2 * cm
            )
            mark.hAlign = "LEFT"
            rows.append([mark])
        else:
            rows.append([Spacer(1, 2 * cm)])
        rows.append([Paragraph(f"<u>{escape(self.name)}</u>", bold)])
        if self.nip:
            rows.append([para(_nip_spaced(self.nip), normal)])
        return Table(
            rows,
            colWidths=[width],
            style=TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            ),
            hAlign="RIGHT",
        )

    def flowables(self) -> list:
        return [Spacer(1, 0.8 * cm), KeepTogether([self.table()])]

    def draw(self, canvas, *, left: float, bottom: float, width: float) -> None:
        """Draw on a hand-drawn page, its lower-left corner at (left, bottom)."""
        table = self.table(width=width)
        _width, height = table.wrapOn(canvas, width, 20 * cm)
        table.drawOn(canvas, left, bottom)


def _nip_spaced(nip: str) -> str:
    """NIP as official documents print it: "NIP. 19650222 200701 1 005"."""
    digits = nip.strip()
    if len(digits) == 18 and digits.isdigit():
        digits = f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return f"NIP. {digits}"


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
    signature: Signature | None = None,
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
    usable = pagesize[0] - left - right
    head = letterhead.flowables(width=usable) if letterhead else []
    tail = signature.flowables() if signature else []
    document.build([*head, *story, *tail])
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
