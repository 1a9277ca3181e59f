import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from asn_portal.refusals import Refused
from notifications.models import Notification
from people.tests.factories import EmployeeFactory
from training.models import (
    Attendance,
    BudgetAllocation,
    Enrolment,
    FundingSource,
    JpCredit,
    PlannedProgram,
)
from training.rules import meets_completion_rule
from training.services import catalog as services
from training.tests.factories import (
    EnrolmentFactory,
    PlanFactory,
    SessionFactory,
    past_session_for,
    session_for,
)

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


def _notified(employee, kind="training.enrolment"):
    return Notification.objects.filter(recipient=employee.user, kind=kind)


def _approved(org, session, employee=None):
    employee = employee or org["member"]
    enrolment = services.apply_for_session(employee=employee, session=session)
    return services.approve_application(
        enrolment=enrolment, supervisor=employee.supervisor
    )


def _team_member(org):
    return EmployeeFactory(
        agency=org["agency"], unit=org["unit"], supervisor=org["supervisor"]
    )


def test_application_waits_for_the_supervisor_who_is_notified(org):
    session = session_for(org)
    enrolment = services.apply_for_session(employee=org["member"], session=session)
    assert enrolment.status == Status.APPLIED
    assert _notified(org["supervisor"], "training.application").count() == 1


def test_asn_without_supervisor_cannot_apply(org):
    session = session_for(org)
    with pytest.raises(Refused, match="atasan langsung"):
        services.apply_for_session(employee=org["outsider"], session=session)
    assert not Enrolment.objects.exists()


def test_applying_twice_is_refused(org):
    session = session_for(org)
    services.apply_for_session(employee=org["member"], session=session)
    with pytest.raises(Refused, match="sudah terdaftar di sesi ini"):
        services.apply_for_session(employee=org["member"], session=session)


def test_only_the_direct_supervisor_approves(org):
    session = session_for(org)
    enrolment = services.apply_for_session(employee=org["member"], session=session)
    with pytest.raises(Refused, match="Hanya atasan langsung"):
        services.approve_application(enrolment=enrolment, supervisor=org["hr"])
    enrolment.refresh_from_db()
    assert enrolment.status == Status.APPLIED
    services.approve_application(enrolment=enrolment, supervisor=org["supervisor"])
    enrolment.refresh_from_db()
    assert enrolment.status == Status.SUPERVISOR_APPROVED
    assert enrolment.approved_by == org["supervisor"]
    assert _notified(org["member"]).exists()


def test_confirmation_fills_seats_then_the_waiting_list(org):
    session = session_for(org, capacity=1)
    first = _approved(org, session)
    second = _approved(org, session, _team_member(org))
    third = _approved(org, session, _team_member(org))
    for enrolment in (first, second, third):
        services.confirm_enrolment(enrolment=enrolment, confirmed_by=org["hr"])
    statuses = {e.pk: (e.status, e.waitlist_position) for e in Enrolment.objects.all()}
    assert statuses[first.pk] == (Status.CONFIRMED, None)
    assert statuses[second.pk] == (Status.WAITLISTED, 1)
    assert statuses[third.pk] == (Status.WAITLISTED, 2)


def test_withdrawal_moves_the_first_waitlisted_up_and_tells_them(org):
    session = session_for(org, capacity=1)
    first = _approved(org, session)
    services.confirm_enrolment(enrolment=first, confirmed_by=org["hr"])
    waiting = _team_member(org)
    second = services.confirm_enrolment(
        enrolment=_approved(org, session, waiting), confirmed_by=org["hr"]
    )
    assert second.status == Status.WAITLISTED
    promoted = services.withdraw_enrolment(enrolment=first)
    assert promoted.pk == second.pk
    second.refresh_from_db()
    assert second.status == Status.CONFIRMED
    assert second.waitlist_position is None
    assert _notified(waiting).filter(step="promoted").count() == 1
    first.refresh_from_db()
    assert first.status == Status.WITHDRAWN


def test_withdrawing_from_a_pending_application_promotes_nobody(org):
    session = session_for(org, capacity=1)
    pending = services.apply_for_session(employee=org["member"], session=session)
    assert services.withdraw_enrolment(enrolment=pending) is None


def test_withdrawn_asn_may_apply_again(org):
    session = session_for(org)
    enrolment = services.apply_for_session(employee=org["member"], session=session)
    services.withdraw_enrolment(enrolment=enrolment)
    again = services.apply_for_session(employee=org["member"], session=session)
    assert again.pk == enrolment.pk
    assert again.status == Status.APPLIED


def test_clashing_dates_are_refused_naming_the_other_session(org):
    monday = datetime.date(2026, 12, 7)
    held = session_for(org, start_date=monday, name="Angkatan I")
    services.confirm_enrolment(enrolment=_approved(org, held), confirmed_by=org["hr"])
    overlapping = session_for(org, start_date=monday + datetime.timedelta(2))
    with pytest.raises(Refused) as refused:
        services.apply_for_session(employee=org["member"], session=overlapping)
    assert "Angkatan I" in refused.value.messages[0]
    assert "bentrok" in refused.value.messages[0]
    assert not overlapping.enrolments.exists()
    later = session_for(org, start_date=monday + datetime.timedelta(3))
    services.apply_for_session(employee=org["member"], session=later)


def test_a_pending_application_also_clashes(org):
    monday = datetime.date(2026, 12, 7)
    services.apply_for_session(
        employee=org["member"], session=session_for(org, start_date=monday)
    )
    with pytest.raises(Refused, match="bentrok"):
        services.nominate_participant(
            session=session_for(org, start_date=monday),
            employee=org["member"],
            nominated_by=org["hr"],
        )


def test_hr_cannot_nominate_outside_its_agency(org, other_org):
    with pytest.raises(Refused, match="bukan pegawai instansi"):
        services.nominate_participant(
            session=session_for(org),
            employee=other_org["member"],
            nominated_by=org["hr"],
        )
    assert not Enrolment.objects.exists()


def test_nominated_asn_is_confirmed_by_hr(org):
    enrolment = services.nominate_participant(
        session=session_for(org), employee=org["outsider"], nominated_by=org["hr"]
    )
    assert enrolment.status == Status.NOMINATED
    confirmed = services.confirm_enrolment(enrolment=enrolment, confirmed_by=org["hr"])
    assert confirmed.status == Status.CONFIRMED


def test_an_application_not_yet_approved_cannot_be_confirmed(org):
    enrolment = services.apply_for_session(
        employee=org["member"], session=session_for(org)
    )
    with pytest.raises(Refused, match="disetujui atasan"):
        services.confirm_enrolment(enrolment=enrolment, confirmed_by=org["hr"])


@pytest.mark.parametrize(
    ("present", "total", "minimum", "post_test", "score", "expected"),
    [
        (4, 5, 80, False, None, True),
        (3, 4, 80, False, None, False),
        (5, 5, 80, True, None, False),
        (5, 5, 80, True, Decimal("70"), True),
        (0, 0, 80, False, None, False),
        (1, 1, 100, False, None, True),
    ],
)
def test_completion_rule(present, total, minimum, post_test, score, expected):
    assert (
        meets_completion_rule(
            days_present=present,
            days_total=total,
            min_attendance_percent=minimum,
            requires_post_test=post_test,
            post_test_score=score,
        )
        is expected
    )


def test_completion_credits_jp_only_to_those_who_attended_enough(org):
    session = past_session_for(org, program__jp=Decimal("24"))  # three days
    diligent = EnrolmentFactory(session=session, employee=org["member"])
    absent = EnrolmentFactory(session=session, employee=org["outsider"])
    days = list(session.days.all())
    services.record_attendance(day=days[0], present_enrolment_ids={diligent.pk})
    services.record_attendance(
        day=days[1], present_enrolment_ids={diligent.pk, absent.pk}
    )
    services.record_attendance(day=days[2], present_enrolment_ids={diligent.pk})
    counts = services.complete_session(session=session)
    assert counts == {"completed": 1, "not_completed": 1}
    diligent.refresh_from_db()
    absent.refresh_from_db()
    assert diligent.status == Status.COMPLETED
    assert absent.status == Status.NOT_COMPLETED
    credit = JpCredit.objects.get()
    assert credit.employee == org["member"]
    assert credit.jp == Decimal("24")
    assert credit.source_key == f"training.enrolment:{diligent.pk}"
    assert credit.date == days[-1].date
    # Completing again changes nothing and credits nothing twice.
    assert services.complete_session(session=session) == {
        "completed": 0,
        "not_completed": 0,
    }
    assert JpCredit.objects.count() == 1


def test_post_test_is_required_when_the_program_says_so(org):
    session = past_session_for(org, program__requires_post_test=True)
    enrolment = EnrolmentFactory(session=session, employee=org["member"])
    for day in session.days.all():
        services.record_attendance(day=day, present_enrolment_ids={enrolment.pk})
    services.complete_session(session=session)
    enrolment.refresh_from_db()
    assert enrolment.status == Status.NOT_COMPLETED
    assert not JpCredit.objects.exists()


def test_attendance_can_be_corrected(org):
    session = session_for(org)
    enrolment = EnrolmentFactory(session=session, employee=org["member"])
    day = session.days.first()
    services.record_attendance(day=day, present_enrolment_ids={enrolment.pk})
    services.record_attendance(day=day, present_enrolment_ids=set())
    assert Attendance.objects.get().present is False


def test_attendance_for_someone_not_seated_is_refused(org):
    session = session_for(org)
    pending = EnrolmentFactory(
        session=session, employee=org["member"], status=Status.APPLIED
    )
    with pytest.raises(Refused):
        services.record_attendance(
            day=session.days.first(), present_enrolment_ids={pending.pk}
        )
    assert not Attendance.objects.exists()


def test_capacity_cannot_drop_below_seats_taken(org):
    session = session_for(org, capacity=2)
    EnrolmentFactory(session=session, employee=org["member"])
    EnrolmentFactory(session=session, employee=org["outsider"])
    with pytest.raises(Refused, match="2 kursi sudah terisi"):
        services.check_capacity_change(session=session, capacity=1)


def test_plan_budget_is_compared_per_source(org):
    plan = PlanFactory(agency=org["agency"])
    BudgetAllocation.objects.create(
        plan=plan, source=FundingSource.APBD, amount=Decimal("10000000")
    )
    BudgetAllocation.objects.create(
        plan=plan, source=FundingSource.PARTNER, amount=Decimal("5000000")
    )
    common = {"form": "teknis", "competency_area": "Keuangan"}
    PlannedProgram.objects.create(
        plan=plan,
        title="Bimtek SIPD",
        batches=2,
        participants_per_batch=30,
        cost_per_participant=Decimal("150000"),
        funding_source=FundingSource.APBD,
        **common,
    )
    PlannedProgram.objects.create(
        plan=plan,
        title="Seminar",
        batches=1,
        participants_per_batch=100,
        cost_per_participant=Decimal("60000"),
        funding_source=FundingSource.PARTNER,
        **common,
    )
    rows = {row["source"]: row for row in plan.budget_by_source()}
    assert rows["apbd"]["planned"] == Decimal("9000000")
    assert rows["apbd"]["exceeded"] is False
    assert rows["mitra"]["planned"] == Decimal("6000000")
    assert rows["mitra"]["exceeded"] is True
    assert rows["mitra"]["difference"] == Decimal("-1000000")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_confirmations_cannot_overbook(org):
    """Two HR clicks at the same moment on the last seat: one seat, one wait."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    session = session_for(org, capacity=1)
    enrolments = [
        _approved(org, session),
        _approved(org, session, _team_member(org)),
    ]
    barrier = threading.Barrier(2)
    errors = []

    def confirm(enrolment):
        from django.db import connections

        try:
            barrier.wait()
            services.confirm_enrolment(enrolment=enrolment, confirmed_by=org["hr"])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(e,)) for e in enrolments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    statuses = sorted(session.enrolments.values_list("status", flat=True))
    assert statuses == sorted([Status.CONFIRMED, Status.WAITLISTED])


def test_sessions_of_another_program_agency_are_refused(org, other_org):
    foreign = SessionFactory(program__agency=other_org["agency"])
    with pytest.raises(Refused, match="bukan milik instansi"):
        services.apply_for_session(employee=org["member"], session=foreign)


def test_session_days_are_kept_when_unchanged_after_attendance(org):
    session = session_for(org)
    enrolment = EnrolmentFactory(session=session, employee=org["member"])
    day = session.days.first()
    services.record_attendance(day=day, present_enrolment_ids={enrolment.pk})
    same = [(d.date, d.place) for d in session.days.all()]
    services.save_session_days(session=session, days=same)
    with pytest.raises(Refused, match="kehadiran sudah dicatat"):
        services.save_session_days(session=session, days=same[:1])
    assert session.days.count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_applications_on_the_same_dates_give_one(org):
    """One ASN, two overlapping sessions, two requests at the same moment: the
    employee row lock lets only one through; the other gets the clash message."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    monday = datetime.date(2026, 12, 7)
    sessions = [session_for(org, start_date=monday) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def apply(session):
        from django.db import connections

        try:
            barrier.wait()
            services.apply_for_session(employee=org["member"], session=session)
            outcomes.append("ok")
        except Refused as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=apply, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert "bentrok" in next(o for o in outcomes if o != "ok")
    assert Enrolment.objects.filter(employee=org["member"]).count() == 1


def _quota(org, session, *, unit, seats):
    from training.models import PlannedProgram, UnitQuota
    from training.tests.factories import PlanFactory

    plan = PlanFactory(agency=org["agency"], year=session.start_date.year)
    planned = PlannedProgram.objects.create(
        plan=plan,
        program=session.program,
        title=session.program.title,
        form="teknis",
        competency_area="Pelayanan",
        batches=1,
        participants_per_batch=30,
        cost_per_participant=0,
        funding_source="apbd",
    )
    return UnitQuota.objects.create(planned_program=planned, unit=unit, seats=seats)


def test_a_unit_quota_of_the_plan_limits_confirmed_seats(org):
    from people.tests.factories import EmployeeFactory, WorkUnitFactory

    session = session_for(org)
    seksi = WorkUnitFactory(agency=org["agency"], parent=org["unit"], code="Q-SEKSI")
    _quota(org, session, unit=org["unit"], seats=1)
    first = EnrolmentFactory(
        session=session, employee=org["member"], status=Status.NOMINATED
    )
    services.confirm_enrolment(enrolment=first, confirmed_by=org["hr"])
    # Someone of a unit below the quota's unit counts against the same quota.
    below = EmployeeFactory(agency=org["agency"], unit=seksi)
    second = EnrolmentFactory(session=session, employee=below, status=Status.NOMINATED)
    with pytest.raises(Refused, match="Kuota .* sudah terpenuhi"):
        services.confirm_enrolment(enrolment=second, confirmed_by=org["hr"])
    second.refresh_from_db()
    assert second.status == Status.NOMINATED


def test_a_unit_without_a_quota_is_not_limited(org):
    from people.tests.factories import WorkUnitFactory

    session = session_for(org)
    other_unit = WorkUnitFactory(agency=org["agency"], code="Q-LAIN")
    _quota(org, session, unit=other_unit, seats=0)
    enrolment = EnrolmentFactory(
        session=session, employee=org["member"], status=Status.NOMINATED
    )
    services.confirm_enrolment(enrolment=enrolment, confirmed_by=org["hr"])
    enrolment.refresh_from_db()
    assert enrolment.status == Status.CONFIRMED


def test_a_session_is_completed_from_its_last_day_on_not_before(org):
    upcoming = session_for(org)  # starts tomorrow
    enrolment = EnrolmentFactory(session=upcoming, employee=org["member"])
    with pytest.raises(Refused, match="mulai hari terakhirnya"):
        services.complete_session(session=upcoming)
    enrolment.refresh_from_db()
    assert enrolment.status == Status.CONFIRMED
    assert not JpCredit.objects.exists()

    today = timezone.localdate()
    last_day_today = session_for(
        org, start_date=today - datetime.timedelta(days=2), end_date=today
    )
    assert services.complete_session(session=last_day_today) == {
        "completed": 0,
        "not_completed": 0,
    }


def test_nobody_applies_to_a_session_that_is_over(org):
    over = past_session_for(org)
    with pytest.raises(Refused, match="tidak menerima pendaftaran"):
        services.apply_for_session(session=over, employee=org["member"])
