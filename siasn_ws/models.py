from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from asn_portal.models import TimeStampedModel
from people.models import Agency, Employee
from people.scope import AgencyScopedQuerySet
from siasn_ws import client

HTTP_URL = URLValidator(schemes=["https", "http"])


class SiasnConnection(TimeStampedModel):
    """One agency's use of the SIASN web service: off until the superuser switches it
    on. The credentials are not here: they come from the environment
    (`client.variable_names`), so the database never holds them."""

    agency = models.OneToOneField(
        Agency,
        on_delete=models.CASCADE,
        related_name="siasn_connection",
        verbose_name=_("instansi"),
    )
    enabled = models.BooleanField(_("aktif"), default=False)
    api_url = models.CharField(
        _("alamat API SIASN"),
        max_length=200,
        default="https://apimws.bkn.go.id:8243",
        validators=[HTTP_URL],
    )
    token_url = models.CharField(
        _("alamat token API Manager"),
        max_length=200,
        default="https://apimws.bkn.go.id/oauth2/token",
        validators=[HTTP_URL],
    )
    sso_url = models.CharField(
        _("alamat token SSO SIASN"),
        max_length=300,
        default=(
            "https://sso-siasn.bkn.go.id/auth/realms/public-siasn/protocol/"
            "openid-connect/token"
        ),
        validators=[HTTP_URL],
    )
    instansi_id = models.CharField(_("ID instansi SIASN"), max_length=64, blank=True)
    # BKN's `periodik` reference ids, read from the agency's SIASN reference; a
    # period of a kind without one is not sent (the record says so).
    periodik_monthly = models.CharField(
        _("ID periodik SIASN: bulanan"), max_length=64, blank=True
    )
    periodik_quarterly = models.CharField(
        _("ID periodik SIASN: triwulan"), max_length=64, blank=True
    )
    periodik_annual = models.CharField(
        _("ID periodik SIASN: tahunan"), max_length=64, blank=True
    )
    push_from = models.DateField(
        _("kirim sejak"),
        null=True,
        blank=True,
        help_text=_(
            "Sertifikat terbit dan periode kinerja berakhir sejak tanggal ini; "
            "kosong: semuanya."
        ),
    )

    # The scheduled pull of the agency's employees (siasn_ws.pull): its switch, when
    # it is next due, and the claim that keeps two runs from pulling at once.
    pull_enabled = models.BooleanField(
        _("tarik data pegawai dari SIASN"),
        default=False,
        help_text=_(
            "Setiap hari data utama setiap pegawai instansi dibaca dari SIASN; "
            "perubahannya menunggu konfirmasi HR di pratinjau impor."
        ),
    )
    pull_next_at = models.DateTimeField(_("tarik berikutnya"), null=True, blank=True)
    pull_lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    pull_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    pull_finished_at = models.DateTimeField(
        _("tarik terakhir selesai"), null=True, blank=True, editable=False
    )
    pull_error = models.CharField(
        _("gangguan tarik terakhir"), max_length=300, blank=True, editable=False
    )
    pull_applied = models.PositiveIntegerField(
        _("pegawai diperbarui otomatis pada tarik terakhir"),
        default=0,
        editable=False,
    )
    # Keys of people.sync.OWNED_GROUPS: SIASN's value of these is applied by the
    # pull at once; HR choose them on the SIASN settings page.
    owned = models.JSONField(_("data milik SIASN"), default=list, blank=True)

    class Meta:
        ordering = ["agency__name"]
        verbose_name = _("koneksi layanan web SIASN")
        verbose_name_plural = _("koneksi layanan web SIASN")
        permissions = [
            ("manage_siasn_sync", _("Dapat mengatur data milik SIASN dan tarik data"))
        ]

    def __str__(self):
        return str(self.agency)

    def owned_labels(self) -> list[str]:
        from people.sync import OWNED_GROUPS

        return [str(OWNED_GROUPS[k][0]) for k in self.owned if k in OWNED_GROUPS]

    def waiting_preview(self):
        """The preview of the last pull, while it waits for HR."""
        from people.services import agency_preview

        return agency_preview(self.agency)

    def periodik_id(self, period_kind: str) -> str:
        return getattr(self, f"periodik_{period_kind}", "") or ""

    def variable_names(self) -> list[str]:
        return client.variable_names(self.agency.code)

    def missing_variables(self) -> list[str]:
        return client.missing_variables(self.agency.code)


class OutboxQuerySet(AgencyScopedQuerySet):
    def due(self, now):
        return self.filter(status=OutboxRecord.Status.WAITING).filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        )

    def claim_expired(self, now):
        return self.filter(status=OutboxRecord.Status.SENDING).filter(
            Q(lease_until__lt=now) | Q(lease_until__isnull=True)
        )


class OutboxRecord(TimeStampedModel):
    """One record to send to SIASN, once. The key (our certificate number, or the
    period and NIP) is unique per agency and kind, so collecting twice adds nothing;
    a row is claimed (waiting → sending) by a conditional UPDATE before it is
    sent."""

    class Kind(models.TextChoices):
        KURSUS = "kursus", _("Riwayat kursus/pelatihan")
        KINERJA = "kinerja", _("Kinerja periodik")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Menunggu")
        SENDING = "sending", _("Sedang dikirim")
        SENT = "sent", _("Terkirim")
        REFUSED = "refused", _("Ditolak SIASN")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("instansi")
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="+", verbose_name=_("pegawai")
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("kunci"), max_length=120)
    title = models.CharField(_("uraian"), max_length=250)
    certificate = models.OneToOneField(
        "training.Certificate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="siasn_outbox",
        verbose_name=_("sertifikat"),
    )
    assessment = models.OneToOneField(
        "evaluations.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="siasn_outbox",
        verbose_name=_("penilaian kinerja"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("dicoba lagi setelah"), null=True)
    lease_until = models.DateTimeField(_("diklaim sampai"), null=True)
    # SIASN's answer to the document upload, kept so a retry does not upload again.
    document = models.JSONField(_("dokumen di SIASN"), default=dict, blank=True)
    siasn_id = models.CharField(_("ID riwayat SIASN"), max_length=64, blank=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True)
    reason = models.TextField(_("alasan penolakan SIASN"), blank=True)
    last_error = models.CharField(_("gangguan terakhir"), max_length=300, blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("kiriman ke SIASN")
        verbose_name_plural = _("kiriman ke SIASN")
        permissions = [("resend_outboxrecord", _("Dapat mengirim ulang ke SIASN"))]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "key"], name="siasn_outbox_once_per_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["agency", "status", "-created_at"],
                name="siasn_outbox_agency_status",
            ),
            models.Index(fields=["status", "next_attempt_at"], name="siasn_outbox_due"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key}"
