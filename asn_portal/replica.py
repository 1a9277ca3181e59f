"""Reads that may be a few seconds old go to the read replica, when there is one.

Nothing reads from the replica unless it asks to: `read_on_replica(work)` runs work
that only reads and whose result may lag the primary by the replica's delay (the
dashboard's panels, a report's figures). Everything else, and every write, stays on
`default`, so a page never fails to see what it has just saved. Without
`DATABASE_REPLICA_URL` there is no `replica` alias and the router is not installed
(settings.py): the work then simply runs on the primary.

A replica that cannot be reached costs a page nothing but a warning in the log: the
work runs again on the primary, and for `SKIP_SECONDS` afterwards this process goes
straight to the primary instead of waiting for the replica's connect timeout on every
page."""

import logging
import time
from contextvars import ContextVar

from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
SKIP_SECONDS = 30

# A context variable rather than a global, so one thread's (or one task's) report
# does not send another thread's reads to the replica.
_reading = ContextVar("reading_from_replica", default=False)
# When this process last failed to read from the replica (time.monotonic()).
_failed_at: float | None = None


def read_on_replica(work):
    """`work()` with its reads on the replica; on the primary when it is down."""
    if REPLICA not in connections or _recently_failed():
        return work()
    token = _reading.set(True)
    try:
        return work()
    except DatabaseError as error:
        if not _replica_is_down():
            raise
        logger.warning("Read replica unreachable, reading from the primary: %s", error)
    finally:
        _reading.reset(token)
    return work()


def _recently_failed() -> bool:
    return _failed_at is not None and time.monotonic() - _failed_at < SKIP_SECONDS


def _replica_is_down() -> bool:
    """Whether the replica's connection is what failed (rather than the work)."""
    global _failed_at
    replica = connections[REPLICA]
    try:
        replica.close()
        replica.ensure_connection()
    except DatabaseError:
        _failed_at = time.monotonic()
        return True
    return False


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _reading.get() or REPLICA not in connections:
            return None
        # Inside a transaction on the primary, its own uncommitted rows are only
        # there: the replica would not see them.
        if connections["default"].in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read from one may be
        # related to one read from the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
