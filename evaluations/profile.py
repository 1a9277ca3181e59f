"""What the employee profile shows of performance: the talent history (the latest
assessments with their predikat, the talent box of each and the rewards recorded for
it), the potential per year and the talent box it gives (see people/profile.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from evaluations import rules
from evaluations.models import Assessment, FollowUpAction, PotentialAssessment
from evaluations.rules import FollowUpKind
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
    rewards = _rewards_by_assessment(assessments)
    by_year = {p.year: p.level for p in potentials}
    history = [
        {
            "assessment": a,
            "box": _box(a, by_year),
            "rewards": rewards.get(a.pk, []),
        }
        for a in assessments
    ]
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
                "history": history,
                "potentials": potentials,
                "talent_box": _talent_box(assessments, potentials),
            },
            actions=actions,
        )
    ]


def _rewards_by_assessment(assessments) -> dict[int, list]:
    """The actions of the reward follow-ups (Sangat Baik) of `assessments`, per
    assessment: one query however many periods are shown."""
    actions = (
        FollowUpAction.objects.filter(
            follow_up__assessment__in=[a.pk for a in assessments],
            follow_up__kind=FollowUpKind.REWARD,
        )
        .select_related("follow_up")
        .order_by("created_at", "pk")
    )
    rewards: dict[int, list] = {}
    for action in actions:
        rewards.setdefault(action.follow_up.assessment_id, []).append(action)
    return rewards


def _box(assessment, potential_by_year) -> int | None:
    """The talent box of a final assessment with the potential of its year (or the
    year before), as the talent grid places it; None before that."""
    if not (assessment.is_final and assessment.predikat):
        return None
    year = assessment.period.year
    level = potential_by_year.get(year) or potential_by_year.get(year - 1)
    return rules.nine_box_for_predikat(assessment.predikat, level) if level else None


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
