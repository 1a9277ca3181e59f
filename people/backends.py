"""Sign in with the username (the NIP) or the email address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


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
