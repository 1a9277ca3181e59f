"""The web keeps answering when its database connections are cut (a PostgreSQL
restart or failover): a real gunicorn process with kept connections, its backends
terminated, then the next requests. With health checks off the same fault shows up
as 500s, so the test proves the setting, not luck."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from feedback.tests.factories import ServiceUnitFactory

pytestmark = pytest.mark.worker

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
REQUESTS_AFTER_THE_CUT = 48


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _cut_the_webs_connections():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def web_server(transactional_db, tmp_path):
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    servers = []

    def start(*, health_checks: bool) -> str:
        port = _free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "asn_portal.test_settings",
            "DATABASE_URL": (
                f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            ),
            "CONN_MAX_AGE": "600",
            "CONN_HEALTH_CHECKS": "true" if health_checks else "false",
        }
        log = open(tmp_path / f"gunicorn-{port}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [str(GUNICORN), "asn_portal.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        servers.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/masuk/", timeout=15)  # noqa: S310
                return base
            # Refused while gunicorn binds, or slow to answer its first request
            # on a loaded machine (a timeout is an OSError, not a URLError).
            except OSError:
                time.sleep(0.3)
        raise AssertionError("gunicorn did not start")

    yield start
    for process in servers:
        process.terminate()
        process.wait(timeout=30)


def _requests_after_a_cut(base: str, path: str) -> list[int]:
    assert _status(base + path) == 200, "the page works before the fault"
    assert _cut_the_webs_connections() >= 1, "the web held a connection to cut"
    return [_status(base + path) for _ in range(REQUESTS_AFTER_THE_CUT)]


def test_every_request_after_the_database_cut_succeeds(web_server, org):
    unit = ServiceUnitFactory(work_unit=org["unit"], slug="loket-uji")
    path = reverse("feedback:survey", args=[unit.slug])
    statuses = _requests_after_a_cut(web_server(health_checks=True), path)
    assert statuses == [200] * REQUESTS_AFTER_THE_CUT


def test_without_health_checks_the_same_cut_answers_500(web_server, org):
    unit = ServiceUnitFactory(work_unit=org["unit"], slug="loket-uji")
    path = reverse("feedback:survey", args=[unit.slug])
    statuses = _requests_after_a_cut(web_server(health_checks=False), path)
    assert 500 in statuses
