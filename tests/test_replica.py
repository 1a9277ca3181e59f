"""The optional read replica (asn_portal/replica.py).

Without `DATABASE_REPLICA_URL`, the way every other test runs, there is no `replica`
alias and the dashboard reads everything from `default`, as before.

With it, the checks in `tests/replica_checks.py` run in a pytest run of their own,
started here: settings.py then adds the alias and the router, and the test settings
make `replica` a test mirror of `default` (a second connection to the same test
database). Only that run has the alias, so no other test has to name `replica` in
its `django_db(databases=...)` (pytest-django refuses queries to an alias a test did
not name) or commit its data for a second connection to see it. The run uses a
database of its own (the name of `DATABASE_URL` with `_replica`; kept with
`--reuse-db`), so it never touches the test database of the run that started it."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asn_portal.replica import read_on_replica
from people.models import Employee

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_without_a_replica_url_everything_reads_from_the_primary(org, login):
    assert "replica" not in connections
    assert not settings.DATABASE_ROUTERS
    with CaptureQueriesContext(connection) as on_primary:
        assert read_on_replica(Employee.objects.count) == 6
    assert len(on_primary.captured_queries) == 1
    response = login(org["leader"]).get(reverse("dashboard:dashboard"))
    assert response.status_code == 200
    assert "pegawai" in [panel.key for panel in response.context["panels"]]


def test_with_a_replica_url_the_figures_are_read_from_the_replica():
    primary = os.environ.get("DATABASE_URL", "")
    if not primary.startswith("postgres"):
        pytest.skip("a replica is a second PostgreSQL connection")
    parts = urlsplit(primary)
    own_database = parts._replace(path=f"{parts.path}_replica").geturl()
    # Without this run's PYTEST_* variables (xdist's worker name among them).
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("PYTEST_")
    }
    env |= {"DATABASE_URL": own_database, "DATABASE_REPLICA_URL": own_database}
    checks = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--reuse-db",
            "tests/replica_checks.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert checks.returncode == 0, checks.stdout + checks.stderr
    assert "5 passed" in checks.stdout
