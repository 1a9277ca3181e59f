"""The mentoring rules, through the services every page and task uses."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from asn_portal.refusals import Refused
from mentoring import services
from mentoring.models import MenteeRating, MentorAssessment, Pair, Session
from mentoring.tests.factories import (
    CompetencyAreaFactory,
    ProgramFactory,
    make_mentor,
    make_pair,
)
from people.tests.factories import EmployeeFactory, WorkUnitFactory
from training.models import DevelopmentForm, JpCredit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


@pytest.fixture
def program(org):
    return ProgramFactory(agency=org["agency"], name="Pengelolaan Keuangan Daerah")


@pytest.fixture
def pair(org, program):
    return make_pair(mentor=org["mentor"], mentee=org["member"], program=program)


def log(pair, by, **kwargs):
    values = {"date": TODAY, "duration_minutes": 90, "topic": "Penyusunan RKA"}
    values.update(kwargs)
    return services.log_session(pair=pair, by=by, **values)


# Pairing rules -------------------------------------------------------------------


def test_nobody_mentors_themselves(org, program):
    make_mentor(org["member"])
    with pytest.raises(Refused) as excinfo:
        make_pair(mentor=org["member"], mentee=org["member"], program=program)
    assert "membimbing dirinya" in messages_of(excinfo)
    assert "mentor" in excinfo.value.error_dict


def test_the_database_also_refuses_a_self_pair(org, program):
    with pytest.raises(IntegrityError), transaction.atomic():
        Pair.objects.create(
            program=program,
            mentor=org["member"],
            mentee=org["member"],
            start_date=TODAY,
            end_date=TODAY,
        )


def test_mentor_capacity_is_never_exceeded(org, program):
    make_mentor(org["supervisor"], capacity=1)
    make_pair(mentor=org["supervisor"], mentee=org["member"], program=program)
    with pytest.raises(Refused) as excinfo:
        make_pair(mentor=org["supervisor"], mentee=org["leader"], program=program)
    assert "Kapasitas mentor sudah penuh (1 dari 1 mentee aktif)" in messages_of(
        excinfo
    )


def test_ending_a_pair_frees_a_place(org, program):
    make_mentor(org["supervisor"], capacity=1)
    first = make_pair(mentor=org["supervisor"], mentee=org["member"], program=program)
    services.end_pair(pair=first)
    second = make_pair(mentor=org["supervisor"], mentee=org["leader"], program=program)
    assert second.status == Pair.Status.ACTIVE


def test_no_pair_across_agencies(org, other_org, program):
    make_mentor(other_org["hr"])
    with pytest.raises(Refused) as excinfo:
        make_pair(mentor=other_org["hr"], mentee=org["member"], program=program)
    assert "instansi yang sama" in messages_of(excinfo)


def test_only_a_named_mentor_can_be_paired(org, program):
    with pytest.raises(Refused) as excinfo:
        services.create_pair(
            program=program,
            mentor=org["leader"],
            mentee=org["member"],
            start_date=program.start_date,
            end_date=program.end_date,
        )
    assert "belum ditetapkan sebagai mentor" in messages_of(excinfo)


def test_one_active_mentor_per_mentee_and_program(org, pair, program):
    make_mentor(org["supervisor"])
    with pytest.raises(Refused) as excinfo:
        make_pair(mentor=org["supervisor"], mentee=org["member"], program=program)
    assert "sudah memiliki mentor aktif" in messages_of(excinfo)


def test_pair_period_stays_inside_the_program(org, program):
    make_mentor(org["supervisor"])
    with pytest.raises(Refused) as excinfo:
        make_pair(
            mentor=org["supervisor"],
            mentee=org["member"],
            program=program,
            end_date=program.end_date + datetime.timedelta(days=1),
        )
    assert "periode program" in messages_of(excinfo)


# Sessions ------------------------------------------------------------------------


def test_either_side_logs_and_the_other_is_notified(org, pair):
    session = log(pair, org["mentor"])
    assert session.status == Session.Status.PENDING
    assert (
        org["member"]
        .user.notifications.filter(kind="mentoring.session_logged")
        .exists()
    )
    log(pair, org["member"], topic="Belanja daerah")
    assert pair.sessions.count() == 2


def test_someone_outside_the_pair_cannot_log_a_session(org, pair):
    with pytest.raises(Refused) as excinfo:
        log(pair, org["hr"])
    assert "Hanya mentor atau mentee" in messages_of(excinfo)
    assert not pair.sessions.exists()


def test_a_session_cannot_be_in_the_future(org, pair):
    with pytest.raises(Refused) as excinfo:
        log(pair, org["mentor"], date=TODAY + datetime.timedelta(days=1))
    assert excinfo.value.error_dict["date"][0].messages == [
        "Tanggal sesi tidak boleh di masa depan."
    ]


def test_a_session_must_fall_in_the_pairs_period(org, pair):
    with pytest.raises(Refused) as excinfo:
        log(pair, org["mentor"], date=pair.start_date - datetime.timedelta(days=1))
    assert "periode pasangan" in messages_of(excinfo)


def test_confirming_credits_both_sides_once_by_duration(org, pair):
    session = log(pair, org["mentor"], duration_minutes=90)
    services.confirm_session(session=session, by=org["member"])
    credits = JpCredit.objects.filter(form=DevelopmentForm.MENTORING)
    assert {(c.employee_id, c.jp) for c in credits} == {
        (org["mentor"].pk, Decimal("2.00")),
        (org["member"].pk, Decimal("2.00")),
    }
    assert {c.source_key for c in credits} == {
        f"mentoring.session:{session.pk}:mentor",
        f"mentoring.session:{session.pk}:mentee",
    }
    assert all(c.year == TODAY.year and c.date == TODAY for c in credits)
    session.refresh_from_db()
    assert session.status == Session.Status.CONFIRMED
    assert session.jp == Decimal("2.00")
    assert session.confirmed_by == org["member"]


def test_agency_minutes_per_jp_is_used(org, pair):
    org["agency"].minutes_per_jp = 60
    org["agency"].save()
    pair.program.refresh_from_db()
    session = log(pair, org["member"], duration_minutes=90)
    services.confirm_session(session=session, by=org["mentor"])
    assert set(JpCredit.objects.values_list("jp", flat=True)) == {Decimal("1.50")}


def test_program_may_fix_jp_per_session(org, pair):
    pair.program.fixed_jp_per_session = Decimal("3")
    pair.program.save()
    session = log(pair, org["mentor"], duration_minutes=30)
    services.confirm_session(session=session, by=org["member"])
    assert set(JpCredit.objects.values_list("jp", flat=True)) == {Decimal("3.00")}


def test_the_logger_cannot_confirm_their_own_session(org, pair):
    session = log(pair, org["mentor"])
    with pytest.raises(Refused) as excinfo:
        services.confirm_session(session=session, by=org["mentor"])
    assert "pihak lain" in messages_of(excinfo)
    assert not JpCredit.objects.exists()


def test_an_outsider_cannot_confirm(org, pair):
    session = log(pair, org["mentor"])
    with pytest.raises(Refused):
        services.confirm_session(session=session, by=org["hr"])
    assert not JpCredit.objects.exists()


def test_confirming_twice_is_refused_and_credits_nothing_more(org, pair):
    session = log(pair, org["mentor"])
    services.confirm_session(session=session, by=org["member"])
    with pytest.raises(Refused) as excinfo:
        services.confirm_session(session=session, by=org["member"])
    assert "sudah dikonfirmasi" in messages_of(excinfo)
    assert JpCredit.objects.count() == 2


# Reviews -------------------------------------------------------------------------


def test_ratings_need_a_confirmed_session_first(org, pair):
    with pytest.raises(Refused) as excinfo:
        services.rate_pair(pair=pair, by=org["member"], phase="final", score=5)
    assert "setelah ada sesi yang dikonfirmasi" in messages_of(excinfo)


def test_only_the_mentee_rates_once_per_phase(org, pair):
    services.confirm_session(session=log(pair, org["mentor"]), by=org["member"])
    with pytest.raises(Refused):
        services.rate_pair(pair=pair, by=org["mentor"], phase="final", score=5)
    services.rate_pair(pair=pair, by=org["member"], phase="midway", score=4)
    services.rate_pair(pair=pair, by=org["member"], phase="final", score=5)
    with pytest.raises(Refused) as excinfo:
        services.rate_pair(pair=pair, by=org["member"], phase="final", score=3)
    assert "sudah diisi" in messages_of(excinfo)
    assert sorted(MenteeRating.objects.values_list("score", flat=True)) == [4, 5]


def test_only_the_mentor_writes_the_assessment(org, pair):
    services.confirm_session(session=log(pair, org["mentor"]), by=org["member"])
    with pytest.raises(Refused):
        services.write_mentor_assessment(
            pair=pair, by=org["member"], phase="final", text="Baik"
        )
    services.write_mentor_assessment(
        pair=pair, by=org["mentor"], phase="final", text="Mandiri menyusun RKA."
    )
    assert MentorAssessment.objects.get().text == "Mandiri menyusun RKA."


# Suggestions ---------------------------------------------------------------------


def test_suggestions_rank_by_area_seniority_capacity_and_place(org, other_org):
    area = CompetencyAreaFactory(agency=org["agency"], name="Keuangan")
    near_unit = WorkUnitFactory(agency=org["agency"], parent=org["unit"], code="SUB")
    far_unit = WorkUnitFactory(agency=org["agency"], code="FAR")
    senior_same_area = EmployeeFactory(
        agency=org["agency"], unit=near_unit, golongan="IV/b", name="Senior Keuangan"
    )
    junior_other_area = EmployeeFactory(
        agency=org["agency"], unit=far_unit, golongan="III/a", name="Junior Lain"
    )
    full = EmployeeFactory(agency=org["agency"], golongan="IV/e", name="Penuh")
    foreign = EmployeeFactory(agency=other_org["agency"], golongan="IV/e")
    make_mentor(senior_same_area, areas=[area])
    make_mentor(junior_other_area)
    make_mentor(full, capacity=1, areas=[area])
    make_mentor(foreign)
    make_pair(mentor=full, mentee=org["leader"])
    suggestions = services.suggest_mentors(mentee=org["member"], competency_area=area)
    names = [s.employee.name for s in suggestions]
    assert names[0] == "Senior Keuangan"
    assert "Junior Lain" in names
    assert "Penuh" not in names
    assert foreign.name not in names
    assert org["member"].name not in names
    top = suggestions[0]
    assert "Bidang kompetensi sama (Keuangan)" in top.reasons
    assert "Golongan lebih tinggi (IV/b dibanding III/a)" in top.reasons
    assert "Unit kerja berdekatan (satu unit induk)" in top.reasons


def test_suggestions_count_active_pairs_in_sql(org, django_assert_max_num_queries):
    for _ in range(8):
        mentor = EmployeeFactory(agency=org["agency"], golongan="IV/a")
        make_mentor(mentor, capacity=2)
        make_pair(
            mentor=mentor,
            mentee=EmployeeFactory(agency=org["agency"], unit=org["unit"]),
        )
    with django_assert_max_num_queries(3):
        suggestions = services.suggest_mentors(mentee=org["member"])
    assert len(suggestions) == 9  # the 8 new mentors and org["mentor"]
    assert all(s.active_pairs == 1 for s in suggestions)


# Exact JP: minutes summed per year, converted once ----------------------------------


def test_fifteen_hour_sessions_are_exactly_twenty_jp(org, pair):
    """15 × 60 minutes = 900 minutes = 20,00 JP (at 45 minutes a JP); rounding each
    session to 1,33 would make 19,95 and leave both below the 20 JP target."""
    from training.models.ledger import year_total

    for _ in range(15):
        session = log(pair, org["mentor"], duration_minutes=60)
        services.confirm_session(session=session, by=org["member"])
    assert year_total(org["member"], TODAY.year) == Decimal("20.00")
    assert year_total(org["mentor"], TODAY.year) == Decimal("20.00")
    from mentoring.models import mentoring_jp

    jp = mentoring_jp(org["member"], year=TODAY.year)
    assert (jp["total"], jp["as_mentee"], jp["as_mentor"]) == (
        Decimal("20.00"),
        Decimal("20.00"),
        Decimal("0.00"),
    )


def test_three_half_hour_sessions_are_two_jp_not_two_point_oh_one(org, pair):
    from training.models.ledger import year_total

    for _ in range(3):
        session = log(pair, org["mentor"], duration_minutes=30)
        services.confirm_session(session=session, by=org["member"])
    # Each line still reads 0,67 JP; the year reads 90 minutes = 2,00 JP.
    assert set(JpCredit.objects.values_list("jp", "minutes")) == {(Decimal("0.67"), 30)}
    assert year_total(org["member"], TODAY.year) == Decimal("2.00")


def test_a_fixed_jp_session_is_added_as_jp_beside_the_minutes(org, pair):
    """Fixed 3 JP + 2 × 30 minutes = 3,00 + 60/45 = 4,33 JP."""
    from training.models.ledger import year_total

    session = log(pair, org["mentor"], duration_minutes=30)
    services.confirm_session(session=session, by=org["member"])
    session = log(pair, org["mentor"], duration_minutes=30)
    services.confirm_session(session=session, by=org["member"])
    pair.program.fixed_jp_per_session = Decimal("3")
    pair.program.save()
    session = log(pair, org["mentor"], duration_minutes=30)
    services.confirm_session(session=session, by=org["member"])
    assert year_total(org["member"], TODAY.year) == Decimal("4.33")
