"""Which agency a row belongs to, and which rows a user may pick.

Every model whose rows belong to one agency either has an `agency` foreign key or
names the lookup to its agency in a class attribute `agency_path` (for example
`"session__program__agency"`). The back office and forms use `choices_for` so that
what a list hides, a form also refuses: the choices are the queryset a form field
validates against, so a forged POST with another agency's row fails validation.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from people.models import Agency

# Models that belong to the whole deployment, not to an agency: only superusers
# manage them, and their choices are not limited.
DEPLOYMENT_WIDE_APPS = {"auth", "contenttypes", "django_celery_beat", "axes"}


def agency_path(model) -> str | None:
    """The lookup from `model` to its Agency: "" for Agency itself, None for a
    deployment-wide model."""
    if model is Agency:
        return ""
    declared = getattr(model, "agency_path", None)
    if isinstance(declared, str):
        return declared
    if any(field.name == "agency" for field in model._meta.concrete_fields):
        return "agency"
    if model._meta.app_label in DEPLOYMENT_WIDE_APPS:
        return None
    raise ImproperlyConfigured(
        f"{model._meta.label} has no agency field: declare its `agency_path`."
    )


def agency_id_of(user) -> int | None:
    """The agency of a signed-in user's employee profile (None without one)."""
    employee = getattr(user, "employee", None)
    return employee.agency_id if employee is not None else None


def in_agency(queryset, agency_id):
    """The rows of `queryset` that belong to agency `agency_id`."""
    path = agency_path(queryset.model)
    if path is None:
        raise ImproperlyConfigured(f"{queryset.model._meta.label} has no agency.")
    if path == "":
        return queryset.filter(pk=agency_id)
    return queryset.filter(**{f"{path}_id": agency_id})


def choices_for(queryset, user):
    """The rows of `queryset` that `user` may choose in a form or the back office.

    A superuser may choose any row; anyone else rows of their own agency only, and
    no deployment-wide row. An account (User) is choosable when it belongs to the
    agency's employee or is not linked to any employee yet, and never a superuser's.
    """
    if user.is_superuser:
        return queryset
    agency_id = agency_id_of(user)
    if agency_id is None:
        return queryset.none()
    if queryset.model is get_user_model():
        return queryset.filter(
            Q(employee__isnull=True) | Q(employee__agency_id=agency_id),
            is_superuser=False,
        )
    if agency_path(queryset.model) is None:
        return queryset.none()
    return in_agency(queryset, agency_id)


def agency_id_of_row(row) -> int | None:
    """The agency a row belongs to, following its model's `agency_path`."""
    path = agency_path(type(row))
    if path is None:
        return None
    target = row
    for part in path.split("__") if path else []:
        target = getattr(target, part, None)
        if target is None:
            return None
    return target.pk
