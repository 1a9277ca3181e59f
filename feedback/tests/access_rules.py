"""Who may open each feedback URL (see tests/access.py for the format).

Public pages (survey, complaint, tracking) are open to everyone, and their object URLs
(a unit's public slug) are public on purpose, so cross-agency access is allowed. Unit
pages are scoped by ServiceUnit.visible_to / managed_by: HR of the agency manages,
leaders read; a plain ASN, supervisor or mentor sees no unit (404)."""

import itertools

from feedback import abuse, ikm
from tests.access import ALL_ROLES, HR, LEADER, LOGGED_IN, Rule


def service_unit(org):
    from feedback.models import ServiceUnit

    unit, _ = ServiceUnit.objects.get_or_create(
        slug=f"loket-{org['agency'].code}",
        defaults={"work_unit": org["unit"], "name": f"Loket {org['agency'].code}"},
    )
    return unit


_numbers = itertools.count(1)


def complaint(org):
    from feedback import services

    made, _code, _ = services.submit_complaint(
        service_unit=service_unit(org),
        description=f"Pelayanan lambat sekali ({next(_numbers)}).",
    )
    return made


def answered_complaint(org):
    from feedback import services

    made = complaint(org)
    services.verify_complaint(complaint=made, actor=None, accept=True)
    services.answer_complaint(complaint=made, actor=None, answer="Sudah ditangani.")
    return made


def answered_code_post(org):
    from feedback import services

    made, code, _ = services.submit_complaint(
        service_unit=service_unit(org),
        description=f"Antrean panjang ({next(_numbers)}).",
    )
    services.verify_complaint(complaint=made, actor=None, accept=True)
    services.answer_complaint(complaint=made, actor=None, answer="Loket ditambah.")
    return {"code": code, "rating": 4}


def follow_up(org):
    from feedback.models import FollowUpPlan

    return FollowUpPlan.objects.create(
        service_unit=service_unit(org),
        period_start="2026-01-01",
        period_end="2026-12-31",
        unsur="U5",
        action="Antrean daring",
        due="Maret 2027",
        responsible="Kepala unit",
    )


def survey_post(org):
    data = dict.fromkeys(ikm.UNSUR_CODES, "4")
    data.update(
        token=abuse.new_form_token(),
        gender="P",
        age="30",
        education="S1",
        occupation="SWASTA",
        service_name="KTP",
    )
    return data


def complaint_post(org):
    return {
        "token": abuse.new_form_token(),
        "kind": "saran",
        "description": "Mohon tambah loket di hari Senin.",
    }


STAFF = frozenset({HR, LEADER})
MANAGERS = frozenset({HR})

RULES = [
    Rule("feedback:public_index", ALL_ROLES),
    Rule(
        "feedback:survey",
        ALL_ROLES,
        args=lambda org: [service_unit(org).slug],
        cross_agency_allowed=ALL_ROLES,
    ),
    Rule(
        "feedback:survey",
        ALL_ROLES,
        args=lambda org: [service_unit(org).slug],
        method="POST",
        data=survey_post,
        cross_agency_allowed=ALL_ROLES,
    ),
    Rule(
        "feedback:survey_thanks",
        ALL_ROLES,
        args=lambda org: [service_unit(org).slug],
        cross_agency_allowed=ALL_ROLES,
    ),
    Rule(
        "feedback:complaint_new",
        ALL_ROLES,
        args=lambda org: [service_unit(org).slug],
        cross_agency_allowed=ALL_ROLES,
    ),
    Rule(
        "feedback:complaint_new",
        ALL_ROLES,
        args=lambda org: [service_unit(org).slug],
        method="POST",
        data=complaint_post,
        cross_agency_allowed=ALL_ROLES,
    ),
    Rule("feedback:complaint_sent", ALL_ROLES),
    Rule(
        "feedback:public_results",
        ALL_ROLES,
        args=lambda org: [service_unit(org).slug],
        cross_agency_allowed=ALL_ROLES,
    ),
    Rule("feedback:track", ALL_ROLES),
    Rule(
        "feedback:track",
        ALL_ROLES,
        method="POST",
        data=lambda org: {"code": "AAAA-BBBB-CCCC"},
    ),
    # Whoever holds a tracking code rates its answer (an unknown code is 404).
    Rule(
        "feedback:track_respond",
        ALL_ROLES,
        method="POST",
        data=answered_code_post,
        cross_agency_allowed=ALL_ROLES,
    ),
    # Lists show each user their own scope (empty for a plain ASN).
    Rule("feedback:unit_list", LOGGED_IN),
    Rule("feedback:unit_table_xlsx", LOGGED_IN),
    Rule("feedback:import_template", LOGGED_IN),
    Rule("feedback:complaint_list", LOGGED_IN),
    Rule("feedback:unit_report", STAFF, args=lambda org: [service_unit(org).pk]),
    # HR only (a permission of the HR group; leaders get 403, others 403).
    Rule("feedback:unit_create", MANAGERS),
    Rule("feedback:unit_edit", MANAGERS, args=lambda org: [service_unit(org).pk]),
    Rule("feedback:settings", MANAGERS),
    Rule(
        "feedback:unit_report_export",
        STAFF,
        args=lambda org: [service_unit(org).pk, "pdf"],
    ),
    Rule(
        "feedback:unit_report_export",
        STAFF,
        args=lambda org: [service_unit(org).pk, "xlsx"],
    ),
    Rule("feedback:unit_poster", STAFF, args=lambda org: [service_unit(org).pk]),
    Rule("feedback:unit_responses_csv", STAFF, args=lambda org: [service_unit(org).pk]),
    Rule(
        "feedback:work_unit_report",
        STAFF,
        args=lambda org: [service_unit(org).work_unit_id],
    ),
    Rule(
        "feedback:work_unit_report_export",
        STAFF,
        args=lambda org: [service_unit(org).work_unit_id, "pdf"],
    ),
    Rule("feedback:paper_entry", MANAGERS, args=lambda org: [service_unit(org).pk]),
    Rule("feedback:follow_up_plan", MANAGERS, args=lambda org: [service_unit(org).pk]),
    Rule(
        "feedback:follow_up_plan",
        MANAGERS,
        args=lambda org: [service_unit(org).pk],
        method="POST",
        data=lambda org: {
            "unsur": "U1",
            "action": "Papan persyaratan di loket",
            "due": "Januari 2027",
            "responsible": "Kepala loket",
            "status": "rencana",
        },
    ),
    Rule("feedback:follow_up_edit", MANAGERS, args=lambda org: [follow_up(org).pk]),
    Rule(
        "feedback:follow_up_delete",
        MANAGERS,
        args=lambda org: [follow_up(org).pk],
        method="POST",
        data=lambda org: {"confirmed": "1"},
    ),
    Rule("feedback:import", MANAGERS, args=lambda org: [service_unit(org).pk]),
    Rule("feedback:complaint_detail", STAFF, args=lambda org: [complaint(org).pk]),
    Rule(
        "feedback:complaint_verify",
        MANAGERS,
        args=lambda org: [complaint(org).pk],
        method="POST",
        data=lambda org: {"decision": "accept"},
    ),
    Rule(
        "feedback:complaint_assign",
        MANAGERS,
        args=lambda org: [complaint(org).pk],
        method="POST",
        data=lambda org: {"assignee": org["member"].nip},
    ),
    Rule(
        "feedback:complaint_answer",
        MANAGERS,
        args=lambda org: [complaint(org).pk],
        method="POST",
        data=lambda org: {"answer": "Terima kasih, sudah kami perbaiki."},
    ),
    Rule(
        "feedback:complaint_close",
        MANAGERS,
        args=lambda org: [answered_complaint(org).pk],
        method="POST",
        data=lambda org: {"note": ""},
    ),
    # A complaint without a photo is a 404 for everyone; scope is tested per view.
    Rule("feedback:complaint_photo", frozenset(), args=lambda org: [complaint(org).pk]),
]
