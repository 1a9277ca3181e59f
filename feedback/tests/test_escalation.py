"""Overdue complaints go to the unit head, then HR, each step exactly once."""

import datetime

import pytest
from django.utils import timezone

from feedback import services
from feedback.models import Complaint, ComplaintEvent
from feedback.tasks import escalate_overdue_complaints_task
from notifications.models import Notification
from people.models import Holiday

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 23)


@pytest.fixture
def overdue(service_unit):
    complaint, _code, _ = services.submit_complaint(
        service_unit=service_unit, description="Berkas hilang di loket."
    )
    Complaint.objects.filter(pk=complaint.pk).update(due_date=MONDAY)
    complaint.refresh_from_db()
    return complaint


def test_due_date_counts_working_days_and_agency_holidays(org):
    friday = datetime.date(2026, 11, 20)
    assert services.complaint_due_date(agency=org["agency"], submitted_on=friday) == (
        datetime.date(2026, 11, 27)
    )
    Holiday.objects.create(agency=org["agency"], date=MONDAY, name="Cuti bersama")
    assert services.complaint_due_date(agency=org["agency"], submitted_on=friday) == (
        datetime.date(2026, 11, 30)
    )
    org["agency"].complaint_response_working_days = 3
    assert services.complaint_due_date(agency=org["agency"], submitted_on=friday) == (
        datetime.date(2026, 11, 26)
    )


def test_not_overdue_on_the_due_date_itself(overdue):
    assert services.escalate_overdue_complaints(today=MONDAY) == {
        "unit_head": 0,
        "hr": 0,
    }


def test_head_first_then_hr_after_n_more_working_days_never_twice(org, overdue):
    head_user = org["unit_head"].user
    hr_user = org["hr"].user
    tuesday = MONDAY + datetime.timedelta(days=1)
    assert services.escalate_overdue_complaints(today=tuesday) == {
        "unit_head": 1,
        "hr": 0,
    }
    assert services.escalate_overdue_complaints(today=tuesday) == {
        "unit_head": 0,
        "hr": 0,
    }
    assert (
        Notification.objects.filter(recipient=head_user, step="unit_head").count() == 1
    )
    assert not Notification.objects.filter(recipient=hr_user).exists()
    # Five working days after the due date (Mon 30 Nov) is still the head's time.
    assert (
        services.escalate_overdue_complaints(today=datetime.date(2026, 11, 30))["hr"]
        == 0
    )
    assert services.escalate_overdue_complaints(today=datetime.date(2026, 12, 1)) == {
        "unit_head": 0,
        "hr": 1,
    }
    services.escalate_overdue_complaints(today=datetime.date(2026, 12, 2))
    assert Notification.objects.filter(recipient=hr_user, step="hr").count() == 1
    kinds = list(
        overdue.events.filter(kind__startswith="escalated").values_list(
            "kind", flat=True
        )
    )
    assert kinds == [
        ComplaintEvent.Kind.ESCALATED_HEAD,
        ComplaintEvent.Kind.ESCALATED_HR,
    ]


def test_an_answered_complaint_is_not_escalated(org, overdue):
    services.verify_complaint(complaint=overdue, actor=org["hr"].user, accept=True)
    services.answer_complaint(complaint=overdue, actor=org["hr"].user, answer="Sudah.")
    assert services.escalate_overdue_complaints(today=datetime.date(2026, 12, 30)) == {
        "unit_head": 0,
        "hr": 0,
    }


def test_without_a_head_hr_hears_at_the_first_step(org, service_unit, overdue):
    service_unit.head = None
    service_unit.save()
    services.escalate_overdue_complaints(today=MONDAY + datetime.timedelta(days=1))
    assert Notification.objects.filter(
        recipient=org["hr"].user, step="unit_head"
    ).exists()


def test_the_task_run_twice_notifies_once(org, overdue, monkeypatch):
    monkeypatch.setattr(
        timezone, "localdate", lambda *a, **k: datetime.date(2026, 12, 10)
    )
    escalate_overdue_complaints_task.apply()
    escalate_overdue_complaints_task.apply()
    assert Notification.objects.filter(kind="feedback.complaint_overdue").count() == 2
    overdue.refresh_from_db()
    assert overdue.escalation == Complaint.Escalation.HR


def test_the_daily_schedule_exists():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(
        task="feedback.tasks.escalate_overdue_complaints_task"
    )
    assert (task.crontab.hour, task.crontab.minute) == ("6", "0")
