"""What is waiting for the signed-in user: the first thing every role's home shows.

Each app that gives people work has a `todo.py` with
`open_tasks(user, employee, roles) -> list[OpenTask]`: the questionnaires and tests
an ASN still has to take, the SKP step a window is open for, the approvals and
ratings waiting for a supervisor or HR, the complaints near or past their due date,
the mentoring sessions to log or confirm. Each app counts inside the user's own scope
and in a fixed number of queries (never one per row), and returns only tasks with
something to do, so the home page costs the same however much is waiting. Like the
profile sections (people/profile.py) this module needs nothing from the apps."""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps

from people.roles import roles_of
from people.scope import employee_of

# The order of the tasks on the page: what the person does for themselves first,
# then what others wait for.
TODO_APPS = [
    "training",
    "elearning",
    "evaluations",
    "mentoring",
    "feedback",
    "siasn_ws",
]


@dataclass(frozen=True)
class OpenTask:
    key: str  # a stable name, for tests and the page's data-testid
    label: str  # what is waiting, in words: "Kuesioner pelatihan menunggu diisi"
    count: int
    url: str  # where it is done: the one item when there is one, else the list
    detail: str = ""  # the window or deadline, or what to do next
    urgent: bool = False  # past a deadline


def open_tasks_for(user) -> list[OpenTask]:
    """Every task waiting for `user`, in TODO_APPS order; none for an account
    without an employee profile (it has no agency to work in)."""
    employee = employee_of(user)
    if employee is None:
        return []
    roles = roles_of(user)
    tasks = []
    for label in TODO_APPS:
        if not apps.is_installed(label):
            continue
        module = import_module(f"{label}.todo")
        tasks.extend(
            task for task in module.open_tasks(user, employee, roles) if task.count
        )
    return tasks
