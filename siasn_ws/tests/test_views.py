"""The HR page of what goes to SIASN: scoped to the agency, constant queries."""

import pytest
from django.urls import reverse

from siasn_ws.models import OutboxRecord
from tests.query_pins import assert_constant_queries
from training.tests.access_rules import member_certificate

pytestmark = pytest.mark.django_db


def _rows(org, n, status=OutboxRecord.Status.WAITING):
    for _ in range(n):
        certificate = member_certificate(org)
        OutboxRecord.objects.create(
            agency=org["agency"],
            employee=certificate.employee,
            kind=OutboxRecord.Kind.KURSUS,
            key=certificate.number or certificate.code,
            title=certificate.title,
            certificate=certificate,
            status=status,
        )


def test_the_outbox_page_runs_the_same_queries_at_any_size(org, login):
    _rows(org, 1)
    assert_constant_queries(
        login(org["hr"]),
        reverse("siasn_ws:outbox"),
        grow=lambda: _rows(org, 15, OutboxRecord.Status.SENT),
        ceiling=12,
    )


def test_hr_see_only_their_agencys_records_and_filter_by_state(org, other_org, login):
    _rows(org, 2)
    _rows(org, 1, OutboxRecord.Status.REFUSED)
    _rows(other_org, 3)
    client = login(org["hr"])

    every = client.get(reverse("siasn_ws:outbox"))
    refused = client.get(reverse("siasn_ws:outbox") + "?status=refused")

    assert len(every.context["page"]) == 3
    assert [row.status for row in refused.context["page"]] == ["refused"]
    assert "Menunggu (2)" in every.content.decode()
    assert "Layanan web SIASN belum diaktifkan" in every.content.decode()


def test_only_a_refused_record_can_be_sent_again(org, login):
    _rows(org, 1, OutboxRecord.Status.SENT)
    record = OutboxRecord.objects.get()

    response = login(org["hr"]).post(
        reverse("siasn_ws:resend", args=[record.pk]), follow=True
    )

    record.refresh_from_db()
    assert record.status == OutboxRecord.Status.SENT
    assert "Hanya kiriman yang ditolak SIASN" in response.content.decode()
