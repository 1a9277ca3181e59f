"""HR imports an employee list in the browser: bad rows first, then a clean file."""

import pytest
from playwright.sync_api import expect

from people.models import Employee
from tests.browser import assert_shows, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "NIP Baru;Nama Lengkap;Status;Golongan;Jenis Jabatan;Jabatan;Unit Kerja"
GOOD = "199201012019031001;Rudi Silalahi;PNS;III/a;Pelaksana;Pengelola Data;{unit}"
BAD = "12345;Salah NIP;PNS;III/a;Pelaksana;Staf;{unit}"


def test_hr_sees_bad_rows_then_imports_a_clean_file(
    browser_page, org, demo_password, tmp_path, settings, jobs_run_in_place
):
    settings.MEDIA_ROOT = tmp_path
    unit = org["unit"].code
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER, GOOD.format(unit=unit), BAD.format(unit=unit)]))
    good = tmp_path / "good.csv"
    good.write_text("\n".join([HEADER, GOOD.format(unit=unit)]))
    page = browser_page
    log_in(page, org["hr"].user.username, demo_password)
    page.get_by_test_id("menu-pegawai").click()
    page.get_by_role("link", name="Impor pegawai").click()
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="Periksa berkas").click()
    errors = page.locator("[data-testid=import-errors]")
    expect(errors).to_contain_text("NIP 12345 tidak valid")
    expect(errors.locator("td").first).to_have_text("3")
    expect(page.locator("[data-testid=confirm-import]")).to_have_count(0)

    page.set_input_files("input[type=file]", str(good))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.locator("[data-testid=count-baru]")).to_have_text("1")
    page.locator("[data-testid=confirm-import]").click()
    page.wait_for_load_state()
    # The job's page: here the job ran as the request committed (eager).
    expect(page.get_by_test_id("job-state")).to_contain_text("Selesai")
    assert_shows(page, "Impor selesai: 1 pegawai baru")
    assert Employee.objects.filter(nip="199201012019031001").exists()
