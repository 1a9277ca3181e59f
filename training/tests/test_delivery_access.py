"""Every delivery URL as anonymous, each role of the agency, and the other agency.

Allowed: 200, or a redirect that is not to the login page (POST workflows).
Refused: anonymous → login page (public pages excepted); logged-in → 403 or 404;
another agency's staff on an object URL → 403 or 404."""

import pytest
from django.urls import reverse

from tests.access import ANONYMOUS, ASN, HR, LEADER, SUPERVISOR
from training.tests.access_rules_delivery import RULES

pytestmark = pytest.mark.django_db

ROLE_PEOPLE = {ASN: "member", SUPERVISOR: "supervisor", HR: "hr", LEADER: "leader"}


def _request(client, rule, url, org):
    if rule.method == "POST":
        return client.post(url, rule.data(org) if rule.data else {})
    return client.get(url)


def _is_allowed(response) -> bool:
    if response.status_code == 200:
        return True
    if response.status_code == 302:
        return not response.url.startswith(reverse("login"))
    return False


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.url_name)
@pytest.mark.parametrize("role", [ANONYMOUS, ASN, SUPERVISOR, HR, LEADER])
def test_each_role_is_let_in_or_refused_as_declared(client, org, rule, role):
    url = reverse(rule.url_name, args=rule.args(org) if rule.args else [])
    if role != ANONYMOUS:
        client.force_login(org[ROLE_PEOPLE[role]].user)
    response = _request(client, rule, url, org)
    if role in rule.allowed:
        assert _is_allowed(response), (role, response.status_code)
    elif role == ANONYMOUS:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code in (403, 404), (role, response.status_code)


@pytest.mark.parametrize("rule", [r for r in RULES if r.args], ids=lambda r: r.url_name)
@pytest.mark.parametrize("role", [ASN, SUPERVISOR, HR, LEADER])
def test_another_agency_never_reaches_an_object(client, org, other_org, rule, role):
    url = reverse(rule.url_name, args=rule.args(org))
    client.force_login(other_org[ROLE_PEOPLE[role]].user)
    response = _request(client, rule, url, org)
    if role in rule.cross_agency_allowed:
        assert _is_allowed(response)
    else:
        assert response.status_code in (403, 404), (role, response.status_code)
