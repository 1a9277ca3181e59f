"""The pure training rules (docs/domain.md), computed by hand."""

import datetime

import pytest

from people.models import Employee
from training import rules

PNS, PPPK = Employee.Status.PNS, Employee.Status.PPPK


@pytest.mark.parametrize(
    ("status", "applies_to_pppk", "expected"),
    [(PNS, False, True), (PNS, True, True), (PPPK, True, True), (PPPK, False, False)],
)
def test_the_jp_target_applies_to_every_pns_and_to_pppk_by_setting(
    status, applies_to_pppk, expected
):
    assert rules.target_applies(
        status=status, applies_to_pppk=applies_to_pppk, legal_status="Aktif"
    ) is (expected)


@pytest.mark.parametrize(
    ("legal_status", "expected"),
    [
        ("", True),  # not recorded: taken as serving
        ("Aktif", True),
        ("PPPK Aktif", True),
        ("PNS kena hukuman disiplin", True),
        ("CLTN", False),
        ("Perpanjangan CLTN", False),
        ("Tugas Belajar", False),
        ("Pemberhentian Sementara", False),
        ("Masa Persiapan Pensiun", False),
        ("Pensiun", False),
    ],
)
def test_the_jp_target_applies_only_to_asn_serving_by_their_kedudukan_hukum(
    legal_status, expected
):
    assert (
        rules.target_applies(
            status=PNS, applies_to_pppk=True, legal_status=legal_status
        )
        is expected
    )


@pytest.mark.parametrize(
    ("days_after_end", "expected"),
    [
        (-1, []),
        (0, ["invite"]),
        (2, ["invite", "1"]),
        (3, ["invite", "1", "3"]),
        (9, ["invite", "1", "3", "7"]),
        (21, ["invite", "1", "3", "7"]),
        (22, []),
    ],
)
def test_questionnaire_steps_due_are_every_step_reached_until_the_catch_up_ends(
    days_after_end, expected
):
    assert rules.due_reminder_steps(days_after_end, [1, 3, 7]) == expected


def test_the_follow_up_is_due_whole_weeks_after_the_end():
    assert rules.follow_up_due_date(datetime.date(2026, 11, 27), 8) == datetime.date(
        2027, 1, 22
    )
