import os

from celery import Celery, Task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")

# Faults that pass: a database restarting or failing over, a connection cut, the
# broker (or the cache on the same Redis) away for a moment.
TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    BrokerError,
    RedisConnectionError,
    RedisTimeoutError,
)


class ReliableTask(Task):
    """The base of every task: a transient fault retries the task with exponential
    backoff and jitter, a bounded number of times (`CELERY_TASK_ANNOTATIONS` in
    settings gives the numbers). Tasks are idempotent by state, so a retry after a
    partial run only does what is still undone."""

    autoretry_for = TRANSIENT_ERRORS


app = Celery("asn_portal", task_cls=ReliableTask)
# Every Celery setting lives in settings.py under the CELERY_ prefix, with the reasons.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
