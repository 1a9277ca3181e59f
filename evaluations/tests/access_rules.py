"""Who may open each evaluations URL (format: tests/access.py).

Each builder makes a fresh object of agency A's `member` (whose direct supervisor is
the `supervisor`) in the state where the action is possible, so "allowed" means the
action really succeeds and every other role is refused."""

import datetime
import itertools

from django.utils import timezone

from evaluations import services
from evaluations.tests.factories import (
    development_action,
    make_agreed_plan,
    make_period,
    make_rated,
    make_submitted,
)
from people.tests.factories import EmployeeFactory
from tests.access import ASN, HR, LEADER, LOGGED_IN, SUPERVISOR, Rule

_years = itertools.count()
OWN = frozenset({ASN, SUPERVISOR, HR, LEADER})  # the ASN, their supervisor, HR, leader


def _year():
    # A fresh year per object (one SKP per ASN and year); 60 distinct years are more
    # than one rule needs, and the plan form accepts years up to 2100.
    return 2030 + next(_years) % 60


def _period(org):
    return make_period(org["agency"], year=_year())


def _draft_plan(org):
    plan = services.create_plan(user=org["member"].user, year=_year())
    services.add_work_result(
        plan=plan,
        user=org["member"].user,
        description="Laporan",
        indicator="Tepat waktu",
        target="12",
    )
    return plan


def _organisation_rating(org):
    period = _period(org)
    record = services.record_organisation_rating(
        period=period,
        unit=None,
        rating="baik",
        source="LHE SAKIP",
        user=org["hr"].user,
    )
    return [record.pk]


def _finalised_period(org):
    period = _period(org)
    services.finalise_period_results(period=period, user=org["hr"].user)
    return [period.pk]


def _submitted_plan(org):
    plan = _draft_plan(org)
    return services.submit_plan(plan=plan, user=org["member"].user)


def _agreed_plan(org):
    return make_agreed_plan(org["member"], year=_year())


def _draft_assessment(org):
    period = _period(org)
    plan = make_agreed_plan(org["member"], year=period.year)
    return services.open_assessment(plan=plan, period=period, user=org["member"].user)


def _filled_assessment(org):
    assessment = _draft_assessment(org)
    services.save_realisation(
        assessment=assessment,
        user=org["member"].user,
        entries={
            pk: {"realisation": "Selesai"}
            for pk in assessment.plan.results.values_list("pk", flat=True)
        },
    )
    return assessment


def _submitted(org):
    return make_submitted(org["member"], _period(org))


def _rated(org, **kwargs):
    return make_rated(org["member"], _period(org), **kwargs)


def _with_head(org):
    supervisor = org["supervisor"]
    if supervisor.supervisor_id is None:
        supervisor.supervisor = EmployeeFactory(
            agency=org["agency"], unit=org["unit"], jabatan_name="Kepala Bidang"
        )
        supervisor.save()


def _rated_with_head(org):
    _with_head(org)
    return _rated(org)


def _objected(org):
    assessment = _rated_with_head(org)
    services.file_objection(
        assessment=assessment, user=org["member"].user, reason="Keberatan"
    )
    return assessment


def _final_sangat_baik(org):
    assessment = _rated(org, hasil="diatas", perilaku="diatas")
    return services.acknowledge_assessment(
        assessment=assessment, user=org["member"].user
    )


def _pk(builder):
    return lambda org: [builder(org).pk]


def _rating_data(org):
    # The data for the assessment the args builder made last for this org.
    from evaluations.models import Assessment
    from evaluations.rules import BerAkhlak

    assessment = Assessment.objects.filter(employee=org["member"]).latest("pk")
    data = {f"value_{v}": "sesuai" for v in BerAkhlak.values}
    data |= {
        f"result_{pk}": "sesuai"
        for pk in assessment.plan.results.values_list("pk", flat=True)
    }
    return data | {
        "hasil_kerja": "sesuai",
        "perilaku_kerja": "sesuai",
        "feedback": "Baik",
    }


def _realisation_data(org):
    from evaluations.models import Assessment

    assessment = Assessment.objects.filter(employee=org["member"]).latest("pk")
    return {
        f"realisation_{pk}": "Tercapai"
        for pk in assessment.plan.results.values_list("pk", flat=True)
    }


def _feedback_data(org):
    from evaluations.models import PerformancePlan

    plan = PerformancePlan.objects.filter(employee=org["member"]).latest("pk")
    return {
        "date": timezone.localdate().isoformat(),
        "target": f"r{plan.results.first().pk}",
        "note": "Laporan tepat waktu",
    }


def _open_args(org):
    period = _period(org)
    plan = make_agreed_plan(org["member"], year=period.year)
    return [plan.pk, period.pk]


def _result_of_draft(org):
    return [_draft_plan(org).results.first().pk]


def _asked_360(org, *, invite=None):
    assessment = _submitted(org)
    feedback_request = services.request_feedback360(
        assessment=assessment,
        user=org["supervisor"].user,
        deadline=timezone.localdate() + datetime.timedelta(days=3),
    )
    if invite is not None:
        services.invite_to_feedback360(
            feedback_request=feedback_request,
            user=org["supervisor"].user,
            respondent=org[invite],
            relation="rekan",
        )
    return feedback_request


def _answer_data(org):
    from evaluations.rules import BerAkhlak

    return {f"value_{v}": "sesuai" for v in BerAkhlak.values} | {"comment": "Baik"}


def _evidence(org):
    from django.core.files.base import ContentFile

    assessment = _submitted(org)
    row = assessment.results.first()
    row.evidence_file.save(
        "bukti.pdf", ContentFile(b"%PDF-1.4 bukti\n%%EOF\n"), save=True
    )
    return [row.pk]


RULES = [
    Rule("evaluations:my", allowed=LOGGED_IN),
    Rule(
        "evaluations:plan_create",
        allowed=LOGGED_IN,
        method="POST",
        data=lambda org: {"year": _year()},
    ),
    Rule("evaluations:plan_detail", allowed=OWN, args=_pk(_draft_plan)),
    Rule(
        "evaluations:result_add",
        allowed=frozenset({ASN}),
        args=_pk(_draft_plan),
        method="POST",
        data=lambda org: {"description": "a", "indicator": "b", "target": "c"},
    ),
    Rule(
        "evaluations:result_delete",
        allowed=frozenset({ASN}),
        args=_result_of_draft,
        method="POST",
    ),
    Rule(
        "evaluations:plan_submit",
        allowed=frozenset({ASN}),
        args=_pk(_draft_plan),
        method="POST",
    ),
    Rule(
        "evaluations:plan_review",
        allowed=frozenset({SUPERVISOR}),
        args=_pk(_submitted_plan),
        method="POST",
        data=lambda org: {"decision": "agree", "comment": ""},
    ),
    Rule(
        "evaluations:feedback_add",
        allowed=frozenset({SUPERVISOR}),
        args=_pk(_agreed_plan),
        method="POST",
        data=_feedback_data,
    ),
    Rule(
        "evaluations:assessment_open",
        allowed=frozenset({ASN}),
        args=_open_args,
        method="POST",
    ),
    Rule("evaluations:assessment_detail", allowed=OWN, args=_pk(_submitted)),
    Rule(
        "evaluations:realisation_save",
        allowed=frozenset({ASN}),
        args=_pk(_draft_assessment),
        method="POST",
        data=_realisation_data,
    ),
    Rule(
        "evaluations:assessment_submit",
        allowed=frozenset({ASN}),
        args=_pk(_filled_assessment),
        method="POST",
    ),
    Rule(
        "evaluations:assessment_rate",
        allowed=frozenset({SUPERVISOR}),
        args=_pk(_submitted),
    ),
    Rule(
        "evaluations:assessment_rate",
        allowed=frozenset({SUPERVISOR}),
        args=_pk(_submitted),
        method="POST",
        data=_rating_data,
    ),
    Rule(
        "evaluations:assessment_acknowledge",
        allowed=frozenset({ASN}),
        args=_pk(_rated),
        method="POST",
    ),
    Rule(
        "evaluations:objection_file",
        allowed=frozenset({ASN}),
        args=_pk(_rated_with_head),
        method="POST",
        data=lambda org: {"reason": "Bukti belum dipertimbangkan"},
    ),
    # Only the supervisor's supervisor (or their Plt/Plh) decides, and none of the
    # matrix roles is that person here; test_views proves the head can, and
    # test_plt_plh their Plt.
    Rule(
        "evaluations:objection_decide",
        allowed=frozenset(),
        args=_pk(_objected),
        method="POST",
        data=lambda org: {"decision": "uphold", "note": "Tetap"},
    ),
    Rule(
        "evaluations:follow_up_save",
        allowed=frozenset({SUPERVISOR, HR}),
        args=_pk(_final_sangat_baik),
        method="POST",
        data=lambda org: {"summary": "Usul penghargaan"},
    ),
    # Marking an action nothing tracks as done: those who may follow up.
    Rule(
        "evaluations:follow_up_action_done",
        allowed=frozenset({SUPERVISOR, HR}),
        args=lambda org: [development_action(org, "coaching", period=_period(org)).pk],
        method="POST",
        data=lambda org: {"done": "1"},
    ),
    Rule("evaluations:assessment_pdf", allowed=OWN, args=_pk(_submitted)),
    # 360 input: asked by the supervisor (or their Plt/Plh) only; the assessment's
    # other viewers (the ASN, HR, the leader) read the result on its page.
    Rule(
        "evaluations:feedback360",
        allowed=frozenset({SUPERVISOR}),
        args=_pk(_submitted),
    ),
    Rule(
        "evaluations:feedback360",
        allowed=frozenset({SUPERVISOR}),
        args=_pk(_submitted),
        method="POST",
        data=lambda org: {
            "deadline": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
        },
    ),
    Rule(
        "evaluations:feedback360_invite",
        allowed=frozenset({SUPERVISOR}),
        args=lambda org: [_asked_360(org).assessment_id],
        method="POST",
        data=lambda org: {"respondent": org["outsider"].nip, "relation": "rekan"},
    ),
    Rule(
        "evaluations:feedback360_close",
        allowed=frozenset({SUPERVISOR}),
        args=lambda org: [_asked_360(org).assessment_id],
        method="POST",
    ),
    Rule("evaluations:feedback360_inbox", allowed=LOGGED_IN),
    # Only the colleague invited (HR staff here) answers; everyone else gets a 404.
    Rule(
        "evaluations:feedback360_answer",
        allowed=frozenset({HR}),
        args=lambda org: [_asked_360(org, invite="hr").pk],
    ),
    Rule(
        "evaluations:feedback360_answer",
        allowed=frozenset({HR}),
        args=lambda org: [_asked_360(org, invite="hr").pk],
        method="POST",
        data=_answer_data,
    ),
    Rule("evaluations:evidence_download", allowed=OWN, args=_evidence),
    Rule("evaluations:team", allowed=LOGGED_IN),
    Rule("evaluations:overview", allowed=frozenset({HR, LEADER})),
    Rule("evaluations:overview_xlsx", allowed=frozenset({HR, LEADER})),
    Rule("evaluations:talent_grid", allowed=frozenset({HR, LEADER})),
    Rule("evaluations:potential_list", allowed=frozenset({HR})),
    Rule(
        "evaluations:potential_list",
        allowed=frozenset({HR}),
        method="POST",
        data=lambda org: {
            "employee": org["member"].nip,
            "year": _year(),
            "score": 88,
        },
    ),
    Rule("evaluations:period_list", allowed=frozenset({HR})),
    Rule(
        "evaluations:period_list",
        allowed=frozenset({HR}),
        method="POST",
        data=lambda org: {"year": _year()},
    ),
    Rule("evaluations:period_edit", allowed=frozenset({HR}), args=_pk(_period)),
    Rule(
        "evaluations:organisation_ratings",
        allowed=frozenset({HR}),
        args=_pk(_period),
    ),
    Rule(
        "evaluations:organisation_ratings",
        allowed=frozenset({HR}),
        args=_pk(_period),
        method="POST",
        data=lambda org: {"rating": "baik", "source": "LHE SAKIP 2030"},
    ),
    Rule(
        "evaluations:organisation_rating_delete",
        allowed=frozenset({HR}),
        args=_organisation_rating,
    ),
    Rule(
        "evaluations:period_edit",
        allowed=frozenset({HR}),
        args=_pk(_period),
        method="POST",
        data=lambda org: {
            "name": "Triwulan I",
            "starts_on": "2030-01-01",
            "ends_on": "2030-03-31",
            "opens_on": "2030-03-15",
            "closes_on": "2030-04-15",
            "reason": "jadwal BKN berubah",
        },
    ),
    Rule("evaluations:period_history", allowed=frozenset({HR}), args=_pk(_period)),
    Rule("evaluations:period_finalise", allowed=frozenset({HR}), args=_pk(_period)),
    Rule(
        "evaluations:period_finalise",
        allowed=frozenset({HR}),
        args=_pk(_period),
        method="POST",
        data=lambda org: {"reason": ""},
    ),
    Rule(
        "evaluations:period_reopen",
        allowed=frozenset({HR}),
        args=_finalised_period,
        method="POST",
        data=lambda org: {"reason": "keberatan diputus"},
    ),
    Rule("evaluations:potential_import", allowed=frozenset({HR})),
    Rule("evaluations:potential_template", allowed=frozenset({HR})),
    Rule("evaluations:potential_grid", allowed=frozenset({HR})),
    Rule(
        "evaluations:potential_grid",
        allowed=frozenset({HR}),
        method="POST",
        data=lambda org: {},
    ),
    Rule("evaluations:settings", allowed=frozenset({HR})),
    Rule(
        "evaluations:settings",
        allowed=frozenset({HR}),
        method="POST",
        data=lambda org: {
            "frequency": "monthly",
            "potential_medium_from": 60,
            "potential_high_from": 80,
            "expected_sangat_baik": 10,
            "expected_baik": 70,
            "expected_butuh_perbaikan": 15,
            "expected_kurang": 3,
            "expected_sangat_kurang": 2,
            "reminder_days_before_close": 5,
        },
    ),
]
