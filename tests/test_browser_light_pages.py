"""On a 390×844 phone with touch, the pages people open from a QR code or a link
(login, forgotten password, certificate check, the public index) fit the screen,
have finger-sized targets, pass axe-core (the fixture's check) and load no more
than their own small stylesheet and script."""

import pytest
from playwright.sync_api import expect

from feedback.tests.factories import ServiceUnitFactory
from tests.browser import assert_fits_a_phone
from training.models import Enrolment
from training.services import delivery
from training.tests.factories import attended, finished_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def requests_of(page, url: str) -> list[str]:
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return seen


def test_login_on_a_phone_is_light_and_says_what_went_wrong(touch_phone_page, org):
    page = touch_phone_page
    loaded = requests_of(page, "/masuk/")
    assert len(loaded) <= 3, loaded  # the page, light.css, portal.js
    assert not [url for url in loaded if "bootstrap" in url]
    assert_fits_a_phone(page)
    expect(page.get_by_test_id("public-links").get_by_role("link")).to_have_count(3)

    page.fill("input[name=username]", org["member"].user.username)
    page.fill("input[name=password]", "bukan-sandinya")
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").tap()
    expect(page.get_by_role("alert").first).to_contain_text("sandi yang benar")
    expect(page.locator("input[name=username]")).to_have_value(
        org["member"].user.username
    )
    assert_fits_a_phone(page)


def test_forgotten_password_marks_the_empty_field_on_a_phone(touch_phone_page):
    page = touch_phone_page
    page.goto("/lupa-kata-sandi/")
    assert_fits_a_phone(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim tautan").tap()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    summary.get_by_role("link").first.tap()
    expect(page.locator("input[name=email]")).to_be_focused()
    assert_fits_a_phone(page)


def test_certificate_check_from_a_qr_on_a_phone(touch_phone_page, org):
    session = finished_session(org["agency"])
    enrolment = attended(session, org["member"], status=Enrolment.Status.COMPLETED)
    certificate = delivery.issue_certificate(enrolment=enrolment)
    page = touch_phone_page
    loaded = requests_of(page, f"/pelatihan/sertifikat/verifikasi/{certificate.code}/")
    assert len(loaded) <= 3, loaded
    card = page.get_by_test_id("certificate-valid")
    expect(card).to_contain_text(org["member"].full_name)
    assert_fits_a_phone(page)


def test_the_public_index_on_a_phone(touch_phone_page, org):
    ServiceUnitFactory(work_unit=org["unit"])
    page = touch_phone_page
    loaded = requests_of(page, "/layanan-publik/")
    assert len(loaded) <= 3, loaded
    assert_fits_a_phone(page)
