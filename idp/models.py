"""The individual development plan (IDP) of one ASN for one year (docs/domain.md,
"Individual development plan"): activities chosen against their competency gaps,
planned JP toward the yearly target, agreed by the supervisor, and followed up as
the activities are completed."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from asn_portal.formats import QUARTERS
from asn_portal.models import TimeStampedModel
from competencies.models import Competency
from people.fields import acting_employee
from people.models import Employee
from people.scope import AgencyScopedQuerySet
from training.models import DevelopmentForm, Enrolment, Program


class IndividualPlanQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        """Their own, their team's (and the team they act for as Plt/Plh), HR and
        leaders their agency (a leader within their unit)."""
        return self.filter(employee__in=Employee.objects.visible_to(user))

    def with_progress(self):
        """Each plan with its activities counted: all, done, and the JP planned."""
        done = PlanActivity.objects.filter(plan=OuterRef("pk")).done()
        return self.annotate(
            activity_count=models.Count("activities", distinct=True),
            done_count=models.Subquery(
                done.order_by()
                .values("plan")
                .annotate(n=models.Count("pk"))
                .values("n")
            ),
            planned_jp=models.Sum("activities__planned_jp"),
        )


class IndividualPlan(TimeStampedModel):
    """One ASN's development plan for a year."""

    agency_path = "employee__agency"

    class Status(models.TextChoices):
        DRAFT = "disusun", _("Disusun")
        SUBMITTED = "diajukan", _("Diajukan ke atasan")
        RETURNED = "dikembalikan", _("Dikembalikan untuk diperbaiki")
        AGREED = "disepakati", _("Disepakati atasan")

    # The activities may change only while the ASN holds the plan.
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="individual_plans",
        verbose_name=_("pegawai"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    decided_by = acting_employee(_("diputuskan oleh"))
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    supervisor_note = models.TextField(_("catatan atasan"), blank=True)

    objects = IndividualPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "employee__name"]
        verbose_name = _("rencana pengembangan individu")
        verbose_name_plural = _("rencana pengembangan individu")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year"], name="individualplan_once_per_year"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["disusun", "diajukan", "dikembalikan", "disepakati"]
                ),
                name="individualplan_known_status",
            ),
        ]

    def __str__(self):
        return _("IDP %(year)s %(name)s") % {
            "year": self.year,
            "name": self.employee.name,
        }

    def get_absolute_url(self):
        return reverse("idp:detail", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE


class PlanActivityQuerySet(models.QuerySet):
    def with_done(self):
        """Each activity with `completed`: marked done, or, for a programme of the
        catalogue, passed by the plan's employee in a session ending in the plan's
        year (the enrolment's own record, so it is never marked twice)."""
        passed = Enrolment.objects.filter(
            employee_id=OuterRef("plan__employee_id"),
            session__program_id=OuterRef("program_id"),
            session__end_date__year=OuterRef("plan__year"),
            status=Enrolment.Status.COMPLETED,
        )
        return self.annotate(passed=Exists(passed))

    def done(self):
        return self.with_done().filter(Q(done_on__isnull=False) | Q(passed=True))


class PlanActivity(TimeStampedModel):
    """One development activity of a plan, with the competency it builds."""

    agency_path = "plan__employee__agency"

    plan = models.ForeignKey(
        IndividualPlan,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("rencana"),
    )
    form = models.CharField(
        _("bentuk pengembangan"), max_length=30, choices=DevelopmentForm.choices
    )
    competency = models.ForeignKey(
        Competency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kompetensi yang dikembangkan"),
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("program katalog"),
        help_text=_("Bila dipilih, kegiatan selesai sendiri saat pegawai lulus."),
    )
    description = models.CharField(_("uraian kegiatan"), max_length=300)
    planned_jp = models.DecimalField(
        _("JP direncanakan"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    quarter = models.PositiveSmallIntegerField(
        _("target triwulan"),
        choices=[
            (n, format_lazy(_("Triwulan {}"), QUARTERS[n - 1])) for n in (1, 2, 3, 4)
        ],
    )
    done_on = models.DateField(_("selesai pada"), null=True, blank=True)
    done_note = models.CharField(_("bukti/catatan selesai"), max_length=300, blank=True)

    objects = PlanActivityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "quarter", "pk"]
        verbose_name = _("kegiatan IDP")
        verbose_name_plural = _("kegiatan IDP")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_jp__gte=0), name="planactivity_jp_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="planactivity_quarter_1_to_4",
            ),
        ]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return self.plan.get_absolute_url()

    def dependants(self) -> dict[str, int]:
        return {}
