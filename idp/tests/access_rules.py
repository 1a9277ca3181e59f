"""Who may open each IDP URL (see tests/access.py for the format).

Everyone has their own plans; the member's plan is read by the member, their
supervisor, HR and leaders of the agency; only the member changes its activities and
submits it, only the supervisor decides, and either marks an activity done."""

from django.utils import timezone

from tests.access import ASN, HR, LEADER, LOGGED_IN, SUPERVISOR, Rule

READERS = frozenset({HR, LEADER, SUPERVISOR, ASN})


def _plan(org, status="disusun"):
    from idp.models import IndividualPlan, PlanActivity

    plan, _ = IndividualPlan.objects.get_or_create(
        employee=org["member"],
        year=timezone.localdate().year,
        defaults={"status": status},
    )
    activity, _ = PlanActivity.objects.get_or_create(
        plan=plan,
        description="Belajar mandiri kearsipan",
        defaults={"form": "belajar_mandiri", "quarter": 2, "planned_jp": 4},
    )
    return plan, activity


def _plan_pk(org):
    return [_plan(org)[0].pk]


def _submitted_pk(org):
    return [_plan(org, status="diajukan")[0].pk]


def _activity_pk(org):
    return [_plan(org)[1].pk]


def _agreed_activity_pk(org):
    return [_plan(org, status="disepakati")[1].pk]


RULES = [
    Rule("idp:mine", allowed=LOGGED_IN),
    Rule(
        "idp:mine",
        allowed=LOGGED_IN,
        method="POST",
        data=lambda org: {"year": str(timezone.localdate().year)},
    ),
    Rule("idp:list", allowed=LOGGED_IN),
    Rule("idp:detail", allowed=READERS, args=_plan_pk),
    Rule(
        "idp:detail",
        allowed=frozenset({ASN}),
        args=_plan_pk,
        method="POST",
        data=lambda org: {
            "form": "seminar",
            "description": "Seminar",
            "quarter": "3",
            "planned_jp": "2",
        },
    ),
    Rule("idp:submit", allowed=frozenset({ASN}), args=_plan_pk, method="POST"),
    Rule(
        "idp:decide",
        allowed=frozenset({SUPERVISOR}),
        args=_submitted_pk,
        method="POST",
        data=lambda org: {"decision": "agree"},
    ),
    Rule(
        "idp:activity_delete",
        allowed=frozenset({ASN}),
        args=_activity_pk,
        method="POST",
    ),
    Rule(
        "idp:activity_done",
        allowed=frozenset({ASN, SUPERVISOR}),
        args=_agreed_activity_pk,
        method="POST",
        data=lambda org: {"note": "sertifikat"},
    ),
]
