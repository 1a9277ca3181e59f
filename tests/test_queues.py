"""Long work (reports, imports, exports, the SIASN pull) goes to the bulk queue, with
workers of its own, so that a burst of reports never delays a reminder or an email."""

import importlib

import pytest
from django.conf import settings

from asn_portal.celery import app

BULK = [
    "dashboard.tasks.generate_report_task",
    "people.tasks.run_background_job_task",
    "training.tasks.build_results_export_task",
    "siasn_ws.tasks.pull_from_siasn_task",
]
PROMPT = [
    "notifications.tasks.deliver_emails_task",
    "training.tasks.send_training_reminders_task",
    "evaluations.tasks.send_evaluation_reminders_task",
    "feedback.tasks.escalate_overdue_complaints_task",
    "mentoring.tasks.nudge_idle_pairs_task",
    "dashboard.tasks.queue_stalled_reports_task",
    "siasn_ws.tasks.push_to_siasn_task",
]


def _queue_of(task_name: str) -> str:
    importlib.import_module(task_name.rsplit(".", 1)[0])
    assert task_name in app.tasks, f"{task_name} is not a registered task"
    return app.amqp.router.route({}, task_name)["queue"].name


@pytest.mark.parametrize("task_name", BULK)
def test_long_work_goes_to_the_bulk_queue(task_name):
    assert _queue_of(task_name) == settings.BULK_QUEUE


@pytest.mark.parametrize("task_name", PROMPT)
def test_reminders_and_emails_stay_on_the_default_queue(task_name):
    assert _queue_of(task_name) == settings.CELERY_TASK_DEFAULT_QUEUE
    assert settings.CELERY_TASK_DEFAULT_QUEUE != settings.BULK_QUEUE
