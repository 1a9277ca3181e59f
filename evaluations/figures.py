"""The figures the team page, HR's overview and the 9-box show, each a fixed number
of aggregate queries whatever the number of ASN (pinned in tests/test_queries.py)."""

from dataclasses import dataclass, field

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.expressions import Window
from django.db.models.functions import Coalesce, Collate, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from asn_portal.exports import INTEGER, Column
from evaluations import rules
from evaluations.models import (
    Assessment,
    EvaluationPeriod,
    EvaluationSettings,
    PerformancePlan,
    PeriodFinalisation,
    ratings_of_period,
)
from evaluations.rules import OrganisationRating, Potential, Predikat, Rating
from people.delegation import supervised_by
from people.figures import NotCounted, not_counted
from people.models import Employee, serving_q
from people.panels import (
    Chart,
    Headline,
    Panel,
    Scope,
    Table,
    drill_url,
    roll_up,
)

SUBMITTED_OR_LATER = [
    Assessment.Status.SUBMITTED,
    Assessment.Status.RATED,
    Assessment.Status.ACKNOWLEDGED,
    Assessment.Status.OBJECTED,
    Assessment.Status.DECIDED,
]
RATED_OR_LATER = SUBMITTED_OR_LATER[1:]
NAMES_PER_BOX = 8


class BytewiseCollate(Collate):
    """Bytewise order, much cheaper than the locale's collation on every name.
    PostgreSQL calls it "C"; SQLite (the database of `make run`) has no "C" and
    calls the same order "BINARY"."""

    def __init__(self, expression):
        super().__init__(expression, "C")

    def as_sqlite(self, compiler, connection, **extra_context):
        extra_context["collation"] = connection.ops.quote_name("BINARY")
        return self.as_sql(compiler, connection, **extra_context)


def team_rows(*, supervisor: Employee, period: EvaluationPeriod | None, year: int):
    """The supervisor's direct team (a Plt/Plh also the team they act for) with
    their plan and assessment state: one query."""
    plans = PerformancePlan.objects.filter(employee=OuterRef("pk"), year=year)
    rows = (
        Employee.objects.active()
        .filter(supervised_by(supervisor, prefix=""))
        .select_related("unit")
        .annotate(
            plan_id=Subquery(plans.values("pk")[:1]),
            plan_status=Subquery(plans.values("status")[:1]),
        )
        .order_by("name")
    )
    if period is not None:
        assessments = Assessment.objects.filter(employee=OuterRef("pk"), period=period)
        rows = rows.annotate(
            assessment_id=Subquery(assessments.values("pk")[:1]),
            assessment_status=Subquery(assessments.values("status")[:1]),
            assessment_predikat=Subquery(assessments.values("predikat")[:1]),
        )
    return rows


@dataclass
class UnitFigures:
    unit_id: int
    name: str
    employees: int = 0
    planned: int = 0
    submitted: int = 0
    rated: int = 0
    acknowledged: int = 0
    predikat: dict = field(default_factory=dict)
    cap_exceeded: bool = False
    # The performance rating whose pattern the predikat follow (the organisation's
    # for the totals, a unit's own for that unit), and where they leave it.
    rating: str | None = None
    findings: list = field(default_factory=list)

    def follow(self, rating: str | None) -> None:
        self.rating = rating
        self.findings = (
            rules.distribution_findings(rating, self.predikat) if rating else []
        )

    @property
    def rating_label(self) -> str:
        return OrganisationRating(self.rating).label if self.rating else ""

    @property
    def pattern(self) -> list[str]:
        return rules.pattern_in_words(self.rating) if self.rating else []

    @property
    def rated_total(self) -> int:
        return sum(self.predikat.values())

    def percent(self, value) -> float:
        return round(100 * value / self.rated_total, 1) if self.rated_total else 0.0

    @property
    def distribution(self):
        return [
            (p, self.predikat.get(p, 0), self.percent(self.predikat.get(p, 0)))
            for p in rules.PREDIKAT_ORDER
        ]


def _final_in(period: EvaluationPeriod):
    return Exists(
        Assessment.objects.filter(
            employee=OuterRef("pk"),
            period=period,
            status__in=Assessment.FINAL_STATUSES,
        )
    )


def _counted_in(period: EvaluationPeriod) -> Q:
    """Who a period's figures count: the ASN serving by their kedudukan hukum
    (docs/domain.md, "Who is serving: kedudukan hukum"), and anyone whose result of
    the period is already final (a result stands after its ASN leaves on CLTN)."""
    return serving_q() | Q(_final_in(period))


def left_out(*, user=None, period: EvaluationPeriod, employees=None) -> NotCounted:
    """The ASN in scope that `overview` does not count, with their kedudukan hukum."""
    return not_counted(_in_scope(user, employees).exclude(_final_in(period)))


def overview(*, user=None, period: EvaluationPeriod, employees=None):
    """Completion and predikat distribution per unit for one period: one grouped
    query over the ASN in scope who count (`_counted_in`), each joined to at most
    one agreed plan of the year and one assessment of the period (both unique), so
    nothing fans out."""
    scope = _in_scope(user, employees).filter(_counted_in(period))
    settings = EvaluationSettings.for_agency(period.agency_id)
    in_period = "this_period"
    by_predikat = {
        f"p_{p}": Count(in_period, filter=Q(this_period__predikat=p))
        for p in Predikat.values
    }
    rows = (
        scope.annotate(
            agreed_plan=FilteredRelation(
                "performance_plans",
                condition=Q(
                    performance_plans__year=period.year,
                    performance_plans__status=PerformancePlan.Status.AGREED,
                ),
            ),
            this_period=FilteredRelation(
                "assessments", condition=Q(assessments__period=period)
            ),
        )
        .order_by()
        .values("unit_id", "unit__name")
        .annotate(
            n=Count("pk"),
            planned=Count("agreed_plan"),
            submitted=Count(
                in_period, filter=Q(this_period__status__in=SUBMITTED_OR_LATER)
            ),
            rated=Count(in_period, filter=Q(this_period__status__in=RATED_OR_LATER)),
            acknowledged=Count(
                in_period,
                filter=Q(this_period__status__in=Assessment.FINAL_STATUSES),
            ),
            **by_predikat,
        )
    )
    units: dict[int, UnitFigures] = {}
    for row in rows:
        unit = UnitFigures(
            unit_id=row["unit_id"],
            name=row["unit__name"],
            employees=row["n"],
            planned=row["planned"],
            submitted=row["submitted"],
            rated=row["rated"],
            acknowledged=row["acknowledged"],
            predikat={p: row[f"p_{p}"] for p in Predikat.values},
        )
        unit.cap_exceeded = rules.sangat_baik_share_exceeds(
            sangat_baik=unit.predikat[Predikat.SANGAT_BAIK],
            rated=unit.rated_total,
            cap_percent=settings.sangat_baik_cap_percent,
        )
        units[unit.unit_id] = unit
    ordered = sorted(units.values(), key=lambda u: u.name)
    organisation_rating, unit_ratings = ratings_of_period(period)
    totals = UnitFigures(unit_id=0, name="Total")
    for unit in ordered:
        # The organisation's pattern holds for the organisation as a whole; a unit
        # is held to one only when it has its own rating (a unit of three would
        # otherwise "exceed" every bound).
        unit.follow(unit_ratings.get(unit.unit_id))
        for attr in ("employees", "planned", "submitted", "rated", "acknowledged"):
            setattr(totals, attr, getattr(totals, attr) + getattr(unit, attr))
        for p, n in unit.predikat.items():
            totals.predikat[p] = totals.predikat.get(p, 0) + n
    totals.follow(organisation_rating)
    return {
        "units": ordered,
        "totals": totals,
        "settings": settings,
        "expected": settings.expected_distribution,
    }


def all_findings(overview_figures) -> list[str]:
    """Every place an `overview` leaves a bound, in words: the organisation's
    pattern, each unit with a rating of its own, and the local Sangat Baik cap. What
    HR finalising the period must give a reason for."""
    findings = list(overview_figures["totals"].findings)
    cap = overview_figures["settings"].sangat_baik_cap_percent
    for unit in overview_figures["units"]:
        findings.extend(f"{unit.name}: {finding}" for finding in unit.findings)
        if unit.cap_exceeded:
            findings.append(
                _("%(unit)s: Sangat Baik melebihi batas %(cap)s%% instansi.")
                % {"unit": unit.name, "cap": cap}
            )
    return findings


def period_results(period: EvaluationPeriod) -> dict:
    """The overview of the whole agency for `period` with `findings`
    (`all_findings`): what HR finalises, whatever unit their own page narrows to."""
    employees = Employee.objects.filter(agency_id=period.agency_id).active()
    results = overview(period=period, employees=employees)
    results["findings"] = all_findings(results)
    totals, expected = results["totals"], results["expected"]
    results["rows"] = [
        (Predikat(p).label, n, pct, expected[p]) for p, n, pct in totals.distribution
    ]
    return results


def predikat_chart(overview_figures) -> dict:
    """The predikat curve of an `overview`: the expected distribution, then the
    actual one for the whole scope and for each unit (the page can show a unit)."""
    return {
        "labels": [str(p.label) for p in rules.PREDIKAT_ORDER],
        "expected": [overview_figures["expected"][p] for p in rules.PREDIKAT_ORDER],
        "series": [
            {
                "name": _("Seluruh lingkup"),
                "values": [
                    pct for _p, _n, pct in overview_figures["totals"].distribution
                ],
            },
            *[
                {
                    "name": unit.name,
                    "values": [pct for _p, _n, pct in unit.distribution],
                }
                for unit in overview_figures["units"]
            ],
        ],
    }


def overview_unit_count(*, user, period: EvaluationPeriod) -> int:
    """The units `overview` lists for `user`, counted in one query without their
    figures (the size of the overview's download)."""
    scope = _in_scope(user, None).filter(_counted_in(period))
    return scope.order_by().values("unit_id").distinct().count()


def overdue(*, user, period: EvaluationPeriod, limit: int | None = 500, employees=None):
    """Assessments of the period not final (the list matters once it has closed),
    of ASN serving (one on CLTN or study leave is not chased): of `employees` when
    given, else of everyone the user may see."""
    if employees is None:
        employees = Employee.objects.visible_to(user)
    late = (
        Assessment.objects.filter(
            serving_q("employee__"), period=period, employee__in=employees
        )
        .exclude(status__in=Assessment.FINAL_STATUSES)
        .select_related("employee__unit", "employee__supervisor")
        .only(
            "status",
            "employee__nip",
            "employee__name",
            "employee__unit__name",
            "employee__supervisor__name",
        )
        .order_by(
            BytewiseCollate(F("employee__unit__name")),
            BytewiseCollate(F("employee__name")),
        )
    )
    return late if limit is None else late[:limit]


def _with_potential(queryset, period: EvaluationPeriod):
    """Annotate the potential level: the one HR recorded for the period's year, else
    the previous year's. Two filtered joins, no correlated subquery, so PostgreSQL
    plans plain hash joins."""
    potentials = "employee__potential_assessments"
    return queryset.annotate(
        this_year=FilteredRelation(
            potentials, condition=Q(**{f"{potentials}__year": period.year})
        ),
        last_year=FilteredRelation(
            potentials, condition=Q(**{f"{potentials}__year": period.year - 1})
        ),
    ).annotate(potential=Coalesce(F("this_year__level"), F("last_year__level")))


def box_of(predikat: str, potential: str | None) -> int | None:
    """The 9-box of a rated assessment (`rules.nine_box_for_predikat`); None while
    no potential is recorded for its year or the year before."""
    if not potential:
        return None
    return rules.nine_box_for_predikat(predikat, potential)


def talent_boxes(*, period: EvaluationPeriod, employees):
    """The rated assessments of `employees` in the period, each with the potential
    level the 9-box reads (`potential`, see `_with_potential`): the rows the grid
    counts, one by one."""
    rated = Assessment.objects.filter(period=period, employee__in=employees).exclude(
        predikat=""
    )
    return _with_potential(rated, period)


def in_box(box: int) -> Q:
    """The (predikat, potential) pairs the rules put in 9-box cell `box`."""
    cell = Q(pk__in=[])
    for predikat in Predikat.values:
        for potential in Potential.values:
            if rules.nine_box_for_predikat(predikat, potential) == box:
                cell |= Q(predikat=predikat, potential=potential)
    return cell


class _FirstIds(Aggregate):
    """PostgreSQL: the NAMES_PER_BOX smallest employee ids of a group, computed in
    the same pass as the counts."""

    function = "ARRAY_AGG"
    template = (
        "(ARRAY_AGG(%(expressions)s ORDER BY %(expressions)s))[1:"
        + str(NAMES_PER_BOX)
        + "]"
    )
    output_field = ArrayField(IntegerField())


def _grouped(rated):
    """(predikat, potential, count, first ids) per group: one query."""
    groups = rated.order_by().values("predikat", "potential")
    if connection.vendor == "postgresql":
        return [
            (g["predikat"], g["potential"], g["n"], g["ids"] or [])
            for g in groups.annotate(n=Count("pk"), ids=_FirstIds("employee_id"))
        ]
    return _grouped_with_window(rated, groups)


def _grouped_with_window(rated, groups):
    """Other databases (SQLite in development): counts, then a window ranking."""
    ids: dict[tuple, list] = {}
    ranked = (
        rated.filter(potential__isnull=False)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("predikat"), F("potential")],
                order_by=F("employee_id").asc(),
            )
        )
        .filter(rank__lte=NAMES_PER_BOX)
        .values_list("predikat", "potential", "employee_id")
    )
    for predikat, potential, employee_id in ranked:
        ids.setdefault((predikat, potential), []).append(employee_id)
    return [
        (
            g["predikat"],
            g["potential"],
            g["n"],
            ids.get((g["predikat"], g["potential"]), []),
        )
        for g in groups.annotate(n=Count("pk"))
    ]


def talent_grid(*, user=None, period: EvaluationPeriod, employees=None):
    """Counts per box and eight names of each box (the earliest registered): the
    rated assessments grouped by (predikat, potential) in SQL, the ≤ 15 groups
    mapped to boxes by `rules.nine_box`, then one query for the few names."""
    rated = talent_boxes(period=period, employees=_in_scope(user, employees))
    counts: dict[int | None, int] = {}
    box_of_employee: dict[int, int] = {}
    for predikat, potential, n, first_ids in _grouped(rated):
        box = box_of(predikat, potential)
        counts[box] = counts.get(box, 0) + n
        if box is not None:
            box_of_employee.update(dict.fromkeys(first_ids, box))
    names_by_box: dict[int, list] = {n: [] for n in range(1, 10)}
    people = Employee.objects.filter(pk__in=list(box_of_employee) or [0]).values(
        "pk", "name", "unit__name"
    )
    for person in people:
        names_by_box[box_of_employee[person["pk"]]].append(person)
    for number, rows in names_by_box.items():
        rows.sort(key=lambda r: r["pk"])
        names_by_box[number] = sorted(rows[:NAMES_PER_BOX], key=lambda r: r["name"])
    grid = []
    for kinerja in rules.GRID_ROWS:
        cells = []
        for pot in rules.GRID_COLUMNS:
            number = rules.nine_box(kinerja, pot)
            count = counts.get(number, 0)
            cells.append(
                {
                    "box": number,
                    "count": count,
                    "names": names_by_box[number],
                    "more": max(0, count - len(names_by_box[number])),
                    "recommendation": rules.BOX_RECOMMENDATION[number],
                    "kinerja": Rating(kinerja).label,
                    "potential": Potential(pot).label,
                }
            )
        grid.append({"kinerja": Rating(kinerja).label, "cells": cells})
    return {
        "grid": grid,
        "without_potential": counts.get(None, 0),
        "total": sum(counts.values()),
        "columns": [Potential(p).label for p in rules.GRID_COLUMNS],
    }


def box_members(*, period: EvaluationPeriod, employees, box: int):
    """The rated assessments of the period whose predikat and potential fall in
    9-box cell `box`, by name: the list behind the cell's count."""
    return (
        talent_boxes(period=period, employees=employees)
        .filter(in_box(box))
        .select_related("employee__unit")
        .order_by("employee__name", "pk")
    )


def _in_scope(user, employees):
    """The ASN a figure covers: those given (a dashboard scope) or those the user
    may see."""
    if employees is not None:
        return employees
    return Employee.objects.visible_to(user).active()


def latest_period(scope) -> EvaluationPeriod | None:
    """The last assessment period of the scope's agency that started by its end."""
    return (
        EvaluationPeriod.objects.filter(agency=scope.agency, starts_on__lte=scope.end)
        .assessable()
        .order_by("-starts_on", "-kind")
        .first()
    )


def panels(scope: Scope) -> list[Panel]:
    """The performance panel of the leader's dashboard."""
    period = latest_period(scope)
    if period is None:
        return [
            Panel(
                key="kinerja",
                title=_("Kinerja"),
                headlines=[Headline(_("Periode penilaian"), _("belum ada"))],
            )
        ]
    employees = scope.employees()
    figures = overview(period=period, employees=employees)
    grid = talent_grid(period=period, employees=employees)
    counts = ["employees", "planned", "submitted", "rated", "acknowledged"]
    per_unit = {
        u.unit_id: {
            **{key: getattr(u, key) for key in counts},
            **{f"p_{p}": u.predikat.get(p, 0) for p in Predikat.values},
        }
        for u in figures["units"]
    }
    units = roll_up(per_unit, scope, counts + [f"p_{p}" for p in Predikat.values])
    period_query = f"periode={period.pk}"
    overview_url = reverse("evaluations:overview")
    predikat_labels = [str(label) for label in Predikat.labels]
    completion = Table(
        title=_("Siklus penilaian %(period)s per unit") % {"period": period.name},
        columns=[
            _("Unit kerja"),
            *[
                Column(label, INTEGER)
                for label in (
                    _("ASN"),
                    _("SKP disepakati"),
                    _("Realisasi diajukan"),
                    _("Dinilai"),
                    _("Selesai"),
                )
            ],
        ],
        rows=[[u.name, *[u.figures[key] for key in counts]] for u in units],
        links=[drill_url(overview_url, period_query, u.query) for u in units],
        count_column=1,
    )
    distribution = Table(
        title=_("Sebaran predikat kinerja per unit"),
        columns=[_("Unit kerja"), *[Column(p, INTEGER) for p in predikat_labels]],
        rows=[[u.name, *[u.figures[f"p_{p}"] for p in Predikat.values]] for u in units],
        links=[drill_url(overview_url, period_query, u.query) for u in units],
    )
    boxes = Table(
        title=_("9-box talenta"),
        columns=[_("Kotak"), _("Kinerja"), _("Potensial"), Column(_("ASN"), INTEGER)],
        rows=[
            [cell["box"], cell["kinerja"], cell["potential"], cell["count"]]
            for row in grid["grid"]
            for cell in row["cells"]
        ],
    )
    boxes.rows.sort(key=lambda row: -row[0])
    boxes.links = [
        drill_url(
            reverse("evaluations:talent_grid"),
            period_query,
            f"kotak={row[0]}",
            scope.unit_query,
        )
        for row in boxes.rows
    ]
    boxes.count_column = 3
    totals = figures["totals"]
    return [
        Panel(
            key="kinerja",
            title=_("Kinerja (%(period)s)") % {"period": period.name},
            headlines=[
                Headline(
                    _("Penilaian selesai"),
                    totals.acknowledged,
                    drill_url(overview_url, period_query, scope.unit_query),
                    of=totals.employees,
                ),
                Headline(_("Sudah dinilai"), totals.rated),
                Headline(
                    _("Dalam 9-box"),
                    grid["total"] - grid["without_potential"],
                    drill_url(
                        reverse("evaluations:talent_grid"),
                        period_query,
                        scope.unit_query,
                    ),
                    _("%(n)s tanpa penilaian potensial")
                    % {"n": grid["without_potential"]},
                ),
                _rating_headline(totals, overview_url, period_query, scope),
                _finalisation_headline(period, overview_url, period_query, scope),
            ],
            tables=[completion, distribution, boxes],
            charts=[
                Chart(
                    table=distribution,
                    kind="bar",
                    value_columns=list(range(1, len(predikat_labels) + 1)),
                    stacked=True,
                ),
                Chart(table=completion, kind="bar", value_columns=[2, 3, 4, 5]),
            ],
        )
    ]


def _rating_headline(totals, overview_url, period_query, scope) -> Headline:
    """The organisation's rating of the period and whether the scope's predikat
    follow its pattern (PermenPANRB 6/2022): the first finding, if any."""
    if not totals.rating:
        return Headline(
            _("Predikat kinerja organisasi"),
            _("belum dicatat"),
            note=_("Distribusi predikat belum dapat dibandingkan dengan polanya."),
        )
    if totals.findings:
        note = totals.findings[0]
    elif totals.rated_total:
        note = _("Distribusi predikat sesuai pola.")
    else:
        note = _("Belum ada yang dinilai.")
    return Headline(
        _("Predikat kinerja organisasi"),
        totals.rating_label,
        drill_url(overview_url, period_query, scope.unit_query),
        note,
    )


def _finalisation_headline(period, overview_url, period_query, scope) -> Headline:
    """Whether HR has finalised the period's results, by whom, when and why."""
    finalisation = (
        PeriodFinalisation.objects.filter(period=period)
        .select_related("finalised_by")
        .first()
    )
    link = drill_url(overview_url, period_query, scope.unit_query)
    if finalisation is None:
        return Headline(_("Hasil periode"), _("belum ditetapkan"), link)
    note = _("Ditetapkan oleh %(who)s pada %(when)s.") % {
        "who": finalisation.finalised_by.name,
        "when": date_format(timezone.localtime(finalisation.finalised_at)),
    }
    if finalisation.reason:
        note += " " + _("Alasan: %(reason)s") % {"reason": finalisation.reason}
    return Headline(_("Hasil periode"), _("ditetapkan"), link, note)
