"""The main flows of the ASN and HR on a 390×844 phone with touch that other browser
tests follow at desktop size: the e-learning pre-test, JP saya, training management
and a session's page fit the screen with finger-sized targets (axe-core checks each
page through the fixture)."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from elearning.tests.factories import make_module
from tests.browser import assert_fits_a_phone, log_in
from training.models import DevelopmentForm
from training.services.ledger import credit_jp
from training.tests.factories import PlanFactory, session_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_asn_takes_the_pre_test_and_reads_jp_saya_on_a_phone(
    touch_phone_page, org, demo_password
):
    make_module(org["agency"], title="Literasi Digital untuk ASN", questions=5)
    credit_jp(
        employee=org["member"],
        jp=Decimal("6"),
        form=DevelopmentForm.SEMINAR,
        source_key="phone:seminar",
        on_date=timezone.localdate(),
        description="Seminar pelayanan publik bersama universitas",
    )
    page = touch_phone_page
    log_in(page, org["member"].user.username, demo_password)
    page.goto("/e-learning/")
    with page.expect_navigation():
        page.get_by_role("link", name="Literasi Digital untuk ASN").tap()
    with page.expect_navigation():
        page.get_by_test_id("start-module").tap()
    questions = page.locator("[data-testid=test-form] fieldset")
    expect(questions).to_have_count(5)
    assert_fits_a_phone(page)
    # Each answer is a card the size of a finger, tapped anywhere.
    questions.first.locator("label").first.tap()
    expect(questions.first.locator("input[type=radio]").first).to_be_checked()

    page.goto("/pelatihan/jp-saya/")
    expect(page.locator("main")).to_contain_text("Seminar pelayanan publik")
    assert_fits_a_phone(page)


def test_hr_manages_training_on_a_phone(touch_phone_page, org, demo_password):
    PlanFactory(agency=org["agency"])
    session = session_for(
        org, name="Pelatihan Kepemimpinan Pengawas Angkatan Kedua Belas"
    )
    page = touch_phone_page
    log_in(page, org["hr"].user.username, demo_password)
    page.goto("/pelatihan/rencana/")
    expect(page.locator("h1")).to_be_visible()
    assert_fits_a_phone(page)
    page.goto(f"/pelatihan/sesi/{session.pk}/")
    expect(page.locator("main")).to_contain_text("Angkatan Kedua Belas")
    assert_fits_a_phone(page)
