"""The API's access matrix, with keys: every /api/v1/ endpoint refuses a request
without a key (401), with an unknown, revoked or expired key (401), with a key
that lacks its scope (403), and answers another agency's key with a 404 for an
object of agency A or a list that holds none of A's rows."""

import datetime
import json
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
    # Builds the body of a write naming agency A's object (POST endpoints).
    body: Callable[[dict], dict | list] | None = None
    # What another agency's key gets for A's object: 404, or for the employee
    # upsert the Excel import's refusal of a NIP of another agency (400).
    elsewhere: int = 404


def _unit_row(org):
    return org["unit"].pk


def _member_row(org):
    return org["member"].pk


def _member_nip(org):
    return [org["member"].nip]


def _certificate_number(org):
    from training.tests.access_rules import member_certificate

    return {"number": member_certificate(org).number}


def _session(org):
    from training.tests.factories import finished_session

    return finished_session(org["agency"])


def _session_row(org):
    return _session(org).pk


def _session_args(org):
    from training.tests.factories import attended

    return [attended(_session(org), org["member"]).session_id]


def _period(org):
    from evaluations.tests.factories import make_period

    return make_period(org["agency"])


def _period_row(org):
    return _period(org).pk


def _period_args(org):
    from evaluations.tests.factories import make_submitted

    return [make_submitted(org["member"], _period(org)).period_id]


def _talent_box_args(org):
    from evaluations.tests.factories import make_rated

    return [make_rated(org["member"], _period(org)).period_id]


def _complaint_row(org):
    from feedback.tests.factories import ComplaintFactory

    return ComplaintFactory(service_unit__work_unit=org["unit"]).pk


def _training_record(org):
    from api.tests.test_training_records import training_record

    return training_record(org)


def _member_upsert(org):
    member = org["member"]
    return [
        {
            "nipBaru": member.nip,
            "nama": member.name,
            "jenisPegawaiNama": "PNS",
            "jenisJabatan": "Pelaksana",
            "jabatanNama": "Analis SDM",
            "unorKode": org["unit"].code,
        }
    ]


def _service_unit_row(org):
    from feedback.tests.factories import SurveyResponseFactory

    return SurveyResponseFactory(service_unit__work_unit=org["unit"]).service_unit_id


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
    KeyRule("api:sessions", scope=Scope.READ_TRAINING, row=_session_row),
    KeyRule("api:session_enrolments", scope=Scope.READ_TRAINING, args=_session_args),
    KeyRule("api:evaluation_periods", scope=Scope.READ_EVALUATIONS, row=_period_row),
    KeyRule("api:period_results", scope=Scope.READ_EVALUATIONS, args=_period_args),
    KeyRule("api:talent_box", scope=Scope.READ_EVALUATIONS, args=_talent_box_args),
    KeyRule("api:ikm", scope=Scope.READ_PUBLIC_SERVICE, row=_service_unit_row),
    KeyRule("api:complaints", scope=Scope.READ_PUBLIC_SERVICE, row=_complaint_row),
    KeyRule(
        "api:training_records",
        scope=Scope.WRITE_TRAINING_RECORDS,
        body=_training_record,
    ),
    KeyRule(
        "api:employee_batch",
        scope=Scope.WRITE_PEOPLE,
        body=_member_upsert,
        elsewhere=400,
    ),
]


def _url(rule, org):
    """The URL of agency A's object, with its query (or the body of a write
    naming it): built once per test."""
    url = reverse(rule.url_name, args=rule.args(org) if rule.args else None)
    if rule.body:
        return url, rule.body(org)
    return url + ("?" + urlencode(rule.query(org)) if rule.query else "")


def _get(client, rule, url):
    """GET the URL, or for a write POST its body (sent again with the same
    Idempotency-Key, a write answers its first record again)."""
    if rule.body:
        path, body = url
        return client.post(
            path,
            json.dumps(body),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="access-rules",
        )
    return client.get(url)


def _ids(answer) -> list:
    """The ids of a list's rows: a cursor page's results, or a plain list."""
    rows = answer["results"] if isinstance(answer, dict) else answer
    return [row.get("id", row.get("service_unit_id")) for row in rows]


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
        assert response.status_code in (200, 201), response.content
        assert response["Content-Type"] == "application/json"
        assert "no-store" in response["Cache-Control"]


@by_rule
def test_another_agencys_key_never_reaches_agency_a(rule, org, other_org):
    url = _url(rule, org)
    _key, secret = make_key(other_org)
    if rule.args or rule.query or rule.body:
        assert _get(api_client(secret), rule, url).status_code == rule.elsewhere
        return
    if rule.row is None:
        return
    row, other_row = rule.row(org), rule.row(other_org)
    theirs = _ids(_get(api_client(secret), rule, url).json())
    assert other_row in theirs, "agency B's key reads B's own rows"
    assert row not in theirs
    _key, own_secret = make_key(org)
    ours = _ids(_get(api_client(own_secret), rule, url).json())
    assert row in ours
    assert other_row not in ours
