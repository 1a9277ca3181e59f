from agenda.models import new_feed
from tests.access import ALL_ROLES, LOGGED_IN, Rule

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
]
