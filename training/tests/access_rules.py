"""Who may open each training URL (format in tests/access.py)."""

from decimal import Decimal

from tests.access import ASN, HR, LEADER, LOGGED_IN, SUPERVISOR, Rule
from training.models import Enrolment, FundingSource, PlannedProgram
from training.tests.factories import (
    EnrolmentFactory,
    NeedFactory,
    PartnerFactory,
    PlanFactory,
    ProgramFactory,
    session_for,
)

MANAGERS = frozenset({HR})
READERS = frozenset({HR, LEADER})


def _program(org):
    return [ProgramFactory(agency=org["agency"]).pk]


def _session(org):
    return [session_for(org).pk]


def _member_enrolment(status):
    def build(org):
        return [
            EnrolmentFactory(
                session=session_for(org), employee=org["member"], status=status
            ).pk
        ]

    return build


def _plan(org):
    return [PlanFactory(agency=org["agency"]).pk]


def _plan_item(org):
    item = PlannedProgram.objects.create(
        plan=PlanFactory(agency=org["agency"]),
        title="Bimtek SIPD",
        form="bimtek",
        competency_area="Keuangan daerah",
        batches=1,
        participants_per_batch=20,
        cost_per_participant=Decimal("100000"),
        funding_source=FundingSource.APBD,
    )
    return [item.pk]


RULES = [
    Rule("training:catalog", allowed=LOGGED_IN),
    Rule("training:program_detail", allowed=LOGGED_IN, args=_program),
    Rule("training:session_detail", allowed=LOGGED_IN, args=_session),
    Rule("training:session_apply", allowed=LOGGED_IN, args=_session, method="POST"),
    Rule(
        "training:enrolment_withdraw",
        allowed=frozenset({ASN, HR}),
        args=_member_enrolment(Enrolment.Status.CONFIRMED),
        method="POST",
    ),
    Rule("training:my_jp", allowed=LOGGED_IN),
    Rule("training:approvals", allowed=frozenset({SUPERVISOR})),
    Rule(
        "training:approval_decide",
        allowed=frozenset({SUPERVISOR}),
        args=_member_enrolment(Enrolment.Status.APPLIED),
        method="POST",
        data=lambda org: {"decision": "approve"},
    ),
    Rule("training:team_jp", allowed=frozenset({SUPERVISOR})),
    Rule("training:need_list", allowed=frozenset({SUPERVISOR, HR, LEADER})),
    Rule("training:need_create", allowed=frozenset({SUPERVISOR, HR})),
    Rule(
        "training:need_decline",
        allowed=MANAGERS,
        args=lambda org: [NeedFactory(proposed_by=org["supervisor"]).pk],
        method="POST",
    ),
    Rule("training:partner_list", allowed=READERS),
    Rule("training:partner_create", allowed=MANAGERS),
    Rule(
        "training:partner_detail",
        allowed=READERS,
        args=lambda org: [PartnerFactory(agency=org["agency"]).pk],
    ),
    Rule(
        "training:partner_detail",
        allowed=MANAGERS,
        args=lambda org: [PartnerFactory(agency=org["agency"]).pk],
        method="POST",
        data=lambda org: {"number": ""},
    ),
    Rule("training:plan_list", allowed=READERS),
    Rule("training:plan_create", allowed=MANAGERS),
    Rule("training:plan_detail", allowed=READERS, args=_plan),
    Rule(
        "training:allocation_save",
        allowed=MANAGERS,
        args=_plan,
        method="POST",
        data=lambda org: {"source": "apbd", "amount": "1000000"},
    ),
    Rule("training:planned_program_create", allowed=MANAGERS, args=_plan),
    Rule(
        "training:quota_save",
        allowed=MANAGERS,
        args=_plan_item,
        method="POST",
        data=lambda org: {"unit": org["unit"].pk, "seats": "5"},
    ),
    Rule(
        "training:program_from_plan",
        allowed=MANAGERS,
        args=_plan_item,
        method="POST",
        data=lambda org: {"jp": "24", "delivery_mode": "tatap_muka"},
    ),
    Rule("training:program_create", allowed=MANAGERS),
    Rule("training:program_edit", allowed=MANAGERS, args=_program),
    Rule("training:session_create", allowed=MANAGERS, args=_program),
    Rule("training:session_list", allowed=MANAGERS),
    Rule("training:session_edit", allowed=MANAGERS, args=_session),
    Rule(
        "training:session_nominate",
        allowed=MANAGERS,
        args=_session,
        method="POST",
        data=lambda org: {"nip": org["outsider"].nip},
    ),
    Rule("training:session_attendance", allowed=MANAGERS, args=_session),
    Rule("training:session_complete", allowed=MANAGERS, args=_session, method="POST"),
    Rule(
        "training:enrolment_decide",
        allowed=MANAGERS,
        args=_member_enrolment(Enrolment.Status.NOMINATED),
        method="POST",
        data=lambda org: {"decision": "confirm"},
    ),
    Rule("training:jp_below_target", allowed=READERS),
    Rule(
        "training:jp_below_target_nominate",
        allowed=MANAGERS,
        method="POST",
        data=lambda org: {"session": "", "employee": []},
    ),
]


# Questionnaires, results, certificates and internships.
from training.tests.access_rules_delivery import RULES as DELIVERY_RULES  # noqa: E402

RULES += DELIVERY_RULES
