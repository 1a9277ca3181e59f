"""Who may open the API's URLs with a session (format: tests/access.py).

No role opens /api/v1/ by signing in: the API reads keys only (401 to every session,
test_access.py checks keys). HR manage their own agency's keys; the schema and its
docs page are public."""

import datetime

from django.utils import timezone

from tests.access import ALL_ROLES, HR, Rule

NOBODY = frozenset()


def _key(org):
    from api.tests.keys import make_key

    key, _secret = make_key(org)
    return [key.pk]


def _new_key(org):
    expires = timezone.localdate() + datetime.timedelta(days=90)
    return {"name": "LMS", "scopes": ["read_training"], "expires_on": expires}


def _employee_nip(org):
    return [org["member"].nip]


def _session_pk(org):
    from training.tests.factories import finished_session

    return [finished_session(org["agency"]).pk]


def _period_pk(org):
    from evaluations.tests.factories import make_period

    return [make_period(org["agency"]).pk]


RULES = [
    Rule("api_keys:list", allowed=frozenset({HR})),
    Rule("api_keys:create", allowed=frozenset({HR})),
    Rule("api_keys:create", allowed=frozenset({HR}), method="POST", data=_new_key),
    Rule("api_keys:revoke", allowed=frozenset({HR}), method="POST", args=_key),
    Rule("api_schema", allowed=ALL_ROLES),
    Rule("api_docs", allowed=ALL_ROLES),
    Rule("api:root", allowed=NOBODY),
    Rule("api:units", allowed=NOBODY),
    Rule("api:employees", allowed=NOBODY),
    Rule("api:employee_detail", allowed=NOBODY, args=_employee_nip),
    Rule("api:employee_jp", allowed=NOBODY, args=_employee_nip),
    Rule("api:jp_totals", allowed=NOBODY),
    Rule("api:certificate_verify", allowed=NOBODY),
    Rule("api:sessions", allowed=NOBODY),
    Rule("api:session_enrolments", allowed=NOBODY, args=_session_pk),
    Rule("api:evaluation_periods", allowed=NOBODY),
    Rule("api:period_results", allowed=NOBODY, args=_period_pk),
    Rule("api:talent_box", allowed=NOBODY, args=_period_pk),
    Rule("api:ikm", allowed=NOBODY),
    Rule("api:complaints", allowed=NOBODY),
    # A write too is refused to a session before its method counts (401): the API
    # reads no session, so it has no CSRF to check either (test_access.py POSTs).
    Rule("api:training_records", allowed=NOBODY),
    Rule("api:employee_batch", allowed=NOBODY),
]
