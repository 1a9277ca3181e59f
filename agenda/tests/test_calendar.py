"""A person's calendar address: made (and shown) once, replaced when lost, and read
by a calendar app without logging in; it holds their own training sessions and their
agency's evaluation windows, nothing of anyone else."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from agenda.models import CalendarFeed, new_feed
from evaluations.tests.factories import make_period
from tests.query_pins import assert_constant_queries
from training.models import Enrolment, TrainingSession
from training.tests.factories import EnrolmentFactory, session_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _events(client, token) -> dict[str, dict]:
    response = client.get(reverse("agenda:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {
        str(event["summary"]): {
            "start": event["dtstart"].dt,
            "end": event["dtend"].dt,
            "url": str(event["url"]),
        }
        for event in calendar.walk("VEVENT")
    }


def test_the_address_is_shown_once_and_replacing_it_stops_the_old_one(login, org):
    client = login(org["member"])
    assert "calendar-address" not in client.get(reverse("agenda:settings")).text
    made = client.post(reverse("agenda:settings")).content.decode()
    first = re.search(r'value="(http[^"]+\.ics)"', made).group(1)
    token = first.rsplit("/", 1)[1].removesuffix(".ics")
    assert 'href="webcal://' in made
    again = client.get(reverse("agenda:settings")).content.decode()
    assert token not in again, "shown once"
    assert 'data-testid="calendar-active"' in again

    assert client.get(first).status_code == 200
    client.post(reverse("agenda:settings"))
    assert client.get(first).status_code == 404, "the old address stops working"
    assert CalendarFeed.objects.filter(user=org["member"].user).count() == 1


def test_own_sessions_and_evaluation_windows_only(client, org, other_org):
    member = org["member"]
    start = TODAY + datetime.timedelta(days=10)
    mine = session_for(org, start_date=start, end_date=start + datetime.timedelta(2))
    EnrolmentFactory(session=mine, employee=member)
    applied = session_for(org, start_date=start)
    EnrolmentFactory(session=applied, employee=member, status=Enrolment.Status.APPLIED)
    cancelled = session_for(
        org, start_date=start, status=TrainingSession.Status.CANCELLED
    )
    EnrolmentFactory(session=cancelled, employee=member)
    someone_elses = session_for(org, start_date=start)
    EnrolmentFactory(session=someone_elses, employee=org["outsider"])
    period = make_period(org["agency"])
    make_period(other_org["agency"], number=2)

    events = _events(client, new_feed(member.user))

    title = str(mine)
    window = f"Pengisian penilaian kinerja: {period.name}"
    assert set(events) == {title, window}
    # All-day events: the day after the last day ends them.
    assert events[title]["start"] == start
    assert events[title]["end"] == start + datetime.timedelta(days=3)
    assert events[title]["url"].endswith(
        reverse("training:session_detail", args=[mine.pk])
    )
    assert events[window]["start"] == period.opens_on
    assert events[window]["end"] == period.closes_on + datetime.timedelta(days=1)


def test_an_unknown_address_or_a_closed_account_reads_nothing(client, org):
    assert client.get(reverse("agenda:feed", args=["tidak-ada"])).status_code == 404
    token = new_feed(org["member"].user)
    org["member"].user.is_active = False
    org["member"].user.save()
    assert client.get(reverse("agenda:feed", args=[token])).status_code == 404


def test_the_feed_reads_in_constant_queries(client, org):
    member = org["member"]
    token = new_feed(member.user)
    EnrolmentFactory(session=session_for(org), employee=member)
    make_period(org["agency"])

    def grow():
        for number in range(2, 6):
            EnrolmentFactory(session=session_for(org), employee=member)
            make_period(org["agency"], number=number)

    # The address, the enrolments with their sessions, the periods; one write.
    assert_constant_queries(
        client, reverse("agenda:feed", args=[token]), grow=grow, ceiling=4
    )
