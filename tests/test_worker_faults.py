"""Fault tests on a real Celery worker, real Redis and PostgreSQL (`-m worker`).

They prove the settings in asn_portal/settings.py ("Delivery guarantees") and the
idempotency keys together: kill pool processes and the whole worker mid-batch, or run
two beats, and every due reminder is still delivered exactly once."""

import time

import pytest
from django.db.models import Count
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from notifications.models import Notification
from people.tests.factories import EmployeeFactory
from tests import fault_tasks
from tests.worker import VISIBILITY_TIMEOUT, WorkerHandle

pytestmark = pytest.mark.worker

BATCH = 12


def _phases(real_worker, worker_process) -> dict[int, str]:
    """What each live pool process of `worker_process` is doing, by pid."""
    raw = real_worker.redis().hgetall(fault_tasks.key("phase", real_worker.queue))
    phases = {int(pid): phase.decode() for pid, phase in raw.items()}
    return {
        pid: phases[pid]
        for pid in real_worker.child_pids(worker_process)
        if pid in phases
    }


def _pool_process_in(real_worker, worker_process, phase: str) -> int:
    found: list[int] = []

    def seen():
        found[:] = [
            pid
            for pid, current in _phases(real_worker, worker_process).items()
            if current.startswith(phase)
        ]
        return bool(found)

    real_worker.wait_until(seen, timeout=30, interval=0.02)
    return found[0]


def test_killed_pool_processes_and_worker_lose_and_repeat_no_reminder(real_worker, org):
    people = [org[key] for key in ("member", "supervisor", "outsider", "hr")]
    due = [(person, str(step)) for person in people for step in (1, 3, 7)]
    assert len(due) == BATCH
    worker = real_worker.start(concurrency=2)
    for person, step in due:
        real_worker.send(fault_tasks.send_reminder_task, person.pk, step)

    # A pool process killed right after delivering: the task runs again (it was not
    # acknowledged), and must find the reminder already delivered.
    real_worker.kill_child(worker, _pool_process_in(real_worker, worker, "after:"))
    # A pool process killed before delivering: the task must come back, not vanish.
    real_worker.kill_child(worker, _pool_process_in(real_worker, worker, "before:"))
    # The whole worker killed mid-batch, a task in flight: nothing acknowledged it,
    # so Redis hands it back once the visibility timeout has passed.
    _pool_process_in(real_worker, worker, "before:")
    real_worker.kill(worker)
    assert Notification.objects.filter(kind=fault_tasks.REMINDER_KIND).count() < BATCH
    time.sleep(VISIBILITY_TIMEOUT + 1)

    real_worker.start(concurrency=2)
    delivered = Notification.objects.filter(kind=fault_tasks.REMINDER_KIND)
    # Drained alone is not enough: between taking a message off the queue and
    # recording it as unacknowledged, the broker briefly shows neither.
    real_worker.wait_until(
        lambda: delivered.count() >= BATCH and real_worker.drained(), timeout=90
    )

    per_reminder = {
        (row["recipient"], row["step"]): row["n"]
        for row in delivered.values("recipient", "step").annotate(n=Count("id"))
    }
    expected = {(person.user_id, step): 1 for person, step in due}
    assert per_reminder == expected, "every due reminder exactly once"
    runs = int(real_worker.redis().get(fault_tasks.key("runs", real_worker.queue)))
    assert runs > BATCH, "the kills made some tasks run twice"


def test_two_beats_send_as_one_and_the_second_takes_over(real_worker, org):
    """Two beats (two machines, for availability): only the lease holder sends (two
    senders would send every periodic task twice, celery #2856); when it is killed
    the other takes over within the lease, and each period's effect happens once
    throughout; each email is sent once."""
    real_worker.env["BEAT_LEASE_SECONDS"] = "3"
    period_seconds = 3
    every_second, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.SECONDS
    )
    PeriodicTask.objects.create(
        name="fault-test period recap",
        task="tests.fault_tasks.record_period_task",
        interval=every_second,
        args=f"[{org['member'].pk}, {period_seconds}]",
        queue=real_worker.queue,
    )
    PeriodicTask.objects.create(
        name="fault-test email sweep",
        task="notifications.tasks.deliver_emails_task",
        interval=every_second,
        queue=real_worker.queue,
    )
    from notifications import services

    for person in [EmployeeFactory(agency=org["agency"]) for _ in range(8)]:
        services.notify(
            recipient=person.user, kind="fault-test-mail", obj=person, title="Info"
        )

    real_worker.start(concurrency=2)
    beats = [real_worker.start_beat(), real_worker.start_beat()]
    sending = "Sending due task fault-test period recap"

    def senders():
        return [beat for beat in beats if sending in real_worker.log_of(beat)]

    # Both beats up (start-up takes seconds on a busy machine), one sending...
    real_worker.wait_until(
        lambda: (
            all("Beat " in real_worker.log_of(beat) for beat in beats) and senders()
        ),
        timeout=60,
    )
    # ...for several periods, the other standing by all along.
    time.sleep(period_seconds * 3)
    assert len(senders()) == 1, "only the lease holder sends"
    [holder] = senders()
    [standby] = [beat for beat in beats if beat is not holder]
    assert "stands by" in real_worker.log_of(standby)

    real_worker.kill(holder)
    real_worker.wait_until(lambda: sending in real_worker.log_of(standby), timeout=30)
    time.sleep(period_seconds * 2)
    real_worker.kill(standby)
    real_worker.wait_until(real_worker.drained, timeout=60)

    recaps = Notification.objects.filter(kind=fault_tasks.PERIODIC_KIND)
    per_period = dict(
        recaps.values_list("step").annotate(n=Count("id")).values_list("step", "n")
    )
    keys = sorted(int(step) for step in per_period)
    assert len(keys) >= 4
    missing = set(range(keys[0], keys[-1] + 1)) - set(keys)
    assert len(missing) <= 1, "a takeover (lease 3 s) misses at most one period"
    assert set(per_period.values()) == {1}, f"one effect per period: {per_period}"

    mails = Notification.objects.filter(kind="fault-test-mail")
    assert mails.filter(email_status=Notification.EmailStatus.SENT).count() == 8
    assert set(mails.values_list("email_attempts", flat=True)) == {1}


def _private_redis(tmp_path, *, appendonly: bool):
    """A Redis of this test's own (the machine's may not be restarted under others),
    started again on the same port and folder by calling the returned function."""
    import socket
    import subprocess

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    folder = tmp_path / "redis"
    folder.mkdir(exist_ok=True)
    command = [
        "redis-server",
        "--port", str(port),
        "--bind", "127.0.0.1",
        "--dir", str(folder),
        "--save", "",
        "--appendonly", "yes" if appendonly else "no",
        "--appendfsync", "everysec",
    ]  # fmt: skip
    processes = []

    def start():
        processes.append(subprocess.Popen(command, stdout=subprocess.DEVNULL))
        import redis

        client = redis.Redis(port=port)
        WorkerHandle.wait_until(lambda: _pings(client), timeout=30)
        return processes[-1]

    return f"redis://127.0.0.1:{port}/0", start, processes


def _pings(client) -> bool:
    import redis

    try:
        return client.ping()
    except redis.ConnectionError:
        return False


@pytest.mark.parametrize("appendonly", [True, False], ids=["aof", "no-persistence"])
def test_a_redis_restart_keeps_a_delivered_unacknowledged_task(
    real_worker, org, tmp_path, appendonly
):
    """The broker crashes while a reminder is in a worker's hands, unacknowledged, and
    the worker dies too. With append-only persistence (as `.ci/run` and the
    production guide set it) the reminder comes back and is sent once; without it,
    it is lost, which is what the persistence is for."""
    import signal

    from asn_portal.celery import app

    url, start_redis, redis_processes = _private_redis(tmp_path, appendonly=appendonly)
    start_redis()
    machine_redis = real_worker.env["CELERY_BROKER_URL"]
    real_worker.env["CELERY_BROKER_URL"] = url
    try:
        worker = real_worker.start(concurrency=1)
        with app.connection_for_write(url) as connection:
            fault_tasks.send_reminder_task.apply_async(
                args=[org["member"].pk, "7"],
                queue=real_worker.queue,
                connection=connection,
            )
        _pool_process_in(real_worker, worker, "before:")
        real_worker.kill(worker)
        time.sleep(1.5)  # appendfsync everysec: the delivery is on disk by now
        redis_processes[-1].send_signal(signal.SIGKILL)
        redis_processes[-1].wait(timeout=30)
        start_redis()
        time.sleep(VISIBILITY_TIMEOUT + 1)
        real_worker.start(concurrency=1)
        reminder = Notification.objects.filter(
            kind=fault_tasks.REMINDER_KIND, recipient=org["member"].user, step="7"
        )
        if appendonly:
            real_worker.wait_until(reminder.exists, timeout=60)
            real_worker.wait_until(real_worker.drained, timeout=60)
            assert reminder.count() == 1
        else:
            time.sleep(10)
            assert not reminder.exists()
    finally:
        real_worker.stop_all()
        real_worker.env["CELERY_BROKER_URL"] = machine_redis
        for process in redis_processes:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)


def test_a_database_cut_mid_task_is_retried_and_every_reminder_sent_once(
    real_worker, org
):
    from django.db import connection

    people = [EmployeeFactory(agency=org["agency"]) for _ in range(10)]
    real_worker.env["CELERY_RETRY_BACKOFF"] = "1"
    real_worker.start(concurrency=1)
    real_worker.send(fault_tasks.notify_batch_task, [p.pk for p in people])
    at = fault_tasks.key("batch-at", real_worker.queue)
    real_worker.wait_until(lambda: int(real_worker.redis().get(at) or 0) >= 4)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchone()[0] >= 1, "the worker's connection was cut"

    sent = Notification.objects.filter(kind=fault_tasks.REMINDER_KIND, step="batch")
    real_worker.wait_until(lambda: sent.count() == len(people), timeout=90)
    real_worker.wait_until(real_worker.drained, timeout=60)
    assert sorted(sent.values_list("recipient_id", flat=True)) == sorted(
        p.user_id for p in people
    ), "every reminder exactly once"
    runs = int(
        real_worker.redis().get(fault_tasks.key("batch-runs", real_worker.queue))
    )
    assert runs >= 2, "the cut run failed and was retried"
    assert "OperationalError" in real_worker.log_text()
