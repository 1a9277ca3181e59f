"""Who is what. HR staff and leaders are Django groups holding the permissions that the
apps declare (`role_permissions` on each AppConfig); ASN, supervisor and mentor are
derived from the data. Row-level scope is not decided here but in each model's
`visible_to(user)`."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import models
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
    """The roles of a logged-in user, computed once per request object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_asn_roles", None)
    if cached is not None:
        return cached
    group_names = set(user.groups.values_list("name", flat=True))
    roles = {role for role, group in ROLE_GROUPS.items() if group in group_names}
    employee = getattr(user, "employee", None)
    if employee is not None:
        roles.add(Role.ASN)
        for app_config in apps.get_app_configs():
            derive = getattr(app_config, "derived_roles", None)
            if derive:
                roles |= set(derive(employee))
    user._asn_roles = frozenset(roles)
    return user._asn_roles


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
