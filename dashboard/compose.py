"""The dashboard composes the figures each app owns; it computes none itself."""

import datetime
from importlib import import_module

from django.apps import apps
from django.http import Http404

from people.models import WorkUnit
from people.panels import Panel, Scope
from people.scope import require_employee, unit_root_of

# The order panels appear in, on screen and in reports.
FIGURE_APPS = [
    "people",
    "training",
    "elearning",
    "evaluations",
    "mentoring",
    "feedback",
]


def all_panels(scope: Scope) -> list[Panel]:
    panels = []
    for label in FIGURE_APPS:
        if not apps.is_installed(label):
            continue
        try:
            module = import_module(f"{label}.figures")
        except ModuleNotFoundError:
            continue
        panels.extend(module.panels(scope))
    return panels


def scope_for(user, *, year: int, unit_id=None, quarter: int | None = None) -> Scope:
    """The scope a user asked for, never wider than the one they are allowed."""
    employee = require_employee(user)
    allowed_root = unit_root_of(user)
    unit = allowed_root
    if unit_id:
        units = WorkUnit.objects.in_agency(employee.agency_id)
        if allowed_root is not None:
            units = units.subtree_of(allowed_root)
        unit = units.filter(pk=unit_id).first()
        if unit is None:
            raise Http404
    start, end = period_bounds(year, quarter)
    return Scope(agency=employee.agency, unit=unit, start=start, end=end)


def period_bounds(
    year: int, quarter: int | None
) -> tuple[datetime.date, datetime.date]:
    if quarter:
        first_month = 3 * (quarter - 1) + 1
        start = datetime.date(year, first_month, 1)
        end = _month_end(year, first_month + 2)
        return start, end
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
