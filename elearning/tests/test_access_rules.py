"""This app's access rules, checked for every role of agency A and, on agency A's
objects, for the same roles of agency B. (The project-wide matrix runs the same rules
with CSRF checks on; this keeps the e-learning app honest on its own branch.)"""

import pytest
from django.urls import reverse

from elearning.tests.access_rules import RULES
from tests.access import ALL_ROLES, ANONYMOUS

pytestmark = pytest.mark.django_db

ROLE_KEYS = {
    "asn": "member",
    "supervisor": "supervisor",
    "hr": "hr",
    "leader": "leader",
}


def _cases(roles_of_rule):
    return [
        pytest.param(rule, role, id=f"{rule.url_name}[{rule.method}]-{role}")
        for rule in RULES
        for role in sorted(roles_of_rule(rule) & ({ANONYMOUS} | set(ROLE_KEYS)))
    ]


def _open(client, rule, org, args_org):
    url = reverse(rule.url_name, args=rule.args(args_org) if rule.args else None)
    if rule.method == "GET":
        return url, client.get(url)
    return url, client.post(url, rule.data(org) if rule.data else {})


def _to_login(response):
    return response.status_code == 302 and response["Location"].startswith(
        reverse("login")
    )


@pytest.mark.parametrize(("rule", "role"), _cases(lambda rule: ALL_ROLES))
def test_role_on_own_agency(client, org, rule, role):
    if role != ANONYMOUS:
        client.force_login(org[ROLE_KEYS[role]].user)
    url, response = _open(client, rule, org, org)
    if role in rule.allowed:
        assert response.status_code in (200, 302), f"{role}: {url}"
        assert not _to_login(response), f"{role} sent to login from {url}"
    elif role == ANONYMOUS:
        assert _to_login(response), f"anonymous reached {url}"
    else:
        assert response.status_code in (403, 404), (
            f"{role} must not open {rule.method} {url}: {response.status_code}"
        )


@pytest.mark.parametrize(
    ("rule", "role"),
    _cases(lambda rule: rule.allowed - {ANONYMOUS} if rule.args else set()),
)
def test_same_role_of_another_agency_gets_404(client, org, other_org, rule, role):
    client.force_login(other_org[ROLE_KEYS[role]].user)
    url, response = _open(client, rule, other_org, org)
    assert response.status_code == 404, f"{role} of B opened {url}"
