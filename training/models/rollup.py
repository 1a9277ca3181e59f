"""The training-quality figures a dashboard reads, summed per session and unit."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import Agency, WorkUnit
from training.models.catalog import Program, TrainingSession
from training.models.delivery import Aspect


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
