"""The one way anything in the portal tells a user something."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from notifications.models import Notification

logger = logging.getLogger(__name__)

EMAIL_BATCH_SIZE = 100
# A claim older than this belongs to a worker that died; the email goes back to pending.
STALE_CLAIM_AFTER = datetime.timedelta(minutes=10)
MAX_EMAIL_ATTEMPTS = 5


def object_key_for(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def notify(
    *,
    recipient,
    kind: str,
    obj: models.Model | str,
    step: str = "",
    title: str,
    body: str = "",
    url: str = "",
) -> Notification | None:
    """Create the notification unless this (recipient, kind, object, step) exists.

    Returns the new notification, or None when it had already been sent. Email goes out
    after the surrounding transaction commits."""
    object_key = obj if isinstance(obj, str) else object_key_for(obj)
    wants_email = bool(recipient.email)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                object_key=object_key,
                step=step,
                title=title[:200],
                body=body,
                url=url,
                email_status=Notification.EmailStatus.PENDING
                if wants_email
                else Notification.EmailStatus.NONE,
            )
    except IntegrityError:
        return None
    if wants_email:
        transaction.on_commit(_queue_email_delivery)
    return notification


def already_notified(
    *, recipient, kind: str, obj: models.Model | str, step: str = ""
) -> bool:
    object_key = obj if isinstance(obj, str) else object_key_for(obj)
    return Notification.objects.filter(
        recipient=recipient, kind=kind, object_key=object_key, step=step
    ).exists()


def mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def deliver_pending_emails(*, batch_size: int = EMAIL_BATCH_SIZE) -> int:
    """Send a bounded batch of pending emails; returns how many were sent.

    Each row is claimed (pending → sending) by a conditional UPDATE, so two workers
    never send the same email; a dead worker's claim is released after a while."""
    now = timezone.now()
    Notification.objects.filter(
        email_status=Notification.EmailStatus.SENDING,
        email_claimed_at__lt=now - STALE_CLAIM_AFTER,
    ).update(email_status=Notification.EmailStatus.PENDING)
    candidate_ids = list(
        Notification.objects.filter(email_status=Notification.EmailStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)[:batch_size]
    )
    sent = 0
    for pk in candidate_ids:
        claimed = Notification.objects.filter(
            pk=pk, email_status=Notification.EmailStatus.PENDING
        ).update(
            email_status=Notification.EmailStatus.SENDING,
            email_claimed_at=timezone.now(),
            email_attempts=models.F("email_attempts") + 1,
        )
        if not claimed:
            continue
        notification = Notification.objects.select_related("recipient").get(pk=pk)
        try:
            send_mail(
                subject=notification.title,
                message=_email_text(notification),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[notification.recipient.email],
            )
        except OSError:
            logger.warning("Email for notification %s failed", pk, exc_info=True)
            give_up = notification.email_attempts >= MAX_EMAIL_ATTEMPTS
            Notification.objects.filter(pk=pk).update(
                email_status=Notification.EmailStatus.FAILED
                if give_up
                else Notification.EmailStatus.PENDING
            )
            continue
        Notification.objects.filter(pk=pk).update(
            email_status=Notification.EmailStatus.SENT, email_sent_at=timezone.now()
        )
        sent += 1
    return sent


def _email_text(notification: Notification) -> str:
    lines = [notification.body] if notification.body else []
    if notification.url:
        lines.append(settings.SITE_URL.rstrip("/") + notification.url)
    return "\n\n".join(lines) or notification.title


def _queue_email_delivery() -> None:
    from notifications.tasks import deliver_emails_task

    try:
        deliver_emails_task.delay()
    except Exception:  # noqa: BLE001 - the periodic sweep delivers it if the broker is down
        logger.warning("Could not queue email delivery; the periodic run will send it")
