"""Reminders through the real broker: the task queued twice sends each message once."""

import pytest

from notifications.models import Notification
from people.models import Agency
from training.services import delivery as services
from training.tasks import send_training_reminders_task
from training.tests.factories import attended, finished_session

pytestmark = pytest.mark.worker


def _finished_runs(log: str) -> int:
    return sum(
        1
        for line in log.splitlines()
        if "send_training_reminders_task" in line and "succeeded" in line
    )


def test_reminder_task_run_twice_by_a_real_worker_notifies_each_participant_once(
    real_worker, org
):
    session = finished_session(org["agency"], ended_days_ago=0)
    for person in ("member", "outsider", "supervisor"):
        attended(session, org[person])
    # The task runs each agency from its reminder hour: make that any hour of the day.
    Agency.objects.update(reminder_hour=0)
    real_worker.start()
    first = real_worker.send(send_training_reminders_task)
    second = real_worker.send(send_training_reminders_task)
    real_worker.wait_until(
        lambda: _finished_runs(real_worker.log_text()) >= 2, timeout=90
    )
    assert first.id != second.id
    notes = Notification.objects.filter(kind=services.QUESTIONNAIRE_KIND)
    assert notes.count() == 3
    assert sorted(notes.values_list("step", flat=True)) == ["invite"] * 3
    # Each email, too, is delivered once.
    real_worker.wait_until(
        lambda: notes.filter(email_status=Notification.EmailStatus.SENT).count() == 3,
        timeout=60,
    )
    assert all(n.email_attempts == 1 for n in notes.all())


def test_a_worker_killed_mid_run_is_redelivered_and_sends_each_reminder_once(
    real_worker, org
):
    import os
    import signal

    from people.tests.factories import EmployeeFactory

    session = finished_session(org["agency"], ended_days_ago=0)
    total = 120
    for _n in range(total):
        attended(session, EmployeeFactory(agency=org["agency"], unit=org["unit"]))
    # The task runs each agency from its reminder hour: make that any hour of the day.
    Agency.objects.update(reminder_hour=0)
    worker = real_worker.start(concurrency=1)
    real_worker.send(send_training_reminders_task)
    notes = Notification.objects.filter(kind=services.QUESTIONNAIRE_KIND)
    real_worker.wait_until(lambda: notes.exists(), timeout=60, interval=0.02)
    sent_before_kill = notes.count()
    for pid in real_worker.child_pids(worker):
        os.kill(pid, signal.SIGKILL)
    # task_reject_on_worker_lost puts the task back; the worker's new child reruns it.
    real_worker.wait_until(lambda: notes.count() == total, timeout=90)
    real_worker.wait_until(
        lambda: _finished_runs(real_worker.log_text()) >= 1, timeout=60
    )
    assert notes.count() == total
    assert notes.values("recipient").distinct().count() == total
    assert sent_before_kill < total, "the run ended before the kill; nothing proven"
