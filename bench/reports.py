"""The leader dashboard and a full quarterly agency report on the large data set.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_portal_bench \\
        .venv/bin/python -m bench.reports [--runs 9] [--generations 2]

(`make bench` builds that database; so does `manage.py seed_demo --size large`.)
Production settings (DEBUG off), as bench.run serves them. Prints, in one run:

* the dashboard view through Django's test client, logged in as the bench leader
  (whole agency, this year): median of `--runs` requests, its query count, and the
  bare SQL of its panels (the statements `all_panels` runs, captured and replayed on a
  raw driver cursor) run once after each request, median;
* the quarterly report of the largest agency for the last complete quarter:
  `dashboard.services.request_report` (queueing switched off), then
  `generate_report` in a child process that does nothing else, `--generations`
  times (the second regenerates the same row: idempotent), each with its wall time
  and the child's peak resident memory (ru_maxrss), beside the child's RSS
  before it started generating (Django and the app loaded).

Report files go to a temporary MEDIA_ROOT, removed afterwards."""

import argparse
import json
import os
import resource
import shutil
import statistics

# Runs only our own module in a child process (bandit B404/B603 reviewed).
import subprocess  # nosec B404
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import SERVER_ENV  # noqa: E402

ENV = {
    **SERVER_ENV,
    "DATABASE_URL": os.environ.get("DATABASE_URL", SERVER_ENV["DATABASE_URL"]),
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--generations", type=int, default=2)
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.update(ENV)
    if args.generate:
        _generate_in_this_process(args.generate)
        return
    media = tempfile.mkdtemp(prefix="bench-reports-")
    os.environ["MEDIA_ROOT"] = media
    try:
        _measure(args)
    finally:
        shutil.rmtree(media, ignore_errors=True)


def _measure(args) -> None:
    from bench.run import _manage

    os.chdir(ROOT)
    _manage("collectstatic", "--noinput", "-v", "0")  # the manifest pages need
    import django

    django.setup()
    from bench.dataset import ensure_bench_users

    users = ensure_bench_users()
    loads = [os.getloadavg()[0]]
    dashboard = _dashboard(users["leader"], args.runs)
    loads.append(os.getloadavg()[0])
    report = _report(args.generations)
    loads.append(os.getloadavg()[0])
    _print(dashboard, report, loads)


def _dashboard(user, runs: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from bench.pages import captured_panel_sql, dashboard_scope
    from bench.run import _compiled, _run_sql_ms

    client = Client()
    client.force_login(user)
    url = reverse("dashboard:dashboard")
    first = client.get(url)  # warms caches, as a served worker has them
    assert first.status_code == 200, first.status_code  # nosec B101
    # Counted by an execute wrapper: the request_started signal empties the query
    # log CaptureQueriesContext reads, so it would miss the request's first queries.
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    statements = captured_panel_sql(dashboard_scope(user))
    compiled = _compiled(statements)
    # Each request followed by one run of its bare SQL: both medians over the same
    # moments of a machine whose load drifts.
    timings, sql_timings = [], []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        response.content  # noqa: B018 - the whole body, as a browser gets it
        timings.append((time.perf_counter() - started) * 1000)
        sql_timings.append(_run_sql_ms(compiled))
    sql_ms = statistics.median(sql_timings)
    page_ms = statistics.median(timings)
    return {
        "page_ms": page_ms,
        "page_runs_ms": [round(t, 1) for t in timings],
        "queries": len(executed),
        "panel_queries": len(statements),
        "sql_ms": sql_ms,
        "ratio": page_ms / sql_ms if sql_ms else None,
        "slowest_sql": _slowest(statements),
    }


def _slowest(statements, top: int = 5) -> list:
    """Each panel statement once more, alone: where the SQL time goes."""
    from django.db import connection

    timed = []
    with connection.connection.cursor() as cursor:
        for sql, params in statements:
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            timed.append(((time.perf_counter() - started) * 1000, sql))
    timed.sort(reverse=True)
    return [(round(ms, 1), sql[:160]) for ms, sql in timed[:top]]


def _report(generations: int) -> dict:
    from django.db.models import Count
    from django.utils import timezone

    from dashboard import services
    from dashboard.models import Report
    from people.models import Agency

    agency = Agency.objects.annotate(size=Count("employees")).order_by("-size")[0]
    start, end = services.last_complete_period(
        Report.Kind.QUARTERLY, timezone.localdate()
    )
    # The bench generates in its own child process, not through a Celery worker.
    services._queue_generation = lambda report_id: None
    report = services.request_report(
        agency=agency, kind=Report.Kind.QUARTERLY, period_start=start, period_end=end
    )
    runs = []
    for _ in range(generations):
        result = subprocess.run(  # nosec B603
            [sys.executable, "-m", "bench.reports", "--generate", str(report.pk)],
            cwd=ROOT,
            env={**os.environ},
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            sys.stderr.write(result.stderr[-3000:])
            raise SystemExit("report generation failed")
        line = next(
            line for line in result.stdout.splitlines() if line.startswith("BENCH ")
        )
        runs.append(json.loads(line.removeprefix("BENCH ")))
    report.refresh_from_db()
    return {
        "agency": agency.name,
        "employees": agency.size,
        "period": f"{start:%d-%m-%Y} – {end:%d-%m-%Y}",
        "runs": runs,
        "status": report.status,
        "generation_count": report.generation_count,
        "rows": Report.objects.filter(
            agency=agency, kind=Report.Kind.QUARTERLY, period_start=start, unit=None
        ).count(),
    }


def _generate_in_this_process(report_id: int) -> None:
    import django

    django.setup()
    from django.db import connection

    from dashboard.services import generate_report

    connection.ensure_connection()
    before_kb = _rss_kb()
    started = time.perf_counter()
    report = generate_report(report_id=report_id)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        "BENCH "
        + json.dumps(
            {
                "seconds": seconds,
                "rss_before_mb": before_kb / 1024,
                "peak_rss_mb": peak_kb / 1024,
                "pdf_kb": report.pdf.size / 1024,
                "xlsx_kb": report.xlsx.size / 1024,
            }
        ),
        flush=True,
    )


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _print(dashboard: dict, report: dict, loads: list) -> None:
    from bench.run import _cpu_name

    print("Leader dashboard (bench leader, whole agency, this year):")
    print(
        f"  page {dashboard['page_ms']:.0f} ms (median of "
        f"{len(dashboard['page_runs_ms'])}: {dashboard['page_runs_ms']}), "
        f"{dashboard['queries']} queries ({dashboard['panel_queries']} in the panels)"
    )
    print(
        f"  bare SQL of the panels {dashboard['sql_ms']:.0f} ms; "
        f"page ÷ SQL {dashboard['ratio']:.2f}"
    )
    print("  slowest panel statements (ms, alone):")
    for ms, sql in dashboard["slowest_sql"]:
        print(f"    {ms:8.1f}  {sql}")
    print(
        f"Quarterly report, {report['agency']} ({report['employees']} ASN), "
        f"{report['period']}:"
    )
    for number, run in enumerate(report["runs"], start=1):
        print(
            f"  generation {number}: {run['seconds']:.1f} s, peak RSS "
            f"{run['peak_rss_mb']:.0f} MB (before generating "
            f"{run['rss_before_mb']:.0f} MB); PDF {run['pdf_kb']:.0f} KB, "
            f"Excel {run['xlsx_kb']:.0f} KB"
        )
    print(
        f"  report rows for that period: {report['rows']}, status {report['status']}, "
        f"generated {report['generation_count']} times"
    )
    print(
        f"Machine: {_cpu_name()}, {os.cpu_count()} CPUs; 1-minute load average "
        f"{', '.join(f'{load:.1f}' for load in loads)} (start, after dashboard, "
        f"end); {time.strftime('%Y-%m-%d %H:%M %Z')}"
    )


if __name__ == "__main__":
    main()
