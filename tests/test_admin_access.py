"""The back office (admin:), which the access matrix leaves to this test: only staff
get in, and HR staff see and open only their own agency's rows."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["member", "supervisor", "hr", "leader"])
def test_non_staff_are_sent_to_the_admin_login(client, org, role):
    client.force_login(org[role].user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_is_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:people_employee_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.fixture
def hr_staff(client, org):
    user = org["hr"].user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    return client


def test_hr_staff_list_only_their_agency(hr_staff, org, other_org):
    response = hr_staff.get(reverse("admin:people_employee_changelist"))
    assert response.status_code == 200
    shown = {employee.agency_id for employee in response.context["cl"].result_list}
    assert shown == {org["agency"].pk}


def test_hr_staff_cannot_open_another_agencys_row(hr_staff, org, other_org):
    own = reverse("admin:people_employee_change", args=[org["member"].pk])
    foreign = reverse("admin:people_employee_change", args=[other_org["member"].pk])
    assert hr_staff.get(own).status_code == 200
    # The admin answers an object outside the queryset with a redirect to its index.
    response = hr_staff.get(foreign)
    assert response.status_code == 302
    assert (
        other_org["member"].name
        not in hr_staff.get(response["Location"]).content.decode()
    )


def test_hr_staff_do_not_see_the_superuser_only_modules(hr_staff):
    response = hr_staff.get(reverse("admin:index"))
    assert response.status_code == 200
    assert reverse("admin:notifications_notification_changelist") not in (
        response.content.decode()
    )
