"""The competency dictionary of an agency (docs/domain.md, "Competency dictionary"):
the managerial and socio-cultural competencies of PermenPANRB 38/2017 and the
agency's own technical competencies, each described at levels 1–5."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from asn_portal.models import TimeStampedModel
from people.models import Agency, Employee
from people.scope import AgencyScopedQuerySet

LEVELS = range(1, 6)


class CompetencyQuerySet(AgencyScopedQuerySet):
    def matching(self, query: str):
        """Competencies whose code, name or definition contains `query` (all if
        empty)."""
        query = (query or "").strip()
        if not query:
            return self
        return self.filter(
            Q(code__icontains=query)
            | Q(name__icontains=query)
            | Q(definition__icontains=query)
        )


class Competency(TimeStampedModel):
    """One competency of an agency's dictionary, described at levels 1–5."""

    class Kind(models.TextChoices):
        # The order of the values is the order of the dictionary's sections.
        MANAGERIAL = "manajerial", _("Manajerial")
        SOCIOCULTURAL = "sosial_kultural", _("Sosial kultural")
        TECHNICAL = "teknis", _("Teknis")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("instansi")
    )
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama kompetensi"), max_length=200)
    definition = models.TextField(_("definisi"), blank=True)
    ordering = models.PositiveSmallIntegerField(
        _("urutan"),
        default=0,
        help_text=_("Urutan tampil dalam jenisnya; yang kecil tampil lebih dulu."),
    )

    objects = CompetencyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "ordering", "code"]
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code"], name="competency_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["manajerial", "sosial_kultural", "teknis"]),
                name="competency_known_kind",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("competencies:competency_detail", args=[self.pk])

    def dependants(self) -> dict[str, int]:
        """The training programmes that declare it keep it; its levels go with it."""
        return {_("program pelatihan"): self.programs.count()}

    def level_descriptions(self) -> dict[int, str]:
        """The description of each level 1–5, "" where none is written."""
        written = {level.level: level.description for level in self.levels.all()}
        return {number: written.get(number, "") for number in LEVELS}


class CompetencyLevel(TimeStampedModel):
    """What a competency looks like at one level (1 lowest, 5 highest)."""

    agency_path = "competency__agency"

    competency = models.ForeignKey(
        Competency,
        on_delete=models.CASCADE,
        related_name="levels",
        verbose_name=_("kompetensi"),
    )
    level = models.PositiveSmallIntegerField(_("level"))
    description = models.TextField(_("deskripsi dan indikator"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["competency", "level"]
        verbose_name = _("level kompetensi")
        verbose_name_plural = _("level kompetensi")
        constraints = [
            models.UniqueConstraint(
                fields=["competency", "level"], name="competencylevel_once_per_level"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="competencylevel_level_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.competency.code} level {self.level}"


class JobStandardQuerySet(AgencyScopedQuerySet):
    def with_holders(self):
        """Each standard with how many active employees of its agency hold the
        jabatan (by name, ignoring case), counted in the database."""
        holders = (
            Employee.objects.filter(
                agency_id=models.OuterRef("agency_id"),
                is_active=True,
                jabatan_name__iexact=models.OuterRef("jabatan_name"),
            )
            .order_by()
            .values("agency_id")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(
            holders=Coalesce(models.Subquery(holders), 0),
            required_count=models.Count("required_levels", distinct=True),
        )

    def for_jabatan(self, agency_id, jabatan_name: str):
        return self.filter(agency_id=agency_id, jabatan_name__iexact=jabatan_name)


class JobStandard(TimeStampedModel):
    """The competency standard of one jabatan of an agency: the level required of
    whoever holds it, per competency of the dictionary. A jabatan is recognised by
    its name as the employee records write it (case ignored)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("instansi")
    )
    jabatan_name = models.CharField(_("nama jabatan"), max_length=200)
    notes = models.TextField(_("catatan"), blank=True)

    objects = JobStandardQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["jabatan_name"]
        verbose_name = _("standar kompetensi jabatan")
        verbose_name_plural = _("standar kompetensi jabatan")
        constraints = [
            models.UniqueConstraint(
                "agency", Lower("jabatan_name"), name="jobstandard_once_per_jabatan"
            )
        ]

    def __str__(self):
        return self.jabatan_name

    def get_absolute_url(self):
        return reverse("competencies:standard_detail", args=[self.pk])

    def dependants(self) -> dict[str, int]:
        """Its required levels go with it; nothing else refers to a standard."""
        return {}

    def required(self) -> dict[int, int]:
        """{competency pk: required level}."""
        return dict(self.required_levels.values_list("competency_id", "level"))


class RequiredLevel(TimeStampedModel):
    """The level of one competency a jabatan requires."""

    agency_path = "standard__agency"

    standard = models.ForeignKey(
        JobStandard,
        on_delete=models.CASCADE,
        related_name="required_levels",
        verbose_name=_("standar jabatan"),
    )
    competency = models.ForeignKey(
        Competency,
        on_delete=models.CASCADE,
        related_name="required_levels",
        verbose_name=_("kompetensi"),
    )
    level = models.PositiveSmallIntegerField(_("level yang dipersyaratkan"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["standard", "competency"]
        verbose_name = _("level kompetensi yang dipersyaratkan")
        verbose_name_plural = _("level kompetensi yang dipersyaratkan")
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "competency"],
                name="requiredlevel_once_per_competency",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="requiredlevel_level_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.standard}: {self.competency.code} {self.level}"


class AssessedLevelQuerySet(AgencyScopedQuerySet):
    def latest_per_competency(self):
        """The most recent assessment of each employee and competency (the later
        record on the same day): the level that counts. A subquery rather than
        DISTINCT ON, which SQLite (the development database) lacks."""
        newest = (
            AssessedLevel.objects.filter(
                employee_id=models.OuterRef("employee_id"),
                competency_id=models.OuterRef("competency_id"),
            )
            .order_by("-assessed_on", "-pk")
            .values("pk")[:1]
        )
        return self.filter(pk=models.Subquery(newest))


class AssessedLevel(TimeStampedModel):
    """An employee's level in one competency as assessed on a date, by an assessment
    (asesmen/uji kompetensi), the supervisor, or taken from an import. The latest
    one counts; earlier ones stay as the employee's history."""

    agency_path = "employee__agency"

    class Source(models.TextChoices):
        ASSESSMENT = "asesmen", _("Hasil asesmen/uji kompetensi")
        SUPERVISOR = "atasan", _("Penilaian atasan")
        IMPORT = "impor", _("Impor data")

    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="assessed_levels",
        verbose_name=_("pegawai"),
    )
    competency = models.ForeignKey(
        Competency,
        on_delete=models.CASCADE,
        related_name="assessed_levels",
        verbose_name=_("kompetensi"),
    )
    level = models.PositiveSmallIntegerField(_("level"))
    assessed_on = models.DateField(_("tanggal penilaian"))
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    notes = models.CharField(_("keterangan"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    objects = AssessedLevelQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("level kompetensi pegawai")
        verbose_name_plural = _("level kompetensi pegawai")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="assessedlevel_level_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(source__in=["asesmen", "atasan", "impor"]),
                name="assessedlevel_known_source",
            ),
        ]
        indexes = [models.Index(fields=["employee", "competency", "assessed_on"])]

    def __str__(self):
        return f"{self.employee}: {self.competency.code} {self.level}"

    def get_absolute_url(self):
        return reverse("competencies:employee_competencies", args=[self.employee_id])

    def dependants(self) -> dict[str, int]:
        return {}
