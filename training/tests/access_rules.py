"""Who may open each training URL (format in tests/access.py)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from evaluations.tests.factories import development_action
from tests.access import ALL_ROLES, ASN, HR, LEADER, LOGGED_IN, SUPERVISOR, Rule
from training.models import (
    Enrolment,
    Expenditure,
    FundingSource,
    InternshipPlacement,
    PartnerAgreement,
    PlannedProgram,
    ResultsExport,
)
from training.tests.factories import (
    EnrolmentFactory,
    NeedFactory,
    PartnerFactory,
    PlanFactory,
    ProgramFactory,
    outside_learning,
    session_for,
)


def _results_export(org):
    session = _finished_session(org)
    return ResultsExport.objects.create(
        program=session.program, session=session, requested_by=org["hr"].user
    )


def _member_outside_learning(org):
    return [outside_learning(org["member"]).pk]


MANAGERS = frozenset({HR})
READERS = frozenset({HR, LEADER})


def _training_action(org):
    return [development_action(org, "training").pk]


def _nomination_data(org):
    return {"session": session_for(org).pk}


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


def _partner(org):
    return [PartnerFactory(agency=org["agency"]).pk]


def _agreement(org):
    agreement = PartnerAgreement.objects.create(
        partner=PartnerFactory(agency=org["agency"]),
        number="PKS/7/2026",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    return [agreement.pk]


def _expenditure(org):
    line = Expenditure.objects.create(
        plan=PlanFactory(agency=org["agency"]),
        source=FundingSource.APBD,
        amount=Decimal("500000"),
        spent_on=datetime.date(2027, 2, 1),
        description="Konsumsi rapat",
    )
    return [line.pk]


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
    # From a development follow-up: the ASN's supervisor or HR nominates them.
    Rule(
        "training:follow_up_nominate",
        allowed=frozenset({SUPERVISOR, HR}),
        args=_training_action,
    ),
    Rule(
        "training:follow_up_nominate",
        allowed=frozenset({SUPERVISOR, HR}),
        args=_training_action,
        method="POST",
        data=_nomination_data,
    ),
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
    Rule("training:outside_list", allowed=frozenset({SUPERVISOR, HR})),
    Rule("training:outside_create", allowed=LOGGED_IN),
    # The member's record: theirs, their supervisor's, and HR's and leaders' agency.
    Rule(
        "training:outside_detail",
        allowed=frozenset({ASN, SUPERVISOR, HR, LEADER}),
        args=_member_outside_learning,
    ),
    Rule(
        "training:outside_certificate",
        allowed=frozenset({ASN, SUPERVISOR, HR, LEADER}),
        args=_member_outside_learning,
    ),
    Rule(
        "training:outside_edit",
        allowed=frozenset({ASN}),
        args=_member_outside_learning,
    ),
    # Programmes for the member's competency gaps: whoever sees their competencies.
    Rule(
        "training:gap_programmes",
        allowed=frozenset({ASN, SUPERVISOR, HR, LEADER}),
        args=lambda org: [org["member"].pk],
    ),
    Rule("training:approvals", allowed=frozenset({SUPERVISOR})),
    Rule(
        "training:approval_decide",
        allowed=frozenset({SUPERVISOR}),
        args=_member_enrolment(Enrolment.Status.APPLIED),
        method="POST",
        data=lambda org: {"decision": "approve"},
    ),
    Rule(
        "training:approvals_bulk",
        allowed=frozenset({SUPERVISOR}),
        method="POST",
        data=lambda org: {"decision": "approve", "semua": "1"},
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
    Rule("training:gap_needs_unit", allowed=MANAGERS),
    Rule("training:gap_needs", allowed=MANAGERS, args=lambda org: [org["unit"].pk]),
    Rule(
        "training:gap_needs",
        allowed=MANAGERS,
        args=lambda org: [org["unit"].pk],
        method="POST",
        data=lambda org: {"year": "2027"},
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
    # Corrections of partners, agreements and the plan
    Rule("training:partner_edit", allowed=MANAGERS, args=_partner),
    Rule("training:partner_delete", allowed=MANAGERS, args=_partner),
    Rule(
        "training:partner_delete",
        allowed=MANAGERS,
        args=_partner,
        method="POST",
        data=lambda org: {"reason": "tercatat dua kali"},
    ),
    Rule("training:agreement_edit", allowed=MANAGERS, args=_agreement),
    Rule("training:agreement_delete", allowed=MANAGERS, args=_agreement),
    Rule("training:plan_edit", allowed=MANAGERS, args=_plan),
    Rule("training:plan_delete", allowed=MANAGERS, args=_plan),
    Rule("training:planned_program_edit", allowed=MANAGERS, args=_plan_item),
    Rule(
        "training:planned_program_edit",
        allowed=MANAGERS,
        args=_plan_item,
        method="POST",
        data=lambda org: {"title": "", "reason": ""},
    ),
    Rule("training:planned_program_delete", allowed=MANAGERS, args=_plan_item),
    Rule(
        "training:record_history",
        allowed=READERS,
        args=lambda org: ["mitra", PartnerFactory(agency=org["agency"]).pk],
    ),
    Rule(
        "training:record_history",
        allowed=READERS,
        args=lambda org: ["program-rencana", *_plan_item(org)],
    ),
    Rule("training:expenditure_create", allowed=MANAGERS, args=_plan),
    Rule("training:expenditure_edit", allowed=MANAGERS, args=_expenditure),
    Rule("training:expenditure_delete", allowed=MANAGERS, args=_expenditure),
    Rule(
        "training:record_history",
        allowed=READERS,
        args=lambda org: ["realisasi", *_expenditure(org)],
    ),
    Rule("training:program_create", allowed=MANAGERS),
    Rule("training:program_edit", allowed=MANAGERS, args=_program),
    Rule("training:session_create", allowed=MANAGERS, args=_program),
    Rule("training:session_list", allowed=MANAGERS),
    Rule("training:session_edit", allowed=MANAGERS, args=_session),
    Rule("training:session_delete", allowed=MANAGERS, args=_session),
    Rule("training:session_cancel", allowed=MANAGERS, args=_session),
    Rule(
        "training:session_cancel",
        allowed=MANAGERS,
        args=_session,
        method="POST",
        data=lambda org: {"reason": "Narasumber berhalangan"},
    ),
    Rule("training:program_delete", allowed=MANAGERS, args=_program),
    Rule(
        "training:record_history",
        allowed=READERS,
        args=lambda org: ["program", *_program(org)],
    ),
    Rule(
        "training:record_history",
        allowed=MANAGERS,
        args=lambda org: ["sesi", *_session(org)],
    ),
    Rule(
        "training:session_nominate",
        allowed=MANAGERS,
        args=_session,
        method="POST",
        data=lambda org: {"employee": org["outsider"].nip},
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
    Rule(
        "training:session_enrolments_bulk",
        allowed=MANAGERS,
        args=_session,
        method="POST",
        data=lambda org: {"decision": "confirm", "semua": "1"},
    ),
    Rule("training:jp_below_target", allowed=READERS),
    Rule(
        "training:jp_below_target_nominate",
        allowed=MANAGERS,
        method="POST",
        data=lambda org: {"session": "", "employee": []},
    ),
]


def _finished_session(org, **kwargs):
    from training.tests.factories import finished_session

    return finished_session(org["agency"], **kwargs)


def member_enrolment(org):
    from training.tests.factories import attended

    return attended(_finished_session(org), org["member"])


def member_enrolment_due_for_follow_up(org):
    from training.tests.factories import attended

    return attended(_finished_session(org, ended_days_ago=70), org["member"])


def member_certificate(org):
    from training.services.delivery import issue_certificate
    from training.tests.factories import EnrolmentFactory

    enrolment = EnrolmentFactory(
        session=_finished_session(org),
        employee=org["member"],
        status=Enrolment.Status.COMPLETED,
    )
    return issue_certificate(enrolment=enrolment)


def template(org):
    from training.services.delivery import ensure_default_template

    return ensure_default_template(agency=org["agency"])


def member_placement(org):
    today = timezone.localdate()
    return InternshipPlacement.objects.create(
        agency=org["agency"],
        employee=org["member"],
        title="Magang data",
        host_institution="Universitas Indonesia",
        host_supervisor_name="Dr. Ani",
        internal_supervisor=org["supervisor"],
        start_date=today - datetime.timedelta(days=5),
        end_date=today,
    )


def sign_token(org):
    from training.services.delivery import add_logbook_entry, logbook_sign_token

    entry = add_logbook_entry(
        placement=member_placement(org),
        date=timezone.localdate(),
        activities="Kegiatan",
    )
    return logbook_sign_token(entry)


# Questionnaires, results, certificates and internships.
RULES += [
    Rule(
        "training:questionnaire_answer",
        frozenset({ASN}),
        args=lambda org: [member_enrolment(org).pk],
    ),
    Rule("training:questionnaire_template_list", frozenset({HR})),
    Rule("training:questionnaire_template_create", frozenset({HR})),
    Rule(
        "training:questionnaire_template_edit",
        frozenset({HR}),
        args=lambda org: [template(org).pk],
    ),
    Rule(
        "training:session_template_set",
        frozenset({HR}),
        args=lambda org: [_finished_session(org).pk],
        method="POST",
        data=lambda org: {"template": template(org).pk},
    ),
    Rule(
        "training:session_results",
        frozenset({HR, LEADER}),
        args=lambda org: [_finished_session(org).pk],
    ),
    Rule(
        "training:session_results_export",
        frozenset({HR, LEADER}),
        args=lambda org: [_finished_session(org).pk],
    ),
    Rule(
        "training:program_results",
        frozenset({HR, LEADER}),
        args=lambda org: [_finished_session(org).program_id],
    ),
    Rule(
        "training:program_results_export",
        frozenset({HR, LEADER}),
        args=lambda org: [_finished_session(org).program_id],
    ),
    # POST asks for the file to be built in the background (a very large one).
    Rule(
        "training:session_results_export",
        frozenset({HR, LEADER}),
        method="POST",
        args=lambda org: [_finished_session(org).pk],
        data=lambda org: {},
    ),
    Rule(
        "training:program_results_export",
        frozenset({HR, LEADER}),
        method="POST",
        args=lambda org: [_finished_session(org).program_id],
        data=lambda org: {},
    ),
    # Only the one who asked for an export sees it.
    Rule(
        "training:results_export_detail",
        frozenset({HR}),
        args=lambda org: [_results_export(org).pk],
    ),
    Rule(
        "training:results_export_download",
        # Refused (404) for everyone until the file has been built.
        frozenset(),
        args=lambda org: [_results_export(org).pk],
    ),
    Rule("training:follow_up_list", LOGGED_IN),
    Rule(
        "training:follow_up_form",
        frozenset({SUPERVISOR}),
        args=lambda org: [member_enrolment_due_for_follow_up(org).pk],
    ),
    Rule("training:certificate_list", LOGGED_IN),
    Rule(
        "training:certificate_pdf",
        frozenset({ASN, HR}),
        args=lambda org: [member_certificate(org).pk],
    ),
    Rule("training:certificate_verify", ALL_ROLES),
    Rule(
        "training:certificate_verify_code",
        ALL_ROLES,
        args=lambda org: [member_certificate(org).code],
        cross_agency_allowed=ALL_ROLES,
    ),
    Rule("training:internship_list", LOGGED_IN),
    Rule("training:internship_create", frozenset({HR})),
    Rule(
        "training:internship_detail",
        frozenset({ASN, SUPERVISOR, HR}),
        args=lambda org: [member_placement(org).pk],
    ),
    Rule(
        "training:logbook_add",
        frozenset({ASN}),
        args=lambda org: [member_placement(org).pk],
        method="POST",
        data=lambda org: {
            "date": timezone.localdate().isoformat(),
            "activities": "Mempelajari SOP",
        },
    ),
    Rule(
        "training:internship_complete",
        frozenset({SUPERVISOR, HR}),
        args=lambda org: [member_placement(org).pk],
        method="POST",
        data=lambda org: {"final_score": 80, "final_evaluation": "Baik"},
    ),
    Rule(
        "training:logbook_send_links",
        frozenset({SUPERVISOR, HR}),
        args=lambda org: [member_placement(org).pk],
        method="POST",
    ),
    Rule(
        "training:logbook_sign",
        ALL_ROLES,
        args=lambda org: [sign_token(org)],
        cross_agency_allowed=ALL_ROLES,
    ),
]
