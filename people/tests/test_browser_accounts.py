"""Accounts in the browser: HR gives a unit its logins, a newcomer sets a password
from the invitation and signs in; an ASN who forgot the password resets it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from notifications.services import deliver_pending_emails
from people.tests.factories import EmployeeFactory
from tests.browser import assert_shows, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Sandi-Baru-Pegawai-2026"


def _path_of_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+/)", message.body).group(1)


def _set_password_and_sign_in(page, link, username):
    page.goto(link)
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.get_by_role("button", name="Simpan kata sandi").click()
    assert_shows(page, "Kata sandi")
    log_in(page, username, NEW_PASSWORD)
    expect(page.locator("#user-menu")).to_be_visible()


def test_hr_creates_a_units_accounts_and_a_newcomer_signs_in(
    browser_page, org, demo_password
):
    page = browser_page
    newcomer = EmployeeFactory(
        agency=org["agency"], unit=org["unit"], user=None, email="rina@siantar.go.id"
    )
    log_in(page, org["hr"].user.username, demo_password)
    page.goto("/pegawai/akun/")
    page.select_option("select[name=unit]", str(org["unit"].pk))
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_test_id("to-create")).to_have_text("1")
    page.get_by_test_id("create-accounts").click()
    assert_shows(page, "1 akun dibuat")
    expect(page.get_by_test_id("to-create")).to_have_text("0")

    assert deliver_pending_emails() == 1
    (invitation,) = mail.outbox
    page.context.clear_cookies()
    _set_password_and_sign_in(page, _path_of_link(invitation), newcomer.nip)


def test_a_forgotten_password_is_reset_from_the_login_page(
    browser_page, org, demo_password
):
    page = browser_page
    member = org["member"]
    member.user.email = "asn@siantar.go.id"
    member.user.save()
    page.goto("/masuk/")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    page.fill("input[name=email]", "asn@siantar.go.id")
    page.get_by_role("button", name="Kirim tautan").click()
    assert_shows(page, "email")
    (message,) = mail.outbox
    _set_password_and_sign_in(page, _path_of_link(message), member.user.username)
