"""Who is signed in costs little on every page: the session is read from the cache,
the account and its employee profile come in one query, and the permissions from
the shared cache, and so do the roles. A permission or role taken away is gone on
the very next page, whatever wrote the change."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people import identity
from people.models import Employee
from people.roles import ROLE_GROUPS, Role, roles_of

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


def _roles(employee):
    """The roles as a new request sees them (a fresh account object)."""
    return roles_of(get_user_model().objects.get(pk=employee.user_id))


def test_a_second_page_computes_no_roles(login, org):
    client = login(org["supervisor"])
    url = reverse("notifications:inbox")
    first = page_sql(client, url)
    assert [sql for sql in first if '"is_supervisor"' in sql]
    again = page_sql(client, url)
    assert not [sql for sql in again if '"is_supervisor"' in sql]
    assert not [sql for sql in again if "auth_user_groups" in sql]


def test_a_direct_report_given_by_a_bulk_update_makes_a_supervisor_at_once(login, org):
    """An import writes the org chart with queryset updates (no model signal): the
    roles follow on the next page all the same, both ways."""
    client = login(org["member"])
    url = reverse("people:delegation_create")
    assert client.get(url).status_code == 403
    Employee.objects.filter(pk=org["outsider"].pk).update(supervisor=org["member"])
    assert client.get(url).status_code == 200
    Employee.objects.filter(pk=org["outsider"].pk).update(is_active=False)
    assert client.get(url).status_code == 403


def test_an_ended_pair_and_profile_end_the_mentor_role_at_once(org):
    from mentoring.models import MentorProfile, Pair

    assert Role.MENTOR in _roles(org["mentor"])
    Pair.objects.filter(mentor=org["mentor"]).update(status=Pair.Status.COMPLETED)
    MentorProfile.objects.filter(employee=org["mentor"]).update(is_active=False)
    assert Role.MENTOR not in _roles(org["mentor"])


def test_signing_in_keeps_everyone_s_cached_identity(org):
    user = org["member"].user
    before = identity.generation()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert identity.generation() == before
    user.first_name = "Baru"
    user.save()
    assert identity.generation() != before


def test_the_tables_behind_every_role_are_watched():
    assert {
        "auth_user_groups",
        "people_employee",
        "people_delegation",
        "mentoring_pair",
        "mentoring_mentorprofile",
    } <= identity.identity_tables()
