"""Checks this app's access rules the way the project-wide matrix does, so a wrong
rule fails here first. (Mentor is derived from mentoring data and left to that app.)"""

import pytest
from django.urls import reverse

from people.tests.access_rules import RULES
from tests.access import ANONYMOUS, ASN, HR, LEADER, SUPERVISOR

pytestmark = pytest.mark.django_db
ROLE_PEOPLE = {ASN: "member", SUPERVISOR: "supervisor", HR: "hr", LEADER: "leader"}


def _request(client, rule, org):
    args = rule.args(org) if rule.args else []
    url = reverse(rule.url_name, args=args)
    if rule.method == "POST":
        return client.post(url, rule.data(org) if rule.data else {})
    return client.get(url)


def _refused(response) -> bool:
    login = reverse("login")
    redirected_to_login = response.status_code == 302 and response.url.startswith(
        login + "?"
    )
    return response.status_code in (403, 404) or redirected_to_login


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.url_name)
def test_rule_matches_what_the_url_does(client, org, other_org, rule):
    response = _request(client, rule, org)
    assert _refused(response) != (ANONYMOUS in rule.allowed), ANONYMOUS
    for role, key in ROLE_PEOPLE.items():
        client.force_login(org[key].user)
        response = _request(client, rule, org)
        assert _refused(response) != (role in rule.allowed), (role, response)
        if rule.args and role not in rule.cross_agency_allowed:
            client.force_login(other_org[key].user)
            assert _refused(_request(client, rule, org)), (role, "other agency")
