"""Who may open each mentoring URL (see tests/access.py for the format).

In agency A the conftest's mentor mentors the outsider; the builders below add a second
pair in the same program in which the ASN (`member`) is the mentee, so that "asn" is
the mentee role and "mentor" the mentor role of the object under test."""

from django.utils import timezone

from evaluations.tests.factories import development_action
from mentoring import services
from mentoring.models import MentorProfile, Pair
from mentoring.tests.factories import make_pair
from tests.access import ASN, HR, LEADER, LOGGED_IN, MENTOR, Rule


def _program(org):
    return org["mentor"].mentor_pairs.get(mentee=org["outsider"]).program


def member_pair(org) -> Pair:
    """The pair mentor → member (the ASN role is its mentee)."""
    pair = Pair.objects.filter(mentor=org["mentor"], mentee=org["member"]).first()
    return pair or make_pair(
        mentor=org["mentor"], mentee=org["member"], program=_program(org)
    )


def _session_logged_by_mentor(org):
    session = services.log_session(
        pair=member_pair(org),
        by=org["mentor"],
        date=timezone.localdate(),
        duration_minutes=60,
        topic="Penyusunan RKA",
    )
    return [session.pk]


def _goal(org):
    return services.add_goal(
        pair=member_pair(org), title="Menyusun RKA", milestones=["Draf", "Final"]
    )


RULES = [
    Rule("mentoring:my_pairs", allowed=LOGGED_IN),
    Rule("mentoring:program_list", allowed=frozenset({HR, LEADER})),
    Rule("mentoring:program_create", allowed=frozenset({HR})),
    Rule(
        "mentoring:program_detail",
        allowed=frozenset({HR, LEADER}),
        args=lambda org: [_program(org).pk],
    ),
    Rule(
        "mentoring:program_update",
        allowed=frozenset({HR}),
        args=lambda org: [_program(org).pk],
    ),
    Rule(
        "mentoring:pair_create",
        allowed=frozenset({HR}),
        args=lambda org: [_program(org).pk],
    ),
    # From a development follow-up's mentor action: pairs are HR's to make.
    Rule("mentoring:follow_up_waiting", allowed=frozenset({HR})),
    Rule(
        "mentoring:follow_up_pair",
        allowed=frozenset({HR}),
        args=lambda org: [development_action(org, "mentor").pk],
    ),
    Rule(
        "mentoring:follow_up_pair",
        allowed=frozenset({HR}),
        args=lambda org: [development_action(org, "mentor").pk],
        method="POST",
        data=lambda org: {
            "program": _program(org).pk,
            "mentor": org["mentor"].nip,
            "start_date": timezone.localdate().isoformat(),
            "end_date": timezone.localdate().isoformat(),
        },
    ),
    Rule("mentoring:mentor_list", allowed=frozenset({HR})),
    Rule("mentoring:mentor_create", allowed=frozenset({HR})),
    Rule(
        "mentoring:mentor_update",
        allowed=frozenset({HR}),
        args=lambda org: [MentorProfile.objects.get(employee=org["mentor"]).pk],
    ),
    Rule(
        "mentoring:competency_area_create",
        allowed=frozenset({HR}),
        method="POST",
        data=lambda org: {"name": "Perencanaan"},
    ),
    Rule(
        "mentoring:pair_detail",
        allowed=frozenset({HR, LEADER, MENTOR, ASN}),
        args=lambda org: [member_pair(org).pk],
    ),
    Rule(
        "mentoring:pair_end",
        allowed=frozenset({HR}),
        args=lambda org: [member_pair(org).pk],
        method="POST",
    ),
    Rule(
        "mentoring:goal_create",
        allowed=frozenset({HR, MENTOR, ASN}),
        args=lambda org: [member_pair(org).pk],
    ),
    Rule(
        "mentoring:session_create",
        allowed=frozenset({MENTOR, ASN}),
        args=lambda org: [member_pair(org).pk],
    ),
    Rule(
        "mentoring:rating_create",
        allowed=frozenset({ASN}),
        args=lambda org: [member_pair(org).pk],
    ),
    Rule(
        "mentoring:assessment_create",
        allowed=frozenset({MENTOR}),
        args=lambda org: [member_pair(org).pk],
    ),
    Rule(
        "mentoring:goal_status",
        allowed=frozenset({HR, MENTOR, ASN}),
        args=lambda org: [_goal(org).pk],
        method="POST",
        data=lambda org: {"status": "met"},
    ),
    Rule(
        "mentoring:milestone_toggle",
        allowed=frozenset({MENTOR, ASN}),
        args=lambda org: [_goal(org).milestones.first().pk],
        method="POST",
    ),
    Rule(
        "mentoring:session_confirm",
        allowed=frozenset({ASN}),
        args=_session_logged_by_mentor,
        method="POST",
    ),
]
