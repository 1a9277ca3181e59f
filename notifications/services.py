"""The one way anything in the portal tells a user something."""

import contextlib
import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from asn_portal import outbox
from notifications import channels
from notifications.models import ChannelChoice, ChannelMessage, Notification
from notifications.phones import NotAMobileNumber, international_mobile

logger = logging.getLogger(__name__)

EMAIL_BATCH_SIZE = 100
CHANNEL_BATCH_SIZE = 100
PLAN_BATCH_SIZE = 500


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
    to_plan = _channels_to_plan(fields.get("recipient"))
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                object_key=object_key,
                title=title[:200],
                email_status=Notification.EmailStatus.PENDING
                if wants_email
                else Notification.EmailStatus.NONE,
                channels_planned=not to_plan,
                **fields,
            )
    except IntegrityError:
        return None
    if wants_email or to_plan:
        transaction.on_commit(_queue_email_delivery)
    return notification


def _channels_to_plan(recipient) -> bool:
    """Whether WhatsApp/SMS may carry this: a user (not an address) and a channel
    configured. Otherwise the notification is planned as it is made."""
    return recipient is not None and bool(channels.enabled_channels())


def notify_many(notifications: list[Notification]) -> int:
    """`notify` for a batch (unsaved Notification rows with every field but the
    email status set): rows whose key exists already are skipped, so a batch run
    twice notifies once. Returns how many were offered; email goes out after the
    surrounding transaction commits, in the outbox's own batches."""
    to_plan = bool(channels.enabled_channels())
    for notification in notifications:
        notification.title = notification.title[:200]
        notification.email_status = (
            Notification.EmailStatus.PENDING
            if notification.recipient.email
            else Notification.EmailStatus.NONE
        )
        notification.channels_planned = not to_plan
    Notification.objects.bulk_create(
        notifications, batch_size=1000, ignore_conflicts=True
    )
    if to_plan or any(n.recipient.email for n in notifications):
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
    Message-ID, so the receiver can recognise the rare second copy.

    WhatsApp and SMS messages are planned first: an email waits until it is known
    whether the recipient chose WhatsApp or SMS instead."""
    plan_channel_messages()
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


def retry_delay(attempts: int, base: int) -> datetime.timedelta:
    """Exponential backoff after a failed send: the base, doubled per attempt, at
    most an hour."""
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def _claim_email(*, pk: int) -> Notification | None:
    if not outbox.claim(
        Notification.objects.email_due,
        pk=pk,
        sending=Notification.EmailStatus.SENDING,
        lease_seconds=settings.EMAIL_CLAIM_LEASE_SECONDS,
        prefix="email_",
    ):
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
        next_attempt_at = timezone.now() + retry_delay(
            notification.email_attempts, settings.EMAIL_RETRY_BACKOFF_SECONDS
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
    from notifications.tasks import deliver_channel_messages_task, deliver_emails_task

    try:
        deliver_emails_task.delay()
        if channels.enabled_channels():
            deliver_channel_messages_task.delay()
    except Exception:  # noqa: BLE001 - the minute run delivers it if the broker is down
        logger.warning("Could not queue email delivery; the minute run will send it")


# WhatsApp and SMS ------------------------------------------------------------------


def channel_choice_for(user) -> ChannelChoice:
    """The user's own choice, else their agency's default, else email only. Reads
    the relations `plan_channel_messages` selects, so a batch costs no query each."""
    with contextlib.suppress(ChannelChoice.DoesNotExist):
        return user.channel_choice
    employee = getattr(user, "employee", None)
    if employee is not None:
        with contextlib.suppress(ChannelChoice.DoesNotExist):
            return employee.agency.channel_choice
    return ChannelChoice(user=user)


def agency_channel_choice(agency) -> ChannelChoice:
    return ChannelChoice.objects.filter(agency=agency).first() or ChannelChoice(
        agency=agency
    )


def choose_channels(*, user, email: bool, whatsapp: bool, sms: bool) -> ChannelChoice:
    """A person's own choice of channels (kept whatever their agency's default)."""
    choice, _created = ChannelChoice.objects.update_or_create(
        user=user, defaults={"email": email, "whatsapp": whatsapp, "sms": sms}
    )
    return choice


def set_agency_channels(*, agency, email: bool, whatsapp: bool, sms: bool) -> None:
    """HR's default for everyone of the agency who has not chosen themselves."""
    ChannelChoice.objects.update_or_create(
        agency=agency, defaults={"email": email, "whatsapp": whatsapp, "sms": sms}
    )


def plan_channel_messages(*, batch_size: int = PLAN_BATCH_SIZE) -> int:
    """Decide, for every notification not yet planned, which WhatsApp/SMS messages it
    gets (the recipient's channels that are configured, to a valid mobile number),
    and whether its email is replaced by them. Returns how many messages were made.

    Rows are locked while planned (others skip them) and a message is unique per
    notification and channel, so two runs never plan one twice. A notification older
    than CHANNEL_MAX_AGE_HOURS gets no message (a worker was down for long): its
    email and the inbox still tell."""
    enabled = channels.enabled_channels()
    made = 0
    while True:
        with transaction.atomic():
            batch = list(
                Notification.objects.filter(channels_planned=False)
                .select_for_update(of=("self",), skip_locked=True)
                .select_related(
                    "recipient__channel_choice",
                    "recipient__employee__agency__channel_choice",
                )
                .order_by("pk")[:batch_size]
            )
            if not batch:
                return made
            oldest = timezone.now() - datetime.timedelta(
                hours=settings.CHANNEL_MAX_AGE_HOURS
            )
            messages, replaced = [], []
            for notification in batch:
                if (
                    notification.recipient_id is None
                    or notification.created_at < oldest
                ):
                    continue
                planned = _messages_for(notification, enabled)
                messages += planned
                choice = channel_choice_for(notification.recipient)
                if planned and not choice.email:
                    replaced.append(notification.pk)
            ChannelMessage.objects.bulk_create(messages, ignore_conflicts=True)
            Notification.objects.filter(
                pk__in=replaced, email_status=Notification.EmailStatus.PENDING
            ).update(email_status=Notification.EmailStatus.REPLACED)
            Notification.objects.filter(pk__in=[n.pk for n in batch]).update(
                channels_planned=True
            )
            made += len(messages)


def _messages_for(notification: Notification, enabled: list[str]) -> list:
    choice = channel_choice_for(notification.recipient)
    employee = getattr(notification.recipient, "employee", None)
    try:
        number = international_mobile(employee.phone if employee else "")
    except NotAMobileNumber:
        return []
    return [
        ChannelMessage(
            notification=notification,
            channel=channel,
            to_number=number,
            text=channels.short_text(notification, channel),
        )
        for channel in enabled
        if getattr(choice, channel)
    ]


def deliver_channel_messages(*, batch_size: int = CHANNEL_BATCH_SIZE) -> int:
    """Send a bounded batch of due WhatsApp/SMS messages; returns how many went.
    Claimed like emails (pending → sending with a lease); a failure is tried again
    with backoff, and once it cannot succeed (refused, or attempts used up) the
    message is failed and the notification's email goes out after all."""
    plan_channel_messages()
    release_expired_channel_claims()
    candidate_ids = list(
        ChannelMessage.objects.due(timezone.now())
        .order_by("pk")
        .values_list("pk", flat=True)[:batch_size]
    )
    sent = 0
    for pk in candidate_ids:
        message = _claim_channel_message(pk=pk)
        if message is not None and _send_channel_message(message):
            sent += 1
    return sent


def release_expired_channel_claims() -> int:
    expired = ChannelMessage.objects.claim_expired(timezone.now())
    for message in expired.filter(attempts__gte=settings.CHANNEL_MAX_ATTEMPTS):
        _fail_channel_message(
            message, "claim expired without an outcome, attempts used up"
        )
    return expired.update(status=ChannelMessage.Status.PENDING, lease_until=None)


def _claim_channel_message(*, pk: int) -> ChannelMessage | None:
    claimed = outbox.claim(
        ChannelMessage.objects.due,
        pk=pk,
        sending=ChannelMessage.Status.SENDING,
        lease_seconds=settings.CHANNEL_CLAIM_LEASE_SECONDS,
    )
    return ChannelMessage.objects.get(pk=pk) if claimed else None


def _send_channel_message(message: ChannelMessage) -> bool:
    adapter = channels.ADAPTERS[message.channel]
    try:
        if not adapter.enabled:
            raise channels.SendFailed("channel no longer configured", permanent=True)
        reference = adapter.send(message)
    except channels.SendFailed as failure:
        logger.warning("%s message %s failed: %s", message.channel, message.pk, failure)
        if failure.permanent or message.attempts >= settings.CHANNEL_MAX_ATTEMPTS:
            _fail_channel_message(message, str(failure))
        else:
            ChannelMessage.objects.filter(pk=message.pk).update(
                status=ChannelMessage.Status.PENDING,
                lease_until=None,
                next_attempt_at=timezone.now()
                + retry_delay(message.attempts, settings.CHANNEL_RETRY_BACKOFF_SECONDS),
                last_error=str(failure)[:300],
            )
        return False
    ChannelMessage.objects.filter(pk=message.pk).update(
        status=ChannelMessage.Status.SENT,
        sent_at=timezone.now(),
        lease_until=None,
        next_attempt_at=None,
        provider_reference=reference,
        last_error="",
    )
    return True


def _fail_channel_message(
    message: ChannelMessage, reason: str, *, only_if_status: str = ""
) -> bool:
    """Failed for good: the email it replaced goes out after all. With
    `only_if_status`, only a message still in that status (so two runs that find
    the same failure record it once)."""
    with transaction.atomic():
        rows = ChannelMessage.objects.filter(pk=message.pk)
        if only_if_status:
            rows = rows.filter(status=only_if_status)
        failed = rows.update(
            status=ChannelMessage.Status.FAILED,
            lease_until=None,
            next_attempt_at=None,
            last_error=reason[:300],
        )
        if not failed:
            return False
        fell_back = Notification.objects.filter(
            pk=message.notification_id, email_status=Notification.EmailStatus.REPLACED
        ).update(email_status=Notification.EmailStatus.PENDING)
        if fell_back:
            transaction.on_commit(_queue_email_delivery)
    return True


class NotResendable(Exception):
    """Only a failed message is sent again on request: one waiting or sent is
    already on its way."""


def resend_channel_message(*, message: ChannelMessage, by) -> bool:
    """HR's second try of a failed WhatsApp/SMS message: the same row goes back to
    pending with a fresh set of attempts, due now, and records who asked. Returns
    whether the notification already went by email, which a second failure then
    does not send again (the fallback only sends an email still replaced)."""
    now = timezone.now()
    with transaction.atomic():
        claimed = ChannelMessage.objects.filter(
            pk=message.pk, status=ChannelMessage.Status.FAILED
        ).update(
            status=ChannelMessage.Status.PENDING,
            attempts=0,
            next_attempt_at=now,
            lease_until=None,
            delivered_at=None,
            read_at=None,
            resent_at=now,
            resent_by=by,
        )
        if not claimed:
            raise NotResendable
        transaction.on_commit(_queue_email_delivery)
    return (
        Notification.objects.filter(pk=message.notification_id)
        .values_list("email_status", flat=True)
        .get()
        == Notification.EmailStatus.SENT
    )


def record_whatsapp_statuses(*, payload) -> int:
    """What WhatsApp's webhook says became of the messages we sent: delivered and
    read times, and a failure after the send was accepted, which fails the message
    and sends the email it replaced, as a refused send does. Returns how many
    messages changed; a status already recorded, or for an id we did not send,
    changes nothing, so Meta's repeated posts are harmless."""
    changed = 0
    for status in channels.whatsapp_statuses(payload):
        ours = ChannelMessage.objects.filter(
            channel=ChannelMessage.Channel.WHATSAPP,
            provider_reference=status.message_id,
        )
        if status.status in ("delivered", "read"):
            changed += ours.filter(delivered_at__isnull=True).update(
                delivered_at=status.at
            )
        if status.status == "read":
            changed += ours.filter(read_at__isnull=True).update(read_at=status.at)
        elif status.status == "failed":
            for message in ours.filter(status=ChannelMessage.Status.SENT):
                changed += _fail_channel_message(
                    message, status.error, only_if_status=ChannelMessage.Status.SENT
                )
    return changed
