"""Who someone is, kept in the shared cache: their permissions (people/backends.py)
and their roles (people/roles.py) are computed once and then read from the cache on
every page, until something they are made of changes.

Rather than list the writes that matter (a group joined, a direct report added by an
import's bulk update, a mentoring pair ended by a queryset update, a Plt/Plh
assignment), every INSERT, UPDATE or DELETE on a table the roles and permissions are
read from, from a page or a worker, replaces one generation value that every cached
identity carries in its key: after any such write, the next page computes afresh.
The tables are Django's account, group and permission tables and those behind each
app's `derived_role_conditions`. The value is replaced when the write runs and again
when it commits (a reader that computed from the rows before the commit, under the
first new value, is not kept). Signing in (an UPDATE of `last_login` only) changes
nothing anyone may do."""

import logging
import re
import time
from functools import cache as once

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

log = logging.getLogger(__name__)

GENERATION_KEY = "identity:generation"
# Permissions and roles are also computed again after this long (a role that depends
# on the date, such as a Plt/Plh assignment, carries the date in its key as well).
IDENTITY_SECONDS = 600
ACCOUNT_TABLES = {
    "auth_user",
    "auth_group",
    "auth_permission",
    "auth_user_groups",
    "auth_user_user_permissions",
    "auth_group_permissions",
}
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.I)
_SIGN_IN = re.compile(
    r'\s*UPDATE\s+"?auth_user"?\s+SET\s+"?last_login"?\s*=\s*%s\s+WHERE', re.I
)


def generation() -> int:
    return cache.get_or_set(GENERATION_KEY, time.time_ns, None)


def identity_changed() -> None:
    try:
        cache.set(GENERATION_KEY, time.time_ns(), None)
    except Exception:  # a cache outage must not fail the write that caused it
        log.exception("could not drop the cached roles and permissions")


@once
def identity_tables() -> frozenset[str]:
    """The tables roles and permissions are read from."""
    tables = set(ACCOUNT_TABLES)
    for app_config in apps.get_app_configs():
        contribute = getattr(app_config, "derived_role_conditions", None)
        if contribute:
            for condition in contribute().values():
                tables |= _tables_of(condition)
    return frozenset(tables)


def _tables_of(expression) -> set[str]:
    """The tables an Exists() condition, or a Q combining several, reads."""
    if isinstance(expression, Q):
        parts = [child for child in expression.children if not isinstance(child, tuple)]
    else:
        parts = expression.get_source_expressions()
    query = getattr(expression, "query", None)
    tables = {join.table_name for join in query.alias_map.values()} if query else set()
    for part in parts:
        if part is not None:
            tables |= _tables_of(part)
    return tables


def note_identity_writes(execute, sql, params, many, context):
    """A database execute wrapper (installed on every connection by people's app
    config)."""
    result = execute(sql, params, many, context)
    written = _WRITE.match(sql)
    if written and written.group(1) in identity_tables() and not _SIGN_IN.match(sql):
        identity_changed()
        connection = context["connection"]
        # Once per transaction is enough for the commit.
        if not any(entry[1] is identity_changed for entry in connection.run_on_commit):
            transaction.on_commit(identity_changed, using=connection.alias)
    return result


def install(connection, **kwargs) -> None:
    if note_identity_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(note_identity_writes)
