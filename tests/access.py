"""How each app declares who may open each of its URLs.

Every app keeps `<app>/tests/access_rules.py` with a module-level `RULES` list; the
access-matrix test enumerates Django's URL resolver and fails for any URL name that no
rule declares. For each rule it logs in as every role of agency A and checks `allowed`,
and, for URLs that take an object, as the same roles of agency B on agency A's object
(which must be refused)."""

import importlib
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


def collect_rules() -> list[Rule]:
    """Every RULES list: each installed app's `tests/access_rules.py`, then the
    project's own `tests/access_rules.py` (URLs that belong to no app)."""
    from django.apps import apps

    modules = [f"{config.name}.tests.access_rules" for config in apps.get_app_configs()]
    modules.append("tests.access_rules")
    rules: list[Rule] = []
    for module_name in modules:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            # Only "this app has no rules file" is fine; a broken import is not.
            if error.name is None or not module_name.startswith(error.name):
                raise
            continue
        rules.extend(module.RULES)
    return rules


def declared_url_names() -> set[str]:
    return {rule.url_name for rule in collect_rules()}


def resolver_url_names(
    resolver=None, namespace: str = "", skip_namespaces=("admin",)
) -> tuple[set[str], list[str]]:
    """All URL names the resolver knows ("ns:name"), recursing into includes, and the
    patterns that have no name at all (which no rule could declare)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    resolver = resolver or get_resolver()
    names: set[str] = set()
    unnamed: list[str] = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            child = pattern.namespace
            if child in skip_namespaces:
                continue
            prefix = f"{namespace}{child}:" if child else namespace
            child_names, child_unnamed = resolver_url_names(
                pattern, prefix, skip_namespaces
            )
            names |= child_names
            unnamed += child_unnamed
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                names.add(namespace + pattern.name)
            else:
                unnamed.append(f"{namespace}{pattern.pattern}")
    return names, unnamed
