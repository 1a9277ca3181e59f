"""A person's calendar address: made (and shown) once, replaced when lost, and read
by a calendar app without logging in; it holds their own training sessions, their
agency's evaluation windows, their mentoring sessions and owed reviews, and the
answer deadlines of the complaints they handle, nothing of anyone else."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from agenda.models import CalendarFeed, new_feed
from evaluations.tests.factories import make_period
from mentoring import services as mentoring
from mentoring.tests.factories import make_pair
from people.tests.factories import EmployeeFactory
from tests.query_pins import assert_constant_queries
from training.models import Enrolment, TrainingSession
from training.tests.factories import EnrolmentFactory, session_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _events(client, token) -> dict[str, dict]:
    response = client.get(reverse("agenda:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return _parsed(response.content)


def _parsed(document: bytes) -> dict[str, dict]:
    calendar = Calendar.from_ical(document)
    assert str(calendar["x-wr-timezone"]) == "Asia/Jakarta"
    return {
        str(event["summary"]): {
            "uid": str(event["uid"]),
            "start": event["dtstart"].dt,
            "end": event["dtend"].dt,
            "url": str(event["url"]),
            "location": str(event.get("location", "")),
            "description": str(event["description"]),
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


def _mentee_pair(org, *, days_before, days_after):
    """A pair mentor → member from `days_before` ago to `days_after` ahead."""
    return make_pair(
        mentor=org["mentor"],
        mentee=org["member"],
        program=org["mentor"].mentor_pairs.get().program,
        start_date=TODAY - datetime.timedelta(days=days_before),
        end_date=TODAY + datetime.timedelta(days=days_after),
    )


def test_mentoring_sessions_and_the_reviews_each_side_still_owes(client, org):
    member, mentor = org["member"], org["mentor"]
    # 40 days from 20 days ago: midway review due today (+20), final in 20 days.
    pair = _mentee_pair(org, days_before=20, days_after=20)
    session = mentoring.log_session(
        pair=pair,
        by=mentor,
        date=TODAY - datetime.timedelta(days=2),
        duration_minutes=90,
        topic="Penyusunan RKA",
    )
    # The outsider's pair with the same mentor: not the member's business.
    other_pair = mentor.mentor_pairs.get(mentee=org["outsider"])
    mentoring.log_session(
        pair=other_pair,
        by=mentor,
        date=TODAY - datetime.timedelta(days=1),
        duration_minutes=60,
        topic="Orientasi",
    )

    mine = _events(client, new_feed(member.user))
    name = f"{mentor.name} – {member.name}"
    midway = f"Tinjauan mentoring (tengah periode): {name}"
    final = f"Tinjauan mentoring (akhir periode): {name}"
    assert set(mine) == {"Mentoring: Penyusunan RKA", midway, final}
    held = mine["Mentoring: Penyusunan RKA"]
    assert (held["start"], held["end"]) == (
        TODAY - datetime.timedelta(days=2),
        TODAY - datetime.timedelta(days=1),
    )
    assert "90 menit" in held["description"]
    assert held["url"].endswith(reverse("mentoring:pair_detail", args=[pair.pk]))
    assert mine[midway]["start"] == TODAY
    assert mine[final]["start"] == TODAY + datetime.timedelta(days=20)
    assert mine[midway]["url"].endswith(
        reverse("mentoring:rating_create", args=[pair.pk])
    )

    # Written by the mentee: gone from the mentee's calendar, still on the mentor's.
    mentoring.confirm_session(session=session, by=member)
    mentoring.rate_pair(pair=pair, by=member, phase="midway", score=4)
    assert midway not in _events(client, new_feed(member.user))
    theirs = _events(client, new_feed(mentor.user))
    assert mine[midway]["uid"] == theirs[midway]["uid"], "the same event"
    assert theirs[midway]["url"].endswith(
        reverse("mentoring:assessment_create", args=[pair.pk])
    )
    assert {"Mentoring: Penyusunan RKA", "Mentoring: Orientasi"} <= set(theirs)
    # The outsider's pair, 180 days each side of today: midway due today too.
    assert (
        f"Tinjauan mentoring (tengah periode): {mentor.name} – {org['outsider'].name}"
        in theirs
    )


def test_the_add_to_calendar_file_of_a_mentoring_session(login, org):
    pair = _mentee_pair(org, days_before=20, days_after=20)
    session = mentoring.log_session(
        pair=pair,
        by=org["mentor"],
        date=TODAY - datetime.timedelta(days=3),
        duration_minutes=45,
        topic="Analisis Beban Kerja",
    )
    client = login(org["member"])
    page = client.get(reverse("mentoring:pair_detail", args=[pair.pk])).text
    url = reverse("agenda:mentoring_session", args=[session.pk])
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment")
    [(title, event)] = _parsed(response.content).items()
    assert title == "Mentoring: Analisis Beban Kerja"
    assert (event["start"], event["end"]) == (
        TODAY - datetime.timedelta(days=3),
        TODAY - datetime.timedelta(days=2),
    )
    feed = _events(client, new_feed(org["member"].user))
    assert feed[title]["uid"] == event["uid"], "the same event as in the feed"


def test_a_session_logged_with_its_hour_is_a_timed_event(login, org):
    """Logged on the form with its start time: the feed and the session's own file
    hold it from that hour in Asia/Jakarta for its length; without the hour, all
    day."""
    pair = _mentee_pair(org, days_before=20, days_after=20)
    client = login(org["mentor"])
    held_on = TODAY - datetime.timedelta(days=2)
    logged = client.post(
        reverse("mentoring:session_create", args=[pair.pk]),
        {
            "date": held_on.isoformat(),
            "starts_at": "13:30",
            "duration_minutes": 90,
            "topic": "Penyusunan RKA",
        },
    )
    assert logged.status_code == 302
    timed = pair.sessions.get()
    mentoring.log_session(
        pair=pair,
        by=org["mentor"],
        date=held_on,
        duration_minutes=45,
        topic="Evaluasi kinerja",
    )
    page = client.get(reverse("mentoring:pair_detail", args=[pair.pk])).text
    assert f"{held_on:%d-%m-%Y} 13.30" in page

    jakarta = zoneinfo.ZoneInfo("Asia/Jakarta")
    starts = datetime.datetime.combine(held_on, datetime.time(13, 30), tzinfo=jakarta)
    feed = _events(client, new_feed(org["mentor"].user))
    event = feed["Mentoring: Penyusunan RKA"]
    assert (event["start"], event["end"]) == (
        starts,
        starts + datetime.timedelta(minutes=90),
    )
    assert str(event["start"].tzinfo) == "Asia/Jakarta"
    whole_day = feed["Mentoring: Evaluasi kinerja"]
    assert (whole_day["start"], whole_day["end"]) == (
        held_on,
        held_on + datetime.timedelta(days=1),
    )

    response = client.get(reverse("agenda:mentoring_session", args=[timed.pk]))
    document = response.content.decode()
    assert "DTSTART;TZID=Asia/Jakarta:" in document
    assert f"{held_on:%Y%m%d}T133000" in document
    assert f"{held_on:%Y%m%d}T150000" in document
    assert "BEGIN:VTIMEZONE" in document
    [(title, event)] = _parsed(response.content).items()
    assert title == "Mentoring: Penyusunan RKA"
    assert event["start"] == starts
    assert event["uid"] == feed[title]["uid"]


def test_complaint_deadlines_for_whoever_handles_them(client, org):
    from feedback.models import Complaint
    from feedback.tests.factories import ComplaintFactory, ServiceUnitFactory

    counter = ServiceUnitFactory(
        work_unit=org["unit"], name="Loket KTP", head=org["supervisor"]
    )
    counter.staff.add(org["member"])
    unassigned = ComplaintFactory(
        service_unit=counter,
        contact_name="Budi Santoso",
        due_date=TODAY + datetime.timedelta(days=3),
    )
    to_outsider = ComplaintFactory(
        service_unit=counter,
        assigned_to=org["outsider"],
        status=Complaint.Status.ASSIGNED,
        due_date=TODAY + datetime.timedelta(days=1),
    )
    ComplaintFactory(
        service_unit=counter,
        assigned_to=org["member"],
        status=Complaint.Status.ANSWERED,
        due_date=TODAY + datetime.timedelta(days=2),
    )
    ComplaintFactory(service_unit__work_unit=org["unit"])  # a unit nobody here staffs

    def deadlines(employee):
        events = _events(client, new_feed(employee.user))
        return {t: e for t, e in events.items() if t.startswith("Batas jawaban")}

    first = f"Batas jawaban pengaduan {unassigned.reference}"
    staff = deadlines(org["member"])
    assert set(staff) == {first}, "unassigned ones go to the unit's staff"
    assert staff[first]["start"] == TODAY + datetime.timedelta(days=3)
    assert staff[first]["location"] == "Loket KTP"
    assert "Budi" not in staff[first]["description"]
    assert staff[first]["url"].endswith(unassigned.get_absolute_url())
    assert set(deadlines(org["supervisor"])) == {first}, "and to its head"
    assert set(deadlines(org["outsider"])) == {
        f"Batas jawaban pengaduan {to_outsider.reference}"
    }
    assert deadlines(org["hr"]) == {}


def test_the_feed_reads_in_constant_queries(client, org):
    from feedback.tests.factories import ComplaintFactory

    member = org["member"]
    token = new_feed(member.user)
    EnrolmentFactory(session=session_for(org), employee=member)
    make_period(org["agency"])
    pair = _mentee_pair(org, days_before=20, days_after=20)
    mentoring.log_session(
        pair=pair, by=member, date=TODAY, duration_minutes=60, topic="Awal"
    )
    ComplaintFactory(service_unit__work_unit=org["unit"], assigned_to=member)

    def grow():
        for number in range(2, 6):
            EnrolmentFactory(session=session_for(org), employee=member)
            make_period(org["agency"], number=number)
            mentoring.log_session(
                pair=pair,
                by=org["mentor"],
                date=TODAY - datetime.timedelta(days=number),
                duration_minutes=60,
                topic=f"Sesi {number}",
            )
            mentee = EmployeeFactory(agency=org["agency"], unit=org["unit"])
            make_pair(mentor=member, mentee=mentee, program=pair.program, capacity=10)
            ComplaintFactory(service_unit__work_unit=org["unit"], assigned_to=member)

    # The address, the enrolments with their sessions, the periods, the mentoring
    # sessions, the pairs with their reviews, the complaints; one write.
    assert_constant_queries(
        client, reverse("agenda:feed", args=[token]), grow=grow, ceiling=7
    )


def test_the_add_to_calendar_file_of_a_training_session(login, org, other_org):
    session = session_for(org, name="Angkatan III")
    EnrolmentFactory(
        session=session, employee=org["member"], status=Enrolment.Status.CONFIRMED
    )
    client = login(org["member"])
    page = client.get(reverse("training:session_detail", args=[session.pk])).text
    url = reverse("agenda:training_session", args=[session.pk])
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    [(title, event)] = _parsed(response.content).items()
    assert title == str(session)
    # All-day events end the day after their last day.
    assert (event["start"], event["end"]) == (
        session.start_date,
        session.end_date + datetime.timedelta(days=1),
    )
    feed = _events(client, new_feed(org["member"].user))
    assert feed[title]["uid"] == event["uid"], "the same event as in the feed"
    assert login(other_org["member"]).get(url).status_code == 404
