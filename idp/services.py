"""The writes of an individual development plan and who may make them: the ASN
composes and submits their own, the supervisor (or their Plt/Plh) agrees or returns
it, and activities are marked done by either."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_portal.refusals import Refused
from competencies.services import employee_gaps
from idp.models import IndividualPlan, PlanActivity
from notifications.services import notify
from people.delegation import (
    ask_deciders,
    authority_over,
    may_act_as_supervisor,
)
from people.scope import employee_of
from training.models import JpYearTotal, OutsideLearning


def is_owner(plan: IndividualPlan, user) -> bool:
    actor = employee_of(user)
    return actor is not None and actor.pk == plan.employee_id


def may_decide(plan: IndividualPlan, user) -> bool:
    return may_act_as_supervisor(employee_of(user), plan.employee)


def years_open(today=None) -> list[int]:
    """A plan is written for this year or, from October, for the next."""
    today = today or timezone.localdate()
    return [today.year, today.year + 1] if today.month >= 10 else [today.year]


def create_plan(*, user, year: int) -> IndividualPlan:
    employee = employee_of(user)
    if year not in years_open():
        raise Refused(_("IDP dapat disusun untuk tahun berjalan."), field="year")
    if IndividualPlan.objects.filter(employee=employee, year=year).exists():
        raise Refused(
            _("IDP tahun %(year)s Anda sudah ada.") % {"year": year}, field="year"
        )
    return IndividualPlan.objects.create(employee=employee, year=year)


def _refuse_unless_editable(plan: IndividualPlan, user) -> None:
    if not is_owner(plan, user):
        raise Refused(_("Hanya pemilik IDP yang dapat mengubah kegiatannya."))
    if not plan.editable:
        raise Refused(
            _("IDP yang sudah diajukan atau disepakati tidak dapat diubah kegiatannya.")
        )


@transaction.atomic
def add_activity(*, plan: IndividualPlan, user, **fields) -> PlanActivity:
    _refuse_unless_editable(plan, user)
    activity = PlanActivity(plan=plan, **fields)
    if activity.program is not None and not activity.description:
        activity.description = activity.program.title
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def remove_activity(*, activity: PlanActivity, user) -> None:
    _refuse_unless_editable(activity.plan, user)
    activity.delete()


@transaction.atomic
def submit(*, plan: IndividualPlan, user) -> IndividualPlan:
    """The ASN hands the plan to whoever agrees it, who is told."""
    _refuse_unless_editable(plan, user)
    if not plan.activities.exists():
        raise Refused(_("Tambahkan setidaknya satu kegiatan sebelum mengajukan IDP."))
    plan.status = IndividualPlan.Status.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.save()
    ask_deciders(
        plan.employee,
        kind="idp.submitted",
        obj=plan,
        step=plan.submitted_at.isoformat(),
        title=_("IDP %(year)s %(name)s menunggu persetujuan Anda")
        % {"year": plan.year, "name": plan.employee.name},
        url=plan.get_absolute_url(),
    )
    return plan


@transaction.atomic
def decide(*, plan: IndividualPlan, user, agree: bool, note: str) -> IndividualPlan:
    """The supervisor (or Plt/Plh) agrees the plan or returns it with a note."""
    authority_over(employee_of(user), plan.employee)
    if plan.status != IndividualPlan.Status.SUBMITTED:
        raise Refused(_("Hanya IDP yang sedang diajukan yang dapat diputuskan."))
    if not agree and not note.strip():
        raise Refused(
            _("Tuliskan apa yang perlu diperbaiki sebelum mengembalikan IDP."),
            field="note",
        )
    plan.status = (
        IndividualPlan.Status.AGREED if agree else IndividualPlan.Status.RETURNED
    )
    plan.decided_by = employee_of(user)
    plan.decided_at = timezone.now()
    plan.supervisor_note = note.strip()
    plan.save()
    if plan.employee.user_id:
        notify(
            recipient=plan.employee.user,
            kind="idp.decided",
            obj=plan,
            step=plan.decided_at.isoformat(),
            title=_("IDP %(year)s Anda disepakati atasan") % {"year": plan.year}
            if agree
            else _("IDP %(year)s Anda dikembalikan untuk diperbaiki")
            % {"year": plan.year},
            body=plan.supervisor_note,
            url=plan.get_absolute_url(),
        )
    return plan


@transaction.atomic
def mark_done(*, activity: PlanActivity, user, note: str = "") -> PlanActivity:
    """The ASN or their supervisor records an agreed activity as done. A programme
    of the catalogue is done when the enrolment is passed, not by hand."""
    plan = activity.plan
    if not (is_owner(plan, user) or may_decide(plan, user)):
        raise Refused(_("Hanya pegawai dan atasannya yang dapat menandai kegiatan."))
    if plan.status != IndividualPlan.Status.AGREED:
        raise Refused(_("Kegiatan ditandai selesai setelah IDP disepakati atasan."))
    if activity.program_id:
        raise Refused(
            _("Kegiatan dari katalog selesai sendiri ketika pegawai lulus programnya.")
        )
    if activity.done_on is not None:
        raise Refused(_("Kegiatan ini sudah ditandai selesai."))
    activity.done_on = timezone.localdate()
    activity.done_note = note.strip()
    activity.save()
    return activity


def plan_page(plan: IndividualPlan) -> dict:
    """What the plan's page shows: activities with their completion, JP planned
    and earned this year against the target, the learning outside the portal
    verified that year (it counts toward the JP beside the plan's activities), and
    the competency gaps."""
    activities = list(
        plan.activities.with_done().select_related("competency", "program")
    )
    earned = (
        JpYearTotal.objects.filter(employee=plan.employee, year=plan.year)
        .values_list("jp", flat=True)
        .first()
    )
    done = [a for a in activities if a.done_on or a.passed]
    return {
        "activities": activities,
        "done_count": len(done),
        "planned_jp": sum((a.planned_jp for a in activities), 0),
        "earned_jp": earned or 0,
        "target_jp": plan.employee.agency.jp_target_per_year,
        "outside": OutsideLearning.objects.filter(
            employee=plan.employee,
            status=OutsideLearning.Status.VERIFIED,
            end_date__year=plan.year,
        ).order_by("end_date"),
        **employee_gaps(plan.employee),
    }
