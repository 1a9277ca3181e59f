"""Query pins: a page runs as many queries at a small as at a large data set."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str, method: str = "get", data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code < 400, f"{url} answered {response.status_code}"
    return len(queries)


def assert_constant_queries(
    client, url: str, *, grow, ceiling: int, method="get", data=None
):
    """Render `url`, call `grow()` to add many more rows, render again: same count.

    `grow` must add rows that the page shows (not rows it filters out)."""
    small = count_queries(client, url, method, data)
    grow()
    large = count_queries(client, url, method, data)
    assert small == large, f"{url}: {small} queries small, {large} large"
    assert large <= ceiling, f"{url}: {large} queries, ceiling {ceiling}"
    return large
