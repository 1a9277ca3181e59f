"""A real Celery worker process for tests where the broker is the point.

The worker runs `celery -A asn_portal worker` against the machine's Redis and the
test's own PostgreSQL database, on a queue of its own so parallel test runs never
share tasks. Tests that use it need committed data (`transactional_db`)."""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
CELERY = Path(sys.executable).parent / "celery"
VISIBILITY_TIMEOUT = 4


class WorkerHandle:
    def __init__(self, *, env: dict, queue: str, log_dir: Path):
        self.env = env
        self.queue = queue
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen] = []
        self.logs: dict[int, Path] = {}

    def start(
        self, *, concurrency: int = 2, queues: list[str] | None = None
    ) -> subprocess.Popen:
        log_path = self.log_dir / f"worker-{len(self.processes)}.log"
        log = open(log_path, "w")  # noqa: SIM115
        process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "asn_portal",
                "worker",
                "-Q",
                ",".join(queues or self.queues),
                "-n",
                f"{self.queue}-{len(self.processes)}@%h",
                f"--concurrency={concurrency}",
                "--pool=prefork",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        self.logs[process.pid] = log_path
        self.wait_until(lambda: "ready" in self.log_of(process), timeout=60)
        return process

    @property
    def queues(self) -> list[str]:
        """The test's queue and its bulk queue (asn_portal.settings.BULK_QUEUE)."""
        return [self.queue, f"{self.queue}-bulk"]

    def log_of(self, process: subprocess.Popen) -> str:
        return self.logs[process.pid].read_text(errors="replace")

    def start_beat(self, *, schedule_db: Path | None = None) -> subprocess.Popen:
        log_path = self.log_dir / f"beat-{len(self.processes)}.log"
        log = open(log_path, "w")  # noqa: SIM115
        process = subprocess.Popen(
            [str(CELERY), "-A", "asn_portal", "beat", "--loglevel=INFO", "--pidfile="],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        self.logs[process.pid] = log_path
        return process

    def send(self, task, *args, **kwargs):
        return task.apply_async(args=args, kwargs=kwargs, queue=self.queue)

    def child_pids(self, process: subprocess.Popen) -> list[int]:
        out = subprocess.run(
            ["pgrep", "-P", str(process.pid)], capture_output=True, text=True
        ).stdout
        return [int(pid) for pid in out.split()]

    def kill_child(self, process: subprocess.Popen, pid: int) -> None:
        """SIGKILL one pool process of `process` and wait until the worker has
        declared its task lost (and so requeued or acknowledged it)."""
        lost_before = self.log_of(process).count("WorkerLostError")
        os.kill(pid, signal.SIGKILL)
        self.wait_until(
            lambda: self.log_of(process).count("WorkerLostError") > lost_before,
            timeout=30,
        )

    def kill(self, process: subprocess.Popen, sig=signal.SIGKILL) -> None:
        for pid in self.child_pids(process):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        process.send_signal(sig)
        process.wait(timeout=30)

    def redis(self):
        import redis

        return redis.Redis.from_url(self.env["CELERY_BROKER_URL"])

    def drained(self) -> bool:
        """No message of this queue is waiting or delivered-but-unacknowledged."""
        client = self.redis()
        if any(client.llen(queue) for queue in self.queues):
            return False
        for payload in client.hvals("unacked"):
            _message, _exchange, routing_key = json.loads(payload)
            if routing_key in self.queues:
                return False
        return True

    def log_text(self) -> str:
        return "\n".join(
            p.read_text(errors="replace") for p in self.log_dir.glob("*.log")
        )

    @staticmethod
    def wait_until(predicate, *, timeout: float = 60, interval: float = 0.2) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(interval)
        raise AssertionError(f"condition not met within {timeout} s")

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                for pid in self.child_pids(process):
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                process.kill()
                process.wait(timeout=30)
        client = self.redis()
        leftovers = [*self.queues, *client.keys(f"fault:{self.queue}:*")]
        client.delete(*leftovers)


@pytest.fixture
def real_worker(transactional_db, tmp_path, settings):
    """A handle to start, feed and kill real Celery worker (and beat) processes."""
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("real-worker tests need PostgreSQL (set DATABASE_URL)")
    broker = settings.CELERY_BROKER_URL
    if not broker.startswith("redis://"):
        pytest.skip("real-worker tests need Redis (set CELERY_BROKER_URL)")
    queue = f"test-{uuid.uuid4().hex[:10]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "asn_portal.test_settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            f"/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": broker,
        "CELERY_QUEUE": queue,
        "CONN_MAX_AGE": "0",
        "CELERY_EXTRA_IMPORTS": "tests.fault_tasks",
        # A killed worker's unacknowledged tasks come back after this many seconds
        # (an hour in production): short, but longer than any test task.
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        # ...and a killed pool process's task is declared lost after a second.
        "CELERY_WORKER_LOST_WAIT": "1",
    }
    handle = WorkerHandle(env=env, queue=queue, log_dir=tmp_path)
    yield handle
    handle.stop_all()
