"""The evaluation document of an ASN in the usual SKP layout (reportlab)."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, Spacer, Table

from asn_portal import pdf

GRID = pdf.grid_style(extra=[("VALIGN", (0, 0), (-1, -1), "TOP")])


def _p(text, style):
    return pdf.para(text, style, empty="–")


def _notes_text(notes) -> str:
    return "\n".join(f"{n.date:%d-%m-%Y}: {n.note}" for n in notes)


def _person(employee):
    if employee is None:
        return ["–"] * 4
    return [
        employee.full_name,
        employee.nip,
        f"{employee.rank_label or '–'}",
        f"{employee.jabatan_name} · {employee.unit.name}",
    ]


def build_assessment_pdf(context) -> bytes:
    assessment = context["assessment"]
    employee = assessment.employee
    appraiser = assessment.rated_by or employee.supervisor
    styles = pdf.styles()
    small = styles["small"]
    story = [
        Paragraph(_("SASARAN KINERJA PEGAWAI – EVALUASI KINERJA"), styles["Title"]),
        pdf.para(
            f"{employee.agency.name} · {assessment.period.name}", styles["Heading4"]
        ),
        Spacer(1, 0.3 * cm),
    ]
    labels = [_("Nama"), "NIP", _("Pangkat/Gol."), _("Jabatan / Unit")]
    identity = [["", _("PEGAWAI YANG DINILAI"), _("PEJABAT PENILAI KINERJA")]]
    for label, own, theirs in zip(
        labels, _person(employee), _person(appraiser), strict=True
    ):
        identity.append([label, _p(own, small), _p(theirs, small)])
    story += [
        Table(identity, colWidths=[3 * cm, 7.5 * cm, 7.5 * cm], style=GRID),
        Spacer(1, 0.4 * cm),
        Paragraph(_("Hasil kerja"), styles["Heading3"]),
    ]
    plan_rows = [
        [
            "No",
            _("Rencana hasil kerja"),
            _("Indikator / target"),
            _("Realisasi dan bukti"),
            _("Umpan balik"),
            _("Rating"),
        ]
    ]
    for number, item in enumerate(context["rows"], start=1):
        result, row = item["result"], item["row"]
        realisation = ""
        if row is not None:
            realisation = "\n".join(
                x for x in [row.realisation, row.evidence_text, row.evidence_link] if x
            )
        notes = _notes_text(item["notes"])
        plan_rows.append(
            [
                str(number),
                _p(result.description, small),
                _p(f"{result.indicator}\n{_('Target')}: {result.target}", small),
                _p(realisation, small),
                _p(notes, small),
                _p(row.get_rating_display() if row and row.rating else "", small),
            ]
        )
    story += [
        Table(
            plan_rows,
            colWidths=[0.8 * cm, 4 * cm, 3.5 * cm, 3.7 * cm, 3.5 * cm, 2.5 * cm],
            style=GRID,
            repeatRows=1,
        ),
        Spacer(1, 0.4 * cm),
        Paragraph(_("Perilaku kerja (BerAKHLAK)"), styles["Heading3"]),
    ]
    behaviour_rows = [
        [_("Nilai"), _("Ekspektasi khusus"), _("Umpan balik"), _("Rating")]
    ]
    for item in context["behaviour"]:
        row = item["row"]
        behaviour_rows.append(
            [
                _p(item["label"], small),
                _p(row.expectation if row else "", small),
                _p(_notes_text(item["notes"]), small),
                _p(row.get_rating_display() if row else "", small),
            ]
        )
    story += [
        Table(
            behaviour_rows,
            colWidths=[4 * cm, 4.5 * cm, 6.5 * cm, 3 * cm],
            style=GRID,
            repeatRows=1,
        ),
        Spacer(1, 0.4 * cm),
    ]
    summary = [
        [_("Rating hasil kerja"), assessment.get_hasil_kerja_display() or "–"],
        [_("Rating perilaku kerja"), assessment.get_perilaku_kerja_display() or "–"],
        [_("PREDIKAT KINERJA"), assessment.get_predikat_display() or "–"],
        [_("Umpan balik atasan"), _p(assessment.supervisor_feedback, small)],
        [_("Status"), assessment.get_status_display()],
    ]
    story += [
        Table(
            summary,
            colWidths=[5 * cm, 13 * cm],
            style=pdf.grid_style(
                font_size=9,
                header=False,
                extra=[("FONTNAME", (0, 2), (-1, 2), pdf.FONT_BOLD)],
            ),
        ),
        Spacer(1, 1 * cm),
    ]
    place_date = timezone.localdate().strftime("%d-%m-%Y")
    signatures = [
        [_("Pegawai yang dinilai"), _("Pejabat penilai kinerja")],
        ["\n\n\n", "\n\n\n"],
        [
            _p(employee.full_name, small),
            _p(appraiser.full_name if appraiser else "", small),
        ],
        [f"NIP {employee.nip}", f"NIP {appraiser.nip}" if appraiser else ""],
    ]
    story += [
        pdf.para(f"{employee.unit.name}, {place_date}", small),
        Table(signatures, colWidths=[9 * cm, 9 * cm]),
    ]
    return pdf.build_document(
        story,
        title=f"SKP {employee.name} {assessment.period.name}",
        author="ASN Portal",
    )


def assessment_pdf_response(context) -> HttpResponse:
    assessment = context["assessment"]
    response = HttpResponse(
        build_assessment_pdf(context), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="skp-{assessment.employee.nip}-{assessment.pk}.pdf"'
    )
    return response
