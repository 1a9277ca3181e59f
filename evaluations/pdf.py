"""The evaluation document of an ASN in the layout of PermenPANRB 6/2022's
appendix (reportlab)."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from asn_portal import pdf
from people.documents import official
from people.models import DocumentSettings, Signatory


def _p(text, style):
    return pdf.para(text, style, empty="–")


def _heads(*labels) -> list:
    """A table's header cells, wrapped inside their columns."""
    style = pdf.styles()["small"].clone("skp_head", fontName=pdf.FONT_BOLD, fontSize=7)
    return [pdf.para(label, style) for label in labels]


def _notes_text(notes) -> str:
    return "\n".join(f"{n.date:%d-%m-%Y}: {n.note}" for n in notes)


def _person(employee) -> list[str]:
    """The five identity lines of the appendix: name, NIP, rank, jabatan, unit."""
    if employee is None:
        return ["–"] * 5
    return [
        employee.full_name,
        employee.nip,
        employee.rank_label or "–",
        employee.jabatan_name or "–",
        employee.unit.name,
    ]


def _identity(employee, appraiser, small) -> Table:
    """Pegawai yang dinilai beside Pejabat Penilai Kinerja, numbered 1–5."""
    labels = [_("NAMA"), "NIP", _("PANGKAT/GOL. RUANG"), _("JABATAN"), _("UNIT KERJA")]
    rows = [
        ["NO", _("PEGAWAI YANG DINILAI"), "", "NO", _("PEJABAT PENILAI KINERJA"), ""]
    ]
    for number, (label, own, theirs) in enumerate(
        zip(labels, _person(employee), _person(appraiser), strict=True), start=1
    ):
        rows.append(
            [
                str(number),
                _p(label, small),
                _p(own, small),
                str(number),
                _p(label, small),
                _p(theirs, small),
            ]
        )
    return Table(
        rows,
        colWidths=[0.8 * cm, 3.2 * cm, 5 * cm, 0.8 * cm, 3.2 * cm, 5 * cm],
        style=pdf.grid_style(
            font_size=8,
            extra=[
                ("SPAN", (1, 0), (2, 0)),
                ("SPAN", (4, 0), (5, 0)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ],
        ),
    )


def _rating_line(label: str, value: str) -> Table:
    return Table(
        [[label, value or "–"]],
        colWidths=[6 * cm, 12 * cm],
        style=pdf.grid_style(
            font_size=9,
            header=False,
            extra=[("FONTNAME", (0, 0), (0, 0), pdf.FONT_BOLD)],
        ),
    )


def _signatures(employee, appraiser, place_date: str) -> Table:
    """The ASN at the lower left, the appraiser with place and date at the right."""
    own = pdf.Signature(
        name=employee.full_name,
        nip=employee.nip,
        jabatan=_("Pegawai yang dinilai"),
        place_date=" ",
    )
    theirs = pdf.Signature(
        name=appraiser.full_name if appraiser else "",
        nip=appraiser.nip if appraiser else "",
        jabatan=_("Pejabat Penilai Kinerja"),
        place_date=place_date,
    )
    return Table(
        [[own.table(width=8 * cm), theirs.table(width=8 * cm)]],
        colWidths=[9 * cm, 9 * cm],
    )


def build_assessment_pdf(context) -> bytes:
    """The evaluation document in the layout of PermenPANRB 6/2022's appendix
    (Evaluasi Kinerja Pegawai), under the agency's kop surat; the agency's SKP
    signatory, when set, signs below as "Mengetahui"."""
    assessment = context["assessment"]
    employee = assessment.employee
    period = assessment.period
    appraiser = assessment.rated_by or employee.supervisor
    today = timezone.localdate()
    parts = official(employee.agency, Signatory.Kind.SKP, on=today)
    styles = pdf.styles()
    small = styles["small"]
    centred = styles["Normal"].clone("skp_centre", alignment=TA_CENTER)
    story = [
        Paragraph(_("EVALUASI KINERJA PEGAWAI"), styles["Title"]),
        pdf.para(_("PERIODE: %(period)s") % {"period": period.name.upper()}, centred),
        pdf.para(
            _("PERIODE PENILAIAN: %(start)s SD %(end)s")
            % {
                "start": date_format(period.starts_on, "j F Y").upper(),
                "end": date_format(period.ends_on, "j F Y").upper(),
            },
            centred,
        ),
        Spacer(1, 0.3 * cm),
        _identity(employee, appraiser, small),
        Spacer(1, 0.4 * cm),
        Paragraph(_("HASIL KERJA"), styles["Heading4"]),
    ]
    plan_rows = [
        _heads(
            "NO",
            _("RENCANA HASIL KERJA"),
            _("INDIKATOR KINERJA INDIVIDU"),
            _("TARGET"),
            _("REALISASI BERDASARKAN BUKTI DUKUNG"),
            _("UMPAN BALIK BERKELANJUTAN BERDASARKAN BUKTI DUKUNG"),
        )
    ]
    for number, item in enumerate(context["rows"], start=1):
        result, row = item["result"], item["row"]
        realisation, feedback = "", _notes_text(item["notes"])
        if row is not None:
            realisation = "\n".join(
                x for x in [row.realisation, row.evidence_text, row.evidence_link] if x
            )
            if row.rating:
                feedback = "\n".join(
                    x
                    for x in [feedback, f"{_('Rating')}: {row.get_rating_display()}"]
                    if x
                )
        plan_rows.append(
            [
                str(number),
                _p(result.description, small),
                _p(result.indicator, small),
                _p(result.target, small),
                _p(realisation, small),
                _p(feedback, small),
            ]
        )
    story += [
        Table(
            plan_rows,
            colWidths=[0.8 * cm, 4 * cm, 3.6 * cm, 2.2 * cm, 3.7 * cm, 3.7 * cm],
            style=pdf.grid_style(
                font_size=7, extra=[("VALIGN", (0, 0), (-1, -1), "TOP")]
            ),
            repeatRows=1,
        ),
        _rating_line(_("RATING HASIL KERJA"), assessment.get_hasil_kerja_display()),
        Spacer(1, 0.4 * cm),
        Paragraph(_("PERILAKU KERJA"), styles["Heading4"]),
    ]
    behaviour_rows = [
        _heads(
            "NO",
            _("PERILAKU KERJA"),
            _("EKSPEKTASI KHUSUS PIMPINAN"),
            _("UMPAN BALIK BERKELANJUTAN BERDASARKAN BUKTI DUKUNG"),
        )
    ]
    for number, item in enumerate(context["behaviour"], start=1):
        row = item["row"]
        feedback = _notes_text(item["notes"])
        if row is not None and row.rating:
            feedback = "\n".join(
                x for x in [feedback, f"{_('Rating')}: {row.get_rating_display()}"] if x
            )
        behaviour_rows.append(
            [
                str(number),
                _p(item["label"], small),
                _p(row.expectation if row else "", small),
                _p(feedback, small),
            ]
        )
    story += [
        Table(
            behaviour_rows,
            colWidths=[0.8 * cm, 4.6 * cm, 5.6 * cm, 7 * cm],
            style=pdf.grid_style(
                font_size=7, extra=[("VALIGN", (0, 0), (-1, -1), "TOP")]
            ),
            repeatRows=1,
        ),
        _rating_line(
            _("RATING PERILAKU KERJA"), assessment.get_perilaku_kerja_display()
        ),
        Spacer(1, 0.4 * cm),
        _rating_line(_("PREDIKAT KINERJA PEGAWAI"), assessment.get_predikat_display()),
    ]
    if assessment.supervisor_feedback:
        story.append(
            _rating_line(
                _("Umpan balik atasan"), _p(assessment.supervisor_feedback, small)
            )
        )
    place = _place_of(employee)
    story += [
        Spacer(1, 0.6 * cm),
        KeepTogether(
            [
                _signatures(
                    employee, appraiser, f"{place}, {date_format(today, 'j F Y')}"
                )
            ]
        ),
    ]
    if parts.signature is not None:
        # Mengetahui: the official the agency named for SKP documents.
        story += [
            Spacer(1, 0.3 * cm),
            pdf.para(_("Mengetahui,"), centred),
            KeepTogether([_centred(parts.signature)]),
        ]
    return pdf.build_document(
        story,
        title=f"SKP {employee.name} {period.name}",
        author=employee.agency.name,
        letterhead=parts.letterhead,
    )


def _centred(signature: pdf.Signature) -> Table:
    without_place = pdf.Signature(
        name=signature.name,
        nip=signature.nip,
        jabatan=signature.jabatan,
        image=signature.image,
    )
    table = without_place.table(width=8 * cm)
    table.hAlign = "CENTER"
    return table


def _place_of(employee) -> str:
    """Where the document is signed: the agency's place from its document settings,
    else the unit's name."""
    settings = DocumentSettings.objects.filter(agency_id=employee.agency_id).first()
    return settings.place if settings and settings.place else employee.unit.name


def assessment_pdf_response(context) -> HttpResponse:
    assessment = context["assessment"]
    response = HttpResponse(
        build_assessment_pdf(context), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="skp-{assessment.employee.nip}-{assessment.pk}.pdf"'
    )
    return response
