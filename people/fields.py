"""The columns many models repeat to record who took a step on a record.

Each function returns a new field with exactly the definition the models used to
write out, so the migrations see no change. The related name is "+" because no
one reads these backwards (an employee's "everything I approved" is never asked),
and the step is kept when the person goes: the record must still say it was
approved or decided, even when it can no longer say by whom."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def acting_employee(verbose_name, *, on_delete=models.SET_NULL):
    """The employee who approved, rated or decided (a supervisor, an HR officer)."""
    return models.ForeignKey(
        "people.Employee",
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def acting_user(verbose_name):
    """The login account that entered or changed something (also staff without an
    employee record)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def acting_delegation():
    """The Plt/Plh assignment a step was taken under, when the supervisor's deputy
    took it (people/delegation.py). Protected: the assignment is the deputy's
    authority for the step, so it may not vanish while the step stands."""
    return models.ForeignKey(
        "people.Delegation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sebagai Plt/Plh"),
    )
