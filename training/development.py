"""Training that closes competency gaps (docs/domain.md, "Competency gap"): the
catalogue programmes that build the competencies an employee lacks, with their
upcoming sessions."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from competencies.models import Competency
from competencies.rules import Gap
from competencies.services import employee_gaps
from people.models import Employee
from training.models import Program, TrainingSession

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
