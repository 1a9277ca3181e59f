"""Login lock-out: django-axes' lock of a (username, address) pair, plus a lock of the
address itself once it has failed too often over any usernames (password spraying).

The address lock counts axes' own failure records, so the axes admin shows it and
`manage.py axes_reset_ip <address>` lifts it."""

import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def address_failures(address: str) -> int:
    """Failed logins from `address` over any usernames within the window."""
    since = timezone.now() - datetime.timedelta(
        minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES
    )
    total = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=since
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


def address_is_locked(address: str) -> bool:
    return address_failures(address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


class AddressLockHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        if address_is_locked(request.axes_ip_address):
            request.login_address_locked = True  # the lock-out page says which lock
            return True
        return super().is_locked(request, credentials)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # The failure just recorded may be the one that reaches the address limit.
        if (
            request is not None
            and not request.axes_locked_out
            and not self.is_whitelisted(request, credentials)
            and address_is_locked(request.axes_ip_address)
        ):
            request.login_address_locked = True
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )
