"""Sign in with the username (the NIP) or the email address; who is signed in read
once per request, their permissions once per change (people/identity.py)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from people import identity


class NipOrEmailBackend(ModelBackend):
    """An address is accepted only when exactly one active account has it, so a
    shared address never picks someone else's account."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            matches = list(
                get_user_model()
                .objects.filter(email__iexact=username.strip(), is_active=True)
                .values_list("username", flat=True)[:2]
            )
            if len(matches) != 1:
                return None
            username = matches[0]
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )

    def get_user(self, user_id):
        """The account and its employee profile in one query: nearly every page
        asks for both."""
        user = (
            get_user_model()
            ._default_manager.select_related("employee")
            .filter(pk=user_id)
            .first()
        )
        return user if user and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        """From the shared cache (two queries saved on every page), computed by
        Django's own rules when missing."""
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            key = f"permissions:{identity.generation()}:{user_obj.pk}"
            found = cache.get(key)
            if found is None:
                found = super().get_all_permissions(user_obj)
                cache.set(key, found, identity.IDENTITY_SECONDS)
            user_obj._perm_cache = found
        return user_obj._perm_cache
