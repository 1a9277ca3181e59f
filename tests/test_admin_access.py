"""The back office (admin:), which the access matrix leaves to this test: only staff
get in, and HR staff see and open only their own agency's rows."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from people import scope
from people.admin import AgencyScopedAdmin
from people.models import Agency
from people.roles import ROLE_GROUPS, Role, sync_role_groups

pytestmark = pytest.mark.django_db

# Configuration of the whole deployment: one POST on a beat schedule would change a
# job for every agency, so only superusers get in, whatever permissions a group holds.
# An agency tunes its own reminders in the portal (people:reminder_settings).
SUPERUSER_ONLY = [
    PeriodicTask,
    CrontabSchedule,
    IntervalSchedule,
    SolarSchedule,
    ClockedSchedule,
    Group,
    Permission,
]

# Every model in the back office, so that a new admin is checked the day it is added.
REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


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


def _agency_id_of(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj.pk


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_admin_hr_staff_can_open_is_scoped_to_their_agency(
    model, hr_staff, org, other_org
):
    model_admin = admin.site._registry[model]
    opts = model._meta
    response = hr_staff.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    )
    if response.status_code == 403:
        return  # not part of HR's back office
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    if model is Agency:
        assert rows == [org["agency"]]
        return
    assert isinstance(model_admin, AgencyScopedAdmin), (
        f"HR staff can open the {opts.label} admin, which is not an AgencyScopedAdmin"
    )
    foreign = [
        row
        for row in rows
        if _agency_id_of(row, scope.agency_path(model)) != org["agency"].pk
    ]
    assert not foreign, f"{opts.label}: HR of agency A sees {foreign}"


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_hr_staff_open_each_history_page_of_their_own_rows(model, hr_staff, org):
    """Every admin's history page works (tracked by simple_history or not)."""
    opts = model._meta
    response = hr_staff.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    )
    if response.status_code != 200 or not response.context["cl"].result_list:
        return
    row = response.context["cl"].result_list[0]
    history = hr_staff.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[row.pk])
    )
    assert history.status_code == 200


def _one_row_of(model):
    """A row to open in the change form; migrations already create schedules."""
    if model is SolarSchedule:
        return SolarSchedule.objects.create(
            event="sunrise", latitude="3.59", longitude="98.67"
        )
    if model is ClockedSchedule:
        return ClockedSchedule.objects.create(
            clocked_time=timezone.now() + datetime.timedelta(days=1)
        )
    if model is Group:
        return Group.objects.get(name=ROLE_GROUPS[Role.HR])
    return model.objects.order_by("pk").first()


def _admin_pages(model):
    opts = model._meta
    row = _one_row_of(model)
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    pages = [
        reverse(f"{prefix}_changelist"),
        reverse(f"{prefix}_change", args=[row.pk]),
    ]
    if model is not Permission:  # read-only, even for superusers
        pages.append(reverse(f"{prefix}_add"))
    return pages


@pytest.fixture
def hr_granted_everything_global(org):
    """The HR group holding every permission on the global models, as a careless
    superuser might grant them: the back office must still refuse HR."""
    group = Group.objects.get(name=ROLE_GROUPS[Role.HR])
    group.permissions.add(
        *Permission.objects.filter(
            content_type__in=ContentType.objects.get_for_models(
                *SUPERUSER_ONLY
            ).values()
        )
    )
    return group


@pytest.mark.parametrize("model", SUPERUSER_ONLY, ids=lambda m: m._meta.label)
def test_hr_staff_get_403_on_every_global_configuration_page(
    model, hr_staff, hr_granted_everything_global
):
    for url in _admin_pages(model):
        assert hr_staff.get(url).status_code == 403, url
    index = hr_staff.get(reverse("admin:index")).content.decode()
    opts = model._meta
    assert reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") not in index


def test_hr_staff_cannot_post_a_beat_schedule(hr_staff, hr_granted_everything_global):
    """The issue's attack: making the shared escalation job run every minute."""
    task = PeriodicTask.objects.get(
        task="feedback.tasks.escalate_overdue_complaints_task"
    )
    every_minute = IntervalSchedule.objects.create(every=1, period="minutes")
    response = hr_staff.post(
        reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]),
        {"name": task.name, "task": task.task, "interval": every_minute.pk},
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.interval_id is None


@pytest.mark.parametrize("model", SUPERUSER_ONLY, ids=lambda m: m._meta.label)
def test_superusers_still_open_every_global_configuration_page(
    model, client, django_user_model
):
    client.force_login(
        django_user_model.objects.create_superuser("root", "root@example.go.id", "x")
    )
    for url in _admin_pages(model):
        assert client.get(url).status_code == 200, url


def test_permissions_are_read_only_even_for_superusers(admin_client):
    permission = Permission.objects.order_by("pk").first()
    url = reverse("admin:auth_permission_change", args=[permission.pk])
    response = admin_client.post(url, {"name": "renamed", "codename": "renamed"})
    assert response.status_code == 403
    permission.refresh_from_db()
    assert permission.codename != "renamed"


def test_role_sync_takes_the_old_schedule_grant_away_from_hr(org):
    """Databases where HR was granted the beat schedules lose the grant at the next
    migrate (sync_role_groups runs after every migrate)."""
    group = Group.objects.get(name=ROLE_GROUPS[Role.HR])
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="django_celery_beat")
    )
    sync_role_groups()
    assert not group.permissions.filter(
        content_type__app_label__in=["django_celery_beat", "auth"]
    ).exists()
