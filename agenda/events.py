"""What a person's calendar shows: the training sessions they take part in and the
filling windows of their agency's performance evaluations, as all-day events from
half a year back to a year ahead. Three queries whatever the number of events."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from evaluations.models import EvaluationPeriod
from training.models import Enrolment, TrainingSession

PAST = datetime.timedelta(days=183)
AHEAD = datetime.timedelta(days=366)
# Enrolments that mean "I will be (or was) there".
TAKING_PART = [
    Enrolment.Status.SUPERVISOR_APPROVED,
    Enrolment.Status.NOMINATED,
    Enrolment.Status.CONFIRMED,
    Enrolment.Status.COMPLETED,
    Enrolment.Status.NOT_COMPLETED,
]


@dataclass(frozen=True)
class Event:
    uid: str  # stable, so a calendar app updates the event instead of adding one
    first_day: datetime.date
    last_day: datetime.date
    title: str
    location: str
    description: str
    path: str


def events_for(employee, *, today: datetime.date) -> list[Event]:
    start, end = today - PAST, today + AHEAD
    enrolments = (
        Enrolment.objects.filter(
            employee=employee,
            status__in=TAKING_PART,
            session__end_date__gte=start,
            session__start_date__lte=end,
        )
        .exclude(session__status=TrainingSession.Status.CANCELLED)
        .select_related("session__program")
    )
    events = [
        Event(
            uid=f"sesi-{e.session_id}",
            first_day=e.session.start_date,
            last_day=e.session.end_date,
            title=str(e.session),
            location=e.session.venue or e.session.online_link,
            description=_("Status pendaftaran: %(status)s")
            % {"status": e.get_status_display()},
            path=reverse("training:session_detail", args=[e.session_id]),
        )
        for e in enrolments
    ]
    periods = EvaluationPeriod.objects.filter(
        agency_id=employee.agency_id, closes_on__gte=start, opens_on__lte=end
    )
    events += [
        Event(
            uid=f"periode-{period.pk}",
            first_day=period.opens_on,
            last_day=period.closes_on,
            title=_("Pengisian penilaian kinerja: %(period)s")
            % {"period": period.name},
            location="",
            description=_("Isi dan ajukan penilaian kinerja sebelum %(day)s.")
            % {"day": f"{period.closes_on:%d-%m-%Y}"},
            path=reverse("evaluations:my"),
        )
        for period in periods
    ]
    return sorted(events, key=lambda event: (event.first_day, event.uid))
