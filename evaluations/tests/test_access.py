"""Runs evaluations' access rules: each role of agency A is allowed exactly where
the rule says, and agency B's roles never reach agency A's objects. (The project's
access-matrix test runs the same RULES across all apps.)"""

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse

from evaluations.tests.access_rules import RULES
from tests.access import ANONYMOUS, MENTOR

pytestmark = pytest.mark.django_db

# The org fixture has no mentor; an unrelated ASN of the agency stands in.
ROLE_PEOPLE = {
    "asn": "member",
    "supervisor": "supervisor",
    "hr": "hr",
    "leader": "leader",
    MENTOR: "outsider",
}


def _request(client, rule, org):
    args = rule.args(org) if rule.args else []
    data = rule.data(org) if rule.data else {}
    url = reverse(rule.url_name, args=args)
    if rule.method == "POST":
        return client.post(url, data)
    return client.get(url)


def _refused(response) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    return response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("rule", RULES, ids=[f"{r.method} {r.url_name}" for r in RULES])
def test_each_role_is_allowed_exactly_where_the_rule_says(client, org, rule):
    for role in [ANONYMOUS, *ROLE_PEOPLE]:
        client.logout()
        if role != ANONYMOUS:
            client.force_login(org[ROLE_PEOPLE[role]].user)
        response = _request(client, rule, org)
        if role in rule.allowed:
            assert not _refused(response), f"{role} refused ({response.status_code})"
            assert response.status_code < 400, f"{role}: {response.status_code}"
            # An allowed action really succeeds: no form error sent it back.
            errors = [
                str(m)
                for m in get_messages(response.wsgi_request)
                if m.level == messages.ERROR
            ]
            assert not errors, f"{role}: {errors}"
        else:
            assert _refused(response), f"{role} allowed ({response.status_code})"


@pytest.mark.parametrize(
    "rule", [r for r in RULES if r.args], ids=lambda r: f"{r.method} {r.url_name}"
)
def test_other_agency_never_reaches_the_object(client, org, other_org, rule):
    for role, key in ROLE_PEOPLE.items():
        client.force_login(other_org[key].user)
        response = _request(client, rule, org)
        assert response.status_code in (403, 404), f"{role}: {response.status_code}"
