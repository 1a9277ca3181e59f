"""The below-target list in the browser: HR searches by part of a name, ticks the
whole page at once, and nominates "pilih semua" across pages."""

import pytest
from playwright.sync_api import expect

from people.tests.factories import EmployeeFactory, WorkUnitFactory
from tests.browser import assert_shows, log_in
from training.tests.factories import session_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_filters_ticks_the_page_and_nominates_every_match(
    browser_page, org, demo_password
):
    unit = WorkUnitFactory(agency=org["agency"], name="Dinas Peramban Uji")
    for i in range(52):
        EmployeeFactory(
            agency=org["agency"], unit=unit, user=None, name=f"Peramban Kurang {i:02d}"
        )
    session = session_for(org, capacity=100)
    page = browser_page
    log_in(page, org["hr"].user.username, demo_password)
    page.goto("/pelatihan/jp/di-bawah-target/")
    page.get_by_label("Cari").fill("kurang")
    page.get_by_role("button", name="Cari").click()
    assert_shows(page, "Pilih semua 52 hasil")

    page.get_by_label("Pilih semua di halaman ini").check()
    rows = page.locator("[data-testid=below-target] input[name=employee]")
    expect(rows).to_have_count(50)
    for box in rows.all():
        expect(box).to_be_checked()

    page.get_by_label("Pilih semua 52 hasil").check()
    page.select_option("#id_session", str(session.pk))
    page.get_by_role("button", name="Nominasikan", exact=True).click()
    assert_shows(page, "52 pegawai dinominasikan")
    assert session.enrolments.count() == 52
