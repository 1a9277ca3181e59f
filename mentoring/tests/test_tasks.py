"""The weekly nudge to pairs with no confirmed session for the program's weeks."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from mentoring import services
from mentoring.tasks import nudge_idle_pairs_task
from mentoring.tests.factories import ProgramFactory, make_pair
from notifications.models import Notification

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def idle_pair(org):
    """org's mentor/outsider pair starts 180 days ago and has no session at all."""
    return org["mentor"].mentor_pairs.get()


def nudges():
    return Notification.objects.filter(kind=services.NUDGE_KIND)


def test_both_sides_of_an_idle_pair_are_nudged_once_however_often_it_runs(
    org, idle_pair
):
    assert nudge_idle_pairs_task.apply().get() == 2
    assert nudge_idle_pairs_task.apply().get() == 0
    assert {n.recipient for n in nudges()} == {org["mentor"].user, org["outsider"].user}
    assert nudges().first().step == idle_pair.start_date.isoformat()
    assert nudges().first().url == idle_pair.get_absolute_url()


def test_a_pair_with_a_recent_confirmed_session_is_left_alone(org, idle_pair):
    session = services.log_session(
        pair=idle_pair, by=org["mentor"], date=TODAY, duration_minutes=60, topic="A"
    )
    services.confirm_session(session=session, by=org["outsider"])
    assert services.nudge_idle_pairs() == 0


def test_a_new_idle_spell_is_nudged_again(org, idle_pair):
    assert services.nudge_idle_pairs(today=TODAY) == 2
    last = TODAY - datetime.timedelta(weeks=1)
    session = services.log_session(
        pair=idle_pair, by=org["mentor"], date=last, duration_minutes=60, topic="A"
    )
    services.confirm_session(session=session, by=org["outsider"])
    assert services.nudge_idle_pairs(today=TODAY) == 0
    later = TODAY + datetime.timedelta(weeks=3)
    assert services.nudge_idle_pairs(today=later) == 2
    assert set(nudges().values_list("step", flat=True)) == {
        idle_pair.start_date.isoformat(),
        last.isoformat(),
    }


def test_idle_weeks_are_set_per_program(org):
    program = ProgramFactory(
        agency=org["agency"],
        name="Jabatan Fungsional Perencana",
        start_date=TODAY - datetime.timedelta(weeks=4),
        idle_weeks_before_nudge=6,
    )
    make_pair(mentor=org["mentor"], mentee=org["member"], program=program)
    org["mentor"].mentor_pairs.exclude(program=program).update(status="completed")
    assert services.nudge_idle_pairs(today=TODAY) == 0
    later = TODAY + datetime.timedelta(weeks=2)
    assert services.nudge_idle_pairs(today=later) == 2


def test_ended_pairs_are_not_nudged(org, idle_pair):
    services.end_pair(pair=idle_pair)
    assert services.nudge_idle_pairs() == 0


def test_beat_runs_the_nudge_on_mondays_at_eight_jakarta_time():
    # Call the data migration's function: a transactional test's flush elsewhere in
    # the run may have emptied the table that `migrate` filled.
    migration = importlib.import_module(
        "mentoring.migrations.0002_weekly_idle_nudge_schedule"
    )
    [schedule] = migration.Migration.operations
    schedule.code(django_apps, None)
    schedule.code(django_apps, None)
    task = PeriodicTask.objects.get(task="mentoring.tasks.nudge_idle_pairs_task")
    assert task.enabled
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == (
        "0",
        "8",
        "1",
    )
    assert str(task.crontab.timezone) == "Asia/Jakarta"
