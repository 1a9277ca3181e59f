"""The daily reminder run: invitation, reminders on day 1, 3 and 7, then silence;
follow-up requests to supervisors when due; never anything twice."""

import datetime

import pytest
from django.utils import timezone

from notifications.models import Notification
from people.models import Agency
from training import rules
from training.models import Enrolment
from training.services import delivery as services
from training.tasks import send_training_reminders_task
from training.tests.factories import (
    EnrolmentFactory,
    attended,
    finished_session,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _steps(user, kind=services.QUESTIONNAIRE_KIND):
    return sorted(
        Notification.objects.filter(recipient=user, kind=kind).values_list(
            "step", flat=True
        )
    )


def test_invitation_then_reminders_on_days_1_3_7_then_stop(org):
    session = finished_session(org["agency"], ended_days_ago=0)
    enrolment = attended(session, org["member"])
    user = org["member"].user
    for day in range(0, 12):
        services.send_questionnaire_reminders(
            today=session.end_date + datetime.timedelta(days=day)
        )
    assert _steps(user) == sorted(["invite", "1", "3", "7"])
    invite = Notification.objects.get(recipient=user, step="invite")
    assert invite.url == f"/pelatihan/kuesioner/{enrolment.pk}/"


def test_three_days_without_a_run_are_caught_up_by_one_run(org):
    session = finished_session(org["agency"], ended_days_ago=0)
    attended(session, org["member"])
    # No run on the end date, day 1 or day 2; one run on day 3.
    sent = services.send_questionnaire_reminders(
        today=session.end_date + datetime.timedelta(days=3)
    )
    assert sent == 3
    assert _steps(org["member"].user) == sorted(["invite", "1", "3"])


def test_the_last_reminder_missed_on_its_day_is_still_sent_later(org):
    session = finished_session(org["agency"], ended_days_ago=0)
    attended(session, org["member"])
    user = org["member"].user
    for day in (0, 1, 3, 5):
        services.send_questionnaire_reminders(
            today=session.end_date + datetime.timedelta(days=day)
        )
    assert _steps(user) == sorted(["invite", "1", "3"])
    # Days 6 to 8 without a run: day 7's reminder goes out on day 9, once.
    for day in (9, 10):
        services.send_questionnaire_reminders(
            today=session.end_date + datetime.timedelta(days=day)
        )
    assert _steps(user) == sorted(["invite", "1", "3", "7"])


def test_catching_up_stops_two_weeks_after_the_last_reminder_day(org):
    session = finished_session(org["agency"], ended_days_ago=0)
    attended(session, org["member"])
    last_day = 7 + rules.QUESTIONNAIRE_CATCH_UP_DAYS
    late = session.end_date + datetime.timedelta(days=last_day + 1)
    assert services.send_questionnaire_reminders(today=late) == 0
    on_time = session.end_date + datetime.timedelta(days=last_day)
    assert services.send_questionnaire_reminders(today=on_time) == 4


def test_running_twice_on_the_same_day_sends_nothing_new(org):
    session = finished_session(org["agency"], ended_days_ago=0)
    attended(session, org["member"])
    attended(session, org["outsider"])
    assert services.send_questionnaire_reminders(today=TODAY) == 2
    assert services.send_questionnaire_reminders(today=TODAY) == 0
    assert Notification.objects.filter(kind=services.QUESTIONNAIRE_KIND).count() == 2


def test_only_attended_participants_who_have_not_answered_are_asked(org):
    session = finished_session(org["agency"], ended_days_ago=1)
    answered = attended(session, org["member"])
    template = services.template_for_session(session)
    services.submit_questionnaire(
        enrolment=answered, scores={q.pk: 3 for q in template.questions.all()}
    )
    attended(session, org["outsider"])
    EnrolmentFactory(session=session, employee=org["supervisor"])  # absent
    EnrolmentFactory(
        session=session, employee=org["leader"], status=Enrolment.Status.COMPLETED
    )
    services.send_questionnaire_reminders(today=TODAY)
    recipients = set(
        Notification.objects.filter(kind=services.QUESTIONNAIRE_KIND).values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"a-outsider", "a-leader"}


def test_a_cancelled_or_unfinished_session_sends_nothing(org):
    from training.models import TrainingSession

    cancelled = finished_session(
        org["agency"], ended_days_ago=1, status=TrainingSession.Status.CANCELLED
    )
    attended(cancelled, org["member"])
    future = finished_session(org["agency"], ended_days_ago=-2)
    attended(future, org["outsider"])
    assert services.send_questionnaire_reminders(today=TODAY) == 0


def test_follow_up_request_goes_to_the_supervisor_when_due_once(org):
    session = finished_session(org["agency"], ended_days_ago=0)
    enrolment = attended(session, org["member"])
    services.template_for_session(session)  # default template: 8 weeks
    before = session.end_date + datetime.timedelta(weeks=8, days=-1)
    assert services.send_follow_up_requests(today=before) == 0
    due = session.end_date + datetime.timedelta(weeks=8)
    assert services.send_follow_up_requests(today=due) == 1
    assert services.send_follow_up_requests(today=due) == 0
    assert services.send_follow_up_requests(today=due + datetime.timedelta(days=3)) == 0
    request = Notification.objects.get(kind=services.FOLLOW_UP_KIND)
    assert request.recipient == org["supervisor"].user
    assert request.url == f"/pelatihan/evaluasi-lanjutan/{enrolment.pk}/"


def test_follow_up_weeks_follow_the_session_template(org):
    session = finished_session(org["agency"], ended_days_ago=0)
    attended(session, org["member"])
    template = services.template_for_session(session)
    template.follow_up_weeks = 4
    template.save()
    due = session.end_date + datetime.timedelta(weeks=4)
    assert services.send_follow_up_requests(today=due) == 1


def test_the_task_runs_the_service(org):
    session = finished_session(org["agency"], ended_days_ago=0)
    attended(session, org["member"])
    # The task runs each agency from its reminder hour: make that any hour of the day.
    Agency.objects.update(reminder_hour=0)
    assert send_training_reminders_task.apply().get() == {
        "questionnaire": 1,
        "follow_up": 0,
    }
    assert send_training_reminders_task.apply().get()["questionnaire"] == 0


def test_the_hourly_schedule_is_installed_by_migration(db):
    """Hourly at :30, so that each agency is reminded at its own hour."""
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="training.tasks.send_training_reminders_task")
    assert (task.crontab.hour, task.crontab.minute) == ("*", "30")
    assert str(task.crontab.timezone) == "Asia/Jakarta"


def test_a_run_that_dies_half_way_is_completed_by_the_next_without_repeats(
    org, monkeypatch
):
    session = finished_session(org["agency"], ended_days_ago=0)
    for person in ("member", "outsider", "supervisor"):
        attended(session, org[person])
    real_notify = services.notify
    calls = {"n": 0}

    def dying_notify(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("worker killed")
        return real_notify(**kwargs)

    monkeypatch.setattr(services, "notify", dying_notify)
    with pytest.raises(SystemExit):
        services.send_questionnaire_reminders(today=TODAY)
    monkeypatch.setattr(services, "notify", real_notify)
    assert Notification.objects.count() == 1
    assert services.send_questionnaire_reminders(today=TODAY) == 2
    assert services.send_questionnaire_reminders(today=TODAY) == 0
    assert Notification.objects.count() == 3


def test_the_hourly_job_follows_each_agencys_reminder_days_and_hour(org, other_org):
    """Agency A chose 09:00 and days 2 and 5; agency B kept 07:00 and 1, 3, 7."""
    import zoneinfo

    from training.tests.factories import FinishedSessionFactory, ProgramFactory

    wib = zoneinfo.ZoneInfo("Asia/Jakarta")
    Agency.objects.filter(pk=org["agency"].pk).update(
        reminder_hour=9, questionnaire_reminder_days="2,5"
    )
    ended = datetime.date(2030, 3, 1)
    for agency, person in (
        (org["agency"], org["member"]),
        (other_org["agency"], other_org["member"]),
    ):
        session = FinishedSessionFactory(
            program=ProgramFactory(agency=agency),
            start_date=ended - datetime.timedelta(days=2),
            end_date=ended,
        )
        attended(session, person)
    a_user, b_user = org["member"].user, other_org["member"].user

    def run(day, hour):
        services.send_due_training_reminders(
            now=datetime.datetime(2030, 3, day, hour, 30, tzinfo=wib)
        )
        return _steps(a_user), _steps(b_user)

    assert run(1, 8) == ([], ["invite"])
    assert run(1, 9) == (["invite"], ["invite"])
    assert run(2, 9) == (["invite"], ["1", "invite"])
    assert run(3, 8) == (["invite"], ["1", "invite"])
    assert run(3, 9) == (["2", "invite"], ["1", "invite"])
    # 4 and 5 March pass without a run (worker down): day 5's reminder is caught up
    # at 6 March's first run; B's day-3 reminder is still sent too.
    assert run(6, 10) == (["2", "5", "invite"], ["1", "3", "invite"])
    assert run(7, 23) == (["2", "5", "invite"], ["1", "3", "invite"])
    # 8 March is day 7 after the end: B's last reminder; then nothing more for anyone.
    for day in range(8, 16):
        assert run(day, 23) == (["2", "5", "invite"], ["1", "3", "7", "invite"])


def test_completion_recorded_weeks_later_still_invites_and_pages_link_the_form(
    client, org, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from training.services import catalog as training_services

    session = finished_session(org["agency"], ended_days_ago=40)
    enrolment = attended(session, org["member"])
    # Past every reminder day and the catch-up: the daily run no longer asks...
    assert services.send_questionnaire_reminders(today=TODAY) == 0
    # ...but recording completion does, once.
    with django_capture_on_commit_callbacks(execute=True):
        training_services.complete_session(session=session)
    assert _steps(org["member"].user) == ["invite"]
    assert services.invite_to_questionnaire(session=session) == 0

    form_url = reverse("training:questionnaire_answer", args=[enrolment.pk])
    client.force_login(org["member"].user)
    assert form_url in client.get(reverse("training:my_jp")).content.decode()
    assert form_url in client.get(session.get_absolute_url()).content.decode()
    # Answered: the links go.
    template = services.template_for_session(session)
    services.submit_questionnaire(
        enrolment=enrolment, scores={q.pk: 3 for q in template.questions.all()}
    )
    assert form_url not in client.get(reverse("training:my_jp")).content.decode()
