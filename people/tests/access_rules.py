"""Who may open the people and notification pages and the site-wide ones.

Stand-in written with the access-matrix runner; the people branch owns this file."""

from notifications import services as notifications
from tests.access import ALL_ROLES, HR, LOGGED_IN, Rule


def _member(org):
    return [org["member"].pk]


def _notification_of_member(org):
    notification = notifications.notify(
        recipient=org["member"].user,
        kind="access-test",
        obj=org["member"],
        title="Pengingat",
    )
    return [notification.pk]


RULES = [
    Rule("home", allowed=LOGGED_IN),
    Rule("login", allowed=ALL_ROLES),
    Rule(
        "login",
        allowed=ALL_ROLES,
        method="POST",
        data=lambda org: {"username": "nobody", "password": "wrong"},
    ),
    Rule("logout", allowed=ALL_ROLES, method="POST"),
    Rule("password_change", allowed=LOGGED_IN),
    Rule(
        "password_change",
        allowed=LOGGED_IN,
        method="POST",
        data=lambda org: {"old_password": "salah", "new_password1": "x"},
    ),
    Rule("password_change_done", allowed=LOGGED_IN),
    Rule(
        "set_language",
        allowed=ALL_ROLES,
        method="POST",
        data=lambda org: {"language": "en", "next": "/"},
    ),
    Rule("people:employee_list", allowed=LOGGED_IN),
    # The member is in the supervisor's team; HR and the leader see the agency.
    Rule(
        "people:employee_detail",
        allowed=LOGGED_IN - {"mentor"},
        args=_member,
    ),
    Rule("people:employee_history", allowed=frozenset({HR}), args=_member),
    Rule("notifications:inbox", allowed=LOGGED_IN),
    Rule(
        "notifications:open",
        allowed=frozenset({"asn"}),
        args=_notification_of_member,
    ),
    Rule("notifications:read_all", allowed=LOGGED_IN, method="POST"),
]
