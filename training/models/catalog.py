"""The catalogue of programs and their sessions (angkatan), enrolment and attendance."""

from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from asn_portal.models import TimeStampedModel
from evaluations.models import ActionProgress
from people.fields import acting_delegation, acting_employee
from people.models import Agency, Employee, WorkUnit
from people.roles import Role, roles_of
from people.scope import AgencyScopedQuerySet
from training.models.forms import DevelopmentForm


class ProgramQuerySet(AgencyScopedQuerySet):
    """Every ASN may browse their own agency's catalogue."""

    def active(self):
        return self.filter(is_active=True)

    def matching(self, query: str):
        """Programs whose title or competency area contains `query` (all if empty)."""
        if not query:
            return self
        return self.filter(
            Q(title__icontains=query) | Q(competency_area__icontains=query)
        )

    def with_upcoming_session_count(self, *, today):
        """`upcoming_sessions`: sessions not yet over that are planned, open or
        running."""
        return self.annotate(
            upcoming_sessions=Count(
                "sessions",
                filter=Q(
                    sessions__end_date__gte=today,
                    sessions__status__in=[
                        TrainingSession.Status.PLANNED,
                        TrainingSession.Status.OPEN,
                        TrainingSession.Status.RUNNING,
                    ],
                ),
            )
        )


class Program(TimeStampedModel):
    """A program in the catalogue: what is learnt, in which form, for how many JP."""

    class DeliveryMode(models.TextChoices):
        IN_PERSON = "tatap_muka", _("Tatap muka")
        ONLINE = "daring", _("Daring (online)")
        BLENDED = "blended", _("Blended")

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="programs",
        verbose_name=_("instansi"),
    )
    title = models.CharField(_("nama program"), max_length=200)
    form = models.CharField(
        _("bentuk pengembangan"), max_length=30, choices=DevelopmentForm.choices
    )
    competency_area = models.CharField(_("bidang kompetensi"), max_length=120)
    provider = models.CharField(_("penyelenggara"), max_length=200, blank=True)
    partner = models.ForeignKey(
        "training.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programs",
        verbose_name=_("mitra"),
    )
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=2)
    delivery_mode = models.CharField(
        _("moda"),
        max_length=12,
        choices=DeliveryMode.choices,
        default=DeliveryMode.IN_PERSON,
    )
    description = models.TextField(_("deskripsi"), blank=True)
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("kehadiran minimum (%)"), default=80
    )
    requires_post_test = models.BooleanField(_("wajib post-test"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    competencies = models.ManyToManyField(
        "competencies.Competency",
        blank=True,
        related_name="programs",
        verbose_name=_("kompetensi yang dibangun"),
        help_text=_("Kompetensi kamus instansi yang dikembangkan program ini."),
    )

    objects = ProgramQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("program pelatihan")
        permissions = [("manage_training", _("Dapat mengelola pelatihan"))]
        constraints = [
            models.CheckConstraint(condition=Q(jp__gt=0), name="program_jp_positive"),
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100),
                name="program_attendance_percent_max_100",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:program_detail", args=[self.pk])

    def dependants(self) -> dict[str, int]:
        return {_("sesi"): self.sessions.count()}


def _enrolment_count(statuses):
    counted = (
        Enrolment.objects.filter(session=OuterRef("pk"), status__in=statuses)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), Value(0))


class TrainingSessionQuerySet(AgencyScopedQuerySet):
    def with_seat_counts(self):
        """Seats taken, waiting list and pending applications. Correlated counts on
        the (session, status) index, so a page of 50 sessions costs 50 index probes
        whatever the number of enrolments overall."""
        return self.annotate(
            seats_taken=_enrolment_count(Enrolment.SEAT_STATUSES),
            waitlisted=_enrolment_count([Enrolment.Status.WAITLISTED]),
            pending=_enrolment_count(Enrolment.PENDING_STATUSES),
        )

    def awaiting_confirmation(self):
        """Sessions with participants approved by their supervisor or nominated,
        whom HR has still to confirm (or reject)."""
        return self.filter(
            Exists(
                Enrolment.objects.filter(
                    session=OuterRef("pk"), status__in=Enrolment.CONFIRMABLE_STATUSES
                )
            )
        )

    def overlapping(self, start_date, end_date):
        return self.filter(start_date__lte=end_date, end_date__gte=start_date)


class TrainingSession(TimeStampedModel):
    """A batch (angkatan) of a program, on one or more days, in a place or online."""

    agency_path = "program__agency"

    class Status(models.TextChoices):
        PLANNED = "direncanakan", _("Direncanakan")
        OPEN = "dibuka", _("Pendaftaran dibuka")
        RUNNING = "berjalan", _("Berjalan")
        FINISHED = "selesai", _("Selesai")
        CANCELLED = "batal", _("Dibatalkan")

    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("program"),
    )
    name = models.CharField(_("angkatan"), max_length=120)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    venue = models.CharField(_("tempat"), max_length=200, blank=True)
    online_link = models.URLField(_("tautan daring"), blank=True)
    capacity = models.PositiveIntegerField(_("kapasitas"))
    speakers = models.TextField(_("narasumber"), blank=True)
    materials = models.TextField(_("materi"), blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.PLANNED
    )

    objects = TrainingSessionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("sesi pelatihan")
        verbose_name_plural = _("sesi pelatihan")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0), name="session_capacity_positive"
            ),
        ]
        indexes = [models.Index(fields=["start_date", "end_date"])]

    def __str__(self):
        return f"{self.program.title} – {self.name}"

    def get_absolute_url(self):
        return reverse("training:session_detail", args=[self.pk])

    def dependants(self) -> dict[str, int]:
        """A session people enrolled in is cancelled with a reason, not deleted."""
        return {
            _("pendaftaran"): self.enrolments.count(),
            _("jawaban kuesioner"): self.questionnaire_responses.count(),
        }

    @property
    def can_be_cancelled(self) -> bool:
        return self.status not in (self.Status.FINISHED, self.Status.CANCELLED)

    @property
    def is_open_for_applications(self) -> bool:
        """Planned or open, and not over yet: nobody applies to a past session."""
        return (
            self.status in (self.Status.PLANNED, self.Status.OPEN)
            and self.end_date >= timezone.localdate()
        )

    @property
    def can_be_completed(self) -> bool:
        """Completion (the pass rule, JP, certificates) is decided from the session's
        last day on, never before it has happened (docs/domain.md, "Completion")."""
        return (
            self.status not in (self.Status.FINISHED, self.Status.CANCELLED)
            and self.end_date <= timezone.localdate()
        )


class SessionDay(TimeStampedModel):
    """One meeting day of a session; attendance is taken per day."""

    agency_path = "session__program__agency"

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="days",
        verbose_name=_("sesi"),
    )
    date = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari pelatihan")
        verbose_name_plural = _("hari pelatihan")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "date"], name="sessionday_unique_date"
            )
        ]

    def __str__(self):
        return f"{self.session} {self.date:%d-%m-%Y}"


class EnrolmentQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        """HR/leaders: their agency; a supervisor: their team's (a Plt/Plh also
        the team they act for); an ASN: their own."""
        scoped = self.in_agency(employee.agency_id)
        roles = roles_of(user)
        if Role.HR in roles or Role.LEADER in roles:
            return scoped
        from people.delegation import acting_for

        return scoped.filter(
            Q(employee_id=employee.pk)
            | Q(employee__supervisor_id=employee.pk)
            | Q(employee__supervisor__in=acting_for(employee))
        )

    def holding_a_seat(self):
        return self.filter(status__in=Enrolment.SEAT_STATUSES)

    def in_participant_order(self):
        """Who still needs a decision first, then seats, then the rest; the waiting
        list in its order; then by name."""
        rank = Case(
            *(
                When(status=status, then=Value(position))
                for position, status in enumerate(Enrolment.PARTICIPANT_ORDER)
            ),
            default=Value(99),
        )
        return self.annotate(rank=rank).order_by(
            "rank", "waitlist_position", "employee__name"
        )


class Enrolment(TimeStampedModel):
    """An ASN in a session: nominated or applied, approved, confirmed, completed."""

    agency_path = "session__program__agency"

    class Status(models.TextChoices):
        APPLIED = "diajukan", _("Diajukan (menunggu atasan)")
        SUPERVISOR_APPROVED = "disetujui_atasan", _("Disetujui atasan")
        NOMINATED = "dinominasikan", _("Dinominasikan BKPSDM")
        CONFIRMED = "terkonfirmasi", _("Terkonfirmasi")
        WAITLISTED = "daftar_tunggu", _("Daftar tunggu")
        REJECTED = "ditolak", _("Ditolak")
        WITHDRAWN = "mengundurkan_diri", _("Mengundurkan diri")
        COMPLETED = "lulus", _("Selesai / lulus")
        NOT_COMPLETED = "tidak_lulus", _("Tidak memenuhi syarat kelulusan")

    SEAT_STATUSES = (Status.CONFIRMED, Status.COMPLETED, Status.NOT_COMPLETED)
    PENDING_STATUSES = (
        Status.APPLIED,
        Status.SUPERVISOR_APPROVED,
        Status.NOMINATED,
    )
    # Statuses that claim the ASN's time: a second session on those dates clashes.
    CLAIMING_STATUSES = (*SEAT_STATUSES, *PENDING_STATUSES, Status.WAITLISTED)
    WITHDRAWABLE_STATUSES = (*PENDING_STATUSES, Status.CONFIRMED, Status.WAITLISTED)
    CONFIRMABLE_STATUSES = (Status.SUPERVISOR_APPROVED, Status.NOMINATED)
    REJECTABLE_STATUSES = (*PENDING_STATUSES, Status.WAITLISTED)
    # The participants list: who still needs a decision first, then seats, the rest.
    PARTICIPANT_ORDER = (
        Status.SUPERVISOR_APPROVED,
        Status.NOMINATED,
        Status.APPLIED,
        Status.CONFIRMED,
        Status.COMPLETED,
        Status.NOT_COMPLETED,
        Status.WAITLISTED,
    )

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("sesi"),
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("pegawai"),
    )
    unit = models.ForeignKey(
        WorkUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit kerja saat mendaftar"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    post_test_score = models.DecimalField(
        _("nilai post-test"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    nominated_by = acting_employee(_("dinominasikan oleh"))
    approved_by = acting_employee(_("disetujui atasan"))
    # Set when a Plt/Plh approved on the supervisor's behalf (people/delegation.py).
    approval_delegation = acting_delegation()
    confirmed_by = acting_employee(_("dikonfirmasi oleh"))
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    # Why a supervisor or HR turned the application down; the ASN sees it.
    refusal_reason = models.CharField(_("alasan penolakan"), max_length=255, blank=True)
    # The development follow-up action this nomination fulfils (its page shows the
    # enrolment's progress).
    follow_up_action = models.OneToOneField(
        "evaluations.FollowUpAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolment",
        verbose_name=_("tindak lanjut penilaian kinerja"),
    )
    objects = EnrolmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "employee__name"]
        verbose_name = _("peserta pelatihan")
        verbose_name_plural = _("peserta pelatihan")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"], name="enrolment_once_per_session"
            )
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["employee", "status"]),
        ]

    def __str__(self):
        return f"{self.employee.name} @ {self.session}"

    def follow_up_progress(self) -> ActionProgress:
        return FOLLOW_UP_PROGRESS[self.status]


# How far a nomination made from a follow-up action has come, in the action's words.
FOLLOW_UP_PROGRESS = {
    Enrolment.Status.APPLIED: ActionProgress.PROPOSED,
    Enrolment.Status.SUPERVISOR_APPROVED: ActionProgress.PROPOSED,
    Enrolment.Status.NOMINATED: ActionProgress.PROPOSED,
    Enrolment.Status.WAITLISTED: ActionProgress.PROPOSED,
    Enrolment.Status.CONFIRMED: ActionProgress.APPROVED,
    Enrolment.Status.COMPLETED: ActionProgress.DONE,
    Enrolment.Status.NOT_COMPLETED: ActionProgress.STOPPED,
    Enrolment.Status.WITHDRAWN: ActionProgress.STOPPED,
    Enrolment.Status.REJECTED: ActionProgress.REFUSED,
}


class Attendance(TimeStampedModel):
    agency_path = "enrolment__session__program__agency"

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("peserta"),
    )
    day = models.ForeignKey(
        SessionDay,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("hari"),
    )
    present = models.BooleanField(_("hadir"), default=True)

    class Meta:
        ordering = ["day__date"]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "day"], name="attendance_once_per_day"
            )
        ]

    def __str__(self):
        return f"{self.enrolment} {self.day.date:%d-%m-%Y}"
