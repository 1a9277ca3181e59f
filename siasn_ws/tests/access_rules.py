"""Who may open each SIASN web-service URL (format: tests/access.py)."""

from tests.access import HR, Rule


def _refused_record(org):
    from siasn_ws.models import OutboxRecord
    from training.tests.access_rules import member_certificate

    certificate = member_certificate(org)
    record, _created = OutboxRecord.objects.get_or_create(
        agency=org["agency"],
        kind=OutboxRecord.Kind.KURSUS,
        key=certificate.number or certificate.code,
        defaults={
            "employee": org["member"],
            "title": certificate.title,
            "certificate": certificate,
            "status": OutboxRecord.Status.REFUSED,
            "reason": "Uji",
        },
    )
    return [record.pk]


RULES = [
    Rule("siasn_ws:outbox", allowed=frozenset({HR})),
    Rule("siasn_ws:sync_settings", allowed=frozenset({HR})),
    Rule(
        "siasn_ws:resend",
        allowed=frozenset({HR}),
        args=_refused_record,
        method="POST",
    ),
]
