"""`make bench`: the large data set on PostgreSQL, the app under gunicorn with
production settings, wrk against the framework floor and each page of bench.pages,
bare SQL timed in the same run; prints a ratio table with each page's HTML size and
writes it into bench/README.md between the bench markers. Exits non-zero when a
page's HTML is over bench.pages.MAX_PAGE_BYTES."""

import json
import os
import platform
import re
import secrets
import shutil
import statistics

# Runs only fixed command lines of our own (bandit B404/B603 reviewed).
import subprocess  # nosec B404
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = Path(__file__).resolve().parent / "README.md"
RESULTS = Path(__file__).resolve().parent / "results"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

PORT = int(os.environ.get("BENCH_PORT", "8765"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1))))
# Comma-separated parts of page names: measure only those (and the floor); the table
# is then printed and saved to bench/results/ but not written into the README.
ONLY = [part.strip().lower() for part in os.environ.get("BENCH_PAGES", "").split(",")]
ONLY = [part for part in ONLY if part]
SEQUENTIAL_REQUESTS = 30
SQL_REPEATS = 30
BASE = f"http://127.0.0.1:{PORT}"

# Production settings, as deployed, except plain http on the loopback.
SERVER_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_SETTINGS_MODULE": "asn_portal.settings",
    "DEBUG": "False",
    "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "False",
    "DATABASE_URL": os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/asn_portal_bench"
    ),
    # Sessions, permissions, roles and kept dashboards in Redis, as in production.
    "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/12"),
    "LOG_LEVEL": "WARNING",
    # The bench's own key calls the API far more often than any real client may.
    "API_RATE_LIMIT": "1000000/minute",
}


def main() -> None:
    os.environ.update(SERVER_ENV)
    os.chdir(ROOT)
    _create_database(SERVER_ENV["DATABASE_URL"])
    _manage("migrate", "--noinput", "-v", "0")
    _manage("collectstatic", "--noinput", "-v", "0")

    import django

    django.setup()
    from bench.dataset import ensure_dataset

    print("Data set:", end=" ", flush=True)
    started = time.perf_counter()
    how = ensure_dataset(rebuild=bool(os.environ.get("BENCH_REBUILD")))
    built_s = time.perf_counter() - started
    sizes = _sizes()
    print(f"{how} in {built_s:.0f} s; database {sizes['database MB']:,} MB", flush=True)
    users = _users()
    headers = {role: ("Cookie", _session_cookie(user)) for role, user in users.items()}
    headers["api"] = ("Authorization", f"Bearer {_api_key(users['hr'])}")

    server = _start_gunicorn()
    try:
        rows = _measure_all(users, headers)
    finally:
        server.terminate()
        server.wait(timeout=30)
    table = _table(rows, sizes, how, os.getloadavg()[1])
    print()
    print(table)
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}.json").write_text(json.dumps(rows, indent=2))
    if ONLY:
        print(f"\nBENCH_PAGES set: written into bench/results/{stamp}.json only")
        _fail_if_too_large(rows)
        return
    _write_readme(table)
    print(f"\nWritten into {README.relative_to(ROOT)} and bench/results/{stamp}.json")
    _fail_if_too_large(rows)


def _fail_if_too_large(rows: list[dict]) -> None:
    from bench.pages import MAX_PAGE_BYTES

    large = [row["name"] for row in rows if row["bytes"] > MAX_PAGE_BYTES]
    if large:
        raise SystemExit(f"HTML over {MAX_PAGE_BYTES // 1024} KB: {', '.join(large)}")


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], check=True)  # nosec B603


def _create_database(url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    match = re.match(r"postgres(?:ql)?://(?P<rest>[^/]*)/(?P<name>[^?]+)", url)
    name = match["name"]
    admin = psycopg2.connect(url.replace(f"/{name}", "/postgres", 1))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def _sizes() -> dict:
    from django.db import connection

    from notifications.models import Notification
    from people.models import Agency, Employee, WorkUnit

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        database_mb = cursor.fetchone()[0] // 2**20
    return {
        "database MB": database_mb,
        "agencies": Agency.objects.count(),
        "units": WorkUnit.objects.count(),
        "employees": Employee.objects.count(),
        "notifications": Notification.objects.count(),
    }


def _users() -> dict:
    from django.contrib.auth import get_user_model

    from bench.dataset import BENCH_USERS

    User = get_user_model()
    return {role: User.objects.get(username=name) for role, name in BENCH_USERS.items()}


def _api_key(hr) -> str:
    """A key of the HR user's agency with every read scope, valid for a day."""
    import datetime

    from django.utils import timezone

    from api.models import Scope
    from api.services import create_api_key

    _key, secret = create_api_key(
        agency=hr.employee.agency,
        name=f"bench {timezone.now():%Y-%m-%d %H:%M:%S}",
        scopes=[scope for scope in Scope.values if scope.startswith("read_")],
        expires_on=timezone.localdate() + datetime.timedelta(days=1),
        created_by=hr,
    )
    return secret


def _session_cookie(user) -> str:
    """A logged-in session, as the login view would leave it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The backend that signs people in (axes only guards the attempts): a backend
    # not in AUTHENTICATION_BACKENDS would leave the session anonymous.
    session[BACKEND_SESSION_KEY] = next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if not path.startswith("axes.")
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _start_gunicorn() -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    log = open(RESULTS.parent / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(  # nosec B603
        [
            str(gunicorn),
            "asn_portal.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--access-logfile",
            "/dev/null",
        ],
        env={**os.environ, **SERVER_ENV},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(BASE + "/healthz/", timeout=2):  # nosec B310
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit(
        "gunicorn did not answer /healthz/ within 60 s (bench/gunicorn.log)"
    )


def _measure_all(users: dict, headers: dict) -> list[dict]:
    """Each page under load and alone; `headers` holds, per role, the header that
    says who asks (a session cookie, or the API key)."""
    from bench.pages import FLOOR, LOGGED_IN_FLOOR, PAGES

    rows = []
    pages = [p for p in PAGES if not ONLY or any(o in p.name.lower() for o in ONLY)]
    for page in [FLOOR, LOGGED_IN_FLOOR, *pages]:
        url = page.url(users) if callable(page.url) else page.url
        header = headers.get(page.user) if page.user else None
        size = len(_checked_body(page, url, header))
        print(f"Measuring {page.name} ({url}, {size:,} bytes) ...", flush=True)
        load_before = os.getloadavg()[0]
        loaded = _wrk(url, header, page.marker)
        if loaded["not_the_page"] or loaded["socket_errors"]:
            raise SystemExit(
                f"{page.name}: {loaded['not_the_page']} of {loaded['requests']} "
                f"answers under load were not the page (status or marker), "
                f"{loaded['socket_errors']} socket errors"
            )
        row = {
            # The 1-minute load average around this page's run.
            "load": (load_before + os.getloadavg()[0]) / 2,
            "name": page.name,
            "url": url,
            "rps": loaded["requests"] / (loaded["duration_us"] / 1e6),
            "p50_ms": loaded["p50_us"] / 1000,
            "p95_ms": loaded["p95_us"] / 1000,
            "errors": loaded["socket_errors"] + loaded["non_2xx_3xx"],
        }
        statements = page.bare_sql(users) if page.bare_sql else None
        row["single_ms"], row["sql_ms"], row["bytes"] = _sequential_ms(
            page, url, header, statements
        )
        rows.append(row)
    return rows


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect (to the login page, say) is an answer to check, not to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _request(url: str, header: tuple[str, str] | None):
    # http:// to our own server on the loopback (bandit B310 reviewed).
    request = urllib.request.Request(BASE + url)
    if header:
        request.add_header(*header)
    return _opener.open(request, timeout=30)  # nosec B310


def _checked_body(page, url: str, header: tuple[str, str] | None) -> bytes:
    """The page's body, served as itself: a 200 (not a redirect to the login page,
    not an error) holding the page's marker."""
    try:
        with _request(url, header) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        where = error.headers.get("Location") or ""
        raise SystemExit(f"{page.name}: {url} answered {error.code} {where}") from error
    if status != 200:
        raise SystemExit(f"{page.name}: {url} answered {status}")
    if page.marker.encode() not in body:
        raise SystemExit(f"{page.name}: {url} does not hold {page.marker!r}")
    return body


def _wrk(url: str, header: tuple[str, str] | None, marker: str) -> dict:
    command = [
        "wrk",
        "--threads",
        "2",
        "--connections",
        str(CONNECTIONS),
        "--duration",
        f"{DURATION}s",
        "--timeout",
        "30s",
        "--script",
        str(Path(__file__).with_name("report.lua")),
    ]
    if header:
        command += ["--header", "{}: {}".format(*header)]
    output = subprocess.run(  # nosec B603
        [*command, BASE + url],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "BENCH_MARKER": marker},
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH "))


def _sequential_ms(
    page, url: str, header: tuple[str, str] | None, statements: list | None = None
) -> tuple[float, float | None, int]:
    """One client, one request at a time: the page's own time, no queueing, and its
    largest HTML; each answer checked as the page itself. For aggregate pages, the
    bare SQL runs right after each request, so that both medians are taken over the
    same moments of a machine whose load drifts."""
    compiled = _compiled(statements) if statements else None
    page_ms, sql_ms, sizes = [], [], []
    for _ in range(SEQUENTIAL_REQUESTS):
        started = time.perf_counter()
        body = _checked_body(page, url, header)
        page_ms.append((time.perf_counter() - started) * 1000)
        sizes.append(len(body))
        if compiled:
            sql_ms.append(_run_sql_ms(compiled))
    return (
        statistics.median(page_ms),
        statistics.median(sql_ms) if sql_ms else None,
        max(sizes),
    )


def _compiled(statements: list) -> list[tuple]:
    """Statements are QuerySets (compiled here) or (sql, params) pairs; params None
    means the SQL is complete as it stands (e.g. captured from a run of the page's
    code), and the driver sends it untouched."""
    return [
        statement if isinstance(statement, tuple) else statement.query.sql_with_params()
        for statement in statements
    ]


def _run_sql_ms(compiled: list[tuple]) -> float:
    """One run of all the statements on a raw driver cursor."""
    from django.db import connection

    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        started = time.perf_counter()
        for sql, params in compiled:
            cursor.execute(sql, params)
            cursor.fetchall()
        return (time.perf_counter() - started) * 1000


def _bare_sql_ms(statements: list) -> float:
    """The page's figures as bare SQL on a raw driver cursor: median of repeats."""
    compiled = _compiled(statements)
    return statistics.median(_run_sql_ms(compiled) for _ in range(SQL_REPEATS))


def _table(rows: list[dict], sizes: dict, how: str, load: float) -> str:
    floor = rows[0]["rps"]
    lines = [
        "| page | HTML KB | req/s | ÷ floor | p50 ms | p95 ms | 1 client ms "
        "| ÷ logged-in floor | bare SQL ms | page ÷ SQL | load |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    logged_in_floor_ms = rows[1]["single_ms"]
    for row in rows:
        sql = row["sql_ms"]
        sql_text = f"{sql:.2f}" if sql is not None else "–"
        ratio_text = f"{row['single_ms'] / sql:.1f}" if sql else "–"
        lines.append(
            f"| {row['name']} | {row['bytes'] / 1024:.1f} "
            f"| {row['rps']:.0f} | {row['rps'] / floor:.2f} "
            f"| {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['single_ms']:.1f} "
            f"| {row['single_ms'] / logged_in_floor_ms:.1f} "
            f"| {sql_text} | {ratio_text} | {row['load']:.1f} |"
        )
    errors = sum(row["errors"] for row in rows)
    cpu = _cpu_name()
    lines += [
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M %Z')} on {cpu}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, PostgreSQL on the same machine. "
        f"gunicorn: {WORKERS} sync workers, production settings (DEBUG off). "
        f"wrk: 2 threads, {CONNECTIONS} connections, {DURATION} s per page; "
        f"{errors} errors; every answer under load checked for status 200 and the "
        "page's marker. load: the 1-minute load average around each page's run "
        f"(5-minute at the end: {load:.1f}); other work on the machine lowers "
        "every row alike, so compare ratios, not absolutes. "
        f"Data set ({how}): "
        + ", ".join(f"{count} {what}" for what, count in sizes.items())
        + ".",
    ]
    return "\n".join(lines)


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _write_readme(table: str) -> None:
    text = README.read_text()
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    README.write_text(f"{before}{START}\n{table}\n{END}{after}")


if __name__ == "__main__":
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (make bench installs it)")
    main()
