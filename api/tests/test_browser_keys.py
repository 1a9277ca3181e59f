"""HR in the browser: from the menu to a new key, which another system then uses,
and the API's docs page served from our own files under the portal's CSP (every
page checked for CSP violations and by axe-core, tests/browser.py)."""

import pytest
from playwright.sync_api import expect

from tests.browser import assert_shows, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_make_a_key_and_a_system_reads_the_units_with_it(
    browser_page, org, demo_password
):
    page = browser_page
    log_in(page, org["hr"].user.username, demo_password)
    page.get_by_test_id("menu-pegawai").click()
    page.get_by_role("link", name="Kunci API").click()
    page.get_by_test_id("new-key").click()
    page.get_by_label("Nama").fill("Dasbor BI")
    page.get_by_label("Baca data pegawai dan unit kerja").check()
    page.get_by_role("button", name="Buat kunci").click()
    page.wait_for_load_state()
    assert_shows(page, "kunci hanya ditampilkan sekali")
    secret = page.get_by_test_id("key-secret").input_value()
    assert secret.startswith("asn_")

    answer = page.request.get(
        "/api/v1/units/", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 200
    assert [u["code"] for u in answer.json()["results"]] == [org["unit"].code]

    page.get_by_role("link", name="Selesai, kembali ke daftar kunci").click()
    expect(page.get_by_test_id("key-row")).to_contain_text("Dasbor BI")


def test_the_docs_page_shows_the_endpoints_under_the_csp(browser_page):
    page = browser_page
    page.goto("/api/docs/")
    expect(page.get_by_text("/api/v1/units/", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Authorize")).to_be_visible()
