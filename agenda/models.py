import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A person's secret calendar address, for a calendar app that cannot log in
    (Google Calendar, a phone's calendar). Only its hash is kept: the address is
    shown once, and replaced (the old one stops working) when it is lost."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("akun"),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_read_at = models.DateTimeField(_("terakhir dibaca"), null=True, blank=True)

    class Meta:
        verbose_name = _("alamat kalender")
        verbose_name_plural = _("alamat kalender")

    def __str__(self):
        return str(self.user)


def new_feed(user) -> str:
    """A new secret address for `user`, replacing any earlier one; returns the token
    (shown once)."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": token_hash(token), "last_read_at": None}
    )
    return token
