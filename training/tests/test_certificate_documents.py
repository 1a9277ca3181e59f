"""Certificates as official documents: the agency's kop surat, a number in the
agency's pattern that no two certificates share, and the signatory of the kind
(training or internship) with NIP; the QR still leads to the public check."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from people.models import DocumentCounter, Signatory
from people.tests.factories import SIGNERS, make_documents
from tests.pdfs import first_page_png, inked, pdf_text
from training.certificate_pdf import render_certificate_pdf, verify_link
from training.models import Certificate, Enrolment, InternshipPlacement
from training.services import delivery as services
from training.tests.factories import EnrolmentFactory, finished_session

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _certificate(org, employee=None):
    enrolment = EnrolmentFactory(
        session=finished_session(org["agency"]),
        employee=employee or org["member"],
        status=Enrolment.Status.COMPLETED,
    )
    return services.issue_certificate(enrolment=enrolment)


def test_training_certificate_carries_kop_number_signatory_and_nip(org):
    make_documents(org["agency"], pattern="{seq:3}/SERT/BKPSDM/{month}/{year}")
    first = _certificate(org)
    second = _certificate(org, employee=org["outsider"])
    month = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][
        TODAY.month - 1
    ]
    assert first.number == f"001/SERT/BKPSDM/{month}/{TODAY.year}"
    assert second.number == f"002/SERT/BKPSDM/{month}/{TODAY.year}"

    content = render_certificate_pdf(first)
    text = pdf_text(content)
    page = first_page_png(content, "sertifikat")
    assert inked(page, (0.05, 0.02, 0.95, 0.2)) > 0.01  # the kop surat
    assert inked(page, (0.05, 0.4, 0.95, 0.95)) > 0.005  # name, signature, QR
    name, nip = SIGNERS["sertifikat"]
    assert f"PEMERINTAH KOTA UJI {org['agency'].code.upper()}" in text
    assert "Jl. Merdeka No. 5, Pematangsiantar 21111" in text
    assert f"Nomor: {first.number}" in text
    assert name in text
    assert "NIP. 19680312 199403 1 007" in text
    assert "Kepala Badan Uji (sertifikat)" in text
    assert "Pematangsiantar, " in text
    assert first.holder_name in text
    jp = f"{first.jp.normalize():f}".replace(".", ",")
    assert f"sebanyak {jp} JP" in text
    assert first.code in text
    assert verify_link(first) in text


def test_the_public_check_shows_the_certificates_number(client, org):
    make_documents(org["agency"])
    certificate = _certificate(org)
    body = client.get(certificate.get_verify_url()).content.decode()
    assert f"{TODAY.year}" in certificate.number
    assert certificate.number in body


def test_internship_certificate_is_signed_by_the_internship_signatory(org):
    make_documents(org["agency"])
    placement = services.create_internship(
        placement=InternshipPlacement(
            agency=org["agency"],
            employee=org["member"],
            title="Tata kelola arsip digital",
            host_institution="Universitas Sumatera Utara",
            host_supervisor_name="Dr. Sri Lestari",
            internal_supervisor=org["supervisor"],
            start_date=TODAY - datetime.timedelta(days=5),
            end_date=TODAY,
            jp_method="tetap",
            fixed_jp=Decimal("40"),
        )
    )
    entry = services.add_logbook_entry(
        placement=placement, date=TODAY, activities="Orientasi"
    )
    services.sign_logbook_entry(token=services.logbook_sign_token(entry))
    services.complete_internship(
        placement=placement,
        evaluator=org["hr"],
        final_score=88,
        final_evaluation="Baik",
    )
    certificate = Certificate.objects.get(placement=placement)
    assert certificate.number == f"1/SERT/BKPSDM/{TODAY.year}"

    text = pdf_text(render_certificate_pdf(certificate))
    assert SIGNERS["sertifikat_magang"][0] in text
    assert "NIP. 19710523 199803 2 004" in text
    assert SIGNERS["sertifikat"][0] not in text
    assert "Universitas Sumatera Utara" in text
    assert "sebanyak 40 JP" in text


def test_a_signatory_may_sign_with_the_qr_of_the_public_check(org):
    make_documents(org["agency"], mark=Signatory.Mark.QR, logo=False)
    certificate = _certificate(org)
    text = pdf_text(render_certificate_pdf(certificate))
    assert SIGNERS["sertifikat"][0] in text


def test_an_agency_without_settings_still_gets_a_numbered_certificate(org):
    certificate = _certificate(org)
    assert certificate.number == f"1/SERT/{TODAY.year}"
    text = pdf_text(render_certificate_pdf(certificate))
    assert org["agency"].name.upper() in text
    assert "NIP." not in text  # no signatory named yet: no signature block


def test_numbers_start_again_each_year_and_stay_per_agency(org, other_org):
    make_documents(org["agency"])
    ours = _certificate(org)
    theirs = _certificate(other_org)
    assert (ours.number_sequence, theirs.number_sequence) == (1, 1)
    Certificate.objects.filter(pk=ours.pk).update(
        issued_at=timezone.now() - datetime.timedelta(days=400)
    )
    counter = DocumentCounter.objects.get(agency=org["agency"])
    assert counter.year == TODAY.year
    assert counter.last == 1
    assert _certificate(org, employee=org["outsider"]).number_sequence == 2


@pytest.mark.django_db(transaction=True)
def test_certificates_issued_at_the_same_moment_never_share_a_number(org):
    """Eight issues at once, each in its own connection and transaction: the
    counter's row lock hands out 1…8, each once."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: there is no race to test")
    enrolments = [
        EnrolmentFactory(
            session=finished_session(org["agency"]),
            employee=org["member"],
            status=Enrolment.Status.COMPLETED,
        )
        for _n in range(8)
    ]
    start = threading.Barrier(len(enrolments))
    errors = []

    def issue(enrolment):
        try:
            start.wait()
            services.issue_certificate(enrolment=enrolment)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(e,)) for e in enrolments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(
        Certificate.objects.filter(agency=org["agency"]).values_list(
            "number_sequence", flat=True
        )
    )
    assert sequences == list(range(1, 9))


def test_certificates_issued_before_numbering_get_a_number_once(org):
    """Certificates from before the numbering printed without a "Nomor" line:
    the command numbers them in issue order, after any number already given."""
    import io

    from django.core.management import call_command

    make_documents(org["agency"], pattern="{seq:3}/SERT/{year}")
    older = _certificate(org)
    old = _certificate(org, employee=org["outsider"])
    early = datetime.datetime.combine(
        TODAY, datetime.time(1), tzinfo=timezone.get_current_timezone()
    )
    for certificate, minutes in ((older, 0), (old, 30)):
        Certificate.objects.filter(pk=certificate.pk).update(
            number="",
            number_year=None,
            number_sequence=None,
            issued_at=early + datetime.timedelta(minutes=minutes),
        )
    DocumentCounter.objects.all().delete()
    numbered_meanwhile = _certificate(org, employee=org["supervisor"])
    assert numbered_meanwhile.number == f"001/SERT/{numbered_meanwhile.number_year}"

    out = io.StringIO()
    call_command("number_certificates", stdout=out)
    assert "2 sertifikat diberi nomor" in out.getvalue()
    older.refresh_from_db()
    old.refresh_from_db()
    year = TODAY.year
    assert (older.number, old.number) == (f"002/SERT/{year}", f"003/SERT/{year}")
    assert f"Nomor: {older.number}" in pdf_text(render_certificate_pdf(older))

    call_command("number_certificates", stdout=out)
    old.refresh_from_db()
    assert old.number == f"003/SERT/{year}"
    assert "0 sertifikat diberi nomor" in out.getvalue()
