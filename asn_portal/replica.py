"""Reads that may be a few seconds old go to the read replica, when there is one.

Nothing reads from the replica unless it asks to: `with reading_from_replica():`
around work that only reads and whose result may lag the primary by the replica's
delay (the dashboard's panels, a report's figures). Everything else, and every
write, stays on `default`, so a page never fails to see what it has just saved.
Without `DATABASE_REPLICA_URL` there is no `replica` alias and the router is not
installed (settings.py): the context then changes nothing."""

import contextlib
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"

# A context variable rather than a global, so one thread's (or one task's) report
# does not send another thread's reads to the replica.
_reading = ContextVar("reading_from_replica", default=False)


@contextlib.contextmanager
def reading_from_replica():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


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
