"""The JP ledger's one write: crediting JP, once per source."""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction

from training.models import (
    DevelopmentForm,
    JpCredit,
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
            return JpCredit.objects.create(
                employee=employee,
                agency_id=employee.agency_id,
                year=on_date.year,
                date=on_date,
                jp=jp,
                form=form,
                source_key=source_key,
                description=description[:255],
            )
    except IntegrityError:
        return None
