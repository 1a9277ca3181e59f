from django.db import models
from django.utils.translation import gettext_lazy as _


class DevelopmentForm(models.TextChoices):
    """Forms of competency development (Peraturan LAN 10/2018; docs/domain.md,
    "Competency development (JP)")."""

    # Pendidikan
    DEGREE_STUDY = "pendidikan", _("Pendidikan formal (tugas belajar)")
    # Pelatihan klasikal
    LEADERSHIP = "kepemimpinan", _("Pelatihan struktural kepemimpinan")
    MANAGERIAL = "manajerial", _("Pelatihan manajerial")
    TECHNICAL = "teknis", _("Pelatihan teknis")
    FUNCTIONAL = "fungsional", _("Pelatihan fungsional")
    SOCIO_CULTURAL = "sosial_kultural", _("Pelatihan sosial kultural")
    SEMINAR = "seminar", _("Seminar / konferensi / sarasehan")
    WORKSHOP = "workshop", _("Workshop / lokakarya")
    COURSE = "kursus", _("Kursus")
    UPGRADING = "penataran", _("Penataran")
    TECHNICAL_GUIDANCE = "bimtek", _("Bimbingan teknis")
    SOCIALISATION = "sosialisasi", _("Sosialisasi")
    # Pelatihan nonklasikal
    COACHING = "coaching", _("Coaching")
    MENTORING = "mentoring", _("Mentoring")
    E_LEARNING = "e_learning", _("E-learning")
    DISTANCE = "jarak_jauh", _("Pelatihan jarak jauh")
    SECONDMENT = "detasering", _("Detasering (secondment)")
    OUTDOOR = "alam_terbuka", _("Pembelajaran alam terbuka")
    BENCHMARKING = "patok_banding", _("Patok banding (benchmarking)")
    EXCHANGE = "pertukaran", _("Pertukaran PNS dengan swasta/BUMN/BUMD")
    SELF_STUDY = "belajar_mandiri", _("Belajar mandiri")
    LEARNING_COMMUNITY = "komunitas_belajar", _("Komunitas belajar")
    ON_THE_JOB = "bimbingan_tempat_kerja", _("Bimbingan di tempat kerja")
    INTERNSHIP = "magang", _("Magang / praktik kerja")


CLASSICAL_FORMS = frozenset(
    {
        DevelopmentForm.LEADERSHIP,
        DevelopmentForm.MANAGERIAL,
        DevelopmentForm.TECHNICAL,
        DevelopmentForm.FUNCTIONAL,
        DevelopmentForm.SOCIO_CULTURAL,
        DevelopmentForm.SEMINAR,
        DevelopmentForm.WORKSHOP,
        DevelopmentForm.COURSE,
        DevelopmentForm.UPGRADING,
        DevelopmentForm.TECHNICAL_GUIDANCE,
        DevelopmentForm.SOCIALISATION,
    }
)
