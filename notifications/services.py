"""The one way anything in the portal tells a user something."""

import contextlib
import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from notifications.models import Notification

logger = logging.getLogger(__name__)

EMAIL_BATCH_SIZE = 100


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
    return _create_once(
        recipient=recipient,
        email=recipient.email,
        kind=kind,
        obj=obj,
        step=step,
        title=title,
        body=body,
        url=url,
    )


def notify_address(
    *,
    email: str,
    kind: str,
    obj: models.Model | str,
    step: str = "",
    title: str,
    body: str = "",
    url: str = "",
) -> Notification | None:
    """`notify` for someone without an account (a complainant): an email only, to
    `email`, through the same outbox (claimed once, retried with backoff, the same
    Message-ID on every send). Unique per (address, kind, object, step)."""
    return _create_once(
        to_email=email,
        email=email,
        kind=kind,
        obj=obj,
        step=step,
        title=title,
        body=body,
        url=url,
    )


def _create_once(*, email: str, obj, title: str, **fields) -> Notification | None:
    object_key = obj if isinstance(obj, str) else object_key_for(obj)
    wants_email = bool(email)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                object_key=object_key,
                title=title[:200],
                email_status=Notification.EmailStatus.PENDING
                if wants_email
                else Notification.EmailStatus.NONE,
                **fields,
            )
    except IntegrityError:
        return None
    if wants_email:
        transaction.on_commit(_queue_email_delivery)
    return notification


def notify_many(notifications: list[Notification]) -> int:
    """`notify` for a batch (unsaved Notification rows with every field but the
    email status set): rows whose key exists already are skipped, so a batch run
    twice notifies once. Returns how many were offered; email goes out after the
    surrounding transaction commits, in the outbox's own batches."""
    for notification in notifications:
        notification.title = notification.title[:200]
        notification.email_status = (
            Notification.EmailStatus.PENDING
            if notification.recipient.email
            else Notification.EmailStatus.NONE
        )
    Notification.objects.bulk_create(
        notifications, batch_size=1000, ignore_conflicts=True
    )
    if any(n.recipient.email for n in notifications):
        transaction.on_commit(_queue_email_delivery)
    return len(notifications)


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
    """Send a bounded batch of due emails; returns how many were sent.

    Beat runs this every minute, and `notify` queues a run after each commit. Each
    email is claimed (pending → sending) by a conditional UPDATE that also sets the
    end of its lease, so two runs never send it at the same time. A claim whose lease
    ended without an outcome goes back to pending and is sent again, under the same
    Message-ID, so the receiver can recognise the rare second copy."""
    release_expired_email_claims()
    candidate_ids = list(
        Notification.objects.email_due(timezone.now())
        .order_by("pk")
        .values_list("pk", flat=True)[:batch_size]
    )
    if not candidate_ids:
        return 0
    sent = 0
    # One SMTP session for the batch; it is reopened after a failed send.
    connection = get_connection()
    try:
        for pk in candidate_ids:
            notification = _claim_email(pk=pk)
            if notification is not None and _send_email(notification, connection):
                sent += 1
    finally:
        with contextlib.suppress(OSError):
            connection.close()
    return sent


def release_expired_email_claims() -> int:
    """Return to pending every email whose claim outlived its lease (or mark it failed
    once its attempts are used up); returns how many went back to pending."""
    expired = Notification.objects.email_claim_expired(timezone.now())
    expired.filter(email_attempts__gte=settings.EMAIL_MAX_ATTEMPTS).update(
        email_status=Notification.EmailStatus.FAILED,
        email_lease_until=None,
        email_last_error="claim expired without an outcome, attempts used up",
    )
    return expired.update(
        email_status=Notification.EmailStatus.PENDING, email_lease_until=None
    )


def retry_failed_emails(*, queryset) -> int:
    """Give failed emails of `queryset` a fresh set of attempts, sent by the next run;
    returns how many."""
    with transaction.atomic():
        count = queryset.filter(email_status=Notification.EmailStatus.FAILED).update(
            email_status=Notification.EmailStatus.PENDING,
            email_attempts=0,
            email_next_attempt_at=None,
        )
    if count:
        transaction.on_commit(_queue_email_delivery)
    return count


def email_retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff after a failed send: the base, doubled per attempt, at
    most an hour."""
    base = settings.EMAIL_RETRY_BACKOFF_SECONDS
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def _claim_email(*, pk: int) -> Notification | None:
    now = timezone.now()
    claimed = (
        Notification.objects.email_due(now)
        .filter(pk=pk)
        .update(
            email_status=Notification.EmailStatus.SENDING,
            email_lease_until=now
            + datetime.timedelta(seconds=settings.EMAIL_CLAIM_LEASE_SECONDS),
            email_attempts=models.F("email_attempts") + 1,
        )
    )
    if not claimed:
        return None
    return Notification.objects.select_related("recipient").get(pk=pk)


def _send_email(notification: Notification, connection) -> bool:
    message = EmailMessage(
        subject=notification.title,
        body=_email_text(notification),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.email_address],
        headers={"Message-ID": notification.email_message_id},
        connection=connection,
    )
    try:
        message.send()
    except OSError as error:  # smtplib.SMTPException and network errors
        logger.warning(
            "Email for notification %s failed", notification.pk, exc_info=True
        )
        _record_failed_send(notification, error)
        with contextlib.suppress(OSError):
            connection.close()
        return False
    Notification.objects.filter(pk=notification.pk).update(
        email_status=Notification.EmailStatus.SENT,
        email_sent_at=timezone.now(),
        email_lease_until=None,
        email_next_attempt_at=None,
        email_last_error="",
    )
    return True


def _record_failed_send(notification: Notification, error: OSError) -> None:
    if notification.email_attempts >= settings.EMAIL_MAX_ATTEMPTS:
        status, next_attempt_at = Notification.EmailStatus.FAILED, None
    else:
        status = Notification.EmailStatus.PENDING
        next_attempt_at = timezone.now() + email_retry_delay(
            notification.email_attempts
        )
    Notification.objects.filter(pk=notification.pk).update(
        email_status=status,
        email_lease_until=None,
        email_next_attempt_at=next_attempt_at,
        email_last_error=f"{type(error).__name__}: {error}"[:300],
    )


def _email_text(notification: Notification) -> str:
    lines = [notification.body] if notification.body else []
    if notification.url:
        lines.append(settings.SITE_URL.rstrip("/") + notification.url)
    return "\n\n".join(lines) or notification.title


def _queue_email_delivery() -> None:
    from notifications.tasks import deliver_emails_task

    try:
        deliver_emails_task.delay()
    except Exception:  # noqa: BLE001 - the minute run delivers it if the broker is down
        logger.warning("Could not queue email delivery; the minute run will send it")
