"""Performance evaluation (SKP): periods, plans, feedback, assessments, follow-up,
potential. The rules themselves (predikat, 9-box) live in `evaluations.rules`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from asn_portal.models import TimeStampedModel
from asn_portal.uploads import UploadField
from evaluations import rules
from evaluations.rules import (
    BerAkhlak,
    FollowUpKind,
    OrganisationRating,
    Potential,
    Predikat,
    Rating,
)
from people.delegation import supervised_by
from people.fields import acting_delegation, acting_employee
from people.models import Agency, Employee
from people.roles import Role, roles_of
from people.scope import AgencyScopedQuerySet


class EvaluationSettings(TimeStampedModel):
    """The agency's local choices for performance evaluation (not regulation)."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Bulanan")
        QUARTERLY = "quarterly", _("Triwulanan")
        YEARLY = "yearly", _("Tahunan")

    agency = models.OneToOneField(
        Agency,
        on_delete=models.CASCADE,
        related_name="evaluation_settings",
        verbose_name=_("instansi"),
    )
    frequency = models.CharField(
        _("frekuensi penilaian periodik"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.QUARTERLY,
    )
    potential_medium_from = models.PositiveSmallIntegerField(
        _("nilai potensial mulai Menengah"), default=70
    )
    potential_high_from = models.PositiveSmallIntegerField(
        _("nilai potensial mulai Tinggi"), default=85
    )
    sangat_baik_cap_percent = models.PositiveSmallIntegerField(
        _("batas porsi Sangat Baik per unit (%)"),
        null=True,
        blank=True,
        help_text=_("Kosongkan untuk mematikan. Hanya peringatan, nilai tidak diubah."),
    )
    expected_sangat_baik = models.PositiveSmallIntegerField(
        _("distribusi harapan: Sangat Baik (%)"), default=10
    )
    expected_baik = models.PositiveSmallIntegerField(
        _("distribusi harapan: Baik (%)"), default=70
    )
    expected_butuh_perbaikan = models.PositiveSmallIntegerField(
        _("distribusi harapan: Butuh Perbaikan (%)"), default=15
    )
    expected_kurang = models.PositiveSmallIntegerField(
        _("distribusi harapan: Kurang/Misconduct (%)"), default=3
    )
    expected_sangat_kurang = models.PositiveSmallIntegerField(
        _("distribusi harapan: Sangat Kurang (%)"), default=2
    )
    reminder_days_before_close = models.PositiveSmallIntegerField(
        _("pengingat dikirim sejak (hari sebelum tutup)"), default=7
    )

    class Meta:
        verbose_name = _("pengaturan evaluasi kinerja")
        verbose_name_plural = _("pengaturan evaluasi kinerja")
        constraints = [
            models.CheckConstraint(
                condition=Q(potential_medium_from__gt=0)
                & Q(potential_medium_from__lt=models.F("potential_high_from"))
                & Q(potential_high_from__lte=100),
                name="evalsettings_cutoffs_ordered",
            ),
            models.CheckConstraint(
                condition=Q(sangat_baik_cap_percent__isnull=True)
                | Q(sangat_baik_cap_percent__lte=100),
                name="evalsettings_cap_percent",
            ),
        ]

    def __str__(self):
        return str(self.agency)

    def clean(self):
        total = sum(self.expected_distribution.values())
        if total != 100:
            # Shown at the first share: the five are read together, top down.
            raise ValidationError(
                {
                    "expected_sangat_baik": _(
                        "Distribusi harapan kelima predikat harus berjumlah 100%% "
                        "(sekarang %(total)s%%)."
                    )
                    % {"total": total}
                }
            )

    @classmethod
    def for_agency(cls, agency_id) -> "EvaluationSettings":
        """The agency's settings, or the defaults (unsaved) when none were set."""
        found = cls.objects.filter(agency_id=agency_id).first()
        return found or cls(agency_id=agency_id)

    @property
    def cutoffs(self) -> rules.PotentialCutoffs:
        return rules.PotentialCutoffs(
            medium_from=self.potential_medium_from, high_from=self.potential_high_from
        )

    @property
    def expected_distribution(self) -> dict[str, int]:
        return {
            Predikat.SANGAT_BAIK: self.expected_sangat_baik,
            Predikat.BAIK: self.expected_baik,
            Predikat.BUTUH_PERBAIKAN: self.expected_butuh_perbaikan,
            Predikat.KURANG: self.expected_kurang,
            Predikat.SANGAT_KURANG: self.expected_sangat_kurang,
        }


class EvaluationPeriodQuerySet(AgencyScopedQuerySet):
    def assessable(self):
        return self.exclude(kind=EvaluationPeriod.Kind.PLAN)

    def open_on(self, day):
        """Periods whose window for entering realisations includes `day`."""
        return self.filter(opens_on__lte=day, closes_on__gte=day)


class EvaluationPeriod(TimeStampedModel):
    """A window of the year: the planning of SKP, or an assessment (monthly,
    quarterly or annual) with the dates between which it is filled in."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("Perencanaan SKP")
        MONTHLY = "monthly", _("Bulanan")
        QUARTERLY = "quarterly", _("Triwulan")
        ANNUAL = "annual", _("Tahunan")

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="evaluation_periods",
        verbose_name=_("instansi"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("ke-"), default=1)
    name = models.CharField(_("nama periode"), max_length=80)
    starts_on = models.DateField(_("awal periode"))
    ends_on = models.DateField(_("akhir periode"))
    opens_on = models.DateField(_("pengisian dibuka"))
    closes_on = models.DateField(_("pengisian ditutup"))

    objects = EvaluationPeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "starts_on", "kind"]
        verbose_name = _("periode evaluasi")
        verbose_name_plural = _("periode evaluasi")
        permissions = [
            ("manage_evaluation", _("Dapat mengelola periode dan pengaturan kinerja")),
            ("view_overview", _("Dapat melihat ikhtisar kinerja instansi")),
            ("view_talent_grid", _("Dapat melihat 9-box talenta")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "kind", "number"],
                name="evalperiod_unique_number",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on"))
                & Q(opens_on__lte=models.F("closes_on")),
                name="evalperiod_dates_ordered",
            ),
        ]

    PERIODIC_KINDS = (Kind.MONTHLY, Kind.QUARTERLY)

    def __str__(self):
        return self.name

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class OrganisationPerformance(TimeStampedModel):
    """The performance rating of the organisation (no unit) or of one unit for a
    period, as its evaluation set it (e.g. the SAKIP evaluation report), entered by
    HR with that source. It sets the pattern the employees' predikat should follow
    (`rules.distribution_findings`); a unit without its own follows the
    organisation's."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("instansi")
    )
    period = models.ForeignKey(
        EvaluationPeriod,
        on_delete=models.CASCADE,
        related_name="organisation_ratings",
        verbose_name=_("periode"),
    )
    unit = models.ForeignKey(
        "people.WorkUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit kerja"),
        help_text=_("Kosongkan untuk predikat kinerja organisasi (seluruh instansi)."),
    )
    rating = models.CharField(
        _("predikat kinerja"), max_length=20, choices=OrganisationRating.choices
    )
    source = models.CharField(
        _("dasar penetapan"),
        max_length=255,
        help_text=_("Dokumen yang menetapkan predikat ini, mis. nomor LHE SAKIP."),
    )
    recorded_by = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    objects = AgencyScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "unit__path"]
        verbose_name = _("predikat kinerja organisasi")
        verbose_name_plural = _("predikat kinerja organisasi")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit"], name="orgperformance_once_per_unit"
            ),
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(unit__isnull=True),
                name="orgperformance_once_per_organisation",
            ),
        ]

    def __str__(self):
        place = self.unit.name if self.unit_id else str(self.agency)
        return f"{place}: {self.get_rating_display()}"

    def dependants(self) -> dict[str, int]:
        """Nothing is built on a rating: it can always be deleted (with a reason)."""
        return {}


class PeriodFinalisation(TimeStampedModel):
    """HR's finalisation of an assessment period's results: the predikat
    distribution as it stood, where it left the pattern the organisation's rating
    allows (`rules.distribution_findings`) and the local Sangat Baik cap, and why HR
    finalised it all the same. Reopening deletes it with a reason; its history keeps
    both, so the next finalisation starts from the figures of that day."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("instansi")
    )
    period = models.OneToOneField(
        EvaluationPeriod,
        on_delete=models.CASCADE,
        related_name="finalisation",
        verbose_name=_("periode"),
    )
    finalised_by = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ditetapkan oleh"),
    )
    finalised_at = models.DateTimeField(_("ditetapkan pada"))
    rating = models.CharField(
        _("predikat kinerja organisasi"),
        max_length=20,
        choices=OrganisationRating.choices,
        blank=True,
    )
    # predikat -> employees, as the overview counted them when HR finalised.
    counts = models.JSONField(_("sebaran predikat"), default=dict)
    findings = models.TextField(
        _("temuan"), blank=True, help_text=_("Satu temuan per baris.")
    )
    reason = models.TextField(_("alasan penetapan"), blank=True)

    objects = AgencyScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-finalised_at"]
        verbose_name = _("penetapan hasil periode")
        verbose_name_plural = _("penetapan hasil periode")
        constraints = [
            models.CheckConstraint(
                condition=Q(findings="") | ~Q(reason=""),
                name="periodfinalisation_reason_for_findings",
            ),
        ]

    def __str__(self):
        return str(_("Penetapan hasil %(period)s") % {"period": self.period})

    @property
    def finding_list(self) -> list[str]:
        return self.findings.splitlines()

    @property
    def distribution(self) -> list[tuple[str, int]]:
        return [
            (Predikat(p).label, self.counts.get(p, 0)) for p in rules.PREDIKAT_ORDER
        ]

    def dependants(self) -> dict[str, int]:
        """Nothing is built on a finalisation: it can always be reopened."""
        return {}


def ratings_of_period(period: EvaluationPeriod) -> tuple[str | None, dict[int, str]]:
    """The organisation's rating of the period (or None) and each rated unit's."""
    organisation, units = None, {}
    for unit_id, rating in OrganisationPerformance.objects.filter(
        period=period
    ).values_list("unit_id", "rating"):
        if unit_id is None:
            organisation = rating
        else:
            units[unit_id] = rating
    return organisation, units


class PerformancePlanQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        return self.filter(employee__in=Employee.objects.visible_to(user))

    def with_assessments(self):
        """Each plan with its assessments, in the order of their periods."""
        return self.prefetch_related(
            models.Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("period").order_by(
                    "period__starts_on"
                ),
            )
        )


class PerformancePlan(TimeStampedModel):
    """The SKP of one ASN for one year: work results agreed with the supervisor."""

    agency_path = "employee__agency"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan ke atasan")
        RETURNED = "returned", _("Dikembalikan untuk diperbaiki")
        AGREED = "agreed", _("Disetujui")

    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="performance_plans",
        verbose_name=_("pegawai"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    appraiser = acting_employee(_("pejabat penilai kinerja"))
    supervisor_comment = models.TextField(_("catatan atasan"), blank=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    agreed_at = models.DateTimeField(_("disetujui"), null=True, blank=True)
    reviewed_by = acting_employee(_("diperiksa oleh"))
    # Set when a Plt/Plh reviewed on the supervisor's behalf (people/delegation.py).
    review_delegation = acting_delegation()
    history = HistoricalRecords()

    objects = PerformancePlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "employee_id"]
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year"], name="plan_one_per_year"
            )
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self):
        return f"SKP {self.year} {self.employee.name}"

    def get_absolute_url(self):
        return reverse("evaluations:plan_detail", args=[self.pk])

    def supportable_results(self):
        """The supervisor's work results of the same year: what this plan's own
        results may support (cascading)."""
        return WorkResult.objects.filter(
            plan__employee_id=self.employee.supervisor_id, plan__year=self.year
        )

    def period_rows(self):
        """(period, its assessment or None) for each assessment period of the
        plan's year in the employee's agency."""
        periods = EvaluationPeriod.objects.filter(
            agency_id=self.employee.agency_id, year=self.year
        ).assessable()
        assessments = {a.period_id: a for a in self.assessments.all()}
        return [(p, assessments.get(p.pk)) for p in periods]

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class WorkResult(TimeStampedModel):
    """A rencana hasil kerja with its indicator and target, optionally supporting
    one of the supervisor's own results (cascading)."""

    agency_path = "plan__employee__agency"

    plan = models.ForeignKey(
        PerformancePlan,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("SKP"),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    description = models.TextField(_("rencana hasil kerja"))
    indicator = models.TextField(_("indikator kinerja"))
    target = models.CharField(_("target"), max_length=200)
    supports = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supported_by",
        verbose_name=_("mendukung hasil kerja atasan"),
    )

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("rencana hasil kerja")
        verbose_name_plural = _("rencana hasil kerja")

    def __str__(self):
        return self.description[:80]


class FeedbackNoteQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        return self.filter(plan__employee__in=Employee.objects.visible_to(user))


class FeedbackNote(TimeStampedModel):
    """Umpan balik berkelanjutan: a dated note by the supervisor on one work result
    or one BerAKHLAK value, based on evidence."""

    agency_path = "plan__employee__agency"

    plan = models.ForeignKey(
        PerformancePlan,
        on_delete=models.CASCADE,
        related_name="feedback_notes",
        verbose_name=_("SKP"),
    )
    author = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pemberi umpan balik"),
    )
    date = models.DateField(_("tanggal"))
    work_result = models.ForeignKey(
        WorkResult,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_notes",
        verbose_name=_("hasil kerja"),
    )
    value = models.CharField(
        _("nilai BerAKHLAK"), max_length=20, choices=BerAkhlak.choices, blank=True
    )
    # Set when a Plt/Plh wrote it on the supervisor's behalf (people/delegation.py).
    author_delegation = acting_delegation()
    note = models.TextField(_("umpan balik"))
    evidence = models.CharField(_("bukti / dasar"), max_length=300, blank=True)

    objects = FeedbackNoteQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("umpan balik berkelanjutan")
        verbose_name_plural = _("umpan balik berkelanjutan")
        constraints = [
            models.CheckConstraint(
                condition=(Q(work_result__isnull=False) & Q(value=""))
                | (Q(work_result__isnull=True) & ~Q(value="")),
                name="feedback_on_result_or_value",
            )
        ]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.note[:60]}"


def _predikat_matches_matrix() -> Q:
    """The predikat column can hold only what the matrix gives for the two ratings."""
    allowed = Q(hasil_kerja="", perilaku_kerja="", predikat="")
    for (hasil, perilaku), result in rules.PREDIKAT_MATRIX.items():
        allowed |= Q(hasil_kerja=hasil, perilaku_kerja=perilaku, predikat=result)
    return allowed


def objections_decided_by(employee, day=None) -> Q:
    """A filter for the assessments whose objection `employee` decides on `day`: as
    the appraiser's own supervisor or the Plt/Plh acting for them, never on their
    own assessment nor on a rating they gave as the appraiser."""
    return supervised_by(employee, prefix="employee__supervisor__", day=day) & ~Q(
        employee=employee
    )


class AssessmentQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        """The ASN's own, the supervisor's team, HR and leaders per their scope, and
        the supervisor's supervisor (or their Plt/Plh) where an objection was filed."""
        visible = Q(employee__in=Employee.objects.visible_to(user))
        visible |= objections_decided_by(employee) & Q(objection__isnull=False)
        return self.filter(visible)

    def for_period(self, period):
        return self.filter(period=period)

    def finalised(self):
        return self.filter(status__in=Assessment.FINAL_STATUSES)

    def periodic_before(self, assessment):
        """The periodic (monthly or quarterly) assessments of the same SKP whose
        period ended by the end of `assessment`'s: for the yearly one, all of the
        year's."""
        return self.filter(
            plan_id=assessment.plan_id,
            period__kind__in=EvaluationPeriod.PERIODIC_KINDS,
            period__ends_on__lte=assessment.period.ends_on,
        ).exclude(pk=assessment.pk)


class Assessment(TimeStampedModel):
    """One periodic assessment of one ASN: realisation, ratings, predikat."""

    agency_path = "employee__agency"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Pengisian realisasi")
        SUBMITTED = "submitted", _("Menunggu penilaian atasan")
        RATED = "rated", _("Dinilai, menunggu tanggapan pegawai")
        ACKNOWLEDGED = "acknowledged", _("Diterima pegawai (final)")
        OBJECTED = "objected", _("Keberatan diajukan")
        DECIDED = "decided", _("Keberatan diputus (final)")

    FINAL_STATUSES = (Status.ACKNOWLEDGED, Status.DECIDED)

    plan = models.ForeignKey(
        PerformancePlan,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("SKP"),
    )
    period = models.ForeignKey(
        EvaluationPeriod,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("periode"),
    )
    # The plan's employee, kept here so that overviews group without a join.
    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("pegawai"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    hasil_kerja = models.CharField(
        _("rating hasil kerja"), max_length=10, choices=Rating.choices, blank=True
    )
    perilaku_kerja = models.CharField(
        _("rating perilaku kerja"), max_length=10, choices=Rating.choices, blank=True
    )
    # Computed by `rules.predikat` in `services.rate_assessment`; never a form field.
    predikat = models.CharField(
        _("predikat kinerja"),
        max_length=20,
        choices=Predikat.choices,
        blank=True,
        editable=False,
    )
    supervisor_feedback = models.TextField(_("umpan balik atasan"), blank=True)
    rated_by = acting_employee(_("dinilai oleh"))
    # Set when a Plt/Plh rated on the supervisor's behalf (people/delegation.py).
    rating_delegation = acting_delegation()
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    rated_at = models.DateTimeField(_("dinilai"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    history = HistoricalRecords()

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["period_id", "employee_id"]
        verbose_name = _("penilaian kinerja")
        verbose_name_plural = _("penilaian kinerja")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period"], name="assessment_one_per_period"
            ),
            models.CheckConstraint(
                condition=_predikat_matches_matrix(),
                name="assessment_predikat_by_matrix",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "status"]),
            models.Index(fields=["period", "employee"]),
        ]

    def __str__(self):
        return f"{self.period} · {self.employee.name}"

    def get_absolute_url(self):
        return reverse("evaluations:assessment_detail", args=[self.pk])

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL_STATUSES

    @property
    def follow_up_kind(self):
        return rules.follow_up_kind(self.predikat) if self.predikat else None

    @property
    def is_yearly(self) -> bool:
        return self.period.kind == EvaluationPeriod.Kind.ANNUAL


class AssessmentResult(TimeStampedModel):
    """Realisation and evidence of one work result in one assessment, and its rating."""

    agency_path = "assessment__employee__agency"

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("penilaian"),
    )
    work_result = models.ForeignKey(
        WorkResult,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("hasil kerja"),
    )
    realisation = models.TextField(_("realisasi"), blank=True)
    evidence_text = models.TextField(_("bukti dukung (uraian)"), blank=True)
    evidence_link = models.URLField(_("tautan bukti"), blank=True)
    evidence_file = UploadField(
        _("berkas bukti"),
        upload_to="evaluations/evidence/%Y/",
        blank=True,
        policy="evidence",
    )
    rating = models.CharField(
        _("rating"), max_length=10, choices=Rating.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["work_result_id"]
        verbose_name = _("realisasi hasil kerja")
        verbose_name_plural = _("realisasi hasil kerja")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "work_result"], name="assessmentresult_once"
            )
        ]

    def __str__(self):
        return str(self.work_result)


class BehaviourRating(TimeStampedModel):
    """The supervisor's rating of one BerAKHLAK value in one assessment."""

    agency_path = "assessment__employee__agency"

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="behaviour_ratings",
        verbose_name=_("penilaian"),
    )
    value = models.CharField(_("nilai"), max_length=20, choices=BerAkhlak.choices)
    expectation = models.CharField(
        _("ekspektasi khusus pimpinan"), max_length=300, blank=True
    )
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "pk"]
        verbose_name = _("rating perilaku kerja")
        verbose_name_plural = _("rating perilaku kerja")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "value"], name="behaviourrating_once"
            )
        ]

    def __str__(self):
        return f"{self.get_value_display()}: {self.get_rating_display()}"


def periodic_ratings(
    assessment: Assessment, user
) -> tuple[dict[int, list[rules.PeriodRating]], dict[str, list[rules.PeriodRating]]]:
    """The ratings each work result and each BerAKHLAK value received in the
    earlier periodic assessments of the SKP that `user` may see, the first period
    first: by work result id and by value, in two queries whatever the number of
    periods."""
    earlier = Assessment.objects.visible_to(user).periodic_before(assessment)
    order = ("assessment__period__ends_on", "assessment__period__starts_on", "pk")
    fields = ("assessment__period__name", "assessment__period__ends_on", "rating")
    by_result: dict[int, list[rules.PeriodRating]] = {}
    for work_result_id, *rating in (
        AssessmentResult.objects.filter(assessment__in=earlier)
        .exclude(rating="")
        .order_by(*order)
        .values_list("work_result_id", *fields)
    ):
        by_result.setdefault(work_result_id, []).append(rules.PeriodRating(*rating))
    by_value: dict[str, list[rules.PeriodRating]] = {}
    for value, *rating in (
        BehaviourRating.objects.filter(assessment__in=earlier)
        .order_by(*order)
        .values_list("value", *fields)
    ):
        by_value.setdefault(value, []).append(rules.PeriodRating(*rating))
    return by_result, by_value


class Objection(TimeStampedModel):
    """The ASN's objection to a rating, decided by the supervisor's supervisor."""

    agency_path = "assessment__employee__agency"

    class Decision(models.TextChoices):
        PENDING = "pending", _("Menunggu keputusan")
        UPHELD = "upheld", _("Penilaian tetap")
        CHANGED = "changed", _("Penilaian diubah")

    assessment = models.OneToOneField(
        Assessment,
        on_delete=models.CASCADE,
        related_name="objection",
        verbose_name=_("penilaian"),
    )
    reason = models.TextField(_("alasan keberatan"))
    decision = models.CharField(
        _("keputusan"),
        max_length=10,
        choices=Decision.choices,
        default=Decision.PENDING,
    )
    decision_note = models.TextField(_("pertimbangan keputusan"), blank=True)
    decided_by = acting_employee(_("diputus oleh"))
    # Set when a Plt/Plh decided for the appraiser's supervisor (people/delegation.py).
    decision_delegation = acting_delegation()
    decided_at = models.DateTimeField(_("diputus"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")

    def __str__(self):
        return f"{self.assessment}: {self.get_decision_display()}"


class FollowUp(TimeStampedModel):
    """What follows a predikat: a reward recommendation or a development plan."""

    agency_path = "assessment__employee__agency"

    assessment = models.OneToOneField(
        Assessment,
        on_delete=models.CASCADE,
        related_name="follow_up",
        verbose_name=_("penilaian"),
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=FollowUpKind.choices)
    summary = models.TextField(_("uraian"))
    review_date = models.DateField(_("tanggal tinjau ulang"), null=True, blank=True)
    created_by = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.assessment}"


class ActionProgress(models.TextChoices):
    """Where a follow-up action stands: read from the enrolment or mentoring pair it
    created, or, for an action nothing tracks, from its being marked done."""

    OPEN = "open", _("Belum ditindaklanjuti")
    PROPOSED = "proposed", _("Diusulkan")
    APPROVED = "approved", _("Disetujui")
    ACTIVE = "active", _("Berjalan")
    DONE = "done", _("Selesai")
    REFUSED = "refused", _("Ditolak")
    STOPPED = "stopped", _("Tidak selesai")


class FollowUpActionQuerySet(models.QuerySet):
    def with_progress(self):
        """With the records that track them, so that reading each one's progress
        costs no query."""
        return self.select_related(*FollowUpAction.TRACKED_BY_PATHS)


class FollowUpAction(TimeStampedModel):
    """One concrete action. A training or mentor action creates the real thing in
    its own app (training's Enrolment, mentoring's Pair), which points back here;
    this app reads its progress by the related name, never importing those apps."""

    agency_path = "follow_up__assessment__employee__agency"

    # The one-to-one related names of the records other apps link to an action, and
    # what the follow-up page shows of them.
    TRACKED_BY = ("enrolment", "mentoring_pair")
    TRACKED_BY_PATHS = ("enrolment__session__program", "mentoring_pair__mentor")

    class Kind(models.TextChoices):
        RECOGNITION = "recognition", _("Penghargaan / pengakuan")
        INCENTIVE = "incentive", _("Insentif")
        DEVELOPMENT_PRIORITY = "priority", _("Prioritas pengembangan kompetensi")
        CERTIFICATE = "certificate", _("Piagam penghargaan")
        TRAINING = "training", _("Usulan mengikuti pelatihan")
        MENTOR = "mentor", _("Usulan pendampingan mentor")
        COACHING = "coaching", _("Bimbingan/konseling kinerja")
        OTHER = "other", _("Tindakan lain")

    follow_up = models.ForeignKey(
        FollowUp,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("tindak lanjut"),
    )
    kind = models.CharField(_("jenis tindakan"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("uraian tindakan"), max_length=300)
    link = models.CharField(
        _("tautan (program pelatihan / mentor)"), max_length=300, blank=True
    )
    due_date = models.DateField(_("target waktu"), null=True, blank=True)
    # For an action nothing tracks (coaching, a reward): the day it was marked done.
    done_on = models.DateField(_("selesai pada"), null=True, blank=True)

    objects = FollowUpActionQuerySet.as_manager()

    class Meta:
        ordering = ["follow_up", "pk"]
        verbose_name = _("tindakan tindak lanjut")
        verbose_name_plural = _("tindakan tindak lanjut")

    def __str__(self):
        return self.description

    @cached_property
    def tracked(self):
        """The enrolment or mentoring pair this action created, if any."""
        for name in self.TRACKED_BY:
            record = getattr(self, name, None)
            if record is not None:
                return record
        return None

    @property
    def progress(self) -> ActionProgress:
        if self.tracked is not None:
            return self.tracked.follow_up_progress()
        return ActionProgress.DONE if self.done_on else ActionProgress.OPEN

    @property
    def is_done(self) -> bool:
        return self.progress == ActionProgress.DONE

    @property
    def creates_record(self) -> bool:
        """A training or mentor action is fulfilled by creating the real record."""
        return self.kind in (self.Kind.TRAINING, self.Kind.MENTOR)

    @property
    def awaits_record(self) -> bool:
        """Nothing created for it yet, or what was created was refused or stopped:
        the page offers to create it (again)."""
        return self.creates_record and (
            self.tracked is None
            or self.progress in (ActionProgress.REFUSED, ActionProgress.STOPPED)
        )


# Which actions fit which follow-up: rewards for Sangat Baik, development below.
ACTION_KINDS = {
    FollowUpKind.REWARD: {
        FollowUpAction.Kind.RECOGNITION,
        FollowUpAction.Kind.INCENTIVE,
        FollowUpAction.Kind.DEVELOPMENT_PRIORITY,
        FollowUpAction.Kind.CERTIFICATE,
        FollowUpAction.Kind.OTHER,
    },
    FollowUpKind.DEVELOPMENT: {
        FollowUpAction.Kind.TRAINING,
        FollowUpAction.Kind.MENTOR,
        FollowUpAction.Kind.COACHING,
        FollowUpAction.Kind.OTHER,
    },
}


class PotentialAssessmentQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        """HR and leaders per their scope; everyone else their own."""
        roles = roles_of(user)
        if Role.HR not in roles and Role.LEADER not in roles:
            return self.filter(employee=employee)
        return self.filter(employee__in=Employee.objects.visible_to(user))

    def recent(self, count=100):
        """The last `count` recorded or changed, with whom and by whom."""
        return self.select_related("employee__unit", "assessed_by").order_by(
            "-updated_at"
        )[:count]


class PotentialAssessment(TimeStampedModel):
    """HR's assessment of an ASN's potential for one year (score 0–100); the level
    follows from the agency's cut-offs at the time it was recorded."""

    agency_path = "employee__agency"

    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="potential_assessments",
        verbose_name=_("pegawai"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    score = models.PositiveSmallIntegerField(_("nilai potensial (0–100)"))
    level = models.CharField(
        _("tingkat potensial"), max_length=10, choices=Potential.choices
    )
    notes = models.TextField(_("catatan"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("dinilai oleh"),
    )
    history = HistoricalRecords()

    objects = PotentialAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "employee_id"]
        verbose_name = _("penilaian potensial")
        verbose_name_plural = _("penilaian potensial")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year"], name="potential_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(score__lte=100), name="potential_score_range"
            ),
        ]

    def __str__(self):
        return f"{self.employee.name} {self.year}: {self.get_level_display()}"


# ---------------------------------------------------------------- 360 input
#
# The supervisor (or their Plt/Plh) asks colleagues of the agency for anonymous
# feedback on the seven BerAKHLAK values of a team member's assessment. Who was
# asked (`Feedback360Invitation`) and what was answered (`Feedback360Response`
# with its `Feedback360Score` rows) are kept apart: an answer has no link to a
# person and no time, and an invitation keeps only whether it was answered, not
# when. Results are read only through `Feedback360Request.summary()`, which shows
# nothing until the request is closed with at least three answers
# (`rules.MINIMUM_360_ANSWERS`). Neither answers nor invitations are in the back
# office, and answers have no permissions to grant.


class Feedback360RequestQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        """Whoever may see the assessment sees that 360 input was asked."""
        return self.filter(assessment__in=Assessment.objects.visible_to(user))


class Feedback360Request(TimeStampedModel):
    """The request for 360 input on one assessment, open until its deadline (the
    last day answers are taken) or until closed early."""

    agency_path = "assessment__employee__agency"

    assessment = models.OneToOneField(
        Assessment,
        on_delete=models.CASCADE,
        related_name="feedback360",
        verbose_name=_("penilaian"),
    )
    requested_by = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diminta oleh"),
    )
    # Set when a Plt/Plh asked on the supervisor's behalf (people/delegation.py).
    requested_as = acting_delegation()
    deadline = models.DateField(_("batas menjawab"))
    message = models.TextField(_("pesan untuk responden"), blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    history = HistoricalRecords()

    objects = Feedback360RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-deadline", "pk"]
        verbose_name = _("permintaan masukan 360")
        verbose_name_plural = _("permintaan masukan 360")

    def __str__(self):
        return f"360 · {self.assessment}"

    def get_absolute_url(self):
        return reverse("evaluations:feedback360", args=[self.assessment_id])

    def is_open_on(self, day) -> bool:
        return self.closed_at is None and day <= self.deadline

    def summary(self, day) -> rules.Summary360:
        """What anyone who sees the assessment reads of the answers on `day`: the
        averages, the count and the comments once closed with enough answers,
        otherwise only whether there are enough. Three queries."""
        asked = self.invitations.count()
        answers = self.responses.count()
        if self.is_open_on(day) or answers < rules.MINIMUM_360_ANSWERS:
            return rules.Summary360(
                asked=asked,
                is_open=self.is_open_on(day),
                enough=answers >= rules.MINIMUM_360_ANSWERS,
            )
        counts = Feedback360Score.objects.filter(response__request=self).values(
            "value", "rating"
        )
        tally = {}
        for row in counts.annotate(n=models.Count("pk")).order_by():
            tally.setdefault(row["value"], {})[row["rating"]] = row["n"]
        # By their text, never in the order they were given.
        comments = list(
            self.responses.exclude(comment="")
            .order_by("comment")
            .values_list("comment", flat=True)
        )
        return rules.Summary360(
            asked=asked,
            is_open=False,
            enough=True,
            answers=answers,
            values=rules.summarise_360(tally),
            comments=comments,
        )


class Feedback360Invitation(models.Model):
    """One colleague asked for 360 input. Not a TimeStampedModel on purpose: an
    `updated_at` would say when they answered, which the answers must not."""

    agency_path = "request__assessment__employee__agency"

    class Relation(models.TextChoices):
        PEER = "rekan", _("Rekan kerja")
        SUBORDINATE = "bawahan", _("Bawahan")
        STAKEHOLDER = "pemangku", _("Pemangku kepentingan")

    request = models.ForeignKey(
        Feedback360Request,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("permintaan"),
    )
    respondent = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="feedback360_invitations",
        verbose_name=_("responden"),
    )
    relation = models.CharField(
        _("hubungan kerja"), max_length=10, choices=Relation.choices
    )
    invited_on = models.DateField(_("diundang"))
    answered = models.BooleanField(_("sudah menjawab"), default=False)

    class Meta:
        ordering = ["request", "respondent__name"]
        verbose_name = _("responden masukan 360")
        verbose_name_plural = _("responden masukan 360")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "respondent"], name="feedback360_invited_once"
            )
        ]

    def __str__(self):
        return f"{self.respondent} · {self.request}"


class Feedback360Response(models.Model):
    """One anonymous answer: no respondent, no time (see the section's note)."""

    agency_path = "request__assessment__employee__agency"

    request = models.ForeignKey(
        Feedback360Request,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("permintaan"),
    )
    comment = models.TextField(_("komentar"), blank=True)

    class Meta:
        # Never by pk: the order of the rows is the order they were given.
        ordering = ["request", "comment"]
        default_permissions = ()
        verbose_name = _("jawaban masukan 360")
        verbose_name_plural = _("jawaban masukan 360")

    def __str__(self):
        return _("jawaban anonim")


class Feedback360Score(models.Model):
    """One BerAKHLAK value of an anonymous answer, on the behaviour rating's scale."""

    agency_path = "response__request__assessment__employee__agency"

    response = models.ForeignKey(
        Feedback360Response,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("jawaban"),
    )
    value = models.CharField(_("nilai"), max_length=20, choices=BerAkhlak.choices)
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices)

    class Meta:
        ordering = ["response", "value"]
        default_permissions = ()
        verbose_name = _("skor masukan 360")
        verbose_name_plural = _("skor masukan 360")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "value"], name="feedback360_value_once"
            )
        ]

    def __str__(self):
        return f"{self.get_value_display()}: {self.get_rating_display()}"
