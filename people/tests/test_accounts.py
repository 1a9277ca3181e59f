"""Accounts without the back office: HR invites an employee, who sets a password
from the email; anyone resets a forgotten password; the NIP or the email signs in."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from notifications.services import deliver_pending_emails
from people.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kata-Sandi-Baru-2026"


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/atur-kata-sandi/\S+/)", message.body).group(1)


def _set_password(client, link):
    page = client.get(link, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    return client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )


def _log_in(client, username, password=NEW_PASSWORD):
    client.logout()
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="10.1.2.3",
    )


def test_hr_invites_an_employee_who_sets_a_password_and_signs_in(client, org):
    newcomer = EmployeeFactory(
        agency=org["agency"], unit=org["unit"], user=None, email="rina@siantar.go.id"
    )
    client.force_login(org["hr"].user)
    response = client.post(reverse("people:employee_invite", args=[newcomer.pk]))
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.user.username == newcomer.nip
    assert not newcomer.user.has_usable_password()

    assert deliver_pending_emails() == 1
    (invitation,) = mail.outbox
    assert invitation.to == ["rina@siantar.go.id"]
    assert newcomer.nip in invitation.body
    link = _link(invitation)

    client.logout()
    done = _set_password(client, link)
    assert done.status_code == 302
    assert _log_in(client, newcomer.nip).status_code == 302
    assert _log_in(client, "RINA@siantar.go.id").status_code == 302, "email signs in"
    # The link works once.
    client.logout()
    again = client.get(link, follow=True)
    assert "sudah dipakai atau sudah kedaluwarsa" in again.content.decode()


def test_an_employee_without_email_gets_a_clear_message_and_no_account(client, org):
    newcomer = EmployeeFactory(
        agency=org["agency"], unit=org["unit"], user=None, email=""
    )
    client.force_login(org["hr"].user)
    response = client.post(
        reverse("people:employee_invite", args=[newcomer.pk]), follow=True
    )
    assert "Isi dulu email" in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.user is None


def test_only_hr_of_the_same_agency_can_invite(client, org, other_org):
    newcomer = EmployeeFactory(
        agency=org["agency"], unit=org["unit"], user=None, email="x@siantar.go.id"
    )
    url = reverse("people:employee_invite", args=[newcomer.pk])
    client.force_login(other_org["hr"].user)
    assert client.post(url).status_code == 404
    client.force_login(org["member"].user)
    assert client.post(url).status_code == 403
    newcomer.refresh_from_db()
    assert newcomer.user is None


def test_forgotten_password_is_reset_by_email_without_revealing_addresses(client, org):
    user = org["member"].user
    user.email = "asn@siantar.go.id"
    user.save(update_fields=["email"])
    url = reverse("password_reset")
    known = client.post(url, {"email": "asn@siantar.go.id"})
    unknown = client.post(url, {"email": "tidak-ada@siantar.go.id"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    (message,) = mail.outbox
    assert _set_password(client, _link(message)).status_code == 302
    assert _log_in(client, user.username).status_code == 302


def test_the_reset_form_is_rate_limited_per_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset": (2, 600)}
    url = reverse("password_reset")
    statuses = [
        client.post(url, {"email": f"x{n}@example.com"}).status_code for n in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_a_shared_email_address_signs_nobody_in(client, org):
    for employee in (org["member"], org["outsider"]):
        employee.user.email = "bersama@siantar.go.id"
        employee.user.set_password(NEW_PASSWORD)
        employee.user.save()
    assert _log_in(client, "bersama@siantar.go.id").status_code == 200
    assert _log_in(client, org["member"].user.username).status_code == 302


def test_ending_an_assignment_disables_the_login_and_keeps_the_records(client, org):
    member = org["member"]
    member.user.set_password(NEW_PASSWORD)
    member.user.save()
    client.force_login(org["hr"].user)
    url = reverse("people:employee_end", args=[member.pk])
    refused = client.post(url, {"reason": ""}, follow=True)
    assert "Tulis alasannya" in refused.content.decode()
    assert client.post(url, {"reason": "Pindah ke Pemko Medan"}).status_code == 302
    member.refresh_from_db()
    member.user.refresh_from_db()
    assert not member.is_active
    assert not member.user.is_active
    assert member.history.first().history_change_reason == "Pindah ke Pemko Medan"
    assert _log_in(client, member.user.username).status_code == 200, "cannot sign in"
    client.force_login(org["hr"].user)
    profile = client.get(reverse("people:employee_detail", args=[member.pk]))
    assert profile.status_code == 200, "the profile and its records stay"


def test_only_hr_of_the_agency_ends_an_assignment(client, org, other_org):
    url = reverse("people:employee_end", args=[org["member"].pk])
    client.force_login(other_org["hr"].user)
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(org["supervisor"].user)
    assert client.post(url, {"reason": "x"}).status_code == 403
    org["member"].refresh_from_db()
    assert org["member"].is_active


def test_hr_sees_and_unlocks_a_locked_account_of_their_agency(
    client, org, other_org, settings
):
    member = org["member"]
    member.user.set_password(NEW_PASSWORD)
    member.user.save()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, member.user.username, "salah")
    assert _log_in(client, member.user.username).status_code != 302, "locked"

    client.force_login(other_org["hr"].user)
    page = client.get(reverse("people:locked_accounts")).content.decode()
    assert member.user.username not in page
    assert (
        client.post(
            reverse("people:locked_accounts"), {"username": member.user.username}
        ).status_code
        == 404
    )

    client.force_login(org["hr"].user)
    page = client.get(reverse("people:locked_accounts")).content.decode()
    assert member.user.username in page
    client.post(reverse("people:locked_accounts"), {"username": member.user.username})
    assert _log_in(client, member.user.username).status_code == 302, "unlocked"


def test_an_asn_keeps_their_own_email_and_phone_and_reads_their_history(client, org):
    member = org["member"]
    client.force_login(member.user)
    url = reverse("people:my_contacts")
    bad = client.post(url, {"email": "asn@siantar.go.id", "phone": "telepon saya"})
    assert "Tulis nomor HP Indonesia yang diawali 08 atau +62" in bad.content.decode()
    saved = client.post(url, {"email": "asn@siantar.go.id", "phone": "0812 3456 7890"})
    assert saved.status_code == 302
    member.refresh_from_db()
    member.user.refresh_from_db()
    assert (member.email, member.phone) == ("asn@siantar.go.id", "0812 3456 7890")
    assert member.user.email == "asn@siantar.go.id", "password links go there"
    history = client.get(reverse("people:employee_history", args=[member.pk]))
    assert history.status_code == 200
    assert "0812 3456 7890" in history.content.decode()
    client.force_login(org["outsider"].user)
    other = client.get(reverse("people:employee_history", args=[member.pk]))
    assert other.status_code in (403, 404)


def _newcomer(org, unit, email, **extra):
    return EmployeeFactory(
        agency=org["agency"], unit=unit, user=None, email=email, **extra
    )


def test_hr_creates_accounts_for_a_unit_and_the_units_below_it_at_once(client, org):
    from people.tests.factories import WorkUnitFactory

    bidang = WorkUnitFactory(agency=org["agency"], parent=org["unit"])
    elsewhere = WorkUnitFactory(agency=org["agency"])
    rina = _newcomer(org, org["unit"], "rina@siantar.go.id")
    budi = _newcomer(org, bidang, "budi@siantar.go.id")
    tanpa_email = _newcomer(org, bidang, "")
    other_unit = _newcomer(org, elsewhere, "sari@siantar.go.id")
    left = _newcomer(org, org["unit"], "keluar@siantar.go.id", is_active=False)
    client.force_login(org["hr"].user)

    url = reverse("people:accounts")
    page = client.get(url, {"unit": org["unit"].pk})
    assert page.context["to_create"] == 2
    assert page.context["without_email"] == 1
    assert tanpa_email.name in page.content.decode()

    response = client.post(url, {"unit": org["unit"].pk})
    assert response.status_code == 302
    for employee in (rina, budi, tanpa_email, other_unit, left):
        employee.refresh_from_db()
    assert rina.user.username == rina.nip
    assert budi.user.username == budi.nip
    assert not rina.user.has_usable_password()
    assert tanpa_email.user is None
    assert other_unit.user is None
    assert left.user is None
    assert "Akun dibuat" in {h.history_change_reason for h in rina.history.all()}

    assert deliver_pending_emails() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "budi@siantar.go.id",
        "rina@siantar.go.id",
    ]
    client.logout()
    assert _set_password(client, _link(mail.outbox[0])).status_code == 302

    # A second run (a double click, a retry) finds nobody left and invites nobody.
    client.force_login(org["hr"].user)
    client.post(url, {"unit": org["unit"].pk})
    assert deliver_pending_emails() == 0
    assert len(mail.outbox) == 2


def test_a_nip_already_used_as_a_username_is_listed_not_created(org):
    from django.contrib.auth import get_user_model

    from people import services

    clash = _newcomer(org, org["unit"], "clash@siantar.go.id")
    get_user_model().objects.create_user(username=clash.nip)
    fine = _newcomer(org, org["unit"], "fine@siantar.go.id")

    result = services.create_accounts(
        employees=services.employees_of_unit(org["agency"], None), agency=org["agency"]
    )

    assert result.created == 1
    assert result.username_taken == [clash]
    fine.refresh_from_db()
    assert fine.user is not None


def test_bulk_accounts_stay_in_the_hr_officers_agency(client, org, other_org):
    stranger = _newcomer(other_org, other_org["unit"], "x@binjai.go.id")
    client.force_login(org["hr"].user)
    refused = client.post(reverse("people:accounts"), {"unit": other_org["unit"].pk})
    assert refused.status_code == 200  # the unit is not a choice: form error
    assert "unit" in refused.context["form"].errors
    client.post(reverse("people:accounts"), {"unit": ""})
    stranger.refresh_from_db()
    assert stranger.user is None
