from decimal import Decimal

from django.db import models
from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from asn_portal.models import TimeStampedModel
from people.models import Agency, Employee, serving_q
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


def with_jp_total(employees, *, year: int):
    """Employees annotated with `jp_total`, their JP of that year (0 when none).

    A correlated subquery on the (employee, year) index rather than a JOIN + GROUP BY
    over every credit: on 20,000 ASN it costs a few index probes per shown row."""
    year_total = (
        JpCredit.objects.filter(employee=OuterRef("pk"), year=year)
        .order_by()
        .values("employee")
        .annotate(total=Sum("jp"))
        .values("total")
    )
    return employees.annotate(
        jp_total=Coalesce(
            Subquery(year_total),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=8, decimal_places=2),
        )
    )


def subject_to_target(employees, *, agency):
    """The employees the agency's yearly JP target applies to: `rules.target_applies`
    as a filter."""
    serving = employees.filter(serving_q())
    if agency.jp_target_applies_to_pppk:
        return serving
    return serving.filter(status=Employee.Status.PNS)


def reached_target(*, agency, year: int):
    """Employees who reached the agency's target on its own credits this year: one
    index-only pass over (agency, year, employee) + jp, as a subquery. Credits earned
    at a previous agency are caught by the callers' `jp_total` test."""
    return (
        JpCredit.objects.filter(agency=agency, year=year)
        .order_by()
        .values("employee")
        .annotate(total=Sum("jp"))
        .filter(total__gte=agency.jp_target_per_year)
        .values("employee")
    )


def below_target(employees, *, agency, year: int):
    """Active employees of `agency` whose JP this year is under its yearly target
    (PPPK only when the agency applies the target to them), with `jp_total`.

    Still one SQL statement: those who reached the target are one grouped, hashed
    NOT IN over that year's credits, so counting the list needs no per-row work."""
    scoped = subject_to_target(
        employees.filter(agency=agency, is_active=True), agency=agency
    )
    reached = reached_target(agency=agency, year=year)
    return with_jp_total(scoped.exclude(pk__in=reached), year=year).filter(
        jp_total__lt=agency.jp_target_per_year
    )


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
