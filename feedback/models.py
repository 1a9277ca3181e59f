"""Service units, SKM responses and complaints (pengaduan).

Scope, in one place (`visible_to`): HR and leaders see every service unit of their
agency; unit staff (ServiceUnit.staff, and the unit head) see their units; an ASN
assigned a complaint sees that complaint. The public sees only what the public views
show, never contact details."""

import datetime
import hashlib
import re

from django.db import models
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from asn_portal.models import TimeStampedModel
from asn_portal.uploads import UploadField
from feedback import ikm
from people.fields import acting_user
from people.roles import Role, roles_of
from people.scope import AgencyScopedQuerySet, employee_of, sees_every_agency


class FeedbackSettings(TimeStampedModel):
    """Agency-level SKM settings (kept here so the feedback app owns them)."""

    agency = models.OneToOneField(
        "people.Agency",
        on_delete=models.CASCADE,
        related_name="feedback_settings",
        verbose_name=_("instansi"),
    )
    ikm_weight = models.CharField(
        _("bobot tertimbang"),
        max_length=6,
        choices=[(k, v) for k, v in ikm.WEIGHT_LABELS.items()],
        default=ikm.DEFAULT_WEIGHT,
        help_text=_(
            "1/9 sesuai PermenPANRB 14/2017; 0,111 atau 0,11 hanya untuk "
            "mereproduksi laporan lama."
        ),
    )

    class Meta:
        verbose_name = _("pengaturan SKM instansi")
        verbose_name_plural = _("pengaturan SKM instansi")

    def __str__(self):
        return str(self.agency)


def weight_key_for(agency_id: int) -> str:
    found = (
        FeedbackSettings.objects.filter(agency_id=agency_id)
        .values_list("ikm_weight", flat=True)
        .first()
    )
    return found or ikm.DEFAULT_WEIGHT


# A search of the public index looks at this many words at most.
PUBLIC_SEARCH_WORDS = 6


class ServiceUnitQuerySet(AgencyScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_public_index(self):
        """Active units in the order the public index groups them: by agency, then
        by `office` (the parent of the unit's work unit, e.g. the dinas above its
        bidang or UPTD; the work unit itself at the top of the tree), then by name."""
        return (
            self.active()
            .select_related("work_unit__agency")
            .annotate(office=Coalesce("work_unit__parent__name", "work_unit__name"))
            .order_by(
                "work_unit__agency__name", "work_unit__agency", "office", "name", "pk"
            )
        )

    def matching(self, text: str):
        """Units where each word of `text` (any case) is in the unit's name or
        services, its work unit or that unit's parent, or its agency."""
        units = self
        for word in text.split()[:PUBLIC_SEARCH_WORDS]:
            units = units.filter(
                Q(name__icontains=word)
                | Q(services__icontains=word)
                | Q(work_unit__name__icontains=word)
                | Q(work_unit__parent__name__icontains=word)
                | Q(work_unit__agency__name__icontains=word)
                | Q(work_unit__agency__short_name__icontains=word)
            )
        return units

    def for_employee(self, employee, user):
        """Units a signed-in user may see the results and complaints of: HR the
        agency's, leaders the agency's (or their unit subtree's), staff their own."""
        roles = roles_of(user)
        if Role.HR in roles or Role.LEADER in roles:
            return self.in_agency(employee.agency_id).in_units_of(user, "work_unit")
        return self._staffed_by(employee)

    def managed_by(self, user):
        """Units whose complaints and paper surveys a user may handle: HR of the
        agency, and the unit's own staff and head (leaders only read)."""
        if sees_every_agency(user):
            return self
        employee = employee_of(user)
        if employee is None:
            return self.none()
        if Role.HR in roles_of(user):
            return self.in_agency(employee.agency_id)
        return self._staffed_by(employee)

    def _staffed_by(self, employee):
        return self.filter(Q(staff=employee) | Q(head=employee)).distinct()


class ServiceUnit(TimeStampedModel):
    """A unit layanan: a counter the public is served at, under a work unit."""

    agency_path = "work_unit__agency"

    work_unit = models.ForeignKey(
        "people.WorkUnit",
        on_delete=models.PROTECT,
        related_name="service_units",
        verbose_name=_("unit kerja"),
    )
    name = models.CharField(_("nama unit layanan"), max_length=200)
    slug = models.SlugField(_("alamat publik"), max_length=80, unique=True)
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    services = models.TextField(
        _("jenis layanan"),
        blank=True,
        help_text=_("Satu jenis layanan per baris; ditawarkan di formulir publik."),
    )
    service_users_per_year = models.PositiveIntegerField(
        _("perkiraan pengguna layanan per tahun"),
        default=0,
        help_text=_("Populasi N untuk sampel minimum; dapat diganti di laporan."),
    )
    head = models.ForeignKey(
        "people.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_service_units",
        verbose_name=_("kepala unit layanan"),
        help_text=_("Menerima eskalasi pengaduan yang lewat batas waktu."),
    )
    staff = models.ManyToManyField(
        "people.Employee",
        blank=True,
        related_name="service_units",
        verbose_name=_("petugas unit layanan"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    objects = ServiceUnitQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit layanan")
        verbose_name_plural = _("unit layanan")
        constraints = [
            models.UniqueConstraint(
                fields=["work_unit", "name"], name="serviceunit_unique_name"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("feedback:unit_report", args=[self.pk])

    def get_survey_url(self):
        return reverse("feedback:survey", args=[self.slug])

    def get_complaint_url(self):
        return reverse("feedback:complaint_new", args=[self.slug])

    @property
    def service_list(self) -> list[str]:
        return [line.strip() for line in self.services.splitlines() if line.strip()]


def unsur_aggregates(prefix: str = "") -> dict:
    """Sum and count of every unsur plus the respondent count, as one SQL aggregate.

    `prefix` reaches the response from another model (e.g. "responses__")."""
    annotations = {"respondents": Count(f"{prefix}id")}
    for code in ikm.UNSUR_CODES:
        column = f"{prefix}{code.lower()}"
        annotations[f"sum_{code}"] = Sum(column)
        annotations[f"count_{code}"] = Count(column)
    return annotations


def ikm_from_row(row: dict, weight_key: str) -> ikm.IkmResult:
    return ikm.compute_ikm(
        {code: row.get(f"sum_{code}") for code in ikm.UNSUR_CODES},
        {code: row.get(f"count_{code}") for code in ikm.UNSUR_CODES},
        respondents=row.get("respondents") or 0,
        weight_key=weight_key,
    )


class SurveyResponseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(service_unit__in=ServiceUnit.objects.visible_to(user))

    def in_period(self, start, end):
        """Responses from local midnight of `start` up to the end of `end`."""
        from feedback.periods import day_bounds

        since, until = day_bounds(start, end)
        return self.filter(submitted_at__gte=since, submitted_at__lt=until)

    def unsur_totals(self) -> dict:
        """One aggregate query: respondents, sum_U1..U9, count_U1..U9."""
        return self.aggregate(**unsur_aggregates())

    def unsur_totals_by(self, field: str):
        """One grouped aggregate query, a row per value of `field`."""
        return self.order_by().values(field).annotate(**unsur_aggregates())


def _score_field(code: str):
    return models.PositiveSmallIntegerField(
        code,
        null=True,
        blank=True,
        choices=list(zip(ikm.SCORES, ikm.UNSUR[code][1], strict=True)),
    )


class SurveyResponse(models.Model):
    """One respondent's SKM questionnaire. The nine scores are columns u1..u9, so an
    IKM is one SQL aggregate however many responses there are."""

    agency_path = "service_unit__work_unit__agency"

    class Gender(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class Education(models.TextChoices):
        SD = "SD", "SD"
        SMP = "SMP", "SMP"
        SMA = "SMA", "SMA"
        D1_D4 = "D1-D4", "D1–D4"
        S1 = "S1", "S1"
        S2 = "S2", "S2"
        S3 = "S3", "S3"

    class Occupation(models.TextChoices):
        PNS = "PNS", "PNS"
        TNI = "TNI", "TNI"
        POLRI = "POLRI", "POLRI"
        SWASTA = "SWASTA", _("Swasta")
        WIRAUSAHA = "WIRAUSAHA", _("Wirausaha")
        LAINNYA = "LAINNYA", _("Lainnya")

    class Source(models.TextChoices):
        ONLINE = "online", _("daring")
        PAPER = "paper", _("kertas (diinput petugas)")
        IMPORT = "import", _("impor Excel")

    service_unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("unit layanan"),
    )
    submitted_at = models.DateTimeField(_("waktu pengisian"))
    u1 = _score_field("U1")
    u2 = _score_field("U2")
    u3 = _score_field("U3")
    u4 = _score_field("U4")
    u5 = _score_field("U5")
    u6 = _score_field("U6")
    u7 = _score_field("U7")
    u8 = _score_field("U8")
    u9 = _score_field("U9")
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    age = models.PositiveSmallIntegerField(_("usia"))
    education = models.CharField(
        _("pendidikan"), max_length=6, choices=Education.choices
    )
    occupation = models.CharField(
        _("pekerjaan"), max_length=10, choices=Occupation.choices
    )
    service_name = models.CharField(_("jenis layanan"), max_length=200, blank=True)
    suggestion = models.TextField(_("saran dan masukan"), blank=True)
    source = models.CharField(
        _("sumber"), max_length=6, choices=Source.choices, default=Source.ONLINE
    )
    entered_by = acting_user(_("diinput oleh"))
    # Hash of the single-use form token: a double submit is stored once.
    submission_token = models.CharField(max_length=64, null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        # The (service_unit, submitted_at) index is created by migration 0002: on
        # PostgreSQL it covers u1..u9 (INCLUDE), so an IKM aggregate is an index-only
        # scan; SQLite has no covering indexes and gets the plain one.
        indexes = [models.Index(fields=["submitted_at"], name="surveyresp_time")]
        constraints = [
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{code.lower()}__isnull": True})
                    | Q(**{f"{code.lower()}__gte": 1, f"{code.lower()}__lte": 4}),
                    name=f"surveyresp_{code.lower()}_1_to_4",
                )
                for code in ikm.UNSUR_CODES
            ],
            models.UniqueConstraint(
                fields=["submission_token"], name="surveyresp_token_once"
            ),
        ]

    def __str__(self):
        return f"{self.service_unit} · {self.submitted_at:%d-%m-%Y %H:%M}"

    def score(self, code: str) -> int | None:
        return getattr(self, code.lower())


ANSWER_RATINGS = [
    (1, _("Sangat tidak puas")),
    (2, _("Tidak puas")),
    (3, _("Cukup")),
    (4, _("Puas")),
    (5, _("Sangat puas")),
]

TRACKING_CODE_LENGTH = 12  # letters and digits, shown in three groups of four


def hash_tracking_code(code: str) -> str:
    """The stored hash of a tracking code however it was typed: any case, with or
    without its dashes, with spaces. Hashes are of the shown form XXXX-XXXX-XXXX."""
    letters = re.sub(r"[^0-9A-Z]", "", code.upper())
    if len(letters) == TRACKING_CODE_LENGTH:
        letters = "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))
    return hashlib.sha256(letters.encode()).hexdigest()


# Complaints due today, tomorrow or the day after are "due soon": the home page and
# the complaint list's deadline filter name them before they are late.
DUE_SOON_DAYS = 2


def due_soon_range(day) -> tuple:
    return day, day + datetime.timedelta(days=DUE_SOON_DAYS)


def _overdue_on(day) -> Q:
    """Still open after its due date."""
    return Q(status__in=Complaint.OPEN_STATUSES, due_date__lt=day)


class ComplaintQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        """Complaints about the units a user sees, and those assigned to them."""
        units = ServiceUnit.objects.visible_to(user).values("pk")
        return self.filter(Q(service_unit__in=units) | Q(assigned_to=employee))

    def open(self):
        return self.filter(status__in=Complaint.OPEN_STATUSES)

    def overdue_on(self, day):
        return self.filter(_overdue_on(day))

    def with_overdue(self, day):
        """Each complaint's `overdue` on `day`, by the rule of `overdue_on`."""
        return self.annotate(
            overdue=ExpressionWrapper(_overdue_on(day), output_field=BooleanField())
        )

    def due_soon_on(self, day):
        """Open and due on `day` or within the DUE_SOON_DAYS after it."""
        return self.open().filter(due_date__range=due_soon_range(day))


class Complaint(TimeStampedModel):
    """A pengaduan or saran from the public about a service unit."""

    agency_path = "service_unit__work_unit__agency"

    class Kind(models.TextChoices):
        COMPLAINT = "pengaduan", _("Pengaduan")
        SUGGESTION = "saran", _("Saran")

    class Status(models.TextChoices):
        SUBMITTED = "baru", _("Diterima")
        VERIFIED = "verifikasi", _("Diverifikasi")
        ASSIGNED = "ditugaskan", _("Ditindaklanjuti")
        ANSWERED = "dijawab", _("Dijawab")
        CLOSED = "selesai", _("Selesai")
        REJECTED = "ditolak", _("Tidak dapat diproses")

    class Escalation(models.IntegerChoices):
        NONE = 0, _("belum")
        UNIT_HEAD = 1, _("kepala unit")
        HR = 2, _("BKPSDM")

    OPEN_STATUSES = (Status.SUBMITTED, Status.VERIFIED, Status.ASSIGNED)
    # The complainant may respond to an answer, once.
    ANSWERED_STATUSES = (Status.ANSWERED, Status.CLOSED)
    tracking_hash_for = staticmethod(hash_tracking_code)

    service_unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("unit layanan"),
    )
    kind = models.CharField(
        _("jenis"), max_length=10, choices=Kind.choices, default=Kind.COMPLAINT
    )
    service_name = models.CharField(_("layanan"), max_length=200, blank=True)
    description = models.TextField(_("isi pengaduan"))
    is_anonymous = models.BooleanField(_("anonim"), default=False)
    # Contact details: for staff only, never on a public page.
    contact_name = models.CharField(_("nama"), max_length=120, blank=True)
    contact_phone = models.CharField(_("nomor telepon/WA"), max_length=30, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    photo = UploadField(
        _("foto"), upload_to="pengaduan/%Y/%m/", blank=True, policy="complaint_photo"
    )
    tracking_hash = models.CharField(max_length=64, unique=True, editable=False)
    submission_token = models.CharField(max_length=64, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("diterima"))
    due_date = models.DateField(_("batas waktu jawaban"))
    assigned_to = models.ForeignKey(
        "people.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_complaints",
        verbose_name=_("ditugaskan kepada"),
    )
    answer = models.TextField(_("jawaban unit"), blank=True)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    escalation = models.PositiveSmallIntegerField(
        _("eskalasi"), choices=Escalation.choices, default=Escalation.NONE
    )
    # The complainant's word on the answer, given once with the tracking code.
    complainant_rating = models.PositiveSmallIntegerField(
        _("penilaian pelapor atas jawaban"),
        choices=ANSWER_RATINGS,
        null=True,
        blank=True,
    )
    complainant_reply = models.TextField(_("tanggapan pelapor"), blank=True)
    complainant_responded_at = models.DateTimeField(
        _("ditanggapi pelapor"), null=True, blank=True
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        indexes = [
            models.Index(fields=["service_unit", "submitted_at"]),
            models.Index(fields=["status", "due_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_token"], name="complaint_token_once"
            ),
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(contact_name=""),
                name="complaint_anonymous_has_no_name",
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.service_unit}"

    def get_absolute_url(self):
        return reverse("feedback:complaint_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """The number staff use; not the tracking code, which only the public holds."""
        return f"ADU-{self.submitted_at:%Y}-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ComplaintEvent(models.Model):
    """One recorded step of a complaint: who did what, when."""

    agency_path = "complaint__service_unit__work_unit__agency"

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Pengaduan diterima")
        VERIFIED = "verified", _("Pengaduan diverifikasi")
        REJECTED = "rejected", _("Pengaduan tidak dapat diproses")
        ASSIGNED = "assigned", _("Ditugaskan kepada petugas")
        ANSWERED = "answered", _("Unit memberikan jawaban")
        CLOSED = "closed", _("Pengaduan ditutup")
        ESCALATED_HEAD = "escalated_head", _("Eskalasi ke kepala unit")
        ESCALATED_HR = "escalated_hr", _("Eskalasi ke BKPSDM")
        RESPONDED = "responded", _("Pelapor menanggapi jawaban")

    PUBLIC_KINDS = (
        Kind.RESPONDED,
        Kind.SUBMITTED,
        Kind.VERIFIED,
        Kind.REJECTED,
        Kind.ASSIGNED,
        Kind.ANSWERED,
        Kind.CLOSED,
    )

    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("pengaduan"),
    )
    kind = models.CharField(_("langkah"), max_length=20, choices=Kind.choices)
    actor = acting_user(_("oleh"))
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("riwayat pengaduan")
        verbose_name_plural = _("riwayat pengaduan")
        constraints = [
            # An escalation step happens at most once per complaint.
            models.UniqueConstraint(
                fields=["complaint", "kind"],
                condition=Q(kind__in=["escalated_head", "escalated_hr"]),
                name="complaint_escalation_once",
            )
        ]

    def __str__(self):
        return f"{self.complaint_id} {self.kind}"

    @property
    def is_public(self) -> bool:
        return self.kind in self.PUBLIC_KINDS


# --- Daily totals -------------------------------------------------------------------

PROFILE_COLUMNS = {
    ("gender", "L"): "g_l",
    ("gender", "P"): "g_p",
    ("education", "SD"): "edu_sd",
    ("education", "SMP"): "edu_smp",
    ("education", "SMA"): "edu_sma",
    ("education", "D1-D4"): "edu_d1_d4",
    ("education", "S1"): "edu_s1",
    ("education", "S2"): "edu_s2",
    ("education", "S3"): "edu_s3",
    ("occupation", "PNS"): "job_pns",
    ("occupation", "TNI"): "job_tni",
    ("occupation", "POLRI"): "job_polri",
    ("occupation", "SWASTA"): "job_swasta",
    ("occupation", "WIRAUSAHA"): "job_wirausaha",
    ("occupation", "LAINNYA"): "job_lainnya",
}


def _counter(label):
    return models.PositiveIntegerField(label, default=0)


class DailyTotalQuerySet(models.QuerySet):
    def in_period(self, start, end):
        return self.filter(day__gte=start, day__lte=end)

    def unsur_totals(self) -> dict:
        """respondents, sum_U1.., count_U1.. and profile counts: one aggregate."""
        return self.aggregate(**daily_aggregates())

    def unsur_totals_by(self, field: str):
        return self.order_by().values(field).annotate(**daily_aggregates())


def daily_aggregates() -> dict:
    annotations = {"respondents": Sum("respondents")}
    for code in ikm.UNSUR_CODES:
        annotations[f"sum_{code}"] = Sum(f"s{code[1:]}")
        annotations[f"count_{code}"] = Sum(f"n{code[1:]}")
    for (field, value), column in PROFILE_COLUMNS.items():
        annotations[f"{field}__{value}"] = Sum(column)
    return annotations


class DailyTotal(models.Model):
    """Per service unit and local day: respondents, the sum and count of every unsur
    and the profile counts. Kept in step with SurveyResponse in the same transaction
    (services.record_daily_totals), rebuildable from it (rebuild_daily_totals), so an
    IKM over any period reads at most one row per unit and day: a year of a unit is
    365 rows however many respondents there were."""

    service_unit = models.ForeignKey(
        ServiceUnit, on_delete=models.CASCADE, related_name="daily_totals"
    )
    day = models.DateField()
    respondents = _counter("responden")
    s1 = _counter("jumlah U1")
    s2 = _counter("jumlah U2")
    s3 = _counter("jumlah U3")
    s4 = _counter("jumlah U4")
    s5 = _counter("jumlah U5")
    s6 = _counter("jumlah U6")
    s7 = _counter("jumlah U7")
    s8 = _counter("jumlah U8")
    s9 = _counter("jumlah U9")
    n1 = _counter("penjawab U1")
    n2 = _counter("penjawab U2")
    n3 = _counter("penjawab U3")
    n4 = _counter("penjawab U4")
    n5 = _counter("penjawab U5")
    n6 = _counter("penjawab U6")
    n7 = _counter("penjawab U7")
    n8 = _counter("penjawab U8")
    n9 = _counter("penjawab U9")
    g_l = _counter("laki-laki")
    g_p = _counter("perempuan")
    edu_sd = _counter("SD")
    edu_smp = _counter("SMP")
    edu_sma = _counter("SMA")
    edu_d1_d4 = _counter("D1-D4")
    edu_s1 = _counter("S1")
    edu_s2 = _counter("S2")
    edu_s3 = _counter("S3")
    job_pns = _counter("PNS")
    job_tni = _counter("TNI")
    job_polri = _counter("POLRI")
    job_swasta = _counter("swasta")
    job_wirausaha = _counter("wirausaha")
    job_lainnya = _counter("lainnya")

    objects = DailyTotalQuerySet.as_manager()

    class Meta:
        ordering = ["service_unit", "day"]
        verbose_name = _("rekap harian SKM")
        verbose_name_plural = _("rekap harian SKM")
        constraints = [
            models.UniqueConstraint(
                fields=["service_unit", "day"], name="dailytotal_unit_day"
            )
        ]
        indexes = [models.Index(fields=["day"], name="dailytotal_day")]

    def __str__(self):
        return f"{self.service_unit_id} {self.day}"


# --- Follow-up plans --------------------------------------------------------------


class FollowUpPlanQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        units = ServiceUnit.objects.visible_to(user).values("pk")
        return self.filter(service_unit__in=units)

    def of_period(self, unit, period_start, period_end):
        return self.filter(
            service_unit=unit, period_start=period_start, period_end=period_end
        ).order_by("unsur", "pk")


class FollowUpPlan(TimeStampedModel):
    """One row of the IKM report's follow-up plan (rencana tindak lanjut,
    PermenPANRB 14/2017): what the unit will do about a weak unsur, by when, who
    answers for it. HR or the unit's head and staff write it for the report's period."""

    agency_path = "service_unit__work_unit__agency"

    class Status(models.TextChoices):
        PLANNED = "rencana", _("Direncanakan")
        ONGOING = "berjalan", _("Berjalan")
        DONE = "selesai", _("Selesai")

    service_unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.CASCADE,
        related_name="follow_up_plans",
        verbose_name=_("unit layanan"),
    )
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"))
    unsur = models.CharField(
        _("unsur"), max_length=3, choices=[(c, c) for c in ikm.UNSUR_CODES]
    )
    action = models.TextField(_("program / kegiatan perbaikan"), max_length=1000)
    due = models.CharField(_("waktu"), max_length=100)
    responsible = models.CharField(_("penanggung jawab"), max_length=150)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )

    objects = FollowUpPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["unsur", "pk"]
        verbose_name = _("rencana tindak lanjut")
        verbose_name_plural = _("rencana tindak lanjut")
        indexes = [
            models.Index(
                fields=["service_unit", "period_start", "period_end"],
                name="followup_unit_period",
            )
        ]

    def __str__(self):
        return f"{self.service_unit} · {self.unsur} · {self.action[:40]}"

    @property
    def unsur_name(self) -> str:
        return ikm.UNSUR[self.unsur][0]
