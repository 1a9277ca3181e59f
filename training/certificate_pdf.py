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
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawCentredString(center, height - 3 * cm, certificate.agency.name.upper())
    pdf.setFont("Helvetica-Bold", 34)
    pdf.drawCentredString(center, height - 5 * cm, _("SERTIFIKAT"))
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(center, height - 6.3 * cm, _("diberikan kepada"))
    pdf.setFont("Helvetica-Bold", 24)
    pdf.drawCentredString(center, height - 7.8 * cm, certificate.holder_name)
    pdf.setFont("Helvetica", 13)
    pdf.drawCentredString(
        center, height - 8.7 * cm, _("NIP %(nip)s") % {"nip": certificate.holder_nip}
    )
    pdf.drawCentredString(center, height - 10 * cm, _("telah mengikuti"))
    pdf.setFont("Helvetica-Bold", 17)
    pdf.drawCentredString(center, height - 11.2 * cm, certificate.title[:90])
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
    pdf.setFont("Helvetica", 10)
    pdf.drawString(
        6.2 * cm,
        4.2 * cm,
        _("Kode verifikasi: %(code)s") % {"code": certificate.code},
    )
    pdf.drawString(6.2 * cm, 3.6 * cm, _("Periksa keaslian di %(url)s") % {"url": link})
    pdf.drawRightString(
        width - 2.2 * cm,
        3.6 * cm,
        _("Diterbitkan %(date)s")
        % {"date": date_format(timezone.localdate(certificate.issued_at), "j F Y")},
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
