"""The certificate as a one-page A4 landscape PDF with a QR code to its public check."""

import io

import qrcode
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from training.models import Certificate


def verify_link(certificate: Certificate) -> str:
    return settings.SITE_URL.rstrip("/") + certificate.get_verify_url()


def _qr_image(data: str) -> ImageReader:
    image = qrcode.make(data, box_size=8, border=1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return ImageReader(buffer)


def _jp_text(jp) -> str:
    return f"{jp.normalize():f}".replace(".", ",")


def _centred_fit(pdf, text, *, x, y, font, size, max_width, min_size=10):
    """Centre a line, shrinking the font (then shortening the text) to stay on the
    page."""
    while size > min_size and stringWidth(text, font, size) > max_width:
        size -= 0.5
    while len(text) > 1 and stringWidth(text, font, size) > max_width:
        text = text[:-2].rstrip() + "…"
    pdf.setFont(font, size)
    pdf.drawCentredString(x, y, text)


def render_certificate_pdf(certificate: Certificate) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(_("Sertifikat %(code)s") % {"code": certificate.code})
    pdf.setLineWidth(3)
    pdf.rect(1 * cm, 1 * cm, width - 2 * cm, height - 2 * cm)
    pdf.setLineWidth(1)
    pdf.rect(1.3 * cm, 1.3 * cm, width - 2.6 * cm, height - 2.6 * cm)

    center = width / 2
    usable = width - 5 * cm
    _centred_fit(
        pdf,
        certificate.agency.name.upper(),
        x=center,
        y=height - 3 * cm,
        font="Helvetica-Bold",
        size=16,
        max_width=usable,
    )
    pdf.setFont("Helvetica-Bold", 34)
    pdf.drawCentredString(center, height - 5 * cm, _("SERTIFIKAT"))
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(center, height - 6.3 * cm, _("diberikan kepada"))
    _centred_fit(
        pdf,
        certificate.holder_name,
        x=center,
        y=height - 7.8 * cm,
        font="Helvetica-Bold",
        size=24,
        max_width=usable,
    )
    pdf.setFont("Helvetica", 13)
    pdf.drawCentredString(
        center, height - 8.7 * cm, _("NIP %(nip)s") % {"nip": certificate.holder_nip}
    )
    pdf.drawCentredString(center, height - 10 * cm, _("telah mengikuti"))
    _centred_fit(
        pdf,
        certificate.title,
        x=center,
        y=height - 11.2 * cm,
        font="Helvetica-Bold",
        size=17,
        max_width=usable,
        min_size=8,
    )
    pdf.setFont("Helvetica", 13)
    pdf.drawCentredString(
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
    pdf.drawImage(_qr_image(link), 2.2 * cm, 2.2 * cm, width=qr_size, height=qr_size)
    lines = [
        _("Kode verifikasi: %(code)s") % {"code": certificate.code},
        _("Diterbitkan %(date)s")
        % {"date": date_format(timezone.localdate(certificate.issued_at), "j F Y")},
        _("Periksa keaslian di %(url)s") % {"url": link},
    ]
    pdf.setFont("Helvetica", 10)
    for i, line in enumerate(lines):
        pdf.drawString(6.2 * cm, (4.8 - 0.6 * i) * cm, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
