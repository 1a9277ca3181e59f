"""The access matrix: every URL the resolver knows, opened by every role.

Rules live in `<app>/tests/access_rules.py` (format in tests/access.py). A URL without a
rule fails `test_every_url_is_declared`, so no view can be added unguarded; each rule
is then checked for every role of agency A, for the same roles of agency B on agency
A's object, and, for unsafe methods, for refusing a request without a CSRF token.
Every Excel file a role downloads on the way is checked for the layout all exports
share (tests/sheets.py)."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from tests.access import (
    ALL_ROLES,
    ANONYMOUS,
    ASN,
    HR,
    LEADER,
    MENTOR,
    SUPERVISOR,
    Rule,
    collect_rules,
    resolver_url_names,
)
from tests.sheets import assert_layout, body, is_xlsx

RULES = collect_rules()
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# The org fixture's key for each role.
ROLE_KEYS = {
    ASN: "member",
    SUPERVISOR: "supervisor",
    MENTOR: "mentor",
    HR: "hr",
    LEADER: "leader",
}


def _rule_id(rule: Rule) -> str:
    return f"{rule.url_name}[{rule.method}]"


def _cases(roles_of_rule):
    return [
        pytest.param(rule, role, id=f"{_rule_id(rule)}-{role}")
        for rule in RULES
        for role in sorted(roles_of_rule(rule))
    ]


def _user(org, role):
    if role == ANONYMOUS:
        return None
    key = ROLE_KEYS[role]
    if key not in org:
        pytest.skip(f"the org fixture has no {key!r} yet, so {role} is not checked")
    return org[key].user


def _client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def _request(client: Client, rule: Rule, org, *, args_org=None, csrf=True):
    url = reverse(rule.url_name, args=rule.args(args_org or org) if rule.args else None)
    method = rule.method.lower()
    if rule.method in SAFE_METHODS:
        return url, getattr(client, method)(url)
    # The form data describes the object, so it comes from the object's agency.
    data = rule.data(args_org or org) if rule.data else {}
    extra = {}
    if csrf:
        # An unmasked secret is a valid token when cookie and header carry it.
        token = get_random_string(32)
        client.cookies[settings.CSRF_COOKIE_NAME] = token
        extra["HTTP_X_CSRFTOKEN"] = token
    return url, getattr(client, method)(url, data, **extra)


def _sent_to_login(response) -> bool:
    if response.status_code not in (301, 302):
        return False
    target = urlsplit(response["Location"])
    return target.path == reverse(settings.LOGIN_URL) and "next=" in target.query


def _opened(response) -> bool:
    """Served (a page or a file) or sent on, anywhere but to the login page."""
    if response.status_code == 200:
        return True
    return response.status_code in (301, 302, 303) and not _sent_to_login(response)


def _refused(response, *, anonymous: bool) -> bool:
    # 401: the API (/api/v1/) reads keys only, so a session, any role's, gets none.
    if response.status_code in (401, 403, 404):
        return True
    return anonymous and _sent_to_login(response)


def test_every_url_is_declared():
    names, unnamed = resolver_url_names()
    declared = {rule.url_name for rule in RULES}
    undeclared = sorted(names - declared)
    assert not unnamed, f"URL patterns without a name (name them): {unnamed}"
    assert not undeclared, (
        "URLs with no access rule (add them to <app>/tests/access_rules.py): "
        + ", ".join(undeclared)
    )
    stale = sorted(declared - names)
    assert not stale, f"Access rules for URLs that do not exist: {stale}"


def test_rules_name_only_known_roles():
    for rule in RULES:
        unknown = (rule.allowed | rule.cross_agency_allowed) - ALL_ROLES
        assert not unknown, f"{_rule_id(rule)}: unknown roles {unknown}"


@pytest.mark.parametrize(("rule", "role"), _cases(lambda rule: ALL_ROLES))
def test_role_on_own_agency(rule, role, org):
    user = _user(org, role)
    url, response = _request(_client(user), rule, org)
    if role in rule.allowed:
        assert _opened(response), (
            f"{role} may open {rule.method} {url}, got {response.status_code}"
        )
        if is_xlsx(response):
            assert_layout(body(response))
    else:
        assert _refused(response, anonymous=user is None), (
            f"{role} must not open {rule.method} {url}, got {response.status_code}"
        )


@pytest.mark.parametrize(
    ("rule", "role"),
    _cases(lambda rule: rule.allowed - {ANONYMOUS} if rule.args else set()),
)
def test_same_role_of_another_agency(rule, role, org, other_org):
    """Agency B's people may not reach agency A's objects, whatever their role."""
    user = _user(other_org, role)
    url, response = _request(_client(user), rule, other_org, args_org=org)
    if role in rule.cross_agency_allowed:
        assert _opened(response), f"{role} of B may open {url} on purpose"
    else:
        assert response.status_code in (403, 404), (
            f"{role} of another agency opened {rule.method} {url}: "
            f"{response.status_code}"
        )


@pytest.mark.parametrize(
    ("rule", "role"),
    _cases(lambda rule: set() if rule.method in SAFE_METHODS else ALL_ROLES),
)
def test_unsafe_method_without_csrf_token_is_refused(rule, role, org):
    user = _user(org, role)
    url, response = _request(_client(user), rule, org, csrf=False)
    assert response.status_code == 403, (
        f"{rule.method} {url} without a CSRF token as {role}: {response.status_code}"
    )


# The matrix checking itself: an unguarded view is caught twice over.


@pytest.mark.urls("tests.unguarded_urls")
def test_a_new_url_without_a_rule_is_reported():
    names, _ = resolver_url_names()
    assert "unguarded:record" in names
    assert "unguarded:record" not in {rule.url_name for rule in RULES}


@pytest.mark.urls("tests.unguarded_urls")
def test_a_view_without_its_permission_check_is_caught(org, other_org):
    rule = Rule(
        "unguarded:record",
        allowed=frozenset({HR}),
        args=lambda org: [org["member"].pk],
    )
    _, as_asn = _request(_client(org["member"].user), rule, org)
    assert not _refused(as_asn, anonymous=False), "the ASN got in: the matrix fails"
    _, as_other_hr = _request(
        _client(other_org["hr"].user), rule, other_org, args_org=org
    )
    assert as_other_hr.status_code == 200, "another agency got in: the matrix fails"
