"""Who may open each delivery URL (merged into training/tests/access_rules.py)."""

import datetime

from django.utils import timezone

from tests.access import ALL_ROLES, ASN, HR, LEADER, LOGGED_IN, SUPERVISOR, Rule
from training.models import Enrolment, InternshipPlacement


def _session(org, **kwargs):
    from training.tests.factories_delivery import finished_session

    return finished_session(org["agency"], **kwargs)


def member_enrolment(org):
    from training.tests.factories_delivery import attended

    return attended(_session(org), org["member"])


def member_enrolment_due_for_follow_up(org):
    from training.tests.factories_delivery import attended

    return attended(_session(org, ended_days_ago=70), org["member"])


def member_certificate(org):
    from training.delivery_services import issue_certificate
    from training.tests.factories_delivery import EnrolmentFactory

    enrolment = EnrolmentFactory(
        session=_session(org),
        employee=org["member"],
        status=Enrolment.Status.COMPLETED,
    )
    return issue_certificate(enrolment=enrolment)


def template(org):
    from training.delivery_services import ensure_default_template

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
    from training.delivery_services import add_logbook_entry, logbook_sign_token

    entry = add_logbook_entry(
        placement=member_placement(org),
        date=timezone.localdate(),
        activities="Kegiatan",
    )
    return logbook_sign_token(entry)


RULES = [
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
        args=lambda org: [_session(org).pk],
        method="POST",
        data=lambda org: {"template": template(org).pk},
    ),
    Rule(
        "training:session_results",
        frozenset({HR, LEADER}),
        args=lambda org: [_session(org).pk],
    ),
    Rule(
        "training:session_results_export",
        frozenset({HR, LEADER}),
        args=lambda org: [_session(org).pk],
    ),
    Rule(
        "training:program_results",
        frozenset({HR, LEADER}),
        args=lambda org: [_session(org).program_id],
    ),
    Rule(
        "training:program_results_export",
        frozenset({HR, LEADER}),
        args=lambda org: [_session(org).program_id],
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
