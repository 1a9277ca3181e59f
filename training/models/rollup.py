"""Training figures a dashboard reads, summed ahead: the quality of sessions per
session and unit, the JP ledger per unit, month and development form."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import Agency, WorkUnit
from training.models.catalog import Program, TrainingSession
from training.models.delivery import Aspect
from training.models.forms import DevelopmentForm


def _count(label):
    return models.PositiveIntegerField(label, default=0)


def _sum(label):
    return models.FloatField(label, default=0)


class SessionUnitTotal(models.Model):
    """Per session and the unit its participants work in: who attended, who answered
    the questionnaire, and the sum and number of answer scores per aspect and of the
    supervisors' follow-up scores, each as a percentage of its scale's maximum.

    Kept in step by `training.services.rollup` (refreshed for a session when anything
    behind it is written, and rebuilt every night), so the dashboard's quality panel
    reads at most one row per session and unit instead of every answer and enrolment.
    An average is `sum / count`, so units and periods add up exactly."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="+"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    end_date = models.DateField(_("tanggal selesai"))
    # The participants' agency and unit (a scope filters on both, as on employees).
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(WorkUnit, on_delete=models.CASCADE, related_name="+")
    attended = _count(_("peserta hadir"))
    responses = _count(_("kuesioner diisi"))
    materi_sum = _sum(Aspect.MATERIAL.label)
    materi_count = _count(Aspect.MATERIAL.label)
    narasumber_sum = _sum(Aspect.SPEAKER.label)
    narasumber_count = _count(Aspect.SPEAKER.label)
    metode_sum = _sum(Aspect.METHOD.label)
    metode_count = _count(Aspect.METHOD.label)
    manfaat_sum = _sum(Aspect.USEFULNESS.label)
    manfaat_count = _count(Aspect.USEFULNESS.label)
    fasilitas_sum = _sum(Aspect.FACILITIES.label)
    fasilitas_count = _count(Aspect.FACILITIES.label)
    penyelenggaraan_sum = _sum(Aspect.ORGANISATION.label)
    penyelenggaraan_count = _count(Aspect.ORGANISATION.label)
    follow_up_sum = _sum(_("penerapan (evaluasi atasan)"))
    follow_up_count = _count(_("penerapan (evaluasi atasan)"))

    class Meta:
        verbose_name = _("rekap hasil pelatihan")
        verbose_name_plural = _("rekap hasil pelatihan")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "unit"], name="sessionunittotal_once"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "end_date"], name="sessionunittotal_when")
        ]

    def __str__(self):
        return f"{self.session_id} {self.unit_id}"


class JpFormTotal(models.Model):
    """The JP ledger of a unit's employees (their current unit and agency, as the
    dashboard scopes them) for one development form, from January to the end of one
    month of a year: the JP of lines counted in JP, the minutes of lines measured in
    minutes, and how many employees have a line. Cumulative, so a period "the year
    up to month m" reads the rows of month m alone, and a unit subtree adds up.

    Kept in step by `training.services.jp_totals` (an agency's year recomputed at the
    commit of a credit or of an employee's move, and every night), so the
    dashboard's "JP per development form" reads a few rows per unit instead of
    every ledger line."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(WorkUnit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    month = models.PositiveSmallIntegerField(_("sampai bulan"))
    form = models.CharField(
        _("bentuk pengembangan"), max_length=30, choices=DevelopmentForm.choices
    )
    declared_jp = models.DecimalField(
        _("JP dari kegiatan ber-JP"), max_digits=12, decimal_places=2, default=0
    )
    minutes = models.PositiveBigIntegerField(
        _("menit dari kegiatan bermenit"), default=0
    )
    people = _count(_("ASN"))

    class Meta:
        verbose_name = _("rekap JP per bentuk")
        verbose_name_plural = _("rekap JP per bentuk")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "month", "form"], name="jpformtotal_once"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "year", "month"], name="jpformtotal_when")
        ]

    def __str__(self):
        return f"{self.unit_id} {self.year}-{self.month:02} {self.form}"
