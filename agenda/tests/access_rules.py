from django.utils import timezone

from agenda.models import new_feed
from mentoring.services import log_session
from mentoring.tests.access_rules import member_pair
from tests.access import ALL_ROLES, ASN, HR, LEADER, LOGGED_IN, MENTOR, Rule


def _mentoring_session(org):
    """A session of the pair mentor → member (the ASN role is its mentee)."""
    session = log_session(
        pair=member_pair(org),
        by=org["mentor"],
        date=timezone.localdate(),
        duration_minutes=60,
        topic="Penyusunan RKA",
    )
    return [session.pk]


def _training_session(org):
    from training.tests.factories import session_for

    return [session_for(org).pk]


RULES = [
    Rule("agenda:settings", allowed=LOGGED_IN),
    # The secret address is the access (a calendar app cannot log in): whoever
    # holds it reads that one person's calendar, from any agency or none.
    Rule(
        "agenda:feed",
        allowed=ALL_ROLES,
        args=lambda org: [new_feed(org["member"].user)],
        cross_agency_allowed=ALL_ROLES,
    ),
    # A training session's "add to calendar" file: whoever sees the session.
    Rule("agenda:training_session", allowed=LOGGED_IN, args=_training_session),
    # A mentoring session's "add to calendar" file: whoever sees its pair.
    Rule(
        "agenda:mentoring_session",
        allowed=frozenset({HR, LEADER, MENTOR, ASN}),
        args=_mentoring_session,
    ),
]
