"""Sign in with the username (the NIP) or the email address; who is signed in read
once per request, their permissions once per change."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

# Every cached permission set carries this number in its key; a change to any
# account, group or grant moves it on, so no one keeps a permission taken away.
GENERATION_KEY = "permissions:generation"
PERMISSIONS_SECONDS = 600


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
            key = f"permissions:{_generation()}:{user_obj.pk}"
            found = cache.get(key)
            if found is None:
                found = super().get_all_permissions(user_obj)
                cache.set(key, found, PERMISSIONS_SECONDS)
            user_obj._perm_cache = found
        return user_obj._perm_cache


def _generation() -> int:
    return cache.get_or_set(GENERATION_KEY, time.time_ns, None)


def forget_permissions(**kwargs) -> None:
    """Signal receiver: an account, group or grant changed."""
    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # signing in changes no permission
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not cached (or evicted): a number never used before
        cache.set(GENERATION_KEY, time.time_ns(), None)


def connect_permission_signals() -> None:
    user_model = get_user_model()
    for model in (user_model, Group):
        for signal in (post_save, post_delete):
            signal.connect(
                forget_permissions, sender=model, dispatch_uid=f"perms-{model}-{signal}"
            )
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(
            forget_permissions, sender=through, dispatch_uid=f"perms-{through}"
        )
