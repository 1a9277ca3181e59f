from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

from api.models import ApiKey, Scope


class HasScope(BasePermission):
    """A view names the scope it needs (`required_scope`); a key without it gets a
    403 saying which. A view that names none needs only a valid key."""

    def has_permission(self, request, view) -> bool:
        key = request.auth
        if not isinstance(key, ApiKey):
            return False  # DRF answers 401: no key was given (or it was refused)
        required = getattr(view, "required_scope", None)
        if required is None or key.allows(required):
            return True
        self.message = _("Kunci API ini tidak punya izin '%(scope)s' (%(label)s).") % {
            "scope": required,
            "label": Scope(required).label,
        }
        return False
