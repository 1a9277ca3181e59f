"""Daily mentoring reminders: a session one side logged and the other has not
confirmed within two days, and the midway and final reviews from a week before they
are due until written; each once, however often the task runs."""

import datetime

import pytest
from django.utils import timezone

from mentoring import rules, services
from mentoring.models import MenteeRating, Phase
from mentoring.tasks import send_mentoring_reminders_task
from mentoring.tests.factories import ProgramFactory, make_pair
from notifications.models import Notification
from people.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def test_review_dates_halfway_and_at_the_end():
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
    # 180 days between: the midway review 90 days in, on 1 April.
    assert rules.review_due_dates(start, end) == {
        Phase.MIDWAY: datetime.date(2026, 4, 1),
        Phase.FINAL: datetime.date(2026, 6, 30),
    }
    assert rules.reviews_asked(start, end, datetime.date(2026, 3, 24)) == []
    assert rules.reviews_asked(start, end, datetime.date(2026, 3, 25)) == [Phase.MIDWAY]
    assert rules.reviews_asked(start, end, datetime.date(2026, 6, 23)) == [
        Phase.MIDWAY,
        Phase.FINAL,
    ]


@pytest.fixture
def pair(org):
    """A pair 100 days into a 181-day period: midway due 10 days ago, final in 81."""
    start = TODAY - datetime.timedelta(days=100)
    end = start + datetime.timedelta(days=181)
    program = ProgramFactory(agency=org["agency"], start_date=start, end_date=end)
    mentee = EmployeeFactory(agency=org["agency"], unit=org["member"].unit)
    return make_pair(
        mentor=org["mentor"],
        mentee=mentee,
        program=program,
        start_date=start,
        end_date=end,
    )


def _log(pair, by, days_ago=5):
    return services.log_session(
        pair=pair,
        by=by,
        date=TODAY - datetime.timedelta(days=days_ago),
        duration_minutes=60,
        topic="Tata naskah dinas",
    )


def _reminders(kind):
    return Notification.objects.filter(kind=kind)


def test_the_other_side_is_reminded_of_an_unconfirmed_session_once(pair):
    session = _log(pair, pair.mentor)
    logged = session.created_at
    assert services.remind_unconfirmed_sessions(now=logged + DAY) == 0
    later = logged + rules.CONFIRM_WITHIN + datetime.timedelta(seconds=1)
    assert services.remind_unconfirmed_sessions(now=later) == 1
    assert services.remind_unconfirmed_sessions(now=later + DAY) == 0
    [reminder] = _reminders(services.CONFIRM_KIND)
    assert reminder.recipient == pair.mentee.user
    assert "Tata naskah dinas" in reminder.body
    # Logged by the mentee: the mentor is asked. A confirmed one: nobody.
    by_mentee = _log(pair, pair.mentee, days_ago=3)
    confirmed = _log(pair, pair.mentee, days_ago=4)
    services.confirm_session(session=confirmed, by=pair.mentor)
    assert services.remind_unconfirmed_sessions(now=later + DAY) == 1
    newest = _reminders(services.CONFIRM_KIND).latest("pk")
    assert (newest.recipient, by_mentee.topic in newest.body) == (
        pair.mentor.user,
        True,
    )


def test_reviews_are_asked_for_from_a_week_before_they_are_due(pair):
    assert services.remind_due_reviews(today=TODAY) == 0, "no confirmed session yet"
    services.confirm_session(session=_log(pair, pair.mentor), by=pair.mentee)

    assert services.remind_due_reviews(today=TODAY) == 2  # midway: mentee and mentor
    assert send_mentoring_reminders_task.apply().get()["reviews"] == 0
    asked = _reminders(services.REVIEW_KIND)
    assert {(n.recipient, n.step) for n in asked} == {
        (pair.mentee.user, Phase.MIDWAY),
        (pair.mentor.user, Phase.MIDWAY),
    }

    # The final review is due in 81 days: asked from 74 days on, of whoever has
    # not written it (the mentee rated early).
    MenteeRating.objects.create(pair=pair, phase=Phase.FINAL, score=4)
    assert services.remind_due_reviews(today=TODAY + 73 * DAY) == 0
    assert services.remind_due_reviews(today=TODAY + 74 * DAY) == 1
    final = asked.get(step=Phase.FINAL)
    assert final.recipient == pair.mentor.user
    assert final.url.endswith(f"/pasangan/{pair.pk}/asesmen/")


def test_the_home_page_lists_the_review_until_it_is_written(pair, login):
    from people.todo import open_tasks_for

    def review_task(person):
        tasks = {task.key: task for task in open_tasks_for(person.user)}
        return tasks.get("mentoring_review")

    assert review_task(pair.mentee) is None, "no confirmed session yet"
    services.confirm_session(session=_log(pair, pair.mentor), by=pair.mentee)
    task = review_task(pair.mentee)
    assert (task.count, task.url) == (1, f"/mentoring/pasangan/{pair.pk}/penilaian/")
    assert review_task(pair.mentor).url == f"/mentoring/pasangan/{pair.pk}/asesmen/"
    MenteeRating.objects.create(pair=pair, phase=Phase.MIDWAY, score=5)
    assert review_task(pair.mentee) is None
    page = login(pair.mentor).get("/").content.decode()
    assert 'data-testid="task-mentoring_review"' in page
