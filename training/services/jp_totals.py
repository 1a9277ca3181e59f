"""The JP ledger per unit, month and development form (`JpFormTotal`), kept in step
with the ledger for the dashboard's "JP per bentuk pengembangan".

Rows are per agency and year: an (agency, year) is recomputed from the ledger, in
one grouped query, at the commit of a transaction that credited JP to one of its
employees or moved an employee to another unit or agency (all marks of one
transaction make one refresh per agency and year). Writes that send no signal call
`refresh_jp_form_totals` themselves; the nightly task rebuilds everything, so a
refresh lost with a dying process is mended by the next morning.

A period ending at a month's end reads the rows of that month only (the rows are
cumulative from January); any other period sums the ledger itself, as before."""

import threading
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.signals import pre_save

from people.models import Agency, Employee
from people.panels import Scope, month_end
from people.signals import employees_moved
from training.models import JpCredit, JpFormTotal

MONTHS = range(1, 13)


def refresh_jp_form_totals(agency_years) -> int:
    """Recompute the rows of these (agency id, year) pairs; returns the rows written."""
    written = 0
    for agency_id, year in sorted(set(agency_years)):
        with transaction.atomic():
            # Two refreshes of one agency queue on its row instead of both inserting.
            list(
                Agency.objects.select_for_update()
                .filter(pk=agency_id)
                .values_list("pk", flat=True)
            )
            JpFormTotal.objects.filter(agency_id=agency_id, year=year).delete()
            # Through the ORM, not COPY: the dashboard notices its figures changed by
            # the statements Django runs (dashboard/freshness.py).
            written += len(JpFormTotal.objects.bulk_create(_totals_of(agency_id, year)))
    return written


def rebuild_jp_form_totals() -> int:
    """Every agency's years recomputed from the ledger; idempotent."""
    pairs = set(
        JpCredit.objects.order_by()
        .values_list("employee__agency_id", "year")
        .distinct()
    )
    kept = set(JpFormTotal.objects.values_list("agency_id", "year").distinct())
    for agency_id, year in kept - pairs:
        JpFormTotal.objects.filter(agency_id=agency_id, year=year).delete()
    return refresh_jp_form_totals(pairs)


def _totals_of(agency_id: int, year: int) -> list[JpFormTotal]:
    """One statement: per unit and form, each month's JP, minutes and people from
    January to that month's end (filtered aggregates, portable to SQLite)."""
    ends = {month: month_end(year, month) for month in MONTHS}
    aggregates = {}
    for month, end in ends.items():
        through = Q(date__lte=end)
        aggregates |= {
            f"declared_{month}": Sum(
                "jp", filter=through & Q(minutes__isnull=True), default=Decimal(0)
            ),
            f"minutes_{month}": Sum("minutes", filter=through, default=0),
            f"people_{month}": Count("employee_id", filter=through, distinct=True),
        }
    rows = (
        JpCredit.objects.filter(employee__agency_id=agency_id, year=year)
        .order_by()
        .values("employee__unit_id", "form")
        .annotate(**aggregates)
    )
    return [
        JpFormTotal(
            agency_id=agency_id,
            unit_id=row["employee__unit_id"],
            year=year,
            month=month,
            form=row["form"],
            declared_jp=row[f"declared_{month}"],
            minutes=row[f"minutes_{month}"],
            people=row[f"people_{month}"],
        )
        for row in rows
        for month in MONTHS
        if row[f"people_{month}"]
    ]


# --- what the dashboard reads --------------------------------------------------------


def jp_by_form(scope: Scope) -> list[dict]:
    """[{"form", "declared", "minutes", "people"}] of the scope's employees' ledger
    lines of the scope's year up to its end: from the totals when the period ends at
    a month's end (every dashboard and report period does), else from the ledger."""
    end = scope.end
    if end != month_end(end.year, end.month):
        return jp_by_form_from_ledger(scope)
    condition = Q(agency_id=scope.agency.pk, year=scope.year, month=end.month)
    if scope.unit is not None:
        condition &= Q(unit__path__startswith=scope.unit.path)
    return list(
        JpFormTotal.objects.filter(condition)
        .values("form")
        .annotate(
            declared=Sum("declared_jp"), minutes=Sum("minutes"), people=Sum("people")
        )
        .order_by()
    )


def jp_by_form_from_ledger(scope: Scope) -> list[dict]:
    """The same figures summed from every ledger line."""
    return list(
        JpCredit.objects.filter(scope.q("employee__"), year=scope.year)
        .filter(date__lte=scope.end)
        .values("form")
        .annotate(
            declared=Sum("jp", filter=Q(minutes__isnull=True)),
            minutes=Sum("minutes"),
            people=Count("employee_id", distinct=True),
        )
        .order_by()
    )


# --- in step with the writes --------------------------------------------------------

_pending = threading.local()


def refresh_after_commit(*, agency_years=(), employee_ids=()) -> None:
    """Refresh these (agency id, year) pairs, and every year of these employees in
    their current agency and the agencies they were credited in, once the current
    transaction commits."""
    if not hasattr(_pending, "pairs"):
        _pending.pairs, _pending.employees = set(), set()
    _pending.pairs.update(agency_years)
    _pending.employees.update(pk for pk in employee_ids if pk)
    # Registered each time: a rolled-back transaction drops its callbacks, and the
    # next commit's callback then refreshes what it had marked too (harmless).
    transaction.on_commit(_refresh_pending)


def _refresh_pending() -> None:
    pairs, employees = _pending.pairs, _pending.employees
    _pending.pairs, _pending.employees = set(), set()
    if employees:
        credited = JpCredit.objects.filter(employee_id__in=employees).order_by()
        pairs |= set(credited.values_list("agency_id", "year").distinct())
        pairs |= set(credited.values_list("employee__agency_id", "year").distinct())
    refresh_jp_form_totals(pairs)


def _employee_moving(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before an employee's save: if their unit or agency changes, their ledger now
    counts elsewhere (one primary-key read per save that may move them)."""
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"unit", "agency"} & set(update_fields):
        return
    before = (
        Employee.objects.filter(pk=instance.pk)
        .values_list("agency_id", "unit_id")
        .first()
    )
    if before is not None and before != (instance.agency_id, instance.unit_id):
        refresh_after_commit(employee_ids=[instance.pk])


def _employees_moved(sender, employee_ids, **kwargs):
    refresh_after_commit(employee_ids=employee_ids)


def connect_signals() -> None:
    pre_save.connect(_employee_moving, sender=Employee, dispatch_uid="jp-totals-e")
    employees_moved.connect(_employees_moved, dispatch_uid="jp-totals-moved")


def credited(credits) -> None:
    """New ledger lines: their agencies' years are refreshed at commit."""
    refresh_after_commit(
        agency_years={(credit.agency_id, credit.year) for credit in credits}
    )
