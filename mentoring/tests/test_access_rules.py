"""Runs this app's access rules: every role of agency A on every mentoring URL, and
every role of agency B on agency A's objects. Until the project-wide access matrix
lands, this proves the rules file is complete and true for mentoring."""

import pytest
from django.urls import get_resolver, reverse

from mentoring.tests.access_rules import RULES
from tests.access import ALL_ROLES, ANONYMOUS, MENTOR

pytestmark = pytest.mark.django_db

ROLE_KEYS = {"asn": "member", "supervisor": "supervisor", MENTOR: "mentor"}


def _request(client, org, role, rule, args):
    client.logout()
    if role != ANONYMOUS:
        client.force_login(org[ROLE_KEYS.get(role, role)].user)
    url = reverse(rule.url_name, args=args)
    data = rule.data(org) if rule.data else {}
    response = getattr(client, rule.method.lower())(url, data)
    return response


def _refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def test_every_mentoring_url_has_a_rule():
    names = {
        f"mentoring:{p.name}"
        for p in get_resolver().url_patterns
        if getattr(p, "namespace", None) == "mentoring"
        for p in p.url_patterns
    }
    assert names == {rule.url_name for rule in RULES}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.method} {r.url_name}")
@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_role_in_own_agency(client, org, rule, role):
    args = rule.args(org) if rule.args else []
    response = _request(client, org, role, rule, args)
    if role in rule.allowed:
        assert not _refused(response), f"{role} refused: {response.status_code}"
    else:
        assert _refused(response), f"{role} let in: {response.status_code}"


@pytest.mark.parametrize(
    "rule", [r for r in RULES if r.args], ids=lambda r: f"{r.method} {r.url_name}"
)
@pytest.mark.parametrize("role", sorted(ALL_ROLES - {ANONYMOUS}))
def test_role_of_another_agency_is_refused(client, org, other_org, rule, role):
    args = rule.args(org)
    response = _request(client, other_org, role, rule, args)
    assert _refused(response), f"{role} of agency B: {response.status_code}"
