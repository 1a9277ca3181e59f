"""The one PDF module: user text is shown, never parsed as reportlab markup, in
every document that prints a title; the letterhead slot renders."""

import base64
import re
import zlib

import pytest
from django.utils import timezone
from reportlab.lib.units import cm

from asn_portal import formats, pdf

pytestmark = pytest.mark.django_db

TITLE = "Unit <Pelayanan> & Perizinan"


def _page_text(content: bytes) -> bytes:
    """The page streams of a reportlab PDF (ASCII85 then Flate when compressed)."""
    assert content.startswith(b"%PDF")
    text = b""
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        data = stream.strip()
        if data.endswith(b"~>"):
            data = base64.a85decode(data[:-2], adobe=False)
        try:
            text += zlib.decompress(data)
        except zlib.error:
            text += data
    # reportlab may draw one line as several strings: "(Unit <) Tj (Pelayanan) Tj".
    return b"".join(re.findall(rb"\((.*?)\) Tj", text))


def test_escape_shows_markup_characters():
    assert pdf.escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"


def test_letterhead_and_escaped_title_render():
    styles = pdf.styles()
    content = pdf.build_document(
        [pdf.para(TITLE, styles["Title"])],
        title=TITLE,
        letterhead=pdf.Letterhead(lines=("Pemda <X> & Y",), address="Jl. A & B"),
        signature=pdf.Signature(name="Ir. <Sri> & Co", nip="196502222007011005"),
        compress=False,
    )
    text = _page_text(content)
    assert TITLE.encode() in text
    assert b"PEMDA <X> & Y" in text
    assert b"Jl. A & B" in text
    assert b"Ir. <Sri> & Co" in text
    assert b"NIP. 19650222 200701 1 005" in text


def test_ikm_report_with_markup_in_its_title_renders(org):
    from feedback import reports
    from feedback.models import ServiceUnit
    from feedback.periods import year_of
    from feedback.tests.factories import ServiceUnitFactory

    unit = ServiceUnitFactory(work_unit=org["unit"], name=TITLE)
    report = reports.build_report(
        units=ServiceUnit.objects.filter(pk=unit.pk),
        title=TITLE,
        subtitle="Dinas <Kesehatan> & KB",
        agency_id=org["agency"].pk,
        period=year_of(timezone.localdate()),
        population=100,
    )
    text = _page_text(reports.report_pdf(report))
    assert TITLE.encode() in text
    assert b"Dinas <Kesehatan> & KB" in text


def test_dashboard_report_with_markup_in_its_title_renders(org):
    from dashboard.rendering import panels_to_pdf
    from people.panels import Scope

    today = timezone.localdate()
    scope = Scope(agency=org["agency"], start=today.replace(day=1), end=today)
    content = panels_to_pdf([], scope, title=TITLE)
    assert TITLE.encode() in _page_text(content)


def test_chart_labels_are_read_in_full_and_several_series_have_a_legend():
    """Slanted labels cut at 14 characters ("Dinas Kependud") and crowded pies
    could not be read on paper: bars run sideways with each name on the left, in
    two lines at most, and several series are named in a legend."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend

    drawing = pdf.bar_chart(
        ["Dinas Kependudukan dan Pencatatan Sipil", "Bagian Umum"],
        [[12, 30], [3, 4]],
        names=["PNS", "PPPK"],
        written=formats.number,
    )
    bars = next(c for c in drawing.contents if isinstance(c, HorizontalBarChart))
    assert bars.categoryAxis.categoryNames == [
        "Dinas Kependudukan dan\nPencatatan Sipil",
        "Bagian Umum",
    ]
    assert bars.valueAxis.labelTextFormat(1500) == "1.500"
    legend = next(c for c in drawing.contents if isinstance(c, Legend))
    assert [name for _colour, name in legend.colorNamePairs] == ["PNS", "PPPK"]
    long = pdf.chart_label(
        "Subbagian Umum dan Kepegawaian Badan Kepegawaian dan "
        "Pengembangan Sumber Daya Manusia"
    )
    assert len(long.split("\n")) == 2
    assert long.endswith("…")


def test_a_chart_of_many_categories_fits_a_page_and_says_how_many_more():
    """Forty programmes by six aspects would be a drawing taller than the page
    (reportlab refuses to lay it out): the chart holds the first that fit."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import String

    labels = [f"Program {n}" for n in range(40)]
    drawing = pdf.bar_chart(labels, [list(range(40))] * 6, names=list("ABCDEF"))
    assert drawing.height <= 16 * cm + 3 * cm
    bars = next(c for c in drawing.contents if isinstance(c, HorizontalBarChart))
    shown = len(bars.categoryAxis.categoryNames)
    assert 1 <= shown < 40
    note = next(c for c in drawing.contents if isinstance(c, String))
    assert f"{40 - shown} lainnya ada di tabel" in note.text
    story = [drawing]
    assert pdf.build_document(story).startswith(b"%PDF")
