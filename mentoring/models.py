"""Mentoring: programs, mentor profiles, mentor–mentee pairs, goals, sessions, reviews.

Who may see what lives only in the `visible_to(user)` QuerySet methods below; the rules
for writing (no self-mentoring, capacity, agency, session dates...) live in
`mentoring.services`, backed here by database constraints where a row alone can tell."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Avg, Count, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asn_portal.models import TimeStampedModel
from evaluations.models import ActionProgress
from people.fields import acting_employee
from people.models import Agency, Employee
from people.roles import Role, roles_of
from people.scope import AgencyScopedQuerySet, in_units_of
from training.jp import exact_jp
from training.models import DevelopmentForm, JpCredit


def _agency_wide(user) -> bool:
    return Role.HR in roles_of(user) or Role.LEADER in roles_of(user)


class CompetencyArea(TimeStampedModel):
    """A bidang kompetensi that mentors cover and pairs focus on (per agency)."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="competency_areas",
        verbose_name=_("instansi"),
    )
    name = models.CharField(_("bidang kompetensi"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("bidang kompetensi")
        verbose_name_plural = _("bidang kompetensi")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"], name="competencyarea_unique_name"
            )
        ]

    def __str__(self):
        return self.name


class ProgramQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        if _agency_wide(user):
            return self.in_agency(employee.agency_id)
        return self.filter(
            Q(pairs__mentor=employee) | Q(pairs__mentee=employee)
        ).distinct()

    def with_stats(self, *, pairs=None):
        """Figures HR reads per program, aggregated in SQL (one query for a list).

        `pairs` limits the figures to the pairs the reader may see (a leader narrowed
        to a unit). Counts over two joined relations are DISTINCT; the average rating
        comes from a subquery so that the session and goal joins cannot weight it."""
        scope = Q(pairs__in=pairs) if pairs is not None else Q()
        ratings = MenteeRating.objects.filter(pair__program=OuterRef("pk"))
        if pairs is not None:
            ratings = ratings.filter(pair__in=pairs)
        ratings = (
            ratings.order_by()
            .values("pair__program")
            .annotate(avg=Avg("score"))
            .values("avg")
        )
        return self.annotate(
            active_pairs=Count(
                "pairs",
                filter=scope & Q(pairs__status=Pair.Status.ACTIVE),
                distinct=True,
            ),
            all_pairs=Count("pairs", filter=scope or None, distinct=True),
            confirmed_sessions=Count(
                "pairs__sessions",
                filter=scope & Q(pairs__sessions__status=Session.Status.CONFIRMED),
                distinct=True,
            ),
            goals_total=Count("pairs__goals", filter=scope or None, distinct=True),
            goals_met=Count(
                "pairs__goals",
                filter=scope & Q(pairs__goals__status=Goal.Status.MET),
                distinct=True,
            ),
            average_rating=Subquery(ratings),
        )


class Program(TimeStampedModel):
    """A mentoring programme of an agency, e.g. orientation of new CPNS/PPPK."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="mentoring_programs",
        verbose_name=_("instansi"),
    )
    name = models.CharField(_("nama program"), max_length=200)
    goals = models.TextField(_("tujuan program"), blank=True)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"))
    competency_area = models.ForeignKey(
        CompetencyArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bidang kompetensi utama"),
    )
    fixed_jp_per_session = models.DecimalField(
        _("JP tetap per sesi"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Kosongkan agar JP dihitung dari durasi sesi (menit per JP instansi)."
        ),
    )
    idle_weeks_before_nudge = models.PositiveSmallIntegerField(
        _("pengingat setelah berapa minggu tanpa sesi"), default=3
    )

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("program mentoring")
        verbose_name_plural = _("program mentoring")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"], name="mentoringprogram_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="mentoringprogram_period_order",
            ),
            models.CheckConstraint(
                condition=Q(fixed_jp_per_session__isnull=True)
                | Q(fixed_jp_per_session__gt=0),
                name="mentoringprogram_fixed_jp_positive",
            ),
            models.CheckConstraint(
                condition=Q(idle_weeks_before_nudge__gte=1),
                name="mentoringprogram_idle_weeks_positive",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mentoring:program_detail", args=[self.pk])

    @property
    def sessions_per_pair(self) -> float | None:
        """From `with_stats()`: confirmed sessions per pair (None without pairs)."""
        return self.confirmed_sessions / self.all_pairs if self.all_pairs else None


class MentorProfileQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        if _agency_wide(user):
            return self.in_agency(employee.agency_id)
        return self.filter(employee=employee)

    def with_load(self):
        """`active_pairs` and `capacity_left`, counted in SQL."""
        return self.annotate(
            active_pairs=Count(
                "employee__mentor_pairs",
                filter=Q(employee__mentor_pairs__status=Pair.Status.ACTIVE),
            )
        ).annotate(capacity_left=F("capacity") - F("active_pairs"))


class MentorProfile(TimeStampedModel):
    """An ASN whom HR has named a mentor: competency areas and capacity."""

    agency_path = "employee__agency"

    employee = models.OneToOneField(
        Employee,
        on_delete=models.CASCADE,
        related_name="mentor_profile",
        verbose_name=_("pegawai"),
    )
    competency_areas = models.ManyToManyField(
        CompetencyArea,
        related_name="mentors",
        blank=True,
        verbose_name=_("bidang kompetensi"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("kapasitas (maksimal mentee aktif)"), default=2
    )
    is_active = models.BooleanField(_("aktif sebagai mentor"), default=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    objects = MentorProfileQuerySet.as_manager()

    class Meta:
        ordering = ["employee__name"]
        verbose_name = _("profil mentor")
        verbose_name_plural = _("profil mentor")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__lte=20), name="mentorprofile_capacity_sane"
            )
        ]

    def __str__(self):
        return str(self.employee)


class PairQuerySet(AgencyScopedQuerySet):
    def active(self):
        return self.filter(status=Pair.Status.ACTIVE)

    def for_employee(self, employee, user):
        """HR sees the agency, a leader the agency (or their dashboard subtree),
        mentor and mentee their own pairs, nobody another agency's."""
        roles = roles_of(user)
        own = Q(mentor=employee) | Q(mentee=employee)
        if Role.HR in roles:
            return self.in_agency(employee.agency_id)
        if Role.LEADER in roles:
            scope = Q(program__agency_id=employee.agency_id)
            scope &= in_units_of(user, "mentee__unit")
            return self.filter(scope | own)
        return self.filter(own)

    def involving(self, employee):
        return self.filter(Q(mentor=employee) | Q(mentee=employee))

    def with_stats(self):
        """Per pair: confirmed sessions, goals met/total and the mentee's average
        rating, each a correlated subquery so that one list is one query."""

        def count(model, **filters):
            rows = (
                model.objects.filter(pair=OuterRef("pk"), **filters)
                .order_by()
                .values("pair")
                .annotate(n=Count("pk"))
                .values("n")
            )
            return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

        ratings = (
            MenteeRating.objects.filter(pair=OuterRef("pk"))
            .order_by()
            .values("pair")
            .annotate(avg=Avg("score"))
            .values("avg")
        )
        return self.annotate(
            confirmed_sessions=count(Session, status=Session.Status.CONFIRMED),
            pending_sessions=count(Session, status=Session.Status.PENDING),
            goals_total=count(Goal),
            goals_met=count(Goal, status=Goal.Status.MET),
            average_rating=Subquery(ratings),
        )


class Pair(TimeStampedModel):
    """A mentor and a mentee within a program, with a competency focus and a period."""

    agency_path = "program__agency"

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        COMPLETED = "completed", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        related_name="pairs",
        verbose_name=_("program"),
    )
    mentor = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="mentor_pairs",
        verbose_name=_("mentor"),
    )
    mentee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="mentee_pairs",
        verbose_name=_("mentee"),
    )
    competency_area = models.ForeignKey(
        CompetencyArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pairs",
        verbose_name=_("fokus kompetensi"),
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_by = acting_employee(_("dipasangkan oleh"))
    match_reasons = models.TextField(_("alasan pemasangan"), blank=True)
    # The development follow-up action this pairing fulfils.
    follow_up_action = models.OneToOneField(
        "evaluations.FollowUpAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentoring_pair",
        verbose_name=_("tindak lanjut penilaian kinerja"),
    )

    objects = PairQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("pasangan mentoring")
        verbose_name_plural = _("pasangan mentoring")
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=F("mentee")), name="mentoringpair_no_self"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="mentoringpair_period_order",
            ),
            models.UniqueConstraint(
                fields=["program", "mentee"],
                condition=Q(status="active"),
                name="mentoringpair_one_active_per_mentee",
            ),
        ]
        indexes = [models.Index(fields=["mentor", "status"])]

    def __str__(self):
        return f"{self.mentor.name} → {self.mentee.name}"

    def get_absolute_url(self):
        return reverse("mentoring:pair_detail", args=[self.pk])

    def follow_up_progress(self) -> ActionProgress:
        return {
            self.Status.ACTIVE: ActionProgress.ACTIVE,
            self.Status.COMPLETED: ActionProgress.DONE,
        }.get(self.status, ActionProgress.STOPPED)

    def side_of(self, employee) -> str | None:
        """ "mentor", "mentee" or None for someone outside the pair."""
        if employee is None:
            return None
        if employee.pk == self.mentor_id:
            return "mentor"
        if employee.pk == self.mentee_id:
            return "mentee"
        return None

    def other_side(self, employee):
        return self.mentee if employee.pk == self.mentor_id else self.mentor


class Goal(TimeStampedModel):
    agency_path = "pair__program__agency"

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        IN_PROGRESS = "in_progress", _("Berjalan")
        MET = "met", _("Tercapai")
        NOT_MET = "not_met", _("Tidak tercapai")

    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, related_name="goals", verbose_name=_("pasangan")
    )
    title = models.CharField(_("tujuan"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    target_date = models.DateField(_("target tanggal"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("tujuan mentoring")
        verbose_name_plural = _("tujuan mentoring")

    def __str__(self):
        return self.title


class Milestone(TimeStampedModel):
    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("tujuan"),
    )
    title = models.CharField(_("tonggak"), max_length=200)
    done_on = models.DateField(_("selesai pada"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("tonggak capaian")
        verbose_name_plural = _("tonggak capaian")

    def __str__(self):
        return self.title


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(pair__in=Pair.objects.visible_to(user))

    def confirmed(self):
        return self.filter(status=Session.Status.CONFIRMED)


class Session(TimeStampedModel):
    """A mentoring session logged by one side of a pair and confirmed by the other;
    only a confirmed session earns JP."""

    agency_path = "pair__program__agency"

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu konfirmasi")
        CONFIRMED = "confirmed", _("Dikonfirmasi")

    pair = models.ForeignKey(
        Pair,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("pasangan"),
    )
    date = models.DateField(_("tanggal"))
    # Optional: sessions logged before it existed, or by someone who does not
    # recall the hour, are whole-day events in the calendar.
    starts_at = models.TimeField(
        _("jam mulai"),
        null=True,
        blank=True,
        help_text=_(
            "Boleh dikosongkan; diisi agar sesi tampil pada jamnya di kalender."
        ),
    )
    duration_minutes = models.PositiveSmallIntegerField(_("durasi (menit)"))
    topic = models.CharField(_("topik"), max_length=200)
    notes = models.TextField(_("catatan"), blank=True)
    agreed_actions = models.TextField(_("tindak lanjut yang disepakati"), blank=True)
    logged_by = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    confirmed_by = acting_employee(_("dikonfirmasi oleh"), on_delete=models.PROTECT)
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    jp = models.DecimalField(
        _("JP"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("sesi mentoring")
        verbose_name_plural = _("sesi mentoring")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=480),
                name="mentoringsession_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True)
                | ~Q(confirmed_by=F("logged_by")),
                name="mentoringsession_confirmed_by_other_side",
            ),
            models.CheckConstraint(
                condition=Q(
                    status="pending", confirmed_by__isnull=True, jp__isnull=True
                )
                | Q(status="confirmed", confirmed_by__isnull=False, jp__isnull=False),
                name="mentoringsession_status_consistent",
            ),
        ]
        indexes = [models.Index(fields=["pair", "status", "date"])]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.topic}"

    @property
    def starts(self) -> datetime.datetime | None:
        """When it began, in the portal's time zone (Asia/Jakarta), if the hour is
        known."""
        if self.starts_at is None:
            return None
        return datetime.datetime.combine(
            self.date, self.starts_at, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
        )

    @property
    def ends(self) -> datetime.datetime | None:
        starts = self.starts
        return (
            starts + datetime.timedelta(minutes=self.duration_minutes)
            if starts
            else None
        )


class Phase(models.TextChoices):
    MIDWAY = "midway", _("Tengah periode")
    FINAL = "final", _("Akhir periode")


class MenteeRating(TimeStampedModel):
    """The mentee's rating of the mentoring, midway and at the end."""

    pair = models.ForeignKey(
        Pair,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("pasangan"),
    )
    phase = models.CharField(_("tahap"), max_length=6, choices=Phase.choices)
    score = models.PositiveSmallIntegerField(
        _("nilai (1–5)"), choices=[(n, str(n)) for n in range(1, 6)]
    )
    comment = models.TextField(_("komentar"), blank=True)

    class Meta:
        ordering = ["pair", "phase"]
        verbose_name = _("penilaian mentee")
        verbose_name_plural = _("penilaian mentee")
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "phase"], name="menteerating_once_per_phase"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5),
                name="menteerating_score_range",
            ),
        ]

    def __str__(self):
        return f"{self.pair}: {self.score}"


class MentorAssessment(TimeStampedModel):
    """The mentor's short assessment of the mentee, midway and at the end."""

    pair = models.ForeignKey(
        Pair,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("pasangan"),
    )
    phase = models.CharField(_("tahap"), max_length=6, choices=Phase.choices)
    text = models.TextField(_("asesmen singkat"))

    class Meta:
        ordering = ["pair", "phase"]
        verbose_name = _("asesmen mentor")
        verbose_name_plural = _("asesmen mentor")
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "phase"], name="mentorassessment_once_per_phase"
            )
        ]

    def __str__(self):
        return f"{self.pair}: {self.get_phase_display()}"


def mentoring_jp(employee, *, year: int) -> dict | None:
    """JP an ASN earned from mentoring in a year, in total and by side (one query).
    The credits are ordinary JpCredit rows, so the JP ledger shows them too."""
    if employee is None:
        return None
    sides = {
        "total": Q(),
        "as_mentor": Q(source_key__endswith=":mentor"),
        "as_mentee": Q(source_key__endswith=":mentee"),
    }
    sums = JpCredit.objects.filter(
        employee=employee, form=DevelopmentForm.MENTORING, year=year
    ).aggregate(
        **{
            f"{side}_{field}": Sum(field, filter=condition & only)
            for side, condition in sides.items()
            for field, only in (("jp", Q(minutes__isnull=True)), ("minutes", Q()))
        }
    )
    per_jp = employee.agency.minutes_per_jp
    return {
        side: exact_jp(
            sums[f"{side}_jp"], sums[f"{side}_minutes"], minutes_per_jp=per_jp
        )
        for side in sides
    }
