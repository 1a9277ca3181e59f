"""Partners, training needs and the annual development plan with its budget."""

from decimal import Decimal

from django.db import models
from django.db.models import DecimalField, ExpressionWrapper, F, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from asn_portal.models import TimeStampedModel
from people.models import Agency, Employee, WorkUnit
from people.roles import Role, roles_of
from people.scope import AgencyScopedQuerySet
from training.models.forms import DevelopmentForm


class FundingSource(models.TextChoices):
    APBD = "apbd", _("APBD")
    APBN = "apbn", _("APBN")
    PARTNER = "mitra", _("Mitra / CSR")
    SELF_FUNDED = "mandiri", _("Mandiri (biaya sendiri)")


class Partner(TimeStampedModel):
    """A university, training institute, private firm or CSR sponsor."""

    class Kind(models.TextChoices):
        UNIVERSITY = "universitas", _("Perguruan tinggi")
        INSTITUTE = "lembaga", _("Lembaga pelatihan (LAN, BPSDM)")
        PRIVATE = "swasta", _("Perusahaan swasta")
        CSR = "csr", _("Sponsor CSR")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("instansi")
    )
    name = models.CharField(_("nama mitra"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    contact = models.CharField(_("kontak"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    objects = AgencyScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("mitra")
        verbose_name_plural = _("mitra")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"], name="partner_unique_name"
            )
        ]

    def __str__(self):
        return self.name

    def dependants(self) -> dict[str, int]:
        """What would lose its partner if this one were deleted."""
        return {
            _("perjanjian kerja sama"): self.agreements.count(),
            _("program di katalog"): self.programs.count(),
            _("program dalam rencana"): PlannedProgram.objects.filter(
                partner=self
            ).count(),
        }


class PartnerAgreement(TimeStampedModel):
    """A MoU / PKS with a partner: its period and what the partner provides."""

    agency_path = "partner__agency"

    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("mitra"),
    )
    number = models.CharField(_("nomor MoU/PKS"), max_length=120)
    start_date = models.DateField(_("berlaku mulai"))
    end_date = models.DateField(_("berlaku sampai"))
    provides_internships = models.BooleanField(_("magang"), default=False)
    provides_seminars = models.BooleanField(_("seminar"), default=False)
    provides_speakers = models.BooleanField(_("narasumber"), default=False)
    provides_funding = models.BooleanField(_("pendanaan"), default=False)
    funding_amount = models.DecimalField(
        _("nilai pendanaan (Rp)"), max_digits=14, decimal_places=0, default=0
    )
    notes = models.TextField(_("catatan"), blank=True)

    objects = AgencyScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("perjanjian kerja sama")
        verbose_name_plural = _("perjanjian kerja sama")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="agreement_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.partner} {self.number}"

    def dependants(self) -> dict[str, int]:
        return {_("penempatan magang"): self.internships.count()}

    @property
    def provides_labels(self) -> list[str]:
        flags = [
            (self.provides_internships, _("magang")),
            (self.provides_seminars, _("seminar")),
            (self.provides_speakers, _("narasumber")),
            (self.provides_funding, _("pendanaan")),
        ]
        return [str(label) for on, label in flags if on]


class TrainingNeedQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        """HR and leaders: the agency's needs; a unit head: what they proposed."""
        scoped = self.in_agency(employee.agency_id)
        roles = roles_of(user)
        if Role.HR in roles or Role.LEADER in roles:
            return scoped
        return scoped.filter(proposed_by_id=employee.pk)

    def open_for_plan(self, plan):
        """Needs of the plan's agency and year not yet taken into a plan or declined,
        most urgent first."""
        return (
            self.filter(
                agency_id=plan.agency_id,
                year=plan.year,
                status=TrainingNeed.Status.PROPOSED,
            )
            .select_related("unit")
            .order_by("priority")
        )


class TrainingNeed(TimeStampedModel):
    """A unit head's proposal for the coming year, consolidated by HR into the plan."""

    class Priority(models.IntegerChoices):
        HIGH = 1, _("Tinggi")
        MEDIUM = 2, _("Sedang")
        LOW = 3, _("Rendah")

    class Status(models.TextChoices):
        PROPOSED = "diusulkan", _("Diusulkan")
        PLANNED = "direncanakan", _("Masuk rencana")
        DECLINED = "ditolak", _("Tidak diakomodasi")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("instansi")
    )
    unit = models.ForeignKey(
        WorkUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    proposed_by = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diusulkan oleh"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    competency = models.CharField(_("kompetensi yang dibutuhkan"), max_length=200)
    competency_ref = models.ForeignKey(
        "competencies.Competency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kompetensi di kamus"),
        help_text=_("Diisi bila kebutuhan diusulkan dari kesenjangan kompetensi."),
    )
    target_group = models.CharField(_("sasaran (jabatan/kelompok)"), max_length=200)
    participants = models.PositiveIntegerField(_("jumlah ASN"))
    priority = models.PositiveSmallIntegerField(
        _("prioritas"), choices=Priority.choices, default=Priority.MEDIUM
    )
    reason = models.TextField(_("alasan"))
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.PROPOSED
    )
    planned_program = models.ForeignKey(
        "PlannedProgram",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("program rencana"),
    )

    objects = TrainingNeedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "priority", "competency"]
        verbose_name = _("kebutuhan pelatihan")
        verbose_name_plural = _("kebutuhan pelatihan")
        constraints = [
            models.CheckConstraint(
                condition=Q(participants__gt=0), name="need_participants_positive"
            ),
            # A need proposed from the gaps is proposed once per unit, year and
            # competency (those typed by hand name no competency of the dictionary).
            models.UniqueConstraint(
                fields=["unit", "year", "competency_ref"],
                name="need_once_per_unit_year_competency",
            ),
        ]
        indexes = [models.Index(fields=["agency", "year", "status"])]

    def __str__(self):
        return f"{self.competency} ({self.unit}, {self.year})"


class DevelopmentPlanQuerySet(AgencyScopedQuerySet):
    pass


class DevelopmentPlan(TimeStampedModel):
    """Rencana pengembangan kompetensi of one agency for one year."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("instansi")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    title = models.CharField(_("judul"), max_length=200)

    objects = DevelopmentPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("rencana pengembangan kompetensi")
        verbose_name_plural = _("rencana pengembangan kompetensi")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"], name="plan_once_per_year"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:plan_detail", args=[self.pk])

    def dependants(self) -> dict[str, int]:
        return {_("program dalam rencana"): self.items.count()}

    def items_for_page(self):
        """The plan's programs as its page shows them: partner, catalogue program,
        quotas, needs and the money spent on each, in a fixed number of queries."""
        return (
            self.items.select_related("partner", "program")
            .annotate(realised=Sum("expenditures__amount"))
            .prefetch_related(
                models.Prefetch("quotas", to_attr="quota_list"),
                "quotas__unit",
                models.Prefetch("needs", to_attr="need_list"),
                "program__competencies",
            )
        )

    def budget_by_source(self) -> list[dict]:
        """Planned cost vs available per funding source, summed in SQL."""
        planned = dict(
            self.items.values_list("funding_source")
            .annotate(total=Sum(PlannedProgram.planned_cost_expression()))
            .order_by()
        )
        available = dict(self.allocations.values_list("source", "amount").order_by())
        realised = dict(
            self.expenditures.values_list("source")
            .annotate(total=Sum("amount"))
            .order_by()
        )
        rows = []
        for source, label in FundingSource.choices:
            if not {source} & (set(planned) | set(available) | set(realised)):
                continue
            plan_total = planned.get(source) or Decimal(0)
            avail = available.get(source) or Decimal(0)
            spent = realised.get(source) or Decimal(0)
            rows.append(
                {
                    "source": source,
                    "label": label,
                    "planned": plan_total,
                    "available": avail,
                    "exceeded": plan_total > avail,
                    "difference": avail - plan_total,
                    "realised": spent,
                    "realised_percent": round(spent * 100 / avail, 1)
                    if avail
                    else None,
                    "unspent": avail - spent,
                }
            )
        return rows


class BudgetAllocation(TimeStampedModel):
    """How much money one funding source makes available to a plan."""

    agency_path = "plan__agency"

    plan = models.ForeignKey(
        DevelopmentPlan,
        on_delete=models.CASCADE,
        related_name="allocations",
        verbose_name=_("rencana"),
    )
    source = models.CharField(
        _("sumber dana"), max_length=10, choices=FundingSource.choices
    )
    amount = models.DecimalField(_("pagu (Rp)"), max_digits=14, decimal_places=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["source"]
        verbose_name = _("pagu anggaran")
        verbose_name_plural = _("pagu anggaran")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "source"], name="allocation_once_per_source"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="allocation_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.amount}"


class PlannedProgram(TimeStampedModel):
    """A program chosen from the needs: batches, participants, cost and funding."""

    agency_path = "plan__agency"

    plan = models.ForeignKey(
        DevelopmentPlan,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("rencana"),
    )
    title = models.CharField(_("nama program"), max_length=200)
    form = models.CharField(
        _("bentuk pengembangan"), max_length=30, choices=DevelopmentForm.choices
    )
    competency_area = models.CharField(_("bidang kompetensi"), max_length=120)
    batches = models.PositiveSmallIntegerField(_("jumlah angkatan"), default=1)
    participants_per_batch = models.PositiveIntegerField(_("peserta per angkatan"))
    cost_per_participant = models.DecimalField(
        _("biaya per peserta (Rp)"), max_digits=12, decimal_places=0
    )
    funding_source = models.CharField(
        _("sumber dana"), max_length=10, choices=FundingSource.choices
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mitra"),
    )
    program = models.ForeignKey(
        "training.Program",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_items",
        verbose_name=_("program di katalog"),
    )

    objects = AgencyScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("program dalam rencana")
        verbose_name_plural = _("program dalam rencana")
        constraints = [
            models.CheckConstraint(
                condition=Q(batches__gt=0), name="planned_batches_positive"
            ),
            models.CheckConstraint(
                condition=Q(cost_per_participant__gte=0),
                name="planned_cost_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    def dependants(self) -> dict[str, int]:
        """Its quotas go with it and its needs become open again; a program already
        in the catalogue, or money already spent on it, keeps it."""
        return {
            _("program di katalog"): int(self.program_id is not None),
            _("realisasi anggaran"): self.expenditures.count(),
        }

    @staticmethod
    def planned_cost_expression():
        return ExpressionWrapper(
            F("batches") * F("participants_per_batch") * F("cost_per_participant"),
            output_field=DecimalField(max_digits=18, decimal_places=0),
        )

    @property
    def planned_cost(self) -> Decimal:
        return self.batches * self.participants_per_batch * self.cost_per_participant

    @property
    def total_participants(self) -> int:
        return self.batches * self.participants_per_batch


class UnitQuota(TimeStampedModel):
    """How many seats of a planned program go to one unit."""

    agency_path = "planned_program__plan__agency"

    planned_program = models.ForeignKey(
        PlannedProgram,
        on_delete=models.CASCADE,
        related_name="quotas",
        verbose_name=_("program rencana"),
    )
    unit = models.ForeignKey(
        WorkUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    seats = models.PositiveIntegerField(_("kuota"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__name"]
        verbose_name = _("kuota unit")
        verbose_name_plural = _("kuota unit")
        constraints = [
            models.UniqueConstraint(
                fields=["planned_program", "unit"], name="quota_once_per_unit"
            )
        ]

    def __str__(self):
        return f"{self.unit}: {self.seats}"


class Expenditure(TimeStampedModel):
    """Realisasi anggaran: one invoice line paid from one funding source, for a
    program of the plan (or for the plan as a whole), beside what was planned."""

    agency_path = "plan__agency"

    plan = models.ForeignKey(
        DevelopmentPlan,
        on_delete=models.CASCADE,
        related_name="expenditures",
        verbose_name=_("rencana"),
    )
    planned_program = models.ForeignKey(
        PlannedProgram,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expenditures",
        verbose_name=_("program dalam rencana"),
        help_text=_("Kosongkan untuk belanja rencana secara umum."),
    )
    source = models.CharField(
        _("sumber dana"), max_length=10, choices=FundingSource.choices
    )
    amount = models.DecimalField(_("jumlah (Rp)"), max_digits=14, decimal_places=0)
    spent_on = models.DateField(_("tanggal"))
    invoice_number = models.CharField(_("nomor bukti/SPJ"), max_length=80, blank=True)
    description = models.CharField(_("uraian"), max_length=200)

    objects = AgencyScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-spent_on", "-pk"]
        verbose_name = _("realisasi anggaran")
        verbose_name_plural = _("realisasi anggaran")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="expenditure_amount_positive"
            )
        ]

    def __str__(self):
        return f"{self.description} ({self.spent_on:%d-%m-%Y})"

    def dependants(self) -> dict[str, int]:
        return {}
