"""The dashboard's panels, kept for a few minutes per scope and period, and dropped
as soon as any figure behind them changes.

Every panel is computed from the tables of the figure apps (`compose.FIGURE_APPS`).
Rather than list the writes that matter (saves, bulk inserts, imports, updates run by
tasks), every INSERT, UPDATE or DELETE on one of those tables, from a page or a
worker, replaces one generation value in the shared cache; a cached composition
carries the generation it was computed under, so after any such write the next
visitor computes afresh. The value is replaced when the write runs (a reader in the
same transaction, and the tests, see it at once) and again when it commits (a
reader that computed from the rows before the commit, under the first new value,
is not kept)."""

import datetime
import logging
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from asn_portal.replica import read_on_replica
from dashboard.compose import FIGURE_APPS, all_panels
from people.panels import Panel, Scope

log = logging.getLogger(__name__)

GENERATION_KEY = "dashboard:figures-generation"
_FIGURE_TABLES = tuple(f"{label}_" for label in FIGURE_APPS)
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.I)


@dataclass
class Composed:
    panels: list[Panel]
    computed_at: datetime.datetime
    # The panels as HTML (dashboard/_panels.html): rendering them is most of the
    # page's time, and the result is the same for everyone who sees the scope.
    html: str = ""
    from_cache: bool = False


def composed_panels(scope: Scope, *, fresh: bool = False) -> Composed:
    """The scope's panels, from the cache unless `fresh` or a figure changed."""
    key = _key(scope)
    if not fresh:
        kept = cache.get(key)
        if kept is not None:
            kept.from_cache = True
            return kept
    # Read-only and kept for minutes besides: the replica's lag of a second or so
    # goes unnoticed, and the primary is spared the page's aggregates.
    panels = read_on_replica(lambda: all_panels(scope))
    html = render_to_string("dashboard/_panels.html", {"panels": panels})
    composed = Composed(panels, timezone.now(), html)
    cache.set(key, composed, settings.DASHBOARD_CACHE_SECONDS)
    return composed


def _key(scope: Scope) -> str:
    generation = cache.get(GENERATION_KEY, 0)
    unit = scope.unit.pk if scope.unit else "-"
    return (
        f"dashboard:panels:{generation}:{scope.agency.pk}:{unit}:"
        f"{scope.start}:{scope.end}:{get_language()}"
    )


def figures_changed() -> None:
    try:
        cache.set(GENERATION_KEY, time.time_ns(), None)
    except Exception:  # a cache outage must not fail the write that caused it
        log.exception("could not drop the dashboard's cached figures")


def note_figure_writes(execute, sql, params, many, context):
    """A database execute wrapper (installed on every connection by the app config)."""
    result = execute(sql, params, many, context)
    written = _WRITE.match(sql)
    if written and written.group(1).startswith(_FIGURE_TABLES):
        figures_changed()
        connection = context["connection"]
        # Once per transaction is enough for the commit.
        if not any(entry[1] is figures_changed for entry in connection.run_on_commit):
            transaction.on_commit(figures_changed, using=connection.alias)
    return result


def install(connection, **kwargs) -> None:
    if note_figure_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(note_figure_writes)
