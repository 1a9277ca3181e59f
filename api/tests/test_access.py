"""The API's access matrix, with keys: every /api/v1/ endpoint refuses a request
without a key (401), with an unknown, revoked or expired key (401), with a key
that lacks its scope (403), and answers another agency's key with a 404 for an
object of agency A or a list that holds none of A's rows."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiKey, Scope
from api.tests.keys import ALL_SCOPES, api_client, make_key
from tests.access import resolver_url_names


@dataclass(frozen=True)
class KeyRule:
    url_name: str
    scope: str | None  # None: any valid key
    # Builds agency A's object and returns the URL's args (object endpoints).
    args: Callable[[dict], list] | None = None
    # Builds agency A's row and returns its id in a list's results (list endpoints).
    row: Callable[[dict], object] | None = None
    # Builds agency A's object and returns the query naming it (lookups by value).
    query: Callable[[dict], dict] | None = None


def _unit_row(org):
    return org["unit"].pk


def _member_row(org):
    return org["member"].pk


def _member_nip(org):
    return [org["member"].nip]


def _certificate_number(org):
    from training.tests.access_rules import member_certificate

    return {"number": member_certificate(org).number}


KEY_RULES = [
    KeyRule("api:root", scope=None),
    KeyRule("api:units", scope=Scope.READ_PEOPLE, row=_unit_row),
    KeyRule("api:employees", scope=Scope.READ_PEOPLE, row=_member_row),
    KeyRule("api:employee_detail", scope=Scope.READ_PEOPLE, args=_member_nip),
    KeyRule("api:employee_jp", scope=Scope.READ_TRAINING, args=_member_nip),
    KeyRule("api:jp_totals", scope=Scope.READ_TRAINING, row=_member_row),
    KeyRule(
        "api:certificate_verify", scope=Scope.READ_TRAINING, query=_certificate_number
    ),
]


def _url(rule, org):
    """The URL of agency A's object, with its query: built once per test."""
    url = reverse(rule.url_name, args=rule.args(org) if rule.args else None)
    return url + ("?" + urlencode(rule.query(org)) if rule.query else "")


def _get(client, rule, url):
    return client.get(url)


def by_rule(test):
    return pytest.mark.parametrize(
        "rule", KEY_RULES, ids=[rule.url_name for rule in KEY_RULES]
    )(test)


def test_every_api_endpoint_has_a_key_rule():
    names, _unnamed = resolver_url_names()
    endpoints = {name for name in names if name.startswith("api:")}
    declared = {rule.url_name for rule in KEY_RULES}
    assert endpoints == declared


@by_rule
def test_no_key_is_401_and_says_how(rule, org, login):
    url = _url(rule, org)
    response = _get(api_client(), rule, url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    # A signed-in HR's session opens nothing either: keys only.
    assert _get(login(org["hr"]), rule, url).status_code == 401


@by_rule
def test_an_unknown_revoked_or_expired_key_is_401(rule, org):
    url = _url(rule, org)
    _key, secret = make_key(org)
    forged = secret[:-4] + ("aaaa" if not secret.endswith("aaaa") else "bbbb")
    assert _get(api_client(forged), rule, url).status_code == 401
    assert _get(api_client("asn_nonsense"), rule, url).status_code == 401

    revoked, revoked_secret = make_key(org)
    ApiKey.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    response = _get(api_client(revoked_secret), rule, url)
    assert response.status_code == 401
    assert "dicabut" in response.json()["detail"]

    expired, expired_secret = make_key(org)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ApiKey.objects.filter(pk=expired.pk).update(expires_on=yesterday)
    response = _get(api_client(expired_secret), rule, url)
    assert response.status_code == 401
    assert "kedaluwarsa" in response.json()["detail"]


@by_rule
def test_a_key_without_the_scope_is_403_and_with_it_200(rule, org):
    url = _url(rule, org)
    if rule.scope is not None:
        others = [s for s in ALL_SCOPES if s != rule.scope]
        _key, secret = make_key(org, scopes=others)
        response = _get(api_client(secret), rule, url)
        assert response.status_code == 403
        assert rule.scope in response.json()["detail"]
    _key, secret = make_key(org, scopes=[rule.scope] if rule.scope else ["read_people"])
    for keyword in ("Bearer", "Api-Key"):
        response = _get(api_client(secret, keyword=keyword), rule, url)
        assert response.status_code == 200, response.content
        assert response["Content-Type"] == "application/json"
        assert "no-store" in response["Cache-Control"]


@by_rule
def test_another_agencys_key_never_reaches_agency_a(rule, org, other_org):
    url = _url(rule, org)
    row = rule.row(org) if rule.row else None
    _key, secret = make_key(other_org)
    response = _get(api_client(secret), rule, url)
    if rule.args or rule.query:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    if row is not None:
        ids = [item["id"] for item in response.json()["results"]]
        assert ids, "agency B's key reads B's own rows"
        assert row not in ids
        _key, own_secret = make_key(org)
        own = _get(api_client(own_secret), rule, url).json()["results"]
        assert row in [item["id"] for item in own]
