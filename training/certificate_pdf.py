"""The certificate as a one-page A4 landscape PDF: the agency's kop surat, number and
signatory, and a QR code to its public check."""

import io

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm

from asn_portal import pdf
from people.documents import official
from people.models import Signatory
from training.models import Certificate


def verify_link(certificate: Certificate) -> str:
    return settings.SITE_URL.rstrip("/") + certificate.get_verify_url()


def _jp_text(jp) -> str:
    return f"{jp.normalize():f}".replace(".", ",")


def render_certificate_pdf(certificate: Certificate) -> bytes:
    """The agency's kop surat on top, the certificate's number, what it certifies,
    the QR to its public check at the lower left and the signatory at the right."""
    link = verify_link(certificate)
    issued_on = timezone.localdate(certificate.issued_at)
    kind = (
        Signatory.Kind.INTERNSHIP_CERTIFICATE
        if certificate.placement_id
        else Signatory.Kind.CERTIFICATE
    )
    parts = official(certificate.agency, kind, on=issued_on, verify_url=link)

    buffer = io.BytesIO()
    width, height = landscape(A4)
    canvas = pdf.new_canvas(
        buffer,
        pagesize=(width, height),
        title=_("Sertifikat %(code)s") % {"code": certificate.code},
    )
    canvas.setLineWidth(3)
    canvas.rect(1 * cm, 1 * cm, width - 2 * cm, height - 2 * cm)
    canvas.setLineWidth(1)
    canvas.rect(1.3 * cm, 1.3 * cm, width - 2.6 * cm, height - 2.6 * cm)
    parts.letterhead.draw(
        canvas, left=2.2 * cm, right=width - 2.2 * cm, top=height - 1.7 * cm
    )

    center = width / 2
    usable = width - 5 * cm
    canvas.setFont(pdf.FONT_BOLD, 30)
    canvas.drawCentredString(center, height - 6.1 * cm, _("SERTIFIKAT"))
    if certificate.number:
        canvas.setFont(pdf.FONT, 12)
        canvas.drawCentredString(
            center,
            height - 6.9 * cm,
            _("Nomor: %(number)s") % {"number": certificate.number},
        )
    canvas.setFont(pdf.FONT, 13)
    canvas.drawCentredString(center, height - 7.9 * cm, _("diberikan kepada"))
    pdf.draw_centred_fit(
        canvas,
        certificate.holder_name,
        x=center,
        y=height - 9.1 * cm,
        font=pdf.FONT_BOLD,
        size=22,
        max_width=usable,
    )
    canvas.setFont(pdf.FONT, 12)
    canvas.drawCentredString(
        center, height - 9.9 * cm, _("NIP %(nip)s") % {"nip": certificate.holder_nip}
    )
    canvas.drawCentredString(center, height - 10.9 * cm, _("telah mengikuti"))
    pdf.draw_centred_fit(
        canvas,
        certificate.title,
        x=center,
        y=height - 11.9 * cm,
        font=pdf.FONT_BOLD,
        size=16,
        max_width=usable,
        min_size=8,
    )
    canvas.setFont(pdf.FONT, 12)
    canvas.drawCentredString(
        center,
        height - 12.8 * cm,
        _("pada %(start)s s.d. %(end)s, sebanyak %(jp)s JP")
        % {
            "start": date_format(certificate.start_date, "j F Y"),
            "end": date_format(certificate.end_date, "j F Y"),
            "jp": _jp_text(certificate.jp),
        },
    )

    qr_size = 3.2 * cm
    canvas.drawImage(
        pdf.qr_image(link), 2.2 * cm, 2.2 * cm, width=qr_size, height=qr_size
    )
    lines = [
        _("Kode verifikasi: %(code)s") % {"code": certificate.code},
        _("Diterbitkan %(date)s") % {"date": date_format(issued_on, "j F Y")},
        _("Periksa keaslian di"),
        link,
    ]
    canvas.setFont(pdf.FONT, 9)
    for i, line in enumerate(lines):
        canvas.drawString(5.8 * cm, (4.9 - 0.5 * i) * cm, line)
    if parts.signature is not None:
        parts.signature.draw(
            canvas, left=width - 10.2 * cm, bottom=2 * cm, width=8 * cm
        )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
