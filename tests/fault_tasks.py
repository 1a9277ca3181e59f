"""Test-only tasks for the real-worker fault tests; never imported by production.

The worker loads this module only when CELERY_EXTRA_IMPORTS names it (tests.worker
sets it). Each task reports what it is doing in Redis, under keys of its own queue,
so a test can SIGKILL a pool process at a chosen moment of a task."""

import os
import time

import redis
from celery import shared_task
from django.conf import settings

from notifications import services
from people.models import Employee

# Long enough for a test to see a phase and kill the process in it.
PHASE_SECONDS = 0.5
REMINDER_KIND = "fault-test-reminder"
PERIODIC_KIND = "fault-test-periodic"


def fault_redis() -> redis.Redis:
    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


def key(name: str, queue: str | None = None) -> str:
    return f"fault:{queue or settings.CELERY_TASK_DEFAULT_QUEUE}:{name}"


def _phase(client: redis.Redis, phase: str) -> None:
    client.hset(key("phase"), str(os.getpid()), phase)


@shared_task
def send_reminder_task(employee_id: int, step: str) -> None:
    """One due reminder: prepare, deliver (the notification row), then bookkeeping.

    A kill before delivery must not lose the reminder; a kill after it must not
    deliver it twice when the task runs again."""
    client = fault_redis()
    client.incr(key("runs"))
    _phase(client, f"before:{step}")
    time.sleep(PHASE_SECONDS)
    employee = Employee.objects.select_related("user").get(pk=employee_id)
    services.notify(
        recipient=employee.user,
        kind=REMINDER_KIND,
        obj=employee,
        step=step,
        title=f"Pengingat {step}",
    )
    _phase(client, f"after:{step}")
    time.sleep(PHASE_SECONDS)
    _phase(client, "idle")


@shared_task
def record_period_task(employee_id: int, period_seconds: int) -> None:
    """A periodic job whose effect belongs to the current period (as a daily reminder
    sweep belongs to its day): run any number of times, it has one effect per period."""
    client = fault_redis()
    client.incr(key("periodic-runs"))
    period = int(time.time() // period_seconds)
    employee = Employee.objects.select_related("user").get(pk=employee_id)
    services.notify(
        recipient=employee.user,
        kind=PERIODIC_KIND,
        obj=employee,
        step=str(period),
        title=f"Rekap periode {period}",
    )


@shared_task
def notify_batch_task(employee_ids: list[int]) -> None:
    """A reminder run over many people, slow enough for a test to cut its database
    connection in the middle. Each reminder is a unique notification, so the retry
    that follows sends only what the cut run had not."""
    client = fault_redis()
    client.incr(key("batch-runs"))
    for number, employee_id in enumerate(employee_ids):
        client.set(key("batch-at"), number)
        time.sleep(PHASE_SECONDS / 2)
        employee = Employee.objects.select_related("user").get(pk=employee_id)
        services.notify(
            recipient=employee.user,
            kind=REMINDER_KIND,
            obj=employee,
            step="batch",
            title="Pengingat",
        )
