from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from asn_portal.formats import month_name, quarter_name
from asn_portal.models import TimeStampedModel
from people.models import Agency, WorkUnit
from people.roles import Role, roles_of
from people.scope import AgencyScopedQuerySet


class ReportQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        """HR and leaders: their agency's reports (a leader with a unit scope, that
        subtree's)."""
        roles = roles_of(user)
        if not (Role.HR in roles or Role.LEADER in roles):
            return self.none()
        return self.in_agency(employee.agency_id).in_units_of(user)


class Report(TimeStampedModel):
    """A periodic report of an agency (or a unit) as PDF and Excel.

    One row per (agency, unit, kind, period): generating it again replaces its files."""

    class Kind(models.TextChoices):
        MONTHLY = "bulanan", _("Bulanan")
        QUARTERLY = "triwulan", _("Triwulanan")

    class Status(models.TextChoices):
        PENDING = "menunggu", _("Menunggu")
        RUNNING = "diproses", _("Sedang dibuat")
        DONE = "selesai", _("Selesai")
        FAILED = "gagal", _("Gagal")

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("instansi"),
    )
    unit = models.ForeignKey(
        WorkUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit kerja"),
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    pdf = models.FileField(_("PDF"), upload_to="reports/", blank=True)
    xlsx = models.FileField(_("Excel"), upload_to="reports/", blank=True)
    generated_at = models.DateTimeField(_("dibuat pada"), null=True, blank=True)
    generation_count = models.PositiveIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "kind"]
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        permissions = [
            ("view_dashboard", _("Dapat melihat dasbor pimpinan")),
            ("request_report", _("Dapat meminta pembuatan laporan")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "unit", "kind", "period_start"],
                condition=Q(unit__isnull=False),
                name="report_once_per_unit_period",
            ),
            models.UniqueConstraint(
                fields=["agency", "kind", "period_start"],
                condition=Q(unit__isnull=True),
                name="report_once_per_agency_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_ordered",
            ),
        ]

    def __str__(self):
        place = self.unit.name if self.unit_id else self.agency.short_name
        return f"{self.get_kind_display()} {place} {self.period_label}"

    @property
    def period_label(self) -> str:
        """The period as people say it: "November 2026", "Triwulan IV 2026"."""
        if self.kind == self.Kind.QUARTERLY:
            return quarter_name(self.period_start)
        return month_name(self.period_start)

    @property
    def file_stem(self) -> str:
        """ "laporan-triwulan-iv-2026-siantar": what the downloads are called."""
        place = slugify(self.unit.name) if self.unit_id else self.agency.code
        return f"laporan-{slugify(self.period_label)}-{place}"

    def get_absolute_url(self):
        return reverse("dashboard:report_detail", args=[self.pk])


class ReportSubscription(TimeStampedModel):
    """A leader (or HR) who wants the agency's reports by email."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_subscriptions",
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("jenis"), max_length=10, choices=Report.Kind.choices)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("langganan laporan")
        verbose_name_plural = _("langganan laporan")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "kind"], name="report_subscription_once"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_kind_display()}"
