"""One way to write a figure for a reader (asn_portal.formats), in flash messages
too: "1.234" in Indonesian, "1,234" in English; and CSV for another program keeps
numbers raw, so a spreadsheet can sum them."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from asn_portal import formats
from asn_portal.exports import csv_response
from feedback.tests.factories import ServiceUnitFactory, SurveyResponseFactory
from notifications.models import Notification


def test_counts_for_messages_are_grouped_in_the_active_language():
    with translation.override("id"):
        assert formats.numbers(n=1234, m=1234567, z=0) == {
            "n": "1.234",
            "m": "1.234.567",
            "z": "0",
        }
    with translation.override("en"):
        assert formats.numbers(n=1234) == {"n": "1,234"}


@pytest.mark.parametrize(
    ("value", "indonesian", "english"),
    [
        (Decimal("2.00"), "2", "2"),
        (Decimal("2.50"), "2,5", "2.5"),
        (Decimal("1234.75"), "1.234,75", "1,234.75"),
        (Decimal("100.00"), "100", "100"),
        (45, "45", "45"),
        (None, "–", "–"),
    ],
)
def test_jp_are_written_with_only_the_decimals_they_have(value, indonesian, english):
    assert formats.quantity(value, language="id") == indonesian
    assert formats.quantity(value, language="en") == english


def _unread(user, count):
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind="test",
            object_key=f"test:{n}",
            title="Info",
            email_status=Notification.EmailStatus.NONE,
        )
        for n in range(count)
    )


@pytest.mark.django_db
def test_a_flash_message_writes_its_count_in_indonesian(client, login, org):
    _unread(org["member"].user, 1234)
    client = login(org["member"])
    page = client.post(reverse("notifications:read_all"), follow=True)
    assert "1.234 notifikasi ditandai dibaca." in page.content.decode()


@pytest.mark.django_db
def test_a_flash_message_writes_its_count_in_english(client, login, org):
    _unread(org["member"].user, 1234)
    client = login(org["member"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.post(reverse("notifications:read_all"), follow=True)
    assert "Notifications marked as read: 1,234." in page.content.decode()


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_csv_keeps_numbers_raw_whatever_the_language():
    moment = datetime.datetime(2026, 11, 24, 1, 30, tzinfo=datetime.UTC)
    row = [1234567, Decimal("1234.50"), 66.25, -3, moment, datetime.date(2026, 12, 1)]
    for language in ("id", "en"):
        with translation.override(language):
            rows = _csv(csv_response("x.csv", list("ABCDEF"), [row, [None, "=1+1"]]))
        assert rows[1] == [
            "1234567",
            "1234.50",
            "66.25",
            "-3",
            "2026-11-24 08:30:00",  # Jakarta's wall clock
            "2026-12-01",
        ]
        assert rows[2] == ["", "'=1+1"]


@pytest.mark.django_db
def test_the_skm_answers_csv_holds_numbers_and_times_a_spreadsheet_reads(
    client, login, org
):
    unit = ServiceUnitFactory(work_unit=org["unit"])
    SurveyResponseFactory(
        service_unit=unit,
        age=41,
        submitted_at=datetime.datetime(2026, 3, 2, 3, 5, tzinfo=datetime.UTC),
    )
    client = login(org["hr"])
    url = reverse("feedback:unit_responses_csv", args=[unit.pk])
    header, answer = _csv(
        client.get(url, {"dari": "2026-01-01", "sampai": "2026-12-31"})
    )
    assert answer[0] == "2026-03-02 10:05:00"
    assert answer[header.index("Usia")] == "41"
    assert all(answer[header.index(code)] in "1234" for code in ("U1", "U9"))
