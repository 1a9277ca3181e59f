from decimal import Decimal

from django.db import models
from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from asn_portal.models import TimeStampedModel
from asn_portal.uploads import UploadField
from people.fields import acting_employee
from people.models import Agency, Employee, serving_q
from people.scope import AgencyScopedQuerySet, employee_of
from training import rules
from training.jp import jp_progress_percent, jp_shortfall
from training.models.forms import DevelopmentForm


class JpCreditQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(employee__in=Employee.objects.visible_to(user))

    def for_year(self, year: int):
        return self.filter(year=year)

    def total_jp(self):
        return self.aggregate(total=Sum("jp"))["total"] or 0


class JpCredit(TimeStampedModel):
    """One line of an ASN's JP ledger: training, e-learning, internship, mentoring...

    `source_key` names what earned it (e.g. "training.enrolment:42"); it is unique per
    employee, so the same activity can never be credited twice."""

    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="jp_credits",
        verbose_name=_("pegawai"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("instansi")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    date = models.DateField(_("tanggal"))
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=2)
    # Set for an activity measured in minutes (mentoring, internship days): `jp` then
    # shows it converted, for reading only; totals convert the summed minutes once.
    minutes = models.PositiveIntegerField(_("menit"), null=True, blank=True)
    form = models.CharField(
        _("bentuk pengembangan"), max_length=30, choices=DevelopmentForm.choices
    )
    source_key = models.CharField(_("sumber"), max_length=120)
    description = models.CharField(_("keterangan"), max_length=255)

    objects = JpCreditQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("kredit JP")
        verbose_name_plural = _("buku JP")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "source_key"], name="jpcredit_once_per_source"
            ),
            models.CheckConstraint(condition=Q(jp__gt=0), name="jpcredit_positive"),
        ]
        indexes = [
            models.Index(fields=["agency", "year"]),
            # Covers the below-target list's "who reached the target" pass.
            models.Index(
                fields=["agency", "year", "employee"],
                include=["jp"],
                name="jpcredit_agency_year_total",
            ),
            models.Index(fields=["employee", "year"]),
        ]

    def __str__(self):
        return f"{self.employee.name}: {self.jp} JP ({self.description})"


class JpYearTotal(models.Model):
    """An employee's JP of one year: the sum of their ledger lines, kept in step with
    JpCredit in the same transaction (services.ledger.credit_jp, the ledger's one
    write) and rebuildable from it (services.ledger.rebuild_jp_year_totals), so the
    below-target list, the team page and the dashboard read one row per employee
    instead of summing every credit.

    Lines counted in JP add up in `declared_jp`, lines measured in minutes in
    `minutes`; `jp` is their sum with the minutes converted once (`training.jp.
    exact_jp`): fifteen 60-minute sessions are 20,00 JP, not 15 × 1,33."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="jp_year_totals"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    declared_jp = models.DecimalField(
        _("JP dari kegiatan ber-JP"), max_digits=8, decimal_places=2, default=0
    )
    minutes = models.PositiveIntegerField(_("menit dari kegiatan bermenit"), default=0)
    jp = models.DecimalField(_("JP"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("total JP tahunan")
        verbose_name_plural = _("total JP tahunan")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year"], name="jpyeartotal_once_per_year"
            ),
        ]
        indexes = [
            # "Who reached the target this year": an index-only range scan.
            models.Index(fields=["year", "jp", "employee"], name="jpyeartotal_reached"),
        ]

    def __str__(self):
        return f"{self.employee_id} {self.year}: {self.jp} JP"


def with_jp_total(employees, *, year: int):
    """Employees annotated with `jp_total`, their JP of that year (0 when none), read
    from the yearly totals: one index probe per shown row."""
    return employees.annotate(jp_total=jp_of_year(year))


def year_total(employee, year: int) -> Decimal:
    """One employee's JP in `year` (0 when none)."""
    found = JpYearTotal.objects.filter(employee=employee, year=year).values("jp")
    return next(iter(found), {"jp": Decimal(0)})["jp"]


def jp_of_year(year: int):
    """An employee's JP in `year` (0 when none), as an expression on Employee."""
    total = JpYearTotal.objects.filter(employee=OuterRef("pk"), year=year).values("jp")
    return Coalesce(
        Subquery(total),
        Value(Decimal(0)),
        output_field=DecimalField(max_digits=8, decimal_places=2),
    )


def subject_to_target(employees, *, agency):
    """The employees the agency's yearly JP target applies to: `rules.target_applies`
    as a filter."""
    serving = employees.filter(serving_q())
    if agency.jp_target_applies_to_pppk:
        return serving
    return serving.filter(status=Employee.Status.PNS)


def reached_target(*, agency, year: int):
    """Employees whose JP of `year` (from any agency) reached `agency`'s target, as
    a subquery."""
    return JpYearTotal.objects.filter(
        year=year, jp__gte=agency.jp_target_per_year
    ).values("employee")


def below_target(employees, *, agency, year: int):
    """Active employees of `agency` whose JP this year is under its yearly target
    (PPPK only when the agency applies the target to them), with `jp_total`.

    One SQL statement: those who reached the target are a NOT IN over an index-only
    range of the yearly totals, so counting the list needs no per-row work."""
    scoped = subject_to_target(
        employees.filter(agency=agency, is_active=True), agency=agency
    )
    reached = reached_target(agency=agency, year=year)
    return with_jp_total(scoped.exclude(pk__in=reached), year=year)


def count_per_unit(employees):
    """How many of `employees` each unit has, most first."""
    return (
        employees.order_by()
        .values("unit_id", "unit__name")
        .annotate(below=Count("pk"))
        .order_by("-below", "unit__name")
    )


def jp_standing(employee, *, total: Decimal) -> dict:
    """An ASN's JP `total` this year against their agency's target: the target, whether
    it applies to them (not to a PPPK where the agency says so), percent, shortfall."""
    agency = employee.agency
    target = agency.jp_target_per_year
    return {
        "total": total,
        "target": target,
        "target_applies": rules.target_applies(
            status=employee.status,
            applies_to_pppk=agency.jp_target_applies_to_pppk,
            legal_status=employee.legal_status,
        ),
        "percent": jp_progress_percent(total, target=target),
        "shortfall": jp_shortfall(total, target=target),
    }


# The forms an ASN may name for learning done outside the portal.
OUTSIDE_FORMS = [
    DevelopmentForm.SEMINAR,
    DevelopmentForm.WORKSHOP,
    DevelopmentForm.COURSE,
    DevelopmentForm.E_LEARNING,
    DevelopmentForm.DISTANCE,
    DevelopmentForm.TECHNICAL_GUIDANCE,
    DevelopmentForm.LEARNING_COMMUNITY,
]


class OutsideLearningQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The ASN's own, a supervisor's team's, HR's and leaders' agency's."""
        return self.filter(employee__in=Employee.objects.visible_to(user))

    def to_verify_by(self, user):
        """Waiting for `user`: their direct team's, and for HR their agency's."""
        employee = employee_of(user)
        if employee is None:
            return self.none()
        waiting = self.filter(status=OutsideLearning.Status.SUBMITTED).exclude(
            employee=employee
        )
        if user.has_perm("training.manage_training"):
            return waiting.filter(employee__agency_id=employee.agency_id)
        return waiting.filter(employee__supervisor=employee)


class OutsideLearning(TimeStampedModel):
    """Learning an ASN did outside the portal (a seminar, webinar, course, MOOC,
    workshop), with its hours and certificate. Verified by their supervisor or HR, it
    is credited to the JP ledger once, by its minutes (services.ledger)."""

    class Status(models.TextChoices):
        SUBMITTED = "diajukan", _("Menunggu verifikasi")
        VERIFIED = "diverifikasi", _("Diverifikasi")
        REJECTED = "ditolak", _("Ditolak")

    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="outside_learning",
        verbose_name=_("pegawai"),
    )
    form = models.CharField(
        _("bentuk kegiatan"),
        max_length=30,
        choices=[(form.value, form.label) for form in OUTSIDE_FORMS],
    )
    title = models.CharField(_("nama kegiatan"), max_length=200)
    organizer = models.CharField(_("penyelenggara"), max_length=200)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    hours = models.DecimalField(
        _("jumlah jam pelajaran (jam)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Lama belajar efektif dalam jam, seperti tertulis di sertifikat."),
    )
    certificate = UploadField(
        _("sertifikat"), upload_to="training/outside/%Y/", policy="evidence"
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.SUBMITTED
    )
    decided_by = acting_employee(_("diputuskan oleh"), on_delete=models.PROTECT)
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    reason = models.TextField(_("alasan penolakan"), blank=True)

    objects = OutsideLearningQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-end_date", "-pk"]
        verbose_name = _("kegiatan belajar di luar portal")
        verbose_name_plural = _("kegiatan belajar di luar portal")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="outsidelearning_hours_positive"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="outsidelearning_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "employee"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:outside_detail", args=[self.pk])

    @property
    def source_key(self) -> str:
        return f"training.outside:{self.pk}"

    @property
    def minutes(self) -> int:
        return int(self.hours * 60)


# The forms another system may report: every form but formal degree study, which is
# a riwayat pendidikan, not a course with hours.
EXTERNAL_FORMS = [
    form for form in DevelopmentForm if form != DevelopmentForm.DEGREE_STUDY
]


class ExternalTraining(TimeStampedModel):
    """A training another system of the agency (an LMS, SIASN's riwayat diklat)
    reports an ASN has done, credited to the JP ledger once by its minutes
    (services.ledger.record_external_training).

    `request_key` is the sender's Idempotency-Key: one record per key and agency,
    so a request sent again (a timeout, a retry) finds this record instead of
    crediting twice, and `request_digest` tells whether it said the same."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("instansi")
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="external_training",
        verbose_name=_("pegawai"),
    )
    form = models.CharField(
        _("bentuk pengembangan"),
        max_length=30,
        choices=[(form.value, form.label) for form in EXTERNAL_FORMS],
    )
    title = models.CharField(_("nama pelatihan"), max_length=200)
    provider = models.CharField(_("penyelenggara"), max_length=200)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    minutes = models.PositiveIntegerField(_("lama belajar (menit)"))
    certificate_number = models.CharField(
        _("nomor sertifikat"), max_length=80, blank=True
    )
    sent_by = models.CharField(_("dikirim oleh"), max_length=100)
    request_key = models.CharField(_("kunci idempotensi"), max_length=100)
    request_digest = models.CharField(max_length=64)

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-end_date", "-pk"]
        verbose_name = _("pelatihan dari sistem lain")
        verbose_name_plural = _("pelatihan dari sistem lain")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "request_key"], name="externaltraining_once_per_key"
            ),
            models.CheckConstraint(
                condition=Q(minutes__gt=0), name="externaltraining_minutes_positive"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="externaltraining_dates_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def source_key(self) -> str:
        return f"training.external:{self.pk}"
