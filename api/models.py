from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.keys import matches, split_key
from asn_portal.models import TimeStampedModel
from people.fields import acting_user
from people.models import Agency
from people.roles import Role, roles_of
from people.scope import AgencyScopedQuerySet


class Scope(models.TextChoices):
    """What a key may read (or write): each endpoint names the one it needs."""

    READ_PEOPLE = "read_people", _("Baca data pegawai dan unit kerja")
    WRITE_PEOPLE = "write_people", _("Tulis data pegawai dari sistem lain")
    READ_TRAINING = "read_training", _("Baca pelatihan, JP dan sertifikat")
    WRITE_TRAINING_RECORDS = (
        "write_training_records",
        _("Tulis catatan pelatihan dari sistem lain"),
    )
    READ_EVALUATIONS = "read_evaluations", _("Baca penilaian kinerja (SKP)")
    READ_PUBLIC_SERVICE = (
        "read_public_service",
        _("Baca layanan publik (IKM dan pengaduan)"),
    )


class ApiKeyQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        """HR manage their own agency's keys; nobody else sees any."""
        if Role.HR in roles_of(user):
            return self.in_agency(employee.agency_id)
        return self.none()

    def matching(self, key: str):
        """The key whose prefix and secret `key` carries (revoked or expired too,
        so the caller can say which), or None: one indexed read."""
        parts = split_key(key)
        if parts is None:
            return None
        prefix, secret = parts
        found = self.select_related("agency").filter(prefix=prefix).first()
        if found is None or not matches(secret, salt=found.salt, digest=found.digest):
            return None
        return found


class ApiKey(TimeStampedModel):
    """A key another system of the agency calls the API with. Its secret is shown
    to HR once, when made, and stored only as a salted HMAC (api.keys)."""

    class Status(models.TextChoices):
        ACTIVE = "aktif", _("Aktif")
        EXPIRED = "kedaluwarsa", _("Kedaluwarsa")
        REVOKED = "dicabut", _("Dicabut")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("instansi")
    )
    name = models.CharField(
        _("nama"),
        max_length=100,
        help_text=_("Sistem yang memakai kunci ini, misalnya Dasbor BI BKPSDM."),
    )
    prefix = models.CharField(_("awalan"), max_length=12, unique=True)
    salt = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)
    scopes = models.JSONField(_("izin"), default=list)
    expires_on = models.DateField(
        _("berlaku sampai"), help_text=_("Sesudah tanggal ini kunci tidak berlaku.")
    )
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_by = acting_user(_("dicabut oleh"))
    created_by = acting_user(_("dibuat oleh"))

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("kunci API")
        verbose_name_plural = _("kunci API")
        permissions = [("manage_apikey", _("Dapat mengelola kunci API instansi"))]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_on < timezone.localdate():
            return self.Status.EXPIRED
        return self.Status.ACTIVE

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def scope_labels(self) -> list[str]:
        return [Scope(s).label for s in self.scopes if s in Scope.values]

    def allows(self, scope: str) -> bool:
        return scope in self.scopes
