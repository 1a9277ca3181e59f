"""HR make, list and revoke their agency's API keys in the portal; a key's secret
is shown once and stored only as a keyed hash."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from api.keys import split_key
from api.models import ApiKey
from api.tests.keys import api_client, make_key


def _create(client, **overrides):
    data = {
        "name": "Dasbor BI BKPSDM",
        "scopes": ["read_people", "read_training"],
        "expires_on": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
        **overrides,
    }
    return client.post(reverse("api_keys:create"), data)


def _secret_on(response) -> str:
    match = re.search(r'value="(asn_[0-9a-f]{12}_[^"]+)"', response.content.decode())
    assert match, "the new key is shown"
    return match.group(1)


def test_hr_makes_a_key_sees_it_once_and_it_reads_their_agency(login, org):
    hr = login(org["hr"])
    response = _create(hr)
    assert response.status_code == 200
    secret = _secret_on(response)
    key = ApiKey.objects.get()
    assert key.agency == org["agency"]
    assert key.created_by == org["hr"].user
    assert key.scopes == ["read_people", "read_training"]
    # Stored hashed: neither the secret nor its random part is in the row.
    prefix, random_part = split_key(secret)
    assert key.prefix == prefix
    stored = " ".join(str(v) for v in ApiKey.objects.values().get().values())
    assert random_part not in stored
    # The list shows the prefix, never the secret again.
    listing = hr.get(reverse("api_keys:list")).content.decode()
    assert f"asn_{prefix}_" in listing
    assert random_part not in listing
    assert "Dasbor BI BKPSDM" in listing

    answer = api_client(secret).get(reverse("api:root"))
    assert answer.status_code == 200
    assert answer.json()["agency"]["code"] == org["agency"].code
    assert answer.json()["scopes"] == ["read_people", "read_training"]
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_the_navigation_leads_hr_to_the_keys(login, org):
    page = login(org["hr"]).get(reverse("home")).content.decode()
    assert reverse("api_keys:list") in page
    page = login(org["member"]).get(reverse("home")).content.decode()
    assert reverse("api_keys:list") not in page


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"scopes": []}, "Pilih paling sedikit satu izin."),
        ({"expires_on": "2020-01-01"}, "Tanggal berlaku harus sesudah hari ini."),
        ({"expires_on": "2099-01-01"}, "Kunci berlaku paling lama 730 hari."),
        ({"name": ""}, "Bidang ini tidak boleh kosong."),
    ],
)
def test_a_bad_key_form_says_why_at_the_field_and_makes_nothing(
    login, org, overrides, field_message
):
    response = _create(login(org["hr"]), **overrides)
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert not ApiKey.objects.exists()


def test_a_revoked_key_is_refused_at_its_next_request(login, org):
    key, secret = make_key(org)
    client = api_client(secret)
    assert client.get(reverse("api:root")).status_code == 200
    hr = login(org["hr"])
    url = reverse("api_keys:revoke", args=[key.pk])
    # Without script, a confirmation page asks first, and nothing changes.
    asked = hr.post(url)
    assert "Cabut kunci Dasbor BI?" in asked.content.decode()
    assert client.get(reverse("api:root")).status_code == 200
    done = hr.post(url, {"confirmed": "1"}, follow=True)
    assert "dicabut: tidak dapat dipakai lagi" in done.content.decode()
    assert client.get(reverse("api:root")).status_code == 401
    key.refresh_from_db()
    assert key.revoked_by == org["hr"].user
    assert "Dicabut" in hr.get(reverse("api_keys:list")).content.decode()


def test_hr_never_sees_or_revokes_another_agencys_key(login, org, other_org):
    other_key, secret = make_key(other_org, name="Kunci instansi B")
    hr = login(org["hr"])
    assert "Kunci instansi B" not in hr.get(reverse("api_keys:list")).content.decode()
    url = reverse("api_keys:revoke", args=[other_key.pk])
    assert hr.post(url, {"confirmed": "1"}).status_code == 404
    assert api_client(secret).get(reverse("api:root")).status_code == 200


def test_an_expired_key_is_listed_as_such(login, org):
    key, _secret = make_key(org)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ApiKey.objects.filter(pk=key.pk).update(expires_on=yesterday)
    page = login(org["hr"]).get(reverse("api_keys:list")).content.decode()
    assert "Kedaluwarsa" in page
