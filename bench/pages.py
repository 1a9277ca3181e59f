"""The pages `make bench` measures. Domain apps add theirs to PAGES.

Each Page names who opens it (a key of bench.dataset.BENCH_USERS, or None for
anonymous), its URL (a string, or a function of those users), and for pages that
aggregate, `bare_sql`: a function of the users returning the QuerySets (or raw
(sql, params) pairs) that compute the same figures, which the harness times as bare
SQL in the same run to show what the page costs on top of its data.

Every page must answer 200 (a redirect is not a success) and hold its `marker`,
a piece of its own body, in every run; its HTML must stay within MAX_PAGE_BYTES
(issue #13: no page grows with the number of employees)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Page:
    name: str
    url: str | Callable[[dict], str]
    user: str | None
    bare_sql: Callable[[dict], list] | None = None
    # A piece of the page's own body: the login page, an error page or another
    # page would not hold it.
    marker: str = 'id="main"'


MAX_PAGE_BYTES = 300 * 1024


def count_of(queryset) -> tuple:
    """The SQL of `queryset.count()` (as the paginator runs it), not executed."""
    from psycopg2 import sql

    inner, params = queryset.order_by().values("pk").query.sql_with_params()
    # The inner SQL is compiled by the ORM, its values passed as parameters.
    counted = sql.SQL("SELECT COUNT(*) FROM ({}) AS counted").format(sql.SQL(inner))
    return counted, params


FLOOR = Page(
    "floor: /healthz/ (full middleware, no DB)", "/healthz/", None, marker="ok"
)
# The least a logged-in page costs: session, identity and navigation, a static body.
LOGGED_IN_FLOOR = Page(
    "logged-in floor: password changed page (ASN)",
    lambda users: reverse("password_change_done"),
    "asn",
)


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


def _largest(queryset, relation: str):
    """The row of `queryset` with the most `relation` rows: where a page that lists
    them is heaviest."""
    from django.db.models import Count

    return queryset.annotate(_n=Count(relation)).order_by("-_n", "pk").first()


def _agency(users):
    return users["hr"].employee.agency


def _training_session(users):
    from training.models import TrainingSession

    sessions = TrainingSession.objects.filter(program__agency=_agency(users))
    return _largest(sessions, "enrolments").pk


def _training_program(users):
    from training.models import Program

    programs = Program.objects.filter(agency=_agency(users))
    return _largest(programs, "sessions__enrolments").pk


def _plan(users):
    from training.models import DevelopmentPlan

    return DevelopmentPlan.objects.filter(agency=_agency(users)).latest("year").pk


def _mentoring_program(users):
    from mentoring.models import Program

    programs = Program.objects.filter(agency=_agency(users))
    return _largest(programs, "pairs").pk


def _service_unit(users):
    from feedback.models import ServiceUnit

    units = ServiceUnit.objects.filter(work_unit__agency=_agency(users))
    return _largest(units, "staff").pk


def _complaint(users):
    from feedback.models import Complaint

    complaints = Complaint.objects.filter(
        service_unit__work_unit__agency=_agency(users)
    )
    return complaints.order_by("-pk").first().pk


def _hr_page(name: str, url_name: str, *args, query: str = "", **extra) -> Page:
    """A page HR opens in the largest agency; `args` are functions of the users."""

    def url(users):
        return reverse(url_name, args=[arg(users) for arg in args]) + query

    return Page(name, url, "hr", **extra)


def dashboard_scope(user):
    """The scope the leader dashboard opens with: the user's whole allowed scope,
    this year (the view's defaults)."""
    from django.utils import timezone

    from people.panels import scope_for

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
    # The pages HR works from, at the largest agency: lists, pickers, trees.
    _hr_page(
        "employee list, search by name (HR)", "people:employee_list", query="?q=a"
    ),
    _hr_page(
        "employee edit form: unit tree (HR)",
        "people:employee_edit",
        lambda users: users["supervisor"].employee.pk,
    ),
    _hr_page("unit tree (HR)", "people:unit_list"),
    _hr_page("employee accounts, whole agency (HR)", "people:accounts"),
    _hr_page("locked accounts (HR)", "people:locked_accounts"),
    _hr_page("back-office changes (HR)", "people:back_office_changes"),
    _hr_page("training catalogue (HR)", "training:catalog"),
    _hr_page(
        "training programme, most enrolled (HR)",
        "training:program_detail",
        _training_program,
    ),
    _hr_page("session list (HR)", "training:session_list"),
    _hr_page(
        "session detail, most enrolled: nominate (HR)",
        "training:session_detail",
        _training_session,
    ),
    _hr_page(
        "session results, most enrolled (HR)",
        "training:session_results",
        _training_session,
    ),
    _hr_page(
        "programme results, most enrolled (HR)",
        "training:program_results",
        _training_program,
    ),
    _hr_page("JP below target, whole agency (HR)", "training:jp_below_target"),
    _hr_page("training needs (HR)", "training:need_list"),
    _hr_page("development plan, latest year (HR)", "training:plan_detail", _plan),
    _hr_page("certificates (HR)", "training:certificate_list"),
    _hr_page("internships (HR)", "training:internship_list"),
    _hr_page("internship form: employee pickers (HR)", "training:internship_create"),
    _hr_page("follow-up evaluations (HR)", "training:follow_up_list"),
    _hr_page("SKP overview (HR)", "evaluations:overview"),
    _hr_page("talent box 9-box (HR)", "evaluations:talent_grid"),
    _hr_page("potentials (HR)", "evaluations:potential_list"),
    _hr_page("SKP periods (HR)", "evaluations:period_list"),
    _hr_page(
        "mentoring programme, most pairs (HR)",
        "mentoring:program_detail",
        _mentoring_program,
    ),
    _hr_page(
        "pair form: mentee and mentor pickers (HR)",
        "mentoring:pair_create",
        _mentoring_program,
    ),
    _hr_page("mentors (HR)", "mentoring:mentor_list"),
    _hr_page("mentor profile form (HR)", "mentoring:mentor_create"),
    _hr_page("service units (HR)", "feedback:unit_list"),
    _hr_page("service unit edit: staff (HR)", "feedback:unit_edit", _service_unit),
    _hr_page("complaints (HR)", "feedback:complaint_list"),
    _hr_page("complaint detail: assign (HR)", "feedback:complaint_detail", _complaint),
    _hr_page("e-learning results (HR)", "elearning:results_list"),
    _hr_page("report list (HR)", "dashboard:report_list"),
    Page(
        "approvals (supervisor)",
        lambda users: reverse("training:approvals"),
        "supervisor",
    ),
    Page(
        "supervisor's team (supervisor)",
        lambda users: reverse("evaluations:team"),
        "supervisor",
    ),
    # `segar=1` computes the panels on every request (what the first visitor after
    # a change waits for); without it the kept composition is served.
    Page(
        "leader dashboard, computed (leader, whole agency, this year)",
        lambda users: reverse("dashboard:dashboard") + "?segar=1",
        "leader",
        bare_sql=_dashboard_sql("leader"),
    ),
    Page(
        "leader dashboard, kept figures (leader, whole agency, this year)",
        lambda users: reverse("dashboard:dashboard"),
        "leader",
    ),
    Page(
        "leader dashboard, computed (HR, whole agency, this year)",
        lambda users: reverse("dashboard:dashboard") + "?segar=1",
        "hr",
        bare_sql=_dashboard_sql("hr"),
    ),
    # The API's lists (issue #16), called with a key of the largest agency holding
    # every read scope: the same rows as the HTML lists above, as JSON.
    *[
        Page(
            f"API {name} (key of the largest agency)",
            f"/api/v1/{path}",
            "api",
            marker=marker,
        )
        for name, path, marker in [
            ("units", "units/", '"results"'),
            ("employees", "employees/", '"results"'),
            ("JP totals of this year", "jp/", '"results"'),
            ("training sessions", "sessions/", '"results"'),
            # One row per service unit, not paged.
            ("IKM per unit", "ikm/", '"service_unit_id"'),
            ("complaints", "complaints/", '"results"'),
        ]
    ],
]
