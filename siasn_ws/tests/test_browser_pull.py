"""HR in the browser: the changes of the SIASN pull wait on their home page, they
confirm them in the preview, then let SIASN own the golongan on the settings page
(every page checked by axe-core, tests/browser.py)."""

import pytest
from playwright.sync_api import expect

from people.models import Employee
from siasn_ws.models import SiasnConnection
from siasn_ws.tasks import pull_from_siasn_task
from siasn_ws.tests.test_pull import _siasn_says
from tests.browser import assert_shows, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_confirm_the_pull_then_let_siasn_own_the_golongan(
    browser_page, org, pulling, fake_siasn, demo_password, jobs_run_in_place
):
    _siasn_says(fake_siasn, org["member"], golRuangAkhir="III/b")
    pull_from_siasn_task.apply()
    page = browser_page
    log_in(page, org["hr"].user.username, demo_password)

    page.get_by_text("Perubahan data pegawai dari SIASN menunggu konfirmasi").click()
    expect(page.locator("[data-testid=count-golongan]")).to_have_text("1")
    page.locator("[data-testid=confirm-import]").click()
    page.wait_for_load_state()
    assert_shows(page, "Impor selesai: 0 pegawai baru, 1 diperbarui")
    assert Employee.objects.get(pk=org["member"].pk).golongan == "III/b"

    page.get_by_test_id("menu-pegawai").click()
    page.get_by_role("link", name="Pengaturan tarik data SIASN").click()
    page.get_by_label("Golongan dan TMT golongan").check()
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    assert_shows(page, "Pengaturan tarik data dari SIASN disimpan.")
    assert SiasnConnection.objects.get().owned == ["golongan"]
