"""An iCalendar (RFC 5545) document of a person's events, with the icalendar
library: all-day events end on the day after their last day (DTEND is exclusive);
an event at a known hour (a mentoring session with its start time) is timed in
Asia/Jakarta."""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as IcsEvent

from agenda.events import Event

PRODUCT = "-//ASN Portal//Kalender//ID"


def calendar_document(events: list[Event], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    for event in events:
        entry = IcsEvent()
        entry.add("uid", f"{event.uid}@{host}")
        entry.add("dtstamp", stamp)
        if event.starts:
            # A zoneinfo datetime: written with TZID=Asia/Jakarta, its VTIMEZONE
            # added below, so every app shows it at the hour it was held.
            entry.add("dtstart", event.starts)
            entry.add("dtend", event.ends)
        else:
            entry.add("dtstart", event.first_day)
            entry.add("dtend", event.last_day + datetime.timedelta(days=1))
        entry.add("summary", event.title)
        if event.location:
            entry.add("location", event.location)
        entry.add("description", event.description)
        entry.add("url", settings.SITE_URL.rstrip("/") + event.path)
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
