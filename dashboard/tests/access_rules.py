from dashboard.models import Report
from tests.access import HR, LEADER, Rule


def _report(org):
    report, _ = Report.objects.get_or_create(
        agency=org["agency"],
        unit=None,
        kind=Report.Kind.MONTHLY,
        period_start="2026-01-01",
        defaults={"period_end": "2026-01-31"},
    )
    return report


RULES = [
    Rule("dashboard:dashboard", allowed=frozenset({HR, LEADER})),
    Rule("dashboard:report_list", allowed=frozenset({HR, LEADER})),
    Rule(
        "dashboard:report_request",
        allowed=frozenset({HR, LEADER}),
        method="POST",
        data=lambda org: {"kind": "bulanan", "year": 2026, "number": 1},
    ),
    Rule(
        "dashboard:report_detail",
        allowed=frozenset({HR, LEADER}),
        args=lambda org: [_report(org).pk],
    ),
    Rule(
        "dashboard:report_download",
        # Refused (404) for everyone until the report has been generated.
        allowed=frozenset(),
        args=lambda org: [_report(org).pk, "pdf"],
    ),
    Rule(
        "dashboard:subscription_toggle",
        allowed=frozenset({HR, LEADER}),
        method="POST",
        args=lambda org: ["bulanan"],
        # The kind is not an object: everyone subscribes to their own agency.
        cross_agency_allowed=frozenset({HR, LEADER}),
        data=lambda org: {},
    ),
]
