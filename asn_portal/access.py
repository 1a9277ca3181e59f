"""Who may open a view: the one access decorator every view of the portal uses.

Anonymous visitors are sent to the login page; a signed-in user who lacks what the
view asks for gets a 403. Which *records* a user may then see is the QuerySets'
business (`visible_to`, people.scope), not the decorator's."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from people.roles import roles_of
from people.scope import require_employee


def allow(*perms: str, roles=(), employee: bool = False):
    """`@allow()` admits every signed-in user; `@allow("app.perm", ...)` those with
    every permission named; `roles=` those with at least one of the roles; and
    `employee=True` (implied by `roles`) only accounts with an employee profile,
    because the page is about the user's own agency."""
    wanted_roles = frozenset(roles)

    def decorate(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            user = request.user
            if employee or wanted_roles:
                require_employee(user)
            if not user.has_perms(perms):
                raise PermissionDenied
            if wanted_roles and not wanted_roles & roles_of(user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(checked)

    return decorate
