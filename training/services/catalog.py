"""Writes with side effects for sessions and enrolment: days, capacity, applying,
approval, nomination, confirmation, the waiting list, attendance and completion.
Each is one transaction; a refused action raises `Refused` with a message for the
user and changes nothing."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from asn_portal.corrections import save_correction
from asn_portal.refusals import Refused
from evaluations.models import ActionProgress, FollowUpAction
from evaluations.services import may_follow_up
from notifications.models import Notification
from notifications.services import notify, object_key_for
from people.delegation import ask_deciders, authority_over
from people.models import Employee
from training import rules
from training.models import (
    Attendance,
    Enrolment,
    Program,
    SessionDay,
    TrainingSession,
    UnitQuota,
)
from training.services.delivery import invite_to_questionnaire, issue_certificate
from training.services.ledger import credit_jp

Status = Enrolment.Status


def save_program(*, program: Program, competencies, reason: str = "") -> Program:
    """Save a programme (its fields already set) with the competencies it builds,
    which must be of the programme's own agency; a correction keeps `reason` in the
    programme's history."""
    if any(c.agency_id != program.agency_id for c in competencies):
        raise Refused(
            _("Kompetensi harus berasal dari kamus kompetensi instansi program ini."),
            field="competencies",
        )
    with transaction.atomic():
        if reason:
            save_correction(program, reason=reason)
        else:
            program.full_clean()
            program.save()
        program.competencies.set(competencies)
    return program


@transaction.atomic
def save_session_days(*, session: TrainingSession, days: list[tuple]) -> None:
    """Replace a session's meeting days [(date, place)], all within its dates."""
    for day, _place in days:
        if not session.start_date <= day <= session.end_date:
            raise Refused(
                _("Tanggal %(day)s berada di luar jadwal sesi.")
                % {"day": day.strftime("%d-%m-%Y")}
            )
    current = list(session.days.order_by("date").values_list("date", "place"))
    if current == sorted(days):
        return
    if Attendance.objects.filter(day__session=session).exists():
        raise Refused(
            _("Hari pelatihan tidak dapat diubah karena kehadiran sudah dicatat.")
        )
    session.days.all().delete()
    SessionDay.objects.bulk_create(
        [SessionDay(session=session, date=day, place=place) for day, place in days]
    )


def check_capacity_change(*, session: TrainingSession, capacity: int) -> None:
    taken = session.enrolments.holding_a_seat().count()
    if capacity < taken:
        raise Refused(
            _(
                "Kapasitas tidak dapat dikurangi menjadi %(capacity)s: "
                "%(taken)s kursi sudah terisi."
            )
            % {"capacity": capacity, "taken": taken}
        )


@transaction.atomic
def correct_session(*, session: TrainingSession, days, reason: str) -> TrainingSession:
    """HR corrects a session (the form has set its fields): never below the seats
    already taken; its days follow; the history keeps why."""
    check_capacity_change(session=session, capacity=session.capacity)
    save_session_days(session=session, days=days)
    return save_correction(session, reason=reason)


@transaction.atomic
def cancel_session(*, session: TrainingSession, reason: str) -> TrainingSession:
    """HR calls a session off; everyone who applied, was nominated, holds a seat or
    waits for one is told why. A finished session keeps its results."""
    if not (reason or "").strip():
        raise Refused(_("Tulis alasan pembatalan."), field="reason")
    session = _locked_session(session)
    if not session.can_be_cancelled:
        raise Refused(
            _("Sesi berstatus %(status)s tidak dapat dibatalkan.")
            % {"status": session.get_status_display()}
        )
    session.status = TrainingSession.Status.CANCELLED
    session._change_reason = reason.strip()[:100]
    session.save(update_fields=["status", "updated_at"])
    told = session.enrolments.filter(
        status__in=Enrolment.CLAIMING_STATUSES
    ).select_related("employee__user", "session__program")
    for enrolment in told:
        _tell_employee(
            enrolment,
            step="session-cancelled",
            title=_("Sesi %(session)s dibatalkan"),
            body=reason.strip(),
        )
    return session


# Enrolment --------------------------------------------------------------------


def _locked_session(session: TrainingSession) -> TrainingSession:
    """Lock the session row: capacity and clash checks of concurrent enrolments
    into this session run one after another."""
    return (
        TrainingSession.objects.select_for_update()
        .select_related("program")
        .get(pk=session.pk)
    )


def _lock_employee(employee: Employee) -> None:
    # Clash checks across sessions need the employee locked too: two applications
    # of one ASN to two overlapping sessions lock different session rows.
    Employee.objects.select_for_update().filter(pk=employee.pk).first()


def _check_clash(*, session: TrainingSession, employee: Employee) -> None:
    other = (
        Enrolment.objects.filter(
            employee=employee, status__in=Enrolment.CLAIMING_STATUSES
        )
        .exclude(session=session)
        .filter(
            session__start_date__lte=session.end_date,
            session__end_date__gte=session.start_date,
        )
        .select_related("session__program")
        .first()
    )
    if other is not None:
        raise Refused(
            _(
                "%(name)s sudah terdaftar di %(other)s (%(start)s – %(end)s) yang "
                "jadwalnya bentrok dengan sesi ini."
            )
            % {
                "name": employee.name,
                "other": other.session,
                "start": other.session.start_date.strftime("%d-%m-%Y"),
                "end": other.session.end_date.strftime("%d-%m-%Y"),
            }
        )


def _check_unit_quota(*, session: TrainingSession, enrolment: Enrolment) -> None:
    """The plan of the session's year may give the participant's unit (or a unit
    above it) a number of seats in this program; a unit without a quota has no
    limit. Seats are counted over all the program's sessions of that year."""
    # The unit and the units above it, read from its materialised path.
    lineage = [int(pk) for pk in enrolment.unit.path.strip("/").split("/") if pk]
    quota = (
        UnitQuota.objects.filter(
            planned_program__program_id=session.program_id,
            planned_program__plan__year=session.start_date.year,
            unit_id__in=lineage,
        )
        .select_related("unit")
        .order_by("-unit__path")
        .first()
    )
    if quota is None:
        return
    taken = (
        Enrolment.objects.holding_a_seat()
        .filter(
            session__program_id=session.program_id,
            session__start_date__year=session.start_date.year,
            unit__path__startswith=quota.unit.path,
        )
        .exclude(pk=enrolment.pk)
        .count()
    )
    if taken >= quota.seats:
        raise Refused(
            _(
                "Kuota %(unit)s untuk %(program)s tahun %(year)s sudah terpenuhi "
                "(%(seats)s kursi). Ubah kuota di rencana atau pilih peserta unit lain."
            )
            % {
                "unit": quota.unit.name,
                "program": session.program.title,
                "year": session.start_date.year,
                "seats": quota.seats,
            }
        )


def _check_open(session: TrainingSession) -> None:
    if not session.is_open_for_applications:
        raise Refused(
            _("Sesi %(session)s tidak menerima pendaftaran (status: %(status)s).")
            % {"session": session, "status": session.get_status_display()}
        )


def _new_or_reopened(*, session, employee, status, **fields) -> Enrolment:
    """One row per (session, employee): a withdrawn or rejected one is reopened."""
    existing = Enrolment.objects.filter(session=session, employee=employee).first()
    if existing is not None and existing.status not in (
        Status.WITHDRAWN,
        Status.REJECTED,
    ):
        raise Refused(
            _("%(name)s sudah terdaftar di sesi ini (%(status)s).")
            % {"name": employee.name, "status": existing.get_status_display()}
        )
    enrolment = existing or Enrolment(session=session, employee=employee)
    enrolment.unit_id = employee.unit_id
    enrolment.status = status
    enrolment.waitlist_position = None
    enrolment.approved_by = None
    enrolment.confirmed_by = None
    enrolment.nominated_by = None
    for name, value in fields.items():
        setattr(enrolment, name, value)
    enrolment.save()
    return enrolment


@transaction.atomic
def apply_for_session(*, employee: Employee, session: TrainingSession) -> Enrolment:
    """An ASN applies; their supervisor is asked to approve."""
    session = _locked_session(session)
    _lock_employee(employee)
    if session.program.agency_id != employee.agency_id:
        raise Refused(_("Sesi ini bukan milik instansi Anda."))
    _check_open(session)
    _check_clash(session=session, employee=employee)
    if employee.supervisor_id is None:
        raise Refused(
            _(
                "Anda belum memiliki atasan langsung di data kepegawaian; "
                "hubungi BKPSDM untuk didaftarkan."
            )
        )
    enrolment = _new_or_reopened(
        session=session, employee=employee, status=Status.APPLIED
    )
    ask_deciders(
        employee,
        kind="training.application",
        obj=enrolment,
        step=f"applied-{enrolment.updated_at:%Y%m%d%H%M%S%f}",
        title=_("%(name)s mendaftar %(session)s")
        % {"name": employee.name, "session": session},
        body=_("Mohon persetujuan Anda sebagai atasan langsung."),
        url=reverse("training:approvals"),
    )
    return enrolment


@transaction.atomic
def approve_application(
    *,
    enrolment: Enrolment,
    supervisor: Employee,
    approve: bool = True,
    reason: str = "",
) -> Enrolment:
    """The ASN's direct supervisor, or their Plt/Plh in force (recorded on the
    enrolment), approves (or, with a reason the ASN reads, rejects) the
    application; the supervisor's request notification is then read."""
    if not approve:
        require_reason(reason)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    delegation = authority_over(supervisor, enrolment.employee)
    if enrolment.status != Status.APPLIED:
        raise Refused(
            _("Pendaftaran ini sudah diproses (%(status)s).")
            % {"status": enrolment.get_status_display()}
        )
    enrolment.status = Status.SUPERVISOR_APPROVED if approve else Status.REJECTED
    enrolment.approved_by = supervisor
    enrolment.approval_delegation = delegation
    enrolment.refusal_reason = "" if approve else reason.strip()
    enrolment.save(
        update_fields=[
            "status",
            "approved_by",
            "approval_delegation",
            "refusal_reason",
            "updated_at",
        ]
    )
    _tell_employee(
        enrolment,
        step="approved" if approve else "rejected-by-supervisor",
        title=_("Atasan menyetujui pendaftaran Anda di %(session)s")
        if approve
        else _("Atasan tidak menyetujui pendaftaran Anda di %(session)s"),
        body=enrolment.refusal_reason,
    )
    asked = enrolment.employee.supervisor
    if asked is not None and asked.user_id:
        Notification.objects.filter(
            recipient_id=asked.user_id,
            kind="training.application",
            object_key=object_key_for(enrolment),
            read_at__isnull=True,
        ).update(read_at=timezone.now())
    return enrolment


@transaction.atomic
def nominate_participant(
    *, session: TrainingSession, employee: Employee, nominated_by: Employee
) -> Enrolment:
    """HR nominates an ASN of its agency; HR then confirms the seat."""
    session = _locked_session(session)
    _lock_employee(employee)
    agency_id = nominated_by.agency_id
    if employee.agency_id != agency_id or session.program.agency_id != agency_id:
        raise Refused(
            _("%(name)s bukan pegawai instansi penyelenggara sesi ini.")
            % {"name": employee.name}
        )
    _check_open(session)
    _check_clash(session=session, employee=employee)
    enrolment = _new_or_reopened(
        session=session,
        employee=employee,
        status=Status.NOMINATED,
        nominated_by=nominated_by,
    )
    _tell_employee(
        enrolment,
        step=f"nominated-{enrolment.updated_at:%Y%m%d%H%M%S%f}",
        title=_("Anda dinominasikan mengikuti %(session)s"),
    )
    return enrolment


@transaction.atomic
def nominate_for_follow_up(
    *, action: FollowUpAction, session: TrainingSession, user
) -> Enrolment:
    """A development follow-up's training action becomes a real nomination of the
    assessed ASN to a session of their agency, by HR or their supervisor; HR then
    confirms the seat as for any nomination. A full session is refused here, so that
    the action does not wait unseen on the waiting list. One live nomination per
    action: a refused or withdrawn one may be replaced."""
    assessment = action.follow_up.assessment
    employee = assessment.employee
    if not may_follow_up(assessment, user):
        raise Refused(_("Usulan pelatihan dibuat oleh atasan langsung atau BKPSDM."))
    if action.kind != FollowUpAction.Kind.TRAINING:
        raise Refused(_("Tindakan ini bukan usulan mengikuti pelatihan."))
    current = Enrolment.objects.filter(follow_up_action=action).first()
    if current is not None and current.follow_up_progress() not in (
        ActionProgress.REFUSED,
        ActionProgress.STOPPED,
    ):
        raise Refused(
            _("Tindakan ini sudah diusulkan ke %(session)s (%(status)s).")
            % {"session": current.session, "status": current.get_status_display()},
            field="session",
        )
    if session.program.agency_id != employee.agency_id:
        raise Refused(_("Sesi ini bukan milik instansi pegawai."), field="session")
    taken = session.enrolments.holding_a_seat().count()
    if taken >= session.capacity:
        raise Refused(
            _("Sesi %(session)s sudah penuh (%(capacity)s kursi terisi).")
            % {"session": session, "capacity": session.capacity},
            field="session",
        )
    if current is not None:
        Enrolment.objects.filter(pk=current.pk).update(follow_up_action=None)
    try:
        enrolment = nominate_participant(
            session=session, employee=employee, nominated_by=user.employee
        )
    except Refused as refused:
        raise Refused(refused.message, field="session") from refused
    enrolment.follow_up_action = action
    enrolment.save(update_fields=["follow_up_action", "updated_at"])
    return enrolment


@transaction.atomic
def confirm_enrolment(*, enrolment: Enrolment, confirmed_by: Employee) -> Enrolment:
    """HR confirms: a seat if one is free, else a place on the waiting list."""
    session = _locked_session(enrolment.session)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if session.program.agency_id != confirmed_by.agency_id:
        raise Refused(_("Sesi ini bukan milik instansi Anda."))
    if enrolment.status not in (Status.SUPERVISOR_APPROVED, Status.NOMINATED):
        raise Refused(
            _(
                "Hanya pendaftaran yang disetujui atasan atau nominasi yang dapat "
                "dikonfirmasi (status sekarang: %(status)s)."
            )
            % {"status": enrolment.get_status_display()}
        )
    _check_unit_quota(session=session, enrolment=enrolment)
    taken = session.enrolments.holding_a_seat().count()
    enrolment.confirmed_by = confirmed_by
    if taken < session.capacity:
        enrolment.status = Status.CONFIRMED
        title = _("Keikutsertaan Anda di %(session)s dikonfirmasi")
    else:
        last = session.enrolments.aggregate(last=Max("waitlist_position"))["last"]
        enrolment.status = Status.WAITLISTED
        enrolment.waitlist_position = (last or 0) + 1
        title = _("Sesi %(session)s penuh: Anda masuk daftar tunggu")
    enrolment.save()
    _tell_employee(enrolment, step=f"confirm-{enrolment.status}", title=title)
    return enrolment


@transaction.atomic
def reject_enrolment(
    *, enrolment: Enrolment, rejected_by: Employee, reason: str
) -> Enrolment:
    require_reason(reason)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status not in (*Enrolment.PENDING_STATUSES, Status.WAITLISTED):
        raise Refused(
            _("Pendaftaran berstatus %(status)s tidak dapat ditolak.")
            % {"status": enrolment.get_status_display()}
        )
    enrolment.status = Status.REJECTED
    enrolment.waitlist_position = None
    enrolment.refusal_reason = reason.strip()
    enrolment.save(
        update_fields=["status", "waitlist_position", "refusal_reason", "updated_at"]
    )
    _tell_employee(
        enrolment,
        step="rejected",
        title=_("Pendaftaran Anda di %(session)s ditolak"),
        body=enrolment.refusal_reason,
    )
    return enrolment


def require_reason(reason: str) -> None:
    """A refusal reaches the ASN with its reason: refused without one (checked once
    before a bulk refusal, too)."""
    if not (reason or "").strip():
        raise Refused(
            _("Tulis alasan penolakan; pegawai membacanya di pemberitahuan."),
            field="reason",
        )


@transaction.atomic
def withdraw_enrolment(*, enrolment: Enrolment) -> Enrolment | None:
    """The ASN (or HR for them) withdraws. A freed seat goes at once to the first
    on the waiting list, who is told; returns that promoted enrolment, if any."""
    session = _locked_session(enrolment.session)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status not in (
        *Enrolment.PENDING_STATUSES,
        Status.CONFIRMED,
        Status.WAITLISTED,
    ):
        raise Refused(
            _("Pendaftaran berstatus %(status)s tidak dapat dibatalkan.")
            % {"status": enrolment.get_status_display()}
        )
    freed_a_seat = enrolment.status == Status.CONFIRMED
    enrolment.status = Status.WITHDRAWN
    enrolment.waitlist_position = None
    enrolment.save(update_fields=["status", "waitlist_position", "updated_at"])
    if not freed_a_seat:
        return None
    return _promote_from_waitlist(session)


def _promote_from_waitlist(session: TrainingSession) -> Enrolment | None:
    if session.enrolments.holding_a_seat().count() >= session.capacity:
        return None
    first = (
        session.enrolments.select_for_update()
        .filter(status=Status.WAITLISTED)
        .order_by("waitlist_position", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = Status.CONFIRMED
    first.waitlist_position = None
    first.save(update_fields=["status", "waitlist_position", "updated_at"])
    _tell_employee(
        first,
        step="promoted",
        title=_("Ada kursi kosong: Anda kini terkonfirmasi di %(session)s"),
    )
    return first


def _tell_employee(
    enrolment: Enrolment, *, step: str, title: str, body: str = ""
) -> None:
    user = enrolment.employee.user
    if user is None:
        return
    notify(
        recipient=user,
        kind="training.enrolment",
        obj=enrolment,
        step=step,
        title=title % {"session": enrolment.session},
        body=body,
        url=enrolment.session.get_absolute_url(),
    )


# Attendance and completion ----------------------------------------------------


@transaction.atomic
def record_attendance(*, day: SessionDay, present_enrolment_ids: set[int]) -> int:
    """Mark every seated participant present or absent on one day."""
    seated = list(
        day.session.enrolments.filter(status=Status.CONFIRMED).values_list(
            "pk", flat=True
        )
    )
    unknown = set(present_enrolment_ids) - set(seated)
    if unknown:
        raise Refused(_("Ada peserta yang bukan peserta terkonfirmasi sesi ini."))
    existing = {
        a.enrolment_id: a
        for a in Attendance.objects.filter(day=day, enrolment_id__in=seated)
    }
    to_create, to_update = [], []
    for pk in seated:
        present = pk in present_enrolment_ids
        if pk in existing:
            row = existing[pk]
            if row.present != present:
                row.present = present
                to_update.append(row)
        else:
            to_create.append(Attendance(enrolment_id=pk, day=day, present=present))
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ["present"])
    return len(seated)


@transaction.atomic
def record_post_test_scores(
    *, session: TrainingSession, scores: dict[int, Decimal | None]
) -> int:
    """Post-test scores (0–100) of seated participants, keyed by enrolment id."""
    seated = set(
        session.enrolments.filter(status=Status.CONFIRMED).values_list("pk", flat=True)
    )
    if set(scores) - seated:
        raise Refused(_("Ada peserta yang bukan peserta terkonfirmasi sesi ini."))
    for score in scores.values():
        if score is not None and not Decimal(0) <= score <= Decimal(100):
            raise Refused(
                _("Nilai post-test harus antara 0 dan 100 (tertulis %(score)s).")
                % {"score": score}
            )
    rows = list(Enrolment.objects.filter(pk__in=scores))
    for row in rows:
        row.post_test_score = scores[row.pk]
    Enrolment.objects.bulk_update(rows, ["post_test_score"])
    return len(rows)


@transaction.atomic
def complete_session(*, session: TrainingSession) -> dict:
    """Apply the completion rule to every seated participant; credit JP to those
    who complete. Returns {"completed": n, "not_completed": m}."""
    session = _locked_session(session)
    if session.end_date > timezone.localdate():
        raise Refused(
            _("Sesi baru dapat diselesaikan mulai hari terakhirnya, %(date)s.")
            % {"date": date_format(session.end_date, "d-m-Y")}
        )
    program = session.program
    days_total = session.days.count()
    if days_total == 0:
        raise Refused(_("Sesi belum memiliki hari pelatihan."))
    enrolments = (
        session.enrolments.filter(status=Status.CONFIRMED)
        .select_related("employee")
        .annotate(
            days_present=Count("attendances", filter=Q(attendances__present=True))
        )
    )
    now = timezone.now()
    last_day = session.days.order_by("-date").values_list("date", flat=True).first()
    counts = {"completed": 0, "not_completed": 0}
    for enrolment in enrolments:
        passed = rules.meets_completion_rule(
            days_present=enrolment.days_present,
            days_total=days_total,
            min_attendance_percent=program.min_attendance_percent,
            requires_post_test=program.requires_post_test,
            post_test_score=enrolment.post_test_score,
        )
        enrolment.status = Status.COMPLETED if passed else Status.NOT_COMPLETED
        enrolment.completed_at = now
        enrolment.save(update_fields=["status", "completed_at", "updated_at"])
        if passed:
            credit_jp(
                employee=enrolment.employee,
                jp=program.jp,
                form=program.form,
                source_key=f"training.enrolment:{enrolment.pk}",
                on_date=last_day,
                description=str(session),
            )
            issue_certificate(enrolment=enrolment)
            counts["completed"] += 1
        else:
            counts["not_completed"] += 1
        _tell_employee(
            enrolment,
            step="completion",
            title=_("Anda dinyatakan lulus %(session)s")
            if passed
            else _("Anda belum memenuhi syarat kelulusan %(session)s"),
        )
    session.status = TrainingSession.Status.FINISHED
    session.save(update_fields=["status", "updated_at"])
    transaction.on_commit(lambda: invite_to_questionnaire(session=session))
    return counts
