"""One effective beat, however many are started.

Every beat process runs this scheduler; only the one holding the "beat" lease (a row
in the database every beat shares) sends periodic tasks. It renews the lease on every
tick; the others check on theirs and take the lease over once its holder has stopped
renewing it for BEAT_LEASE_SECONDS (the beat died, or lost the database). The tasks
are idempotent by state besides, so the moment of a takeover cannot double an effect."""

import datetime
import logging
import os
import socket
import uuid

from django.conf import settings
from django.db import DatabaseError, IntegrityError, close_old_connections, transaction
from django.db.models import Q
from django.utils import timezone
from django_celery_beat.schedulers import DatabaseScheduler

from people.models import Lease

logger = logging.getLogger(__name__)
LEASE_NAME = "beat"


def claim_lease(
    name: str, holder: str, *, seconds: int, now: datetime.datetime | None = None
) -> bool:
    """Take or renew the lease `name` for `holder`; False while another holds it."""
    now = now or timezone.now()
    until = now + datetime.timedelta(seconds=seconds)
    renewed = Lease.objects.filter(
        Q(holder=holder) | Q(expires_at__lt=now), name=name
    ).update(holder=holder, expires_at=until)
    if renewed:
        return True
    try:
        with transaction.atomic():
            Lease.objects.create(name=name, holder=holder, expires_at=until)
    except IntegrityError:
        return False  # held by another, or taken by another at this very moment
    return True


class SingleBeatScheduler(DatabaseScheduler):
    """django-celery-beat's scheduler, sending only while it holds the beat lease."""

    def __init__(self, *args, **kwargs):
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.holding = None  # neither yet: the first tick tells which
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs):
        seconds = settings.BEAT_LEASE_SECONDS
        try:
            holding = claim_lease(LEASE_NAME, self.holder, seconds=seconds)
        except DatabaseError:
            close_old_connections()
            holding = False  # a lease that cannot be confirmed is not held
        if holding != self.holding:
            logger.info("Beat %s %s", self.holder, "sends" if holding else "stands by")
            self.holding = holding
        if not holding:
            return seconds / 3
        return min(super().tick(*args, **kwargs), seconds / 3)
