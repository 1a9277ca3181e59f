"""The daily reminder task: due self-assessments, pending ratings, escalation to HR
after the close date; each reminder once, however often the task runs."""

import datetime

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from evaluations import services
from evaluations.models import Assessment
from evaluations.tasks import send_evaluation_reminders_task
from evaluations.tests.factories import make_agreed_plan, make_period, make_submitted
from notifications.models import Notification
from people.models import Agency

pytestmark = pytest.mark.django_db


def _kinds(user):
    return sorted(
        Notification.objects.filter(
            recipient=user, kind__startswith="evaluations."
        ).values_list("kind", flat=True)
    )


def test_due_and_pending_reminders_are_sent_once(org, period):
    make_agreed_plan(org["member"], year=period.year)  # no assessment row yet
    other = org["outsider"]
    other.supervisor = org["supervisor"]
    other.save()
    make_submitted(other, period)
    Notification.objects.all().delete()
    # The task runs each agency from its reminder hour: make that any hour of the day.
    Agency.objects.update(reminder_hour=0)

    first = send_evaluation_reminders_task.apply().get()
    second = send_evaluation_reminders_task.apply().get()

    assert first == 2
    assert second == 0
    assert _kinds(org["member"].user) == ["evaluations.self_assessment_due"]
    assert _kinds(org["supervisor"].user) == ["evaluations.rating_pending"]
    # The missing assessment row was created so the ASN has somewhere to go.
    assert Assessment.objects.filter(employee=org["member"], period=period).exists()


def test_nothing_is_sent_before_the_reminder_window(org):
    today = timezone.localdate()
    period = make_period(
        org["agency"],
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=30),
    )
    make_agreed_plan(org["member"], year=period.year)
    assert services.send_evaluation_reminders() == 0


def test_overdue_is_escalated_to_hr_of_the_agency_once(org, other_org):
    today = timezone.localdate()
    period = make_period(
        org["agency"],
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=1),
    )
    make_agreed_plan(org["member"], year=period.year)
    late = org["outsider"]
    late.supervisor = org["supervisor"]
    late.save()
    make_submitted(late, period)
    assert services.send_evaluation_reminders() == 1
    assert services.send_evaluation_reminders() == 0
    # One digest for the period, naming both late ASN.
    assert _kinds(org["hr"].user) == ["evaluations.overdue"]
    digest = Notification.objects.get(recipient=org["hr"].user)
    assert org["member"].name in digest.body
    assert late.name in digest.body
    assert digest.title.startswith("2 penilaian")
    assert _kinds(other_org["hr"].user) == []
    assert _kinds(org["member"].user) == []


def test_final_assessments_are_left_alone(org, period):
    assessment = make_submitted(org["member"], period)
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Assessment.Status.ACKNOWLEDGED
    )
    Notification.objects.all().delete()
    assert services.send_evaluation_reminders() == 0


def test_the_task_is_scheduled_hourly_jakarta_time():
    """Hourly, so that each agency is reminded at its own hour (07:00 by default)."""
    task = PeriodicTask.objects.get(
        task="evaluations.tasks.send_evaluation_reminders_task"
    )
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("*", "0")
    assert str(task.crontab.timezone) == "Asia/Jakarta"


@pytest.mark.worker
def test_real_worker_sends_each_reminder_once(real_worker, org):
    period = make_period(org["agency"])
    make_agreed_plan(org["member"], year=period.year)
    # The task runs each agency from its reminder hour: make that any hour of the day.
    Agency.objects.update(reminder_hour=0)
    real_worker.start()
    real_worker.send(send_evaluation_reminders_task)
    real_worker.send(send_evaluation_reminders_task)
    # Both runs have finished when the worker logged two successes.
    real_worker.wait_until(
        lambda: real_worker.log_text().count("succeeded in") >= 2, timeout=60
    )
    assert (
        Notification.objects.filter(kind="evaluations.self_assessment_due").count() == 1
    )


def test_development_plan_review_is_reminded_once_on_its_date(org, period):
    from evaluations.tests.factories import make_rated

    assessment = make_rated(org["member"], period, hasil="dibawah", perilaku="sesuai")
    services.acknowledge_assessment(assessment=assessment, user=org["member"].user)
    today = timezone.localdate()
    services.save_follow_up(
        assessment=assessment,
        user=org["supervisor"].user,
        summary="Pembinaan",
        review_date=today + datetime.timedelta(days=3),
        actions=[{"kind": "coaching", "description": "Bimbingan bulanan"}],
    )
    Notification.objects.all().delete()
    services.send_evaluation_reminders(today=today)
    assert "evaluations.follow_up_review" not in _kinds(org["supervisor"].user)
    later = today + datetime.timedelta(days=3)
    services.send_evaluation_reminders(today=later)
    services.send_evaluation_reminders(today=later)
    assert _kinds(org["supervisor"].user).count("evaluations.follow_up_review") == 1


def test_the_hourly_job_reminds_each_agency_from_its_own_hour(org, period):
    import zoneinfo

    make_agreed_plan(org["member"], year=period.year)
    Notification.objects.all().delete()
    Agency.objects.filter(pk=org["agency"].pk).update(reminder_hour=10)
    today = timezone.localdate()

    def at(hour):
        return datetime.datetime.combine(
            today, datetime.time(hour, 0), tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta")
        )

    assert services.send_due_evaluation_reminders(now=at(9)) == 0
    assert services.send_due_evaluation_reminders(now=at(10)) == 1
    assert services.send_due_evaluation_reminders(now=at(11)) == 0
    assert _kinds(org["member"].user) == ["evaluations.self_assessment_due"]
