"""A questionnaire-results download too large to build inside a request: built by a
Celery task, with its progress, and handed to the one who asked for it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asn_portal.models import TimeStampedModel
from people.scope import AgencyScopedQuerySet
from training.models.catalog import Program, TrainingSession


class ResultsExportQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        """Only the one who asked: the file holds what their role let them see."""
        return self.in_agency(employee.agency_id).filter(requested_by=user)


class ResultsExport(TimeStampedModel):
    """The Excel file of one session's or one program's questionnaire results."""

    agency_path = "program__agency"

    class Status(models.TextChoices):
        PENDING = "menunggu", _("Menunggu")
        RUNNING = "diproses", _("Sedang dibuat")
        DONE = "selesai", _("Selesai")
        FAILED = "gagal", _("Gagal")

    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("program"),
    )
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sesi"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("diminta oleh"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    rows = models.PositiveIntegerField(_("jumlah jawaban"), default=0)
    file = models.FileField(_("berkas"), upload_to="exports/%Y/%m/", blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    error = models.TextField(blank=True)

    objects = ResultsExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ekspor hasil evaluasi")
        verbose_name_plural = _("ekspor hasil evaluasi")

    def __str__(self):
        return str(self.session or self.program)

    def get_absolute_url(self):
        return reverse("training:results_export_detail", args=[self.pk])

    @property
    def filename(self) -> str:
        if self.session_id:
            return f"evaluasi-sesi-{self.session_id}.xlsx"
        return f"evaluasi-program-{self.program_id}.xlsx"
