"""An ASN takes a module in the browser: pre-test, lessons, post-test, gain, JP."""

import pytest
from playwright.sync_api import expect

from elearning.tests.factories import make_module
from tests.browser import assert_shows, log_in
from training.models import JpCredit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answer_all(page, *, right: int):
    """Pick the correct choice ("Benar", wherever the shuffle put it) for the first
    `right` questions, a wrong one for the rest, send the test and go back from the
    review of the answers to the module."""
    questions = page.locator("[data-testid=test-form] fieldset")
    count = questions.count()
    for index in range(count):
        choice = "Benar" if index < right else "Salah satu"
        questions.nth(index).get_by_label(choice, exact=True).check()
    page.get_by_test_id("submit-test").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("review-question")).to_have_count(count)


def test_asn_takes_a_module_and_gets_the_gain_and_jp(browser_page, org, demo_password):
    page = browser_page
    module = make_module(
        org["agency"], title="Literasi Digital untuk ASN", lessons=2, questions=5
    )
    log_in(page, org["member"].user.username, demo_password)
    page.get_by_test_id("menu-pengembangan").click()
    page.get_by_test_id("nav-elearning").click()
    page.get_by_role("link", name="Literasi Digital untuk ASN").click()
    page.get_by_test_id("start-module").click()

    # Pre-test, once: two of five right.
    assert_shows(page, "Pre-test")
    _answer_all(page, right=2)
    assert_shows(page, "nilai Anda 40,00")
    page.get_by_role("link", name="Kembali ke modul").click()
    expect(page.get_by_test_id("pre-score")).to_have_text("40,00")

    # The lessons, in order, each marked as done.
    page.get_by_role("link", name="Materi 1").click()
    assert_shows(page, "Isi materi 1.")
    page.get_by_test_id("lesson-done").click()
    assert_shows(page, "Isi materi 2.")
    page.get_by_test_id("lesson-done").click()

    # Post-test at the end: all five right.
    page.get_by_test_id("take-post-test").click()
    _answer_all(page, right=5)
    page.get_by_role("link", name="Kembali ke modul").click()
    expect(page.get_by_test_id("post-score")).to_have_text("100,00")
    expect(page.get_by_test_id("gain")).to_have_text("+60,00")

    page.get_by_test_id("complete-module").click()
    page.wait_for_load_state()
    assert_shows(page, "4 JP dicatat di buku JP Anda")
    expect(page.get_by_test_id("completed")).to_be_visible()
    credit = JpCredit.objects.get(employee=org["member"])
    assert credit.source_key == f"elearning.module:{module.pk}"
