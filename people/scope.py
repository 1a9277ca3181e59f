"""Who may see which rows: the one home of row-level scope.

- `employee_of(user)`: the employee profile behind an account (None for an anonymous
  visitor or a bare superuser account); `require_employee` refuses the latter.
- `sees_every_agency(user)`: superusers work across the deployment, everyone else in
  the agency of their employee profile.
- `unit_root_of(user)`: a leader may be narrowed to one unit's subtree (their
  `dashboard_unit`); `in_units_of` turns that into a filter.
- `AgencyScopedQuerySet`: the base of every QuerySet whose `visible_to(user)` is
  bounded by an agency. It settles superusers and accounts without a profile, and a
  subclass says what an employee sees in `for_employee`.

Every model whose rows belong to one agency either has an `agency` foreign key or
names the lookup to its agency in a class attribute `agency_path` (for example
`"session__program__agency"`). The back office and forms use `choices_for` so that
what a list hides, a form also refuses: the choices are the queryset a form field
validates against, so a forged POST with another agency's row fails validation.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import Q

from people.roles import Role, roles_of

# Models that belong to the whole deployment, not to an agency: only superusers
# manage them, and their choices are not limited.
DEPLOYMENT_WIDE_APPS = {"auth", "contenttypes", "django_celery_beat", "axes"}


def employee_of(user):
    """The employee profile of an account; None for an anonymous visitor or an
    account without one (a bare superuser)."""
    return getattr(user, "employee", None)


def require_employee(user):
    """The user's employee profile. An account without one has no agency to work in,
    so it is refused with a 403 rather than failing with a 500."""
    employee = employee_of(user)
    if employee is None:
        raise PermissionDenied
    return employee


def agency_id_of(user) -> int | None:
    """The agency of a signed-in user's employee profile (None without one)."""
    employee = employee_of(user)
    return employee.agency_id if employee is not None else None


def sees_every_agency(user) -> bool:
    """Superusers run the whole deployment; every other account works in the agency
    of its employee profile only."""
    return user.is_superuser


def unit_root_of(user):
    """The unit whose subtree bounds what `user` reads of their agency: a leader's
    dashboard unit. None means the whole agency (HR, an employee without one).
    Superusers see every agency before this is asked (`visible_to`)."""
    employee = employee_of(user)
    if employee is None or not employee.dashboard_unit_id:
        return None
    if Role.HR in roles_of(user):
        return None
    return employee.dashboard_unit


def in_units_of(user, unit_lookup: str = "unit") -> Q:
    """A filter for the rows whose unit (reached by `unit_lookup`, "" for WorkUnit
    itself) lies in the subtree `user` is narrowed to; empty when not narrowed."""
    root = unit_root_of(user)
    if root is None:
        return Q()
    lookup = f"{unit_lookup}__path__startswith" if unit_lookup else "path__startswith"
    return Q(**{lookup: root.path})


def agency_path(model) -> str | None:
    """The lookup from `model` to its Agency: "" for Agency itself, None for a
    deployment-wide model."""
    if model._meta.label == "people.Agency":
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


def in_agency(queryset, agency_id):
    """The rows of `queryset` that belong to agency `agency_id`."""
    path = agency_path(queryset.model)
    if path is None:
        raise ImproperlyConfigured(f"{queryset.model._meta.label} has no agency.")
    if path == "":
        return queryset.filter(pk=agency_id)
    return queryset.filter(**{f"{path}_id": agency_id})


def in_agency_of(queryset, user):
    """The rows of `queryset` in `user`'s agency: every row for a superuser, none for
    an account without an employee profile."""
    if sees_every_agency(user):
        return queryset
    agency_id = agency_id_of(user)
    if agency_id is None:
        return queryset.none()
    return in_agency(queryset, agency_id)


def choices_for(queryset, user):
    """The rows of `queryset` that `user` may choose in a form or the back office.

    A superuser may choose any row; anyone else rows of their own agency only, and
    no deployment-wide row. An account (User) is choosable when it belongs to the
    agency's employee or is not linked to any employee yet, and never a superuser's.
    """
    if sees_every_agency(user):
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


class AgencyScopedQuerySet(models.QuerySet):
    """Rows that belong to one agency, reached through the model's `agency_path`.

    `visible_to(user)` gives a superuser every row and an account without an employee
    profile none; for everyone else it asks `for_employee`, which by default is the
    employee's whole agency. Subclasses narrow `for_employee` by role."""

    def visible_to(self, user):
        if sees_every_agency(user):
            return self
        employee = employee_of(user)
        if employee is None:
            return self.none()
        return self.for_employee(employee, user)

    def for_employee(self, employee, user):
        """What `employee` (signed in as `user`) may see; `user` is never a
        superuser here."""
        return self.in_agency(employee.agency_id)

    def in_agency(self, agency_id):
        return in_agency(self, agency_id)

    def in_units_of(self, user, unit_lookup: str = "unit"):
        """Only the rows in the unit subtree `user` is narrowed to, if any."""
        return self.filter(in_units_of(user, unit_lookup))
