"""The certificate as a one-page A4 landscape PDF with a QR code to its public check."""

import io

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm

from asn_portal import pdf
from training.models import Certificate


def verify_link(certificate: Certificate) -> str:
    return settings.SITE_URL.rstrip("/") + certificate.get_verify_url()


def _jp_text(jp) -> str:
    return f"{jp.normalize():f}".replace(".", ",")


def render_certificate_pdf(certificate: Certificate) -> bytes:
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

    center = width / 2
    usable = width - 5 * cm
    pdf.draw_centred_fit(
        canvas,
        certificate.agency.name.upper(),
        x=center,
        y=height - 3 * cm,
        font=pdf.FONT_BOLD,
        size=16,
        max_width=usable,
    )
    canvas.setFont(pdf.FONT_BOLD, 34)
    canvas.drawCentredString(center, height - 5 * cm, _("SERTIFIKAT"))
    canvas.setFont(pdf.FONT, 14)
    canvas.drawCentredString(center, height - 6.3 * cm, _("diberikan kepada"))
    pdf.draw_centred_fit(
        canvas,
        certificate.holder_name,
        x=center,
        y=height - 7.8 * cm,
        font=pdf.FONT_BOLD,
        size=24,
        max_width=usable,
    )
    canvas.setFont(pdf.FONT, 13)
    canvas.drawCentredString(
        center, height - 8.7 * cm, _("NIP %(nip)s") % {"nip": certificate.holder_nip}
    )
    canvas.drawCentredString(center, height - 10 * cm, _("telah mengikuti"))
    pdf.draw_centred_fit(
        canvas,
        certificate.title,
        x=center,
        y=height - 11.2 * cm,
        font=pdf.FONT_BOLD,
        size=17,
        max_width=usable,
        min_size=8,
    )
    canvas.setFont(pdf.FONT, 13)
    canvas.drawCentredString(
        center,
        height - 12.3 * cm,
        _("pada %(start)s s.d. %(end)s, sebanyak %(jp)s JP")
        % {
            "start": date_format(certificate.start_date, "j F Y"),
            "end": date_format(certificate.end_date, "j F Y"),
            "jp": _jp_text(certificate.jp),
        },
    )

    link = verify_link(certificate)
    qr_size = 3.6 * cm
    canvas.drawImage(
        pdf.qr_image(link), 2.2 * cm, 2.2 * cm, width=qr_size, height=qr_size
    )
    lines = [
        _("Kode verifikasi: %(code)s") % {"code": certificate.code},
        _("Diterbitkan %(date)s")
        % {"date": date_format(timezone.localdate(certificate.issued_at), "j F Y")},
        _("Periksa keaslian di %(url)s") % {"url": link},
    ]
    canvas.setFont(pdf.FONT, 10)
    for i, line in enumerate(lines):
        canvas.drawString(6.2 * cm, (4.8 - 0.6 * i) * cm, line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
