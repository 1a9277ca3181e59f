"""How each app declares who may open each of its URLs.

Every app keeps `<app>/tests/access_rules.py` with a module-level `RULES` list; the
access-matrix test enumerates Django's URL resolver and fails for any URL name that no
rule declares. For each rule it logs in as every role of agency A and checks `allowed`,
and, for URLs that take an object, as the same roles of agency B on agency A's object
(which must be refused)."""

from collections.abc import Callable
from dataclasses import dataclass, field

ANONYMOUS = "anonymous"
ASN = "asn"  # an ASN with no team: the `member` of the org fixture
SUPERVISOR = "supervisor"
MENTOR = "mentor"
HR = "hr"
LEADER = "leader"
ALL_ROLES = frozenset({ANONYMOUS, ASN, SUPERVISOR, MENTOR, HR, LEADER})
LOGGED_IN = ALL_ROLES - {ANONYMOUS}


@dataclass(frozen=True)
class Rule:
    url_name: str  # "app:name"
    allowed: frozenset  # roles that may open it
    # Builds the URL's positional args from the `org` fixture dict of agency A,
    # creating the object the URL is about (e.g. lambda org: [make_session(org).pk]).
    args: Callable[[dict], list] | None = None
    method: str = "GET"
    # POST data for unsafe methods (the CSRF check posts without a token).
    data: Callable[[dict], dict] | None = None
    # Set when an object URL is public on purpose (e.g. a certificate verification).
    cross_agency_allowed: frozenset = field(default_factory=frozenset)
