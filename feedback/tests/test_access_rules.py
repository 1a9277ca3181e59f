"""Runs feedback's access rules for every role of agency A, and agency B's roles on
agency A's objects, until the project-wide access matrix does it for all apps."""

import pytest
from django.urls import reverse

from feedback.tests.access_rules import RULES
from tests.access import ALL_ROLES, ANONYMOUS, ASN, HR, LEADER, MENTOR, SUPERVISOR

pytestmark = pytest.mark.django_db

ROLE_PEOPLE = {
    ASN: "member",
    SUPERVISOR: "supervisor",
    MENTOR: "outsider",  # no mentoring data here: an ASN without a team
    HR: "hr",
    LEADER: "leader",
}


def _opened(client, rule, org, url) -> bool:
    data = rule.data(org) if rule.data else {}
    response = getattr(client, rule.method.lower())(url, data)
    if response.status_code in (403, 404):
        return False
    if response.status_code == 302 and "/masuk/" in response.url:
        return False
    assert response.status_code < 500, url
    return True


def test_every_feedback_url_name_has_a_rule():
    from feedback import urls

    names = {f"feedback:{p.name}" for p in urls.urlpatterns}
    assert names == {rule.url_name for rule in RULES}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.url_name}-{r.method}")
@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_rule(rule, role, client, org, other_org):
    if role != ANONYMOUS:
        client.force_login(org[ROLE_PEOPLE[role]].user)
    url = reverse(rule.url_name, args=rule.args(org) if rule.args else [])
    assert _opened(client, rule, org, url) == (role in rule.allowed), url
    if rule.args is None:
        return
    client.logout()
    if role != ANONYMOUS:
        client.force_login(other_org[ROLE_PEOPLE[role]].user)
    url = reverse(rule.url_name, args=rule.args(org))
    assert _opened(client, rule, org, url) == (role in rule.cross_agency_allowed), url
