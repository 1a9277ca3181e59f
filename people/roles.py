"""Who is what. HR staff and leaders are Django groups holding the permissions that the
apps declare (`role_permissions` on each AppConfig); ASN, supervisor and mentor are
derived from the data. Row-level scope is not decided here but in each model's
`visible_to(user)`."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import models
from django.db.models import Exists
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HR = "hr", _("Staf BKPSDM (SDM)")
    LEADER = "leader", _("Pimpinan")
    SUPERVISOR = "supervisor", _("Atasan")
    MENTOR = "mentor", _("Mentor")
    ASN = "asn", _("ASN")


# The Django group that carries each assignable role's permissions.
ROLE_GROUPS = {Role.HR: "HR BKPSDM", Role.LEADER: "Pimpinan"}


def roles_of(user) -> frozenset:
    """The roles of a logged-in user: from the shared cache, or computed in one
    query and kept there until something they are made of changes (people/identity.py).

    Each app may contribute a derived role as an Exists() condition on the employee
    (`derived_role_conditions` on its AppConfig)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_asn_roles", None)
    if cached is not None:
        return cached
    from people import identity

    # The date is in the key: a Plt/Plh assignment starts and ends with the day.
    key = f"roles:{identity.generation()}:{timezone.localdate()}:{user.pk}"
    names = cache.get(key)
    if names is None:
        names = [str(role) for role in _computed_roles(user)]
        cache.set(key, names, identity.IDENTITY_SECONDS)
    user._asn_roles = frozenset(Role(name) for name in names)
    return user._asn_roles


def _computed_roles(user) -> set:
    from people.scope import employee_of

    employee = employee_of(user)
    if employee is None:
        names = set(user.groups.values_list("name", flat=True))
        return {role for role, group in ROLE_GROUPS.items() if group in names}
    conditions = {
        role: Exists(Group.objects.filter(user=user.pk, name=group))
        for role, group in ROLE_GROUPS.items()
    }
    for app_config in apps.get_app_configs():
        contribute = getattr(app_config, "derived_role_conditions", None)
        if contribute:
            conditions.update(contribute())
    from people.models import Employee

    flags = {f"is_{role}": condition for role, condition in conditions.items()}
    row = Employee.objects.filter(pk=employee.pk).annotate(**flags).values(*flags).get()
    return {role for role in conditions if row[f"is_{role}"]} | {Role.ASN}


def has_role(user, role: Role) -> bool:
    return user.is_superuser or role in roles_of(user)


def sync_role_groups(**kwargs) -> None:
    """Create the role groups and give them exactly the permissions the apps declare.
    Runs after every migrate, so a new model's permission is granted at once."""
    wanted: dict[str, set[str]] = {group: set() for group in ROLE_GROUPS.values()}
    for app_config in apps.get_app_configs():
        for role, perms in getattr(app_config, "role_permissions", {}).items():
            wanted[ROLE_GROUPS[role]].update(perms)
    for group_name, perms in wanted.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        permission_ids = []
        for dotted in sorted(perms):
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                permission_ids.append(permission.pk)
        group.permissions.set(permission_ids)
