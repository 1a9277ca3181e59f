"""The JP ledger's one write: crediting JP, once per source."""

import datetime
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Sum

from training.models import (
    DevelopmentForm,
    JpCredit,
    JpYearTotal,
)


def credit_jp(
    *,
    employee,
    jp: Decimal,
    form: DevelopmentForm | str,
    source_key: str,
    on_date: datetime.date,
    description: str,
) -> JpCredit | None:
    """Credit JP to an employee's ledger once per source; None if already credited."""
    if jp <= 0:
        return None
    try:
        with transaction.atomic():
            credit = JpCredit.objects.create(
                employee=employee,
                agency_id=employee.agency_id,
                year=on_date.year,
                date=on_date,
                jp=jp,
                form=form,
                source_key=source_key,
                description=description[:255],
            )
            _add_to_year_total(credit)
            return credit
    except IntegrityError:
        return None


def _add_to_year_total(credit: JpCredit) -> None:
    """Add a new credit to its employee's yearly total, in the caller's transaction.

    INSERT .. ON CONFLICT DO UPDATE: two credits of one employee written at once add
    up under the row lock instead of overwriting each other (PostgreSQL and SQLite)."""
    table = JpYearTotal._meta.db_table
    # Identifiers come from the model, never from input; values are parameters.
    statement = (
        f"INSERT INTO {table} (employee_id, year, jp) VALUES (%s, %s, %s) "  # nosec B608
        f"ON CONFLICT (employee_id, year) DO UPDATE SET jp = {table}.jp + EXCLUDED.jp"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [credit.employee_id, credit.year, credit.jp])


def credit_in_bulk(credits, *, batch_size: int = 2000) -> list[JpCredit]:
    """Many new credits at once (demo data, bulk loads), then their employees'
    yearly totals rebuilt from the ledger."""
    made = JpCredit.objects.bulk_create(credits, batch_size=batch_size)
    rebuild_jp_year_totals(employee_ids={credit.employee_id for credit in made})
    return made


def rebuild_jp_year_totals(*, employee_ids=None) -> int:
    """Recompute the yearly JP totals from the ledger (after a bulk load or a
    repair); returns the number of rows written."""
    credits = JpCredit.objects.all()
    existing = JpYearTotal.objects.all()
    if employee_ids is not None:
        credits = credits.filter(employee_id__in=employee_ids)
        existing = existing.filter(employee_id__in=employee_ids)
    rows = credits.order_by().values("employee_id", "year").annotate(jp=Sum("jp"))
    with transaction.atomic():
        existing.delete()
        made = JpYearTotal.objects.bulk_create(
            (JpYearTotal(**row) for row in rows.iterator()), batch_size=2000
        )
    return len(made)
