"""An agency's reminder settings: HR of that agency edits them in the portal, and the
hourly jobs take each agency once a day from its own hour."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from people.models import Agency, AgencyDailyRun
from people.services import agencies_due, run_daily_for_due_agencies

pytestmark = pytest.mark.django_db

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def _at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2030, 3, day, hour, minute, tzinfo=WIB)


def test_hr_edits_their_agencys_reminders_and_the_days_are_tidied(client, org):
    agency = org["agency"]
    client.force_login(org["hr"].user)
    url = reverse("people:reminder_settings", args=[agency.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"reminder_hour": 9, "questionnaire_reminder_days": " 5, 2,5"}
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.reminder_hour, agency.questionnaire_reminder_days) == (9, "2,5")
    # Tracked like every other change of the agency.
    assert agency.history.first().reminder_hour == 9


def test_hr_cannot_open_or_post_another_agencys_reminders(client, org, other_org):
    other = other_org["agency"]
    client.force_login(org["hr"].user)
    url = reverse("people:reminder_settings", args=[other.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        url, {"reminder_hour": 3, "questionnaire_reminder_days": "2"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert (other.reminder_hour, other.questionnaire_reminder_days) == (7, "1,3,7")


@pytest.mark.parametrize("role", ["member", "supervisor", "leader", "mentor"])
def test_other_roles_may_not_change_reminders(client, org, role):
    client.force_login(org[role].user)
    url = reverse("people:reminder_settings", args=[org["agency"].pk])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("hour", "days"),
    [(24, "1,3,7"), (7, ""), (7, "0,3"), (7, "31"), (7, "1,2,3,4,5,6"), (7, "a,b")],
)
def test_impossible_settings_are_refused_at_the_field(client, org, hour, days):
    client.force_login(org["hr"].user)
    url = reverse("people:reminder_settings", args=[org["agency"].pk])
    response = client.post(
        url, {"reminder_hour": hour, "questionnaire_reminder_days": days}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    org["agency"].refresh_from_db()
    assert (org["agency"].reminder_hour, org["agency"].questionnaire_reminder_days) == (
        7,
        "1,3,7",
    )


def test_each_agency_is_taken_once_a_day_from_its_own_hour(org, other_org):
    early, late = org["agency"], other_org["agency"]
    Agency.objects.filter(pk=early.pk).update(reminder_hour=7)
    Agency.objects.filter(pk=late.pk).update(reminder_hour=13)
    seen = []

    def work(*, agency, today):
        seen.append((agency.pk, today))
        return 1

    def run(now):
        return run_daily_for_due_agencies(job="test.job", work=work, now=now)

    assert run(_at(4, 6, 59)) == []
    assert run(_at(4, 7, 0)) == [1]
    assert run(_at(4, 8, 0)) == []  # done for today
    assert run(_at(4, 13, 30)) == [1]
    assert run(_at(4, 23, 0)) == []
    # The next day: the 07:00 run was missed (worker down); 09:00 catches up.
    assert run(_at(5, 9, 0)) == [1]
    assert seen == [
        (early.pk, datetime.date(2030, 3, 4)),
        (late.pk, datetime.date(2030, 3, 4)),
        (early.pk, datetime.date(2030, 3, 5)),
    ]
    # Another job keeps its own days.
    assert [a.pk for a in agencies_due(job="other.job", now=_at(5, 9, 0))] == [early.pk]


def test_a_run_that_fails_half_way_is_done_again_by_the_next(org):
    Agency.objects.filter(pk=org["agency"].pk).update(reminder_hour=7)

    def failing(*, agency, today):
        raise ConnectionError("database went away")

    with pytest.raises(ConnectionError):
        run_daily_for_due_agencies(job="test.job", work=failing, now=_at(4, 7))
    assert not AgencyDailyRun.objects.exists()
    done = run_daily_for_due_agencies(
        job="test.job", work=lambda **kwargs: "sent", now=_at(4, 8)
    )
    assert done == ["sent"]
