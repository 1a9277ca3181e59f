"""Access rules for the project's own URLs, which belong to no app."""

from tests.access import ALL_ROLES, Rule

RULES = [
    Rule("healthz", allowed=ALL_ROLES),
    Rule("readyz", allowed=ALL_ROLES),
]
