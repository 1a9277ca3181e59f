"""360 input in the browser: the supervisor asks four colleagues, three answer the
seven values on their own login, and once closed the averages stand beside the
behaviour rating, with no name anywhere."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluations.models import Feedback360Request
from evaluations.rules import BerAkhlak, Rating
from evaluations.tests.factories import make_period, make_submitted
from people.tests.factories import EmployeeFactory, UserFactory
from tests.browser import assert_shows, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each colleague's answer to every value: 3 = above, 2 = as expected, 1 = below.
ANSWERS = [Rating.ABOVE, Rating.MEETS, Rating.MEETS]


def test_a_supervisor_gathers_360_input_and_reads_only_the_averages(
    browser_page, org, demo_password
):
    page = browser_page
    assessment = make_submitted(org["member"], make_period(org["agency"]))
    colleagues = [
        EmployeeFactory(
            agency=org["agency"],
            unit=org["unit"],
            user=UserFactory(username=f"rekan-{n}"),
            name=f"Rekan Nomor {n}",
        )
        for n in range(1, 5)
    ]
    log_in(page, org["supervisor"].user.username, demo_password)
    page.goto(f"/kinerja/penilaian/{assessment.pk}/masukan-360/")
    deadline = timezone.localdate() + datetime.timedelta(days=3)
    page.fill("input[name=deadline]", deadline.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Buat permintaan").click()
    for colleague in colleagues:
        form = page.get_by_test_id("feedback360-invite-form")
        form.locator("input[name=respondent]").fill(colleague.nip)
        form.locator("select[name=relation]").select_option(index=0)
        with page.expect_navigation():
            form.get_by_role("button", name="Undang").click()
        assert_shows(page, colleague.name)
    expect(
        page.get_by_test_id("feedback360-invited").locator("tbody tr")
    ).to_have_count(4)
    request_pk = Feedback360Request.objects.get().pk

    # Three of the four answer; the request stays open until it is closed.
    for colleague, answer in zip(colleagues, ANSWERS, strict=False):
        page.context.clear_cookies()
        log_in(page, colleague.user.username, demo_password)
        page.goto(f"/kinerja/masukan-360/{request_pk}/")
        form = page.get_by_test_id("feedback360-answer-form")
        for value in BerAkhlak.values:
            form.locator(f"input[name=value_{value}][value={answer}]").check()
        with page.expect_navigation():
            form.get_by_role("button", name="Kirim masukan").click()
        assert_shows(page, "Terima kasih. Masukan Anda tersimpan tanpa nama.")

    page.context.clear_cookies()
    log_in(page, org["supervisor"].user.username, demo_password)
    page.goto(f"/kinerja/penilaian/{assessment.pk}/masukan-360/")
    # Open and enough: nothing to read yet, and nobody is named as having answered.
    assert_shows(page, "Jawaban sudah cukup")
    with page.expect_navigation():
        page.get_by_test_id("feedback360-close").click()
    page.goto(assessment.get_absolute_url())
    # (3 + 2 + 2) ÷ 3 = 2,33 for every value.
    assert_shows(page, "Masukan 360 (1–3)")
    assert_shows(page, "2,33")
    body = page.locator("main").inner_text()
    for colleague in colleagues:
        assert colleague.name not in body
