"""The leader's monthly and quarterly reports as official documents: the agency's
kop surat, the agency and the period as people say it in the title and the file
name, figures in Indonesian style, and the report signatory with NIP."""

import datetime
from decimal import Decimal

import pytest
from django.test import TestCase
from django.urls import reverse

from dashboard import services
from dashboard.models import Report
from people.tests.factories import SIGNERS, make_documents
from tests.pdfs import first_page_png, inked, pdf_text
from training.models import DevelopmentForm
from training.services.ledger import credit_jp

pytestmark = pytest.mark.django_db

Q4 = (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
NOVEMBER = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _report(org, kind, period, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        report = services.request_report(
            agency=org["agency"],
            kind=kind,
            period_start=period[0],
            period_end=period[1],
        )
    return services.generate_report(report_id=report.pk)


def _credit(org, jp: str, day: datetime.date):
    # Committed, as a page's credit is: the JP totals follow at commit.
    with TestCase.captureOnCommitCallbacks(execute=True):
        credit_jp(
            employee=org["member"],
            jp=Decimal(jp),
            form=DevelopmentForm.TECHNICAL,
            source_key=f"t:{day}",
            on_date=day,
            description="Bimtek",
        )


@pytest.mark.parametrize(
    ("kind", "period", "name", "stem"),
    [
        (Report.Kind.QUARTERLY, Q4, "Triwulan IV 2026", "laporan-triwulan-iv-2026"),
        (Report.Kind.MONTHLY, NOVEMBER, "November 2026", "laporan-november-2026"),
    ],
)
def test_report_pdf_is_an_official_document_of_the_agency(
    client, org, media, django_capture_on_commit_callbacks, kind, period, name, stem
):
    make_documents(org["agency"])
    _credit(org, "1234.5", datetime.date(2026, 11, 10))
    report = _report(org, kind, period, django_capture_on_commit_callbacks)

    content = (media / report.pdf.name).read_bytes()
    text = pdf_text(content)
    agency = org["agency"]
    assert f"PEMERINTAH KOTA UJI {agency.code.upper()}" in text
    assert "BADAN KEPEGAWAIAN UJI" in text
    assert f"{report.get_kind_display()} {agency.name}, {name}" in text
    signer, _nip = SIGNERS["laporan_pimpinan"]
    assert signer in text
    assert "NIP. 19660101 199003 1 011" in text
    assert "Pematangsiantar, " in text
    assert "1.234,5" in text  # the JP credited, Indonesian style
    assert "1234.5" not in text
    page = first_page_png(content, f"laporan-{kind}")
    assert inked(page, (0.05, 0.02, 0.95, 0.15)) > 0.01  # the kop surat
    assert inked(page, (0.05, 0.3, 0.95, 0.95)) > 0.01  # figures, charts, tables

    client.force_login(org["hr"].user)
    download = client.get(reverse("dashboard:report_download", args=[report.pk, "pdf"]))
    assert f'filename="{stem}-{agency.code}.pdf"' in download["Content-Disposition"]
