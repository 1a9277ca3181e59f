"""Who is signed in costs little on every page: the session is read from the cache,
the account and its employee profile come in one query, and the permissions from
the shared cache. A permission taken away is gone on the very next page."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.roles import ROLE_GROUPS, Role

pytestmark = pytest.mark.django_db


def page_sql(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries]


def test_a_second_page_reads_no_session_and_no_permission(login, org):
    client = login(org["hr"])
    url = reverse("notifications:inbox")
    page_sql(client, url)
    again = page_sql(client, url)
    reads = [sql for sql in again if sql.startswith("SELECT")]
    assert not [sql for sql in reads if "django_session" in sql]
    assert not [sql for sql in reads if "auth_permission" in sql]
    # The account and its employee profile: one statement.
    accounts = [sql for sql in reads if 'FROM "auth_user"' in sql]
    assert len(accounts) == 1
    assert "people_employee" in accounts[0]


def test_leaving_the_hr_group_takes_its_pages_away_at_once(login, org):
    client = login(org["hr"])
    url = reverse("people:accounts")
    assert client.get(url).status_code == 200
    org["hr"].user.groups.remove(Group.objects.get(name=ROLE_GROUPS[Role.HR]))
    assert client.get(url).status_code == 403


def test_a_permission_taken_from_the_group_is_gone_on_the_next_page(login, org):
    client = login(org["hr"])
    url = reverse("people:accounts")
    assert client.get(url).status_code == 200
    group = Group.objects.get(name=ROLE_GROUPS[Role.HR])
    group.permissions.remove(Permission.objects.get(codename="change_employee"))
    assert client.get(url).status_code == 403


def test_a_deactivated_account_is_signed_out_on_the_next_page(login, org):
    client = login(org["member"])
    assert client.get(reverse("home")).status_code == 200
    user = org["member"].user
    user.is_active = False
    user.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
