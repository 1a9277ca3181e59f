"""What the employee profile shows of performance: the latest assessments with their
predikat, the potential per year and the talent box it gives (see people/profile.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from evaluations import rules
from evaluations.models import Assessment, PotentialAssessment
from people.profile import Action, ProfileSection

ASSESSMENTS_SHOWN = 8


def sections(employee, viewer) -> list[ProfileSection]:
    assessments = list(
        Assessment.objects.visible_to(viewer)
        .filter(employee=employee)
        .select_related("period")
        .order_by("-period__year", "-period__starts_on")[:ASSESSMENTS_SHOWN]
    )
    potentials = list(
        PotentialAssessment.objects.visible_to(viewer)
        .filter(employee=employee)
        .order_by("-year")[:3]
    )
    may_record = viewer.has_perm("evaluations.add_potentialassessment")
    if not (assessments or potentials or may_record):
        return []
    actions = []
    if may_record:
        url = reverse("evaluations:potential_list") + f"?pegawai={employee.pk}"
        actions.append(Action(_("Catat nilai potensial"), url))
    return [
        ProfileSection(
            key="kinerja",
            title=_("Kinerja dan talenta"),
            template="evaluations/_profile.html",
            context={
                "assessments": assessments,
                "potentials": potentials,
                "talent_box": _talent_box(assessments, potentials),
            },
            actions=actions,
        )
    ]


def _talent_box(assessments, potentials) -> dict | None:
    """The box of the latest final predikat with the potential of its year (or the
    year before), as the talent grid places it."""
    final = next((a for a in assessments if a.is_final and a.predikat), None)
    if final is None:
        return None
    by_year = {p.year: p.level for p in potentials}
    level = by_year.get(final.period.year) or by_year.get(final.period.year - 1)
    if not level:
        return None
    box = rules.nine_box_for_predikat(final.predikat, level)
    return {
        "number": box,
        "period": final.period,
        "recommendation": rules.BOX_RECOMMENDATION[box],
    }
