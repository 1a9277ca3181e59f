"""In the browser: the questionnaire from the notification, once; the certificate
download; the public check on a phone; HR's results and Excel."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import assert_fits_a_phone, assert_shows, log_in
from training.models import Enrolment, QuestionnaireResponse
from training.services import delivery as services
from training.tests.factories import attended, finished_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def finished(org):
    session = finished_session(org["agency"], ended_days_ago=0)
    enrolment = attended(session, org["member"], status=Enrolment.Status.COMPLETED)
    certificate = services.issue_certificate(enrolment=enrolment)
    services.send_questionnaire_reminders(today=timezone.localdate())
    return session, enrolment, certificate


def test_attended_asn_answers_from_the_notification_once_and_gets_the_certificate(
    browser_page, org, finished, demo_password
):
    session, enrolment, certificate = finished
    page = browser_page
    log_in(page, org["member"].user.username, demo_password)
    page.goto("/notifikasi/")
    page.get_by_text("Isi kuesioner evaluasi").click()
    page.wait_for_url(f"**/pelatihan/kuesioner/{enrolment.pk}/")
    for group in page.locator("fieldset").all():
        group.get_by_label("4", exact=True).check()
    page.fill("textarea[name=comment]", "Materinya langsung bisa dipakai.")
    page.get_by_role("button", name="Kirim jawaban").click()
    page.wait_for_load_state()
    assert_shows(page, "Terima kasih, jawaban Anda tersimpan.")
    expect(page.get_by_test_id("questionnaire-closed")).to_be_visible()

    page.goto("/notifikasi/")
    page.get_by_text("Isi kuesioner evaluasi").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("questionnaire-closed")).to_contain_text("sudah mengisi")
    assert QuestionnaireResponse.objects.filter(enrolment=enrolment).count() == 1

    page.goto("/pelatihan/sertifikat/")
    with page.expect_download() as download_info:
        page.get_by_test_id("certificate-download").first.click()
    download = download_info.value
    assert download.suggested_filename == f"sertifikat-{certificate.code}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_the_public_checks_a_certificate_code_on_a_phone(phone_page, org, finished):
    _session, _enrolment, certificate = finished
    page = phone_page
    page.goto("/pelatihan/sertifikat/verifikasi/")
    page.fill("input[name=code]", certificate.code.lower().replace("-", ""))
    page.get_by_role("button", name="Periksa").click()
    page.wait_for_load_state()
    card = page.get_by_test_id("certificate-valid")
    expect(card).to_be_visible()
    expect(card).to_contain_text(org["member"].full_name)
    # The card fits the phone's width: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.fill("input[name=code]", "AAAA-BBBB-CCCC")
    page.get_by_role("button", name="Periksa").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("certificate-invalid")).to_be_visible()


def test_hr_sees_results_and_exports_excel(browser_page, org, finished, demo_password):
    session, enrolment, _certificate = finished
    template = services.template_for_session(session)
    services.submit_questionnaire(
        enrolment=enrolment,
        scores={q.pk: 3 for q in template.questions.all()},
        comment="Perlu lebih banyak praktik",
    )
    page = browser_page
    log_in(page, org["hr"].user.username, demo_password)
    page.goto(f"/pelatihan/sesi/{session.pk}/hasil-evaluasi/")
    expect(page.get_by_test_id("response-count")).to_have_text("1")
    assert_shows(page, "Perlu lebih banyak praktik")
    with page.expect_download() as download_info:
        page.get_by_test_id("export-excel").click()
    assert download_info.value.suggested_filename == f"evaluasi-sesi-{session.pk}.xlsx"


def test_on_a_phone_the_questionnaire_answers_are_finger_sized_and_the_bell_shows(
    touch_phone_page, org, finished, demo_password
):
    _session, enrolment, _certificate = finished
    page = touch_phone_page
    log_in(page, org["member"].user.username, demo_password)
    # The waiting questionnaire is announced outside the collapsed menu.
    expect(page.get_by_test_id("phone-bell")).to_be_visible()
    page.goto(f"/pelatihan/kuesioner/{enrolment.pk}/")
    answers = page.locator(".answer-choices .answer")
    assert answers.count() >= 24  # six questions, four answers each
    for box in (answers.nth(i).bounding_box() for i in range(answers.count())):
        assert box["height"] >= 44, box
    assert_fits_a_phone(page)
    answers.first.click()  # the whole card is the label
    assert page.locator(".answer-choices input").first.is_checked()
