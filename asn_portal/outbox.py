"""Outbox rows: work a worker takes one row at a time (notification emails,
WhatsApp and SMS messages, records sent to SIASN).

A row is claimed before it is sent, by one conditional UPDATE of the rows still
due: a second worker, or the same task delivered twice, claims nothing and sends
nothing. The claim holds for a lease; a claim whose lease ran out without an
outcome is given back by the sender's own release (its worker died mid-send)."""

import datetime

from django.db.models import F
from django.utils import timezone


def claim(due, *, pk: int, sending: str, lease_seconds: int, prefix: str = "") -> bool:
    """Claim row `pk` if it is among `due(now)`: its status becomes `sending` for
    `lease_seconds`, and one more attempt is counted. `prefix` is that of the
    fields when a model keeps them beside others (Notification's "email_")."""
    now = timezone.now()
    claimed = (
        due(now)
        .filter(pk=pk)
        .update(
            **{
                f"{prefix}status": sending,
                f"{prefix}lease_until": now + datetime.timedelta(seconds=lease_seconds),
                f"{prefix}attempts": F(f"{prefix}attempts") + 1,
            }
        )
    )
    return bool(claimed)
