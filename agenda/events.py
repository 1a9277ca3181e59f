"""What a person's calendar shows, as all-day events from half a year back to a
year ahead: the training sessions they take part in, the filling windows of their
agency's performance evaluations, their mentoring sessions (as mentor or mentee)
and the reviews their side of a mentoring pair still owes, and the answer
deadlines of the open complaints they handle. Six queries whatever the number of
events."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from evaluations.models import EvaluationPeriod
from feedback.models import Complaint, ServiceUnit
from mentoring import rules as mentoring_rules
from mentoring.models import MenteeRating, MentorAssessment, Pair, Phase, Session
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
    # Set for an event at a known hour (aware, Asia/Jakarta); otherwise it is an
    # all-day event over first_day..last_day.
    starts: datetime.datetime | None = None
    ends: datetime.datetime | None = None


def events_for(employee, *, today: datetime.date) -> list[Event]:
    start, end = today - PAST, today + AHEAD
    events = [
        *_training_sessions(employee, start, end),
        *_evaluation_windows(employee, start, end),
        *_mentoring_sessions(employee, start, end),
        *_mentoring_reviews(employee, start, end),
        *_complaint_deadlines(employee, start, end),
    ]
    return sorted(events, key=lambda event: (event.first_day, event.uid))


def _training_sessions(employee, start, end) -> list[Event]:
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
    return [
        training_session_event(
            e.session,
            description=_("Status pendaftaran: %(status)s")
            % {"status": e.get_status_display()},
        )
        for e in enrolments
    ]


def training_session_event(session: TrainingSession, *, description: str = "") -> Event:
    """A training session over its days; the same id in the feed and in the
    session's own "add to calendar" file."""
    return Event(
        uid=f"sesi-{session.pk}",
        first_day=session.start_date,
        last_day=session.end_date,
        title=str(session),
        location=session.venue or session.online_link,
        description=description,
        path=reverse("training:session_detail", args=[session.pk]),
    )


def _evaluation_windows(employee, start, end) -> list[Event]:
    periods = EvaluationPeriod.objects.filter(
        agency_id=employee.agency_id, closes_on__gte=start, opens_on__lte=end
    )
    return [
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


def mentoring_session_event(session: Session) -> Event:
    """One mentoring session: at its hour for its length when the hour was
    logged, otherwise on its day."""
    pair = session.pair
    return Event(
        uid=f"mentoring-sesi-{session.pk}",
        first_day=session.date,
        last_day=session.date,
        title=_("Mentoring: %(topic)s") % {"topic": session.topic},
        location="",
        description=_(
            "Mentor %(mentor)s, mentee %(mentee)s; %(minutes)s menit. %(status)s."
        )
        % {
            "mentor": pair.mentor.name,
            "mentee": pair.mentee.name,
            "minutes": session.duration_minutes,
            "status": session.get_status_display(),
        },
        path=reverse("mentoring:pair_detail", args=[session.pair_id]),
        starts=session.starts,
        ends=session.ends,
    )


def _mentoring_sessions(employee, start, end) -> list[Event]:
    sessions = Session.objects.filter(
        Q(pair__mentor=employee) | Q(pair__mentee=employee),
        date__range=(start, end),
    ).select_related("pair__mentor", "pair__mentee")
    return [mentoring_session_event(session) for session in sessions]


def _mentoring_reviews(employee, start, end) -> list[Event]:
    """The midway and final reviews of the person's active pairs on the days they
    are due (`mentoring.rules.review_due_dates`), each until their side has written
    it: the mentee's rating, the mentor's assessment."""
    written = {}
    for phase in Phase:
        written[f"rated_{phase}"] = Exists(
            MenteeRating.objects.filter(pair=OuterRef("pk"), phase=phase)
        )
        written[f"assessed_{phase}"] = Exists(
            MentorAssessment.objects.filter(pair=OuterRef("pk"), phase=phase)
        )
    pairs = (
        Pair.objects.active()
        .involving(employee)
        .filter(end_date__gte=start, start_date__lte=end)
        .annotate(**written)
        .select_related("mentor", "mentee")
    )
    events = []
    for pair in pairs:
        as_mentor = pair.mentor_id == employee.pk
        kind, url_name = (
            ("assessed", "mentoring:assessment_create")
            if as_mentor
            else ("rated", "mentoring:rating_create")
        )
        due_dates = mentoring_rules.review_due_dates(pair.start_date, pair.end_date)
        for phase, due in due_dates.items():
            if getattr(pair, f"{kind}_{phase}") or not start <= due <= end:
                continue
            events.append(
                Event(
                    uid=f"mentoring-tinjauan-{pair.pk}-{phase}",
                    first_day=due,
                    last_day=due,
                    title=_("Tinjauan mentoring (%(phase)s): %(mentor)s – %(mentee)s")
                    % {
                        "phase": Phase(phase).label.lower(),
                        "mentor": pair.mentor.name,
                        "mentee": pair.mentee.name,
                    },
                    location="",
                    description=_("Asesmen Anda sebagai mentor jatuh tempo hari ini.")
                    if as_mentor
                    else _("Penilaian Anda atas mentoring jatuh tempo hari ini."),
                    path=reverse(url_name, args=[pair.pk]),
                )
            )
    return events


def _complaint_deadlines(employee, start, end) -> list[Event]:
    """The open complaints the person handles, on their answer's due date: those
    assigned to them, and those not yet assigned of the service units they staff
    or head. Nothing of the complainant."""
    their_units = ServiceUnit.objects.filter(
        Q(staff=employee) | Q(head=employee)
    ).values("pk")
    complaints = (
        Complaint.objects.open()
        .filter(
            Q(assigned_to=employee)
            | Q(assigned_to__isnull=True, service_unit__in=their_units),
            due_date__range=(start, end),
        )
        .select_related("service_unit")
    )
    return [
        Event(
            uid=f"pengaduan-{complaint.pk}",
            first_day=complaint.due_date,
            last_day=complaint.due_date,
            title=_("Batas jawaban pengaduan %(reference)s")
            % {"reference": complaint.reference},
            location=complaint.service_unit.name,
            description=_("%(kind)s tentang %(unit)s, status: %(status)s.")
            % {
                "kind": complaint.get_kind_display(),
                "unit": complaint.service_unit.name,
                "status": complaint.get_status_display(),
            },
            path=complaint.get_absolute_url(),
        )
        for complaint in complaints
    ]
