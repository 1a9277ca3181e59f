"""Query pins: a page runs as many queries at a small as at a large data set, and a
dashboard's template runs none (its view hands it evaluated data).

    assert_constant_queries(client, url, grow=add_rows, ceiling=12)
    assert_template_runs_no_queries(client, url)
"""

import contextlib
from unittest import mock

from django.db import connection
from django.template import base as template_base
from django.template.loader import get_template
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str, method: str = "get", data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code < 400, f"{url} answered {response.status_code}"
    _consume(response)
    captured = queries.captured_queries
    return len(captured) - _session_saves(captured) - _identity_reads(captured)


def _identity_reads(captured: list[dict]) -> int:
    """The session, the permission set and the roles are read from the cache once
    warm, from the database when not (the first page after signing in, or after a
    write to a table they are made of): the same for every page, so left out of a
    page's count (tests/test_identity.py pins them)."""
    return sum(
        query["sql"].startswith("SELECT")
        and (
            'FROM "django_session"' in query["sql"]
            or '"auth_permission"' in query["sql"]
            or 'AS "is_hr"' in query["sql"]  # the roles of someone with a profile
            or query["sql"].startswith('SELECT "auth_group"."name" FROM "auth_group"')
        )
        for query in captured
    )


def _session_saves(captured: list[dict]) -> int:
    """SESSION_SAVE_EVERY_REQUEST rewrites a logged-in session after every request (an
    UPDATE, in a savepoint under the test's transaction): the same cost on every page,
    so it is left out of a page's count."""
    sqls = [query["sql"] for query in captured]
    found = 0
    for i, sql in enumerate(sqls):
        if sql.startswith('UPDATE "django_session"'):
            found += 1
            found += i > 0 and sqls[i - 1].startswith("SAVEPOINT")
            found += i + 1 < len(sqls) and sqls[i + 1].startswith("RELEASE SAVEPOINT")
    return found


def assert_constant_queries(
    client, url: str, *, grow, ceiling: int, method="get", data=None
):
    """Render `url`, call `grow()` to add many more rows, render again: same count.

    The small data set must not be empty (an empty page skips its list query), and
    `grow` must add rows that the page shows (not rows it filters out)."""
    small = count_queries(client, url, method, data)
    grow()
    large = count_queries(client, url, method, data)
    assert small == large, f"{url}: {small} queries small, {large} large"
    assert large <= ceiling, f"{url}: {large} queries, ceiling {ceiling}"
    return large


@contextlib.contextmanager
def template_queries():
    """Collects the SQL run while a template renders (context processors excluded:
    they run before the template body). Yields a list filled on exit."""
    found: list[str] = []
    original = template_base.Template._render
    depth = 0

    def measured(self, context):
        nonlocal depth
        if depth:
            return original(self, context)
        depth += 1
        start = len(capture.captured_queries)
        try:
            return original(self, context)
        finally:
            depth -= 1
            found.extend(q["sql"] for q in capture.captured_queries[start:])

    with (
        CaptureQueriesContext(connection) as capture,
        mock.patch.object(template_base.Template, "_render", measured),
    ):
        yield found


def assert_template_runs_no_queries(client, url: str) -> None:
    """Open `url`; the template must not query (no lazy QuerySet, no related field
    fetched in a loop): what a dashboard shows is computed before it renders."""
    with template_queries() as queries:
        response = client.get(url)
        _consume(response)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    assert not queries, f"{url}: the template ran {len(queries)} queries:\n" + (
        "\n".join(queries)
    )


def assert_renders_without_queries(template_name: str, context: dict) -> str:
    """Render a template with a context built beforehand; it must run no query."""
    template = get_template(template_name)
    with CaptureQueriesContext(connection) as queries:
        html = template.render(context)
    assert not queries.captured_queries, (
        f"{template_name} ran {len(queries)} queries:\n"
        + "\n".join(q["sql"] for q in queries.captured_queries)
    )
    return html


def _consume(response) -> None:
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
