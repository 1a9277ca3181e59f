"""On a 390×844 phone the home starts with what is waiting, each task a finger-sized
link that goes where the work is done."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from feedback.tests.factories import ComplaintFactory, ServiceUnitFactory
from tests.browser import assert_fits_a_phone, log_in
from training.tests.factories import attended, finished_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_asn_starts_from_the_waiting_questionnaire_on_a_phone(
    touch_phone_page, org, demo_password
):
    session = finished_session(org["agency"], ended_days_ago=1)
    enrolment = attended(session, org["member"])
    page = touch_phone_page
    log_in(page, org["member"].user.username, demo_password)

    tasks = page.get_by_test_id("open-tasks")
    expect(tasks).to_be_in_viewport()
    task = page.get_by_test_id("task-questionnaires")
    expect(task).to_contain_text("Kuesioner pelatihan menunggu diisi")
    expect(task.get_by_test_id("task-count")).to_have_text("1")
    tiles = page.get_by_test_id("home-tiles").bounding_box()
    assert tasks.bounding_box()["y"] < tiles["y"]
    assert_fits_a_phone(page)

    task.tap()
    page.wait_for_url(f"**/pelatihan/kuesioner/{enrolment.pk}/")


def test_hr_sees_the_overdue_complaint_first_and_opens_the_list(
    touch_phone_page, org, demo_password
):
    unit = ServiceUnitFactory(work_unit=org["unit"], name="Loket Terlambat")
    ComplaintFactory(
        service_unit=unit, due_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    page = touch_phone_page
    log_in(page, org["hr"].user.username, demo_password)
    overdue = page.get_by_test_id("task-complaints_overdue")
    expect(overdue).to_be_in_viewport()
    expect(overdue.get_by_test_id("task-count")).to_have_text("1")
    assert_fits_a_phone(page)
    overdue.tap()
    expect(page.get_by_test_id("complaint-table")).to_contain_text("Loket Terlambat")
