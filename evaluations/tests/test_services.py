"""The workflow through the services: who may do what, in which state, and that a
refusal changes nothing."""

import pytest
from django.utils import timezone

from asn_portal.refusals import Refused
from evaluations import services
from evaluations.models import (
    Assessment,
    FollowUp,
    Objection,
    PerformancePlan,
)
from evaluations.rules import BerAkhlak, Predikat, Rating
from evaluations.tests.factories import (
    make_agreed_plan,
    make_rated,
    make_submitted,
    rating_kwargs,
)

pytestmark = pytest.mark.django_db


def test_plan_is_drafted_sent_returned_and_agreed(org):
    member, supervisor = org["member"], org["supervisor"]
    plan = services.create_plan(user=member.user, year=2026)
    services.add_work_result(
        plan=plan,
        user=member.user,
        description="Laporan layanan kesehatan",
        indicator="Laporan tepat waktu",
        target="12 laporan",
    )
    services.submit_plan(plan=plan, user=member.user)
    assert plan.status == PerformancePlan.Status.SUBMITTED
    assert plan.appraiser == supervisor
    with pytest.raises(Refused, match="catatan"):
        services.review_plan(plan=plan, user=supervisor.user, agree=False)
    services.review_plan(
        plan=plan, user=supervisor.user, agree=False, comment="Target terukur"
    )
    assert plan.status == PerformancePlan.Status.RETURNED
    services.submit_plan(plan=plan, user=member.user)
    services.review_plan(plan=plan, user=supervisor.user, agree=True)
    plan.refresh_from_db()
    assert plan.status == PerformancePlan.Status.AGREED
    assert plan.history.count() >= 5
    with pytest.raises(Refused, match="tidak dapat diubah"):
        services.add_work_result(
            plan=plan, user=member.user, description="x", indicator="y", target="z"
        )


def test_work_result_may_support_the_supervisors_result(org):
    supervisor_plan = make_agreed_plan(org["supervisor"], year=2026)
    boss_result = supervisor_plan.results.first()
    plan = services.create_plan(user=org["member"].user, year=2026)
    result = services.add_work_result(
        plan=plan,
        user=org["member"].user,
        description="Data pendukung",
        indicator="Data lengkap",
        target="100%",
        supports=boss_result,
    )
    assert result.supports == boss_result
    foreign = make_agreed_plan(org["outsider"], year=2026).results.first()
    with pytest.raises(Refused, match="SKP atasan"):
        services.add_work_result(
            plan=plan,
            user=org["member"].user,
            description="x",
            indicator="y",
            target="z",
            supports=foreign,
        )


def test_only_the_direct_supervisor_reviews_a_plan(org):
    plan = services.create_plan(user=org["member"].user, year=2026)
    services.add_work_result(
        plan=plan, user=org["member"].user, description="a", indicator="b", target="c"
    )
    services.submit_plan(plan=plan, user=org["member"].user)
    for intruder in (org["outsider"], org["hr"], org["member"]):
        with pytest.raises(Refused):
            services.review_plan(plan=plan, user=intruder.user, agree=True)
    plan.refresh_from_db()
    assert plan.status == PerformancePlan.Status.SUBMITTED


def test_feedback_note_is_on_a_result_or_a_value(org):
    plan = make_agreed_plan(org["member"])
    result = plan.results.first()

    today = timezone.localdate()
    services.add_feedback_note(
        plan=plan,
        user=org["supervisor"].user,
        date=today,
        note="Baik",
        work_result=result,
    )
    services.add_feedback_note(
        plan=plan,
        user=org["supervisor"].user,
        date=today,
        note="Ramah melayani",
        value=BerAkhlak.BERORIENTASI_PELAYANAN,
    )
    with pytest.raises(Refused, match="Pilih satu"):
        services.add_feedback_note(
            plan=plan, user=org["supervisor"].user, date=today, note="?"
        )
    with pytest.raises(Refused, match="atasan langsung"):
        services.add_feedback_note(
            plan=plan,
            user=org["outsider"].user,
            date=today,
            note="x",
            value=BerAkhlak.LOYAL,
        )
    assert plan.feedback_notes.count() == 2


@pytest.mark.parametrize(
    ("hasil", "perilaku"),
    [(h, p) for h in Rating.values for p in Rating.values],
)
def test_rating_computes_the_predikat_from_the_matrix(org, period, hasil, perilaku):
    from evaluations import rules

    assessment = make_rated(org["member"], period, hasil=hasil, perilaku=perilaku)
    assessment.refresh_from_db()
    assert assessment.predikat == rules.predikat(hasil, perilaku)
    assert assessment.status == Assessment.Status.RATED
    assert assessment.rated_by == org["supervisor"]
    assert assessment.behaviour_ratings.count() == 7


def test_the_database_refuses_a_predikat_that_contradicts_the_matrix(org, period):
    from django.db import IntegrityError, transaction

    assessment = make_rated(org["member"], period)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(
            predikat=Predikat.SANGAT_BAIK
        )


def test_supervisor_cannot_rate_someone_outside_their_team(org, period):
    stranger = org["outsider"]
    stranger.supervisor = org["leader"]
    stranger.save()
    assessment = make_submitted(stranger, period)
    with pytest.raises(Refused, match="bukan anggota tim Anda"):
        services.rate_assessment(
            assessment=assessment,
            user=org["supervisor"].user,
            **rating_kwargs(assessment),
        )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.predikat == ""


def test_asn_cannot_rate_themselves(org, period):
    assessment = make_submitted(org["member"], period)
    with pytest.raises(Refused, match="diri sendiri"):
        services.rate_assessment(
            assessment=assessment, user=org["member"].user, **rating_kwargs(assessment)
        )
    assessment.refresh_from_db()
    assert assessment.predikat == ""


def test_hr_cannot_rate_either(org, period):
    assessment = make_submitted(org["member"], period)
    with pytest.raises(Refused, match="atasan langsung"):
        services.rate_assessment(
            assessment=assessment, user=org["hr"].user, **rating_kwargs(assessment)
        )


def test_every_result_and_value_must_be_rated(org, period):
    assessment = make_submitted(org["member"], period)
    kwargs = rating_kwargs(assessment)
    kwargs["value_ratings"].pop(BerAkhlak.LOYAL)
    with pytest.raises(Refused, match="ketujuh"):
        services.rate_assessment(
            assessment=assessment, user=org["supervisor"].user, **kwargs
        )


def test_realisation_cannot_be_submitted_empty(org, period):
    plan = make_agreed_plan(org["member"])
    assessment = services.open_assessment(
        plan=plan, period=period, user=org["member"].user
    )
    with pytest.raises(Refused, match="Isi realisasi"):
        services.submit_assessment(assessment=assessment, user=org["member"].user)


def test_acknowledged_result_is_final_for_everyone(org, period):
    assessment = make_rated(org["member"], period)
    services.acknowledge_assessment(assessment=assessment, user=org["member"].user)
    with pytest.raises(Refused, match="final"):
        services.save_realisation(
            assessment=assessment,
            user=org["member"].user,
            entries={},
        )
    with pytest.raises(Refused, match="final"):
        services.rate_assessment(
            assessment=assessment,
            user=org["supervisor"].user,
            **rating_kwargs(assessment, hasil=Rating.ABOVE, perilaku=Rating.ABOVE),
        )
    with pytest.raises(Refused):
        services.file_objection(
            assessment=assessment, user=org["member"].user, reason="Tidak setuju"
        )
    assessment.refresh_from_db()
    assert assessment.predikat == Predikat.BAIK


def test_objection_is_decided_by_the_supervisors_supervisor(org, period, head):
    assessment = make_rated(
        org["member"], period, hasil=Rating.MEETS, perilaku=Rating.BELOW
    )
    assert assessment.predikat == Predikat.KURANG
    services.file_objection(
        assessment=assessment, user=org["member"].user, reason="Bukti belum dilihat"
    )
    with pytest.raises(Refused, match="atasan dari pejabat penilai"):
        services.decide_objection(
            assessment=assessment,
            user=org["supervisor"].user,
            change=True,
            note="x",
            hasil_kerja=Rating.MEETS,
            perilaku_kerja=Rating.MEETS,
        )
    services.decide_objection(
        assessment=assessment,
        user=head.user,
        change=True,
        note="Bukti kehadiran lengkap",
        hasil_kerja=Rating.MEETS,
        perilaku_kerja=Rating.MEETS,
    )
    assessment.refresh_from_db()
    assert assessment.predikat == Predikat.BAIK
    assert assessment.status == Assessment.Status.DECIDED
    assert assessment.objection.decision == Objection.Decision.CHANGED
    # Every change of predikat is kept, with who made it.
    trail = list(
        assessment.history.order_by("history_date").values_list(
            "predikat", "history_user__username"
        )
    )
    assert (Predikat.KURANG, "a-supervisor") in trail
    assert trail[-1] == (Predikat.BAIK, "a-head")


def test_objection_without_a_second_level_supervisor_is_refused(org, period):
    assessment = make_rated(org["member"], period)
    with pytest.raises(Refused, match="belum tercatat"):
        services.file_objection(
            assessment=assessment, user=org["member"].user, reason="x"
        )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.RATED


def test_reward_recommendation_for_sangat_baik(org, period):
    assessment = make_rated(
        org["member"], period, hasil=Rating.ABOVE, perilaku=Rating.ABOVE
    )
    with pytest.raises(Refused, match="final"):
        services.save_follow_up(
            assessment=assessment,
            user=org["supervisor"].user,
            summary="x",
            review_date=None,
            actions=[],
        )
    services.acknowledge_assessment(assessment=assessment, user=org["member"].user)
    follow_up = services.save_follow_up(
        assessment=assessment,
        user=org["hr"].user,
        summary="Diusulkan penghargaan pegawai teladan",
        review_date=None,
        actions=[{"kind": "recognition", "description": "Piagam penghargaan"}],
    )
    assert follow_up.kind == "penghargaan"


def test_development_plan_needs_actions_and_a_review_date(org, period):
    import datetime

    assessment = make_rated(
        org["member"], period, hasil=Rating.BELOW, perilaku=Rating.MEETS
    )
    services.acknowledge_assessment(assessment=assessment, user=org["member"].user)
    with pytest.raises(Refused, match="minimal satu tindakan"):
        services.save_follow_up(
            assessment=assessment,
            user=org["supervisor"].user,
            summary="Pembinaan",
            review_date=datetime.date(2026, 12, 1),
            actions=[],
        )
    follow_up = services.save_follow_up(
        assessment=assessment,
        user=org["supervisor"].user,
        summary="Pembinaan kinerja tiga bulan",
        review_date=datetime.date(2026, 12, 1),
        actions=[
            {
                "kind": "training",
                "description": "Pelatihan penyusunan laporan",
                "link": "/pelatihan/program/7/",
            },
            {"kind": "mentor", "description": "Didampingi mentor senior"},
        ],
    )
    assert follow_up.kind == "pembinaan"
    assert follow_up.actions.count() == 2
    with pytest.raises(Refused, match="atasan langsung atau staf BKPSDM"):
        services.save_follow_up(
            assessment=assessment,
            user=org["member"].user,
            summary="x",
            review_date=None,
            actions=[],
        )
    assert FollowUp.objects.count() == 1


def test_baik_needs_no_follow_up(org, period):
    assessment = make_rated(org["member"], period)
    services.acknowledge_assessment(assessment=assessment, user=org["member"].user)
    with pytest.raises(Refused, match="tidak memerlukan"):
        services.save_follow_up(
            assessment=assessment,
            user=org["supervisor"].user,
            summary="x",
            review_date=None,
            actions=[],
        )


def test_potential_level_follows_the_agency_cutoffs(org):
    from evaluations.models import EvaluationSettings

    potential = services.record_potential(
        employee=org["member"], user=org["hr"].user, year=2026, score=80
    )
    assert potential.level == "menengah"
    EvaluationSettings.objects.create(
        agency=org["agency"], potential_medium_from=60, potential_high_from=75
    )
    potential = services.record_potential(
        employee=org["member"], user=org["hr"].user, year=2026, score=80
    )
    assert potential.level == "tinggi"
    with pytest.raises(Refused, match="BKPSDM"):
        services.record_potential(
            employee=org["member"], user=org["supervisor"].user, year=2026, score=90
        )


def test_potential_is_recorded_only_within_hr_agency(org, other_org):
    with pytest.raises(Refused):
        services.record_potential(
            employee=other_org["member"], user=org["hr"].user, year=2026, score=90
        )


def test_generate_periods_follows_the_agency_frequency(org):
    from evaluations.models import EvaluationPeriod, EvaluationSettings

    periods = services.generate_periods(agency=org["agency"], year=2026)
    kinds = [p.kind for p in periods]
    assert kinds.count("quarterly") == 4
    assert kinds.count("plan") == 1
    assert kinds.count("annual") == 1
    EvaluationSettings.objects.create(agency=org["agency"], frequency="monthly")
    services.generate_periods(agency=org["agency"], year=2027)
    assert EvaluationPeriod.objects.filter(year=2027, kind="monthly").count() == 12
    services.generate_periods(agency=org["agency"], year=2027)
    assert EvaluationPeriod.objects.filter(year=2027).count() == 14


def test_reward_cannot_carry_a_development_action(org, period):
    assessment = make_rated(
        org["member"], period, hasil=Rating.ABOVE, perilaku=Rating.ABOVE
    )
    services.acknowledge_assessment(assessment=assessment, user=org["member"].user)
    with pytest.raises(Refused, match="tidak sesuai"):
        services.save_follow_up(
            assessment=assessment,
            user=org["supervisor"].user,
            summary="x",
            review_date=None,
            actions=[{"kind": "mentor", "description": "Didampingi mentor"}],
        )
    assert not FollowUp.objects.exists()


def test_nomination_link_cannot_be_a_script(org, period):
    import datetime

    assessment = make_rated(
        org["member"], period, hasil=Rating.BELOW, perilaku=Rating.MEETS
    )
    services.acknowledge_assessment(assessment=assessment, user=org["member"].user)
    with pytest.raises(Refused, match="Tautan"):
        services.save_follow_up(
            assessment=assessment,
            user=org["supervisor"].user,
            summary="Pembinaan",
            review_date=datetime.date(2026, 12, 1),
            actions=[
                {
                    "kind": "training",
                    "description": "Pelatihan",
                    "link": "javascript:alert(1)",
                }
            ],
        )
    assert not FollowUp.objects.exists()
