import pytest

from tests.browser import assert_shows, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_and_asn_each_see_their_home_page(browser_page, org, demo_password):
    log_in(browser_page, org["hr"].user.username, demo_password)
    assert_shows(browser_page, "Data pegawai instansi")
    browser_page.locator("#user-menu").click()
    browser_page.get_by_role("button", name="Keluar").click()
    log_in(browser_page, org["member"].user.username, demo_password)
    content = browser_page.content()
    assert "Profil saya" in content
    assert "Data pegawai instansi" not in content


def test_asn_cannot_open_a_record_of_another_agency(
    browser_page, org, other_org, demo_password
):
    log_in(browser_page, org["member"].user.username, demo_password)
    response = browser_page.goto(f"/pegawai/{other_org['member'].pk}/")
    assert response.status == 404
    assert_shows(browser_page, "tidak ditemukan")


def test_wrong_password_shows_a_message_in_indonesian(browser_page, org):
    log_in(browser_page, org["member"].user.username, "salah-sandi")
    assert_shows(browser_page, "sandi yang benar")
