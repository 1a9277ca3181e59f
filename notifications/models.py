import hashlib
from email.utils import parseaddr

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asn_portal.models import TimeStampedModel


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def email_due(self, now):
        """Emails waiting to be sent whose retry time (if any) has come."""
        return self.filter(
            email_status=Notification.EmailStatus.PENDING, channels_planned=True
        ).filter(
            Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now)
        )

    def email_claim_expired(self, now):
        """Emails claimed by a worker that did not record the outcome within its
        lease: it died mid-send, or lost the database after sending."""
        return self.filter(email_status=Notification.EmailStatus.SENDING).filter(
            Q(email_lease_until__lt=now) | Q(email_lease_until__isnull=True)
        )


class Notification(TimeStampedModel):
    """One message to one user, in the in-app inbox and by email; or an email alone
    to an address outside the portal (`to_email`: a complainant has no account).

    The key (recipient or address, kind, object_key, step) is unique in the database,
    so the same reminder can never be created twice, however often a task runs."""

    class EmailStatus(models.TextChoices):
        NONE = "none", _("tanpa email")
        PENDING = "pending", _("menunggu dikirim")
        SENDING = "sending", _("sedang dikirim")
        SENT = "sent", _("terkirim")
        FAILED = "failed", _("gagal")
        # The recipient chose WhatsApp or SMS instead of email; it goes back to
        # pending if that channel fails for good.
        REPLACED = "replaced", _("diganti WhatsApp/SMS")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("penerima"),
        null=True,
        blank=True,
    )
    to_email = models.EmailField(
        _("alamat email di luar portal"),
        blank=True,
        help_text=_("Hanya untuk penerima tanpa akun, misalnya pelapor pengaduan."),
    )
    kind = models.CharField(_("jenis"), max_length=60)
    object_key = models.CharField(_("objek"), max_length=120)
    step = models.CharField(_("tahap"), max_length=40, default="")
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    email_status = models.CharField(
        _("status email"),
        max_length=10,
        choices=EmailStatus.choices,
        default=EmailStatus.PENDING,
    )
    email_lease_until = models.DateTimeField(
        _("diklaim pengirim sampai"), null=True, blank=True
    )
    email_next_attempt_at = models.DateTimeField(
        _("dicoba lagi setelah"), null=True, blank=True
    )
    email_sent_at = models.DateTimeField(_("email terkirim"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("percobaan kirim"), default=0)
    email_last_error = models.CharField(
        _("galat terakhir pengiriman"), max_length=300, blank=True
    )
    # False until the outbox has decided which WhatsApp/SMS messages this one gets
    # (services.plan_channel_messages); its email waits for that decision, since the
    # recipient may have chosen WhatsApp instead of email.
    channels_planned = models.BooleanField(_("saluran sudah ditentukan"), default=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_key", "step"],
                name="notification_sent_once",
            ),
            models.UniqueConstraint(
                fields=["to_email", "kind", "object_key", "step"],
                condition=Q(recipient__isnull=True),
                name="notification_to_address_once",
            ),
            models.CheckConstraint(
                condition=(Q(recipient__isnull=False) & Q(to_email=""))
                | (Q(recipient__isnull=True) & ~Q(to_email="")),
                name="notification_user_or_address",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_status"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("notifications:open", args=[self.pk])

    @property
    def email_address(self) -> str:
        return self.recipient.email if self.recipient_id else self.to_email

    @property
    def email_message_id(self) -> str:
        """The same for every send of this notification: derived from its unique key,
        so a receiver recognises a second copy (sent again after a worker died
        mid-send) as the same message."""
        addressee = str(self.recipient_id) if self.recipient_id else self.to_email
        key = "\x1f".join([addressee, self.kind, self.object_key, self.step])
        digest = hashlib.sha256(key.encode()).hexdigest()[:40]
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
        return f"<notification.{digest}@{domain or 'localhost'}>"


class ChannelChoice(TimeStampedModel):
    """Which channels carry a person's notifications besides the inbox: chosen by the
    person (`user`), or by HR as the default of everyone in an agency (`agency`) who
    has not chosen. Without either, email only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="channel_choice",
        verbose_name=_("pengguna"),
    )
    agency = models.OneToOneField(
        "people.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="channel_choice",
        verbose_name=_("instansi"),
    )
    email = models.BooleanField(_("email"), default=True)
    whatsapp = models.BooleanField(_("WhatsApp"), default=False)
    sms = models.BooleanField(_("SMS"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("pilihan saluran pemberitahuan")
        verbose_name_plural = _("pilihan saluran pemberitahuan")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, agency__isnull=True)
                | Q(user__isnull=True, agency__isnull=False),
                name="channelchoice_user_or_agency",
            ),
        ]

    def __str__(self):
        return str(self.user or self.agency)


class ChannelMessageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """HR who tune their agency's reminders see the messages to its people."""
        employee = getattr(user, "employee", None) if user.is_authenticated else None
        if employee is None or not user.has_perm("people.manage_reminders"):
            return self.none()
        return self.filter(
            notification__recipient__employee__agency_id=employee.agency_id
        )

    def due(self, now):
        return self.filter(status=ChannelMessage.Status.PENDING).filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        )

    def claim_expired(self, now):
        return self.filter(status=ChannelMessage.Status.SENDING).filter(
            Q(lease_until__lt=now) | Q(lease_until__isnull=True)
        )


class ChannelMessage(TimeStampedModel):
    """A notification's WhatsApp or SMS message: an outbox row, claimed by one sender
    at a time, retried with backoff, and recorded with its outcome. One per
    notification and channel, so however often the outbox runs, it is sent once."""

    class Channel(models.TextChoices):
        WHATSAPP = "whatsapp", _("WhatsApp")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("menunggu dikirim")
        SENDING = "sending", _("sedang dikirim")
        SENT = "sent", _("terkirim")
        FAILED = "failed", _("gagal")

    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        related_name="channel_messages",
        verbose_name=_("notifikasi"),
    )
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    to_number = models.CharField(_("nomor tujuan"), max_length=16)
    text = models.CharField(_("pesan"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan kirim"), default=0)
    lease_until = models.DateTimeField(
        _("diklaim pengirim sampai"), null=True, blank=True
    )
    next_attempt_at = models.DateTimeField(
        _("dicoba lagi setelah"), null=True, blank=True
    )
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    # WhatsApp's message id (`messages[0].id` of the send answer), by which its
    # delivery status webhook names the message.
    provider_reference = models.CharField(
        _("nomor pesan di penyedia"), max_length=200, blank=True, db_index=True
    )
    delivered_at = models.DateTimeField(_("sampai di ponsel"), null=True, blank=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    last_error = models.CharField(
        _("galat terakhir pengiriman"), max_length=300, blank=True
    )
    # HR may send a failed message again (services.resend_channel_message); the last
    # such request is kept, so the page says who asked for the second try and when.
    resent_at = models.DateTimeField(
        _("dikirim ulang atas permintaan"), null=True, blank=True
    )
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dikirim ulang oleh"),
    )

    objects = ChannelMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pesan WhatsApp/SMS")
        verbose_name_plural = _("pesan WhatsApp/SMS")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"],
                name="channelmessage_once_per_channel",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.get_channel_display()} {self.to_number}"

    @property
    def masked_number(self) -> str:
        """Enough to recognise the number, not to copy it: 62812****7890."""
        return self.to_number[:5] + "****" + self.to_number[-4:]

    @property
    def idempotency_key(self) -> str:
        """The same for every send of this message, so a gateway that deduplicates
        recognises a second copy sent after a worker died mid-send."""
        return hashlib.sha256(
            f"{self.notification_id}\x1f{self.channel}".encode()
        ).hexdigest()[:40]
