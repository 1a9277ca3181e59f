"""The employee picker in the browser: typing part of a name, or the first digits
of an NIP, brings the employee into the field's suggestions."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from evaluations.models import PotentialAssessment
from people.pickers import picker_label
from people.tests.factories import EmployeeFactory
from tests.browser import assert_shows, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_picker_suggests_by_part_of_the_name_and_by_nip_prefix(
    browser_page, org, demo_password
):
    page = browser_page
    rina = EmployeeFactory(agency=org["agency"], unit=org["unit"], name="Rina Siregar")
    log_in(page, org["hr"].user.username, demo_password)
    page.goto(reverse("evaluations:potential_list"))
    field = page.locator("input[name=employee]")
    suggestion = page.locator(
        f'#{field.get_attribute("list")} option[value="{picker_label(rina)}"]'
    )

    field.press_sequentially("sireg")
    expect(suggestion).to_have_count(1)

    field.fill("")
    field.press_sequentially(rina.nip[:12])
    expect(suggestion).to_have_count(1)

    field.fill(picker_label(rina))
    page.fill("input[name=score]", "81")
    page.get_by_role("button", name="Simpan").click()
    assert_shows(page, "Potensial Rina Siregar dicatat")
    assert PotentialAssessment.objects.get(employee=rina).score == 81
