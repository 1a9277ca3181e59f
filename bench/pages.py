"""The pages `make bench` measures. Domain apps add theirs to PAGES.

Each Page names who opens it (a key of bench.dataset.BENCH_USERS, or None for
anonymous), its URL (a string, or a function of those users), and for pages that
aggregate, `bare_sql`: a function of the users returning the QuerySets (or raw
(sql, params) pairs) that compute the same figures, which the harness times as bare
SQL in the same run to show what the page costs on top of its data."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Page:
    name: str
    url: str | Callable[[dict], str]
    user: str | None
    bare_sql: Callable[[dict], list] | None = None


def count_of(queryset) -> tuple:
    """The SQL of `queryset.count()` (as the paginator runs it), not executed."""
    from psycopg2 import sql

    inner, params = queryset.order_by().values("pk").query.sql_with_params()
    # The inner SQL is compiled by the ORM, its values passed as parameters.
    counted = sql.SQL("SELECT COUNT(*) FROM ({}) AS counted").format(sql.SQL(inner))
    return counted, params


FLOOR = Page("floor: /healthz/ (full middleware, no DB)", "/healthz/", None)


def _employee_list_sql(users):
    from people.models import Employee

    employees = (
        Employee.objects.visible_to(users["hr"])
        .select_related("unit", "supervisor")
        .order_by("unit__path", "name")
    )
    return [count_of(employees), employees[:50]]  # the paginator's count, page 1


def _inbox_sql(users):
    from notifications.models import Notification

    notifications = Notification.objects.visible_to(users["asn"])
    return [count_of(notifications), notifications[:30]]


def dashboard_scope(user):
    """The scope the leader dashboard opens with: the user's whole allowed scope,
    this year (the view's defaults)."""
    from django.utils import timezone

    from dashboard.compose import scope_for

    return scope_for(user, year=timezone.localdate().year)


def captured_panel_sql(scope) -> list[tuple]:
    """The statements `dashboard.compose.all_panels(scope)` runs, as raw
    (sql, None) pairs: each app composes its own figures, so capturing them is the
    only way to get the same SQL without repeating every app's queries here."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dashboard.compose import all_panels

    with CaptureQueriesContext(connection) as captured:
        all_panels(scope)
    return [(query["sql"], None) for query in captured.captured_queries]


def _dashboard_sql(role):
    return lambda users: captured_panel_sql(dashboard_scope(users[role]))


PAGES: list[Page] = [
    Page("login page (anonymous)", lambda users: reverse("login"), None),
    Page("home (ASN)", lambda users: reverse("home"), "asn"),
    Page(
        "employee list (HR, whole agency)",
        lambda users: reverse("people:employee_list"),
        "hr",
        bare_sql=_employee_list_sql,
    ),
    Page(
        "employee detail (supervisor's page, HR)",
        lambda users: reverse(
            "people:employee_detail", args=[users["supervisor"].employee.pk]
        ),
        "hr",
    ),
    Page(
        "notification inbox (ASN)",
        lambda users: reverse("notifications:inbox"),
        "asn",
        bare_sql=_inbox_sql,
    ),
    Page(
        "leader dashboard (leader, whole agency, this year)",
        lambda users: reverse("dashboard:dashboard"),
        "leader",
        bare_sql=_dashboard_sql("leader"),
    ),
    Page(
        "leader dashboard (HR, whole agency, this year)",
        lambda users: reverse("dashboard:dashboard"),
        "hr",
        bare_sql=_dashboard_sql("hr"),
    ),
]
