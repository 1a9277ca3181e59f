"""Writes for needs and the yearly plan; a refused action raises `Refused`."""

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from asn_portal.corrections import delete_correction, save_correction
from asn_portal.formats import number
from asn_portal.refusals import Refused
from notifications.services import notify
from people.models import Employee
from people.panels import Scope
from training.development import GapNeed, gap_needs
from training.models import (
    DevelopmentPlan,
    PlannedProgram,
    Program,
    TrainingNeed,
)

# Needs and plan ---------------------------------------------------------------


@transaction.atomic
def propose_need(
    *,
    proposed_by: Employee,
    year: int,
    competency: str,
    target_group: str,
    participants: int,
    priority: int,
    reason: str,
    unit=None,
) -> TrainingNeed:
    unit = unit or proposed_by.unit
    if unit.agency_id != proposed_by.agency_id:
        raise Refused(_("Unit kerja harus berada di instansi Anda."))
    if participants <= 0:
        raise Refused(_("Jumlah ASN harus lebih dari nol."))
    return TrainingNeed.objects.create(
        agency_id=proposed_by.agency_id,
        unit=unit,
        proposed_by=proposed_by,
        year=year,
        competency=competency,
        target_group=target_group,
        participants=participants,
        priority=priority,
        reason=reason,
    )


@transaction.atomic
def propose_needs_from_gaps(
    *, proposed_by: Employee, scope: Scope, year: int, competency_ids
) -> tuple[list[TrainingNeed], list[GapNeed]]:
    """HR turns the gaps of the scope's unit into training needs for `year`: one per
    chosen competency that has employees below standard, with those employees as
    participants, their jabatan as target group, the priority from the average gap
    and the figures as reason. A competency that already has a need for the unit and
    year is left as it is; returns (needs created, competencies already proposed)."""
    unit = scope.unit
    if unit is None or unit.agency_id != proposed_by.agency_id:
        raise Refused(_("Unit kerja harus berada di instansi Anda."))
    chosen = {int(pk) for pk in competency_ids}
    rows = [row for row in gap_needs(scope, year=year) if row.competency.pk in chosen]
    if not rows:
        raise Refused(_("Pilih kompetensi yang memiliki pegawai di bawah standar."))
    today = date_format(timezone.localdate(), "j F Y")
    created, skipped = [], []
    for row in rows:
        if row.existing is not None:
            skipped.append(row)
            continue
        created.append(
            TrainingNeed.objects.create(
                agency_id=proposed_by.agency_id,
                unit=unit,
                proposed_by=proposed_by,
                year=year,
                competency=row.competency.name,
                competency_ref=row.competency,
                target_group=row.target_group,
                participants=row.employees,
                priority=row.priority,
                reason=_(
                    "Kesenjangan kompetensi %(code)s: %(n)s pegawai di bawah standar, "
                    "jumlah kesenjangan %(levels)s level, rata-rata %(average)s level "
                    "per pegawai (penilaian per %(date)s)."
                )
                % {
                    "code": row.competency.code,
                    "n": number(row.employees),
                    "levels": number(row.levels),
                    "average": number(row.average, 2),
                    "date": today,
                },
            )
        )
    return created, skipped


@transaction.atomic
def decline_need(*, need: TrainingNeed, declined_by: Employee) -> TrainingNeed:
    """HR consolidates: a need the plan will not take up; its proposer is told."""
    need = TrainingNeed.objects.select_for_update().get(pk=need.pk)
    if need.agency_id != declined_by.agency_id:
        raise Refused(_("Kebutuhan berasal dari instansi lain."))
    if need.status != TrainingNeed.Status.PROPOSED:
        raise Refused(
            _("Kebutuhan ini sudah diproses (%(status)s).")
            % {"status": need.get_status_display()}
        )
    need.status = TrainingNeed.Status.DECLINED
    need.save(update_fields=["status", "updated_at"])
    if need.proposed_by.user_id:
        notify(
            recipient=need.proposed_by.user,
            kind="training.need",
            obj=need,
            step="declined",
            title=_("Usulan kebutuhan %(competency)s tidak diakomodasi tahun %(year)s")
            % {"competency": need.competency, "year": need.year},
            url=reverse("training:need_list"),
        )
    return need


@transaction.atomic
def add_planned_program(*, plan: DevelopmentPlan, needs=(), **fields) -> PlannedProgram:
    """Put a program in the plan; the needs it answers are marked as planned."""
    _check_needs(plan, needs)
    item = PlannedProgram.objects.create(plan=plan, **fields)
    _answer_needs(item, needs)
    return item


@transaction.atomic
def correct_planned_program(
    *, item: PlannedProgram, needs, reason: str
) -> PlannedProgram:
    """HR corrects a program of the plan (the form has set its fields); needs no
    longer answered by it are open again for the plan."""
    _check_needs(item.plan, needs)
    save_correction(item, reason=reason)
    _reopen_needs(item.needs.exclude(pk__in=[n.pk for n in needs]))
    _answer_needs(item, needs)
    return item


@transaction.atomic
def delete_planned_program(*, item: PlannedProgram, reason: str) -> None:
    """Remove a program typed into the plan by mistake; its needs are open again."""
    _reopen_needs(item.needs.all())
    delete_correction(item, reason=reason)


def save_quota(*, item: PlannedProgram, unit, seats: int) -> None:
    """A unit's seats in a planned program; 0 takes the unit out of it."""
    if seats:
        item.quotas.update_or_create(unit=unit, defaults={"seats": seats})
    else:
        item.quotas.filter(unit=unit).delete()


def _check_needs(plan, needs) -> None:
    for need in needs:
        if need.agency_id != plan.agency_id:
            raise Refused(_("Kebutuhan berasal dari instansi lain."))


def _answer_needs(item, needs) -> None:
    TrainingNeed.objects.filter(pk__in=[n.pk for n in needs]).update(
        planned_program=item, status=TrainingNeed.Status.PLANNED
    )


def _reopen_needs(needs) -> None:
    needs.update(planned_program=None, status=TrainingNeed.Status.PROPOSED)


@transaction.atomic
def create_program_from_plan(
    *, item: PlannedProgram, jp: Decimal, delivery_mode: str, provider: str = ""
) -> Program:
    """Put a planned program into the catalogue (once)."""
    if item.program_id:
        return item.program
    program = Program.objects.create(
        agency_id=item.plan.agency_id,
        title=item.title,
        form=item.form,
        competency_area=item.competency_area,
        provider=provider or (item.partner.name if item.partner else ""),
        partner=item.partner,
        jp=jp,
        delivery_mode=delivery_mode,
    )
    item.program = program
    item.save(update_fields=["program", "updated_at"])
    return program
