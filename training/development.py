"""Training that closes competency gaps (docs/domain.md, "Competency gap"): the
catalogue programmes that build the competencies an employee lacks, with their
upcoming sessions, and the training needs a unit's gaps call for."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import Truncator

from competencies import figures
from competencies.models import Competency
from competencies.rules import Gap
from competencies.services import employee_gaps
from people.models import Employee
from people.panels import Scope
from training.models import Program, TrainingNeed, TrainingSession

UPCOMING = [
    TrainingSession.Status.PLANNED,
    TrainingSession.Status.OPEN,
    TrainingSession.Status.RUNNING,
]


@dataclass
class Suggestion:
    competency: Competency
    gap: Gap
    programs: list[Program] = field(default_factory=list)


def programmes_for_gaps(employee: Employee, *, today=None) -> dict:
    """For each competency where the employee is below their jabatan's standard, the
    agency's active catalogue programmes that build it, each with its upcoming
    sessions (`upcoming`, soonest first); in six queries whatever the numbers.
    Returns the standard (or None) and the suggestions in the order of the
    employee's competency page."""
    today = today or timezone.localdate()
    found = employee_gaps(employee)
    suggestions = [
        Suggestion(competency=row["competency"], gap=row["gap"])
        for row in found["rows"]
        if row["gap"].status == "gap"
    ]
    by_competency = {s.competency.pk: s for s in suggestions}
    if by_competency:
        programs = (
            Program.objects.in_agency(employee.agency_id)
            .active()
            .filter(competencies__in=list(by_competency))
            .distinct()
            .prefetch_related(
                Prefetch(
                    "competencies",
                    queryset=Competency.objects.filter(pk__in=list(by_competency)),
                    to_attr="built",
                ),
                Prefetch(
                    "sessions",
                    queryset=TrainingSession.objects.filter(
                        end_date__gte=today, status__in=UPCOMING
                    ).order_by("start_date", "pk"),
                    to_attr="upcoming",
                ),
            )
            .order_by("title", "pk")
        )
        for program in programs:
            for competency in program.built:
                by_competency[competency.pk].programs.append(program)
    return {"standard": found["standard"], "suggestions": suggestions}


# Needs from the gaps of a unit ------------------------------------------------------


@dataclass
class GapNeed:
    """A competency of a unit with employees below standard, as a need says it."""

    competency: Competency
    employees: int = 0  # active employees of the unit (and below) below standard
    levels: int = 0  # the levels they still have to climb, summed
    jabatan: set = field(default_factory=set)  # the standards' jabatan concerned
    existing: TrainingNeed | None = None  # the need already proposed for the year

    @property
    def average(self) -> float:
        """Levels to climb per employee below standard."""
        return round(self.levels / self.employees, 2)

    @property
    def priority(self) -> int:
        """Tinggi from two levels short on average, sedang above one, rendah when
        everyone below standard is one level short."""
        if self.average >= 2:
            return TrainingNeed.Priority.HIGH
        if self.average > 1:
            return TrainingNeed.Priority.MEDIUM
        return TrainingNeed.Priority.LOW

    @property
    def target_group(self) -> str:
        return Truncator(", ".join(sorted(self.jabatan))).chars(TARGET_GROUP_LENGTH)


TARGET_GROUP_LENGTH = TrainingNeed._meta.get_field("target_group").max_length


def gap_needs(scope: Scope, *, year: int) -> list[GapNeed]:
    """The competencies of the scope's unit with employees below standard, the most
    employees first (then the most levels, then the code), each with the need already
    proposed for the unit and year (by the dictionary's competency or its name), in
    three queries."""
    found: dict[int, GapNeed] = {}
    for _employee, competency_id, jabatan, short in figures.below_standard(scope):
        row = found.setdefault(competency_id, GapNeed(competency=None))
        row.employees += 1
        row.levels += short
        row.jabatan.add(jabatan)
    competencies = Competency.objects.in_bulk(list(found))
    for pk, row in found.items():
        row.competency = competencies[pk]
    names = {row.competency.name.lower(): row for row in found.values()}
    existing = (
        TrainingNeed.objects.filter(
            agency_id=scope.agency.pk, unit=scope.unit, year=year
        )
        .annotate(lowered=Lower("competency"))
        .filter(Q(competency_ref_id__in=list(found)) | Q(lowered__in=list(names)))
        .order_by("pk")
    )
    for need in existing:
        row = found.get(need.competency_ref_id) or names.get(need.lowered)
        if row is not None and row.existing is None:
            row.existing = need
    return sorted(
        found.values(),
        key=lambda row: (-row.employees, -row.levels, row.competency.code),
    )


# The gaps a plan's programmes close -------------------------------------------------


@dataclass
class GapsClosed:
    employees: int  # employees of the agency below standard in any of them
    gaps: int  # (employee, competency) pairs below standard
    competencies: list[Competency]


def gaps_closed(agency, items) -> dict[int, GapsClosed]:
    """For each planned programme (with `program__competencies` prefetched) whose
    catalogue programme declares competencies: how many active employees of the
    agency are below standard in them, in one query whatever the number of items."""
    declared = {
        item.pk: list(item.program.competencies.all())
        for item in items
        if item.program is not None
    }
    declared = {pk: found for pk, found in declared.items() if found}
    if not declared:
        return {}
    today = timezone.localdate()
    scope = Scope(agency=agency, start=today, end=today)
    below: dict[int, set] = {}
    for employee_id, competency_id, _jabatan, _short in figures.below_standard(scope):
        below.setdefault(competency_id, set()).add(employee_id)
    closed = {}
    for pk, competencies in declared.items():
        groups = [below.get(c.pk, set()) for c in competencies]
        closed[pk] = GapsClosed(
            employees=len(set().union(*groups)),
            gaps=sum(len(group) for group in groups),
            competencies=competencies,
        )
    return closed
