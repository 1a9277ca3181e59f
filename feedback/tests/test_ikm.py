"""The IKM rules against docs/domain.md's worked example and hand-computed edge
cases."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from feedback import ikm

HAND_SUMS = dict(
    zip(ikm.UNSUR_CODES, [13, 12, 10, 16, 12, 13, 14, 11, 12], strict=True)
)
FOUR = dict.fromkeys(ikm.UNSUR_CODES, 4)


def test_domain_hand_example_gives_nrr_ikm_and_grade_exactly():
    result = ikm.compute_ikm(HAND_SUMS, FOUR, respondents=4)
    assert [u.nrr_display for u in result.unsur] == [
        Decimal(v)
        for v in [
            "3.25",
            "3.00",
            "2.50",
            "4.00",
            "3.00",
            "3.25",
            "3.50",
            "2.75",
            "3.00",
        ]
    ]
    assert result.ikm == Fraction(113, 36)
    assert result.ikm_display == Decimal("3.1389")
    assert result.ikm_unit_display == Decimal("78.47")
    assert result.grade == ikm.Grade("B", "Baik")
    assert result.weight_label == "1/9"


def test_domain_hand_example_with_weight_0_111_reproduces_old_reports():
    result = ikm.compute_ikm(HAND_SUMS, FOUR, respondents=4, weight_key="0.111")
    # 113/4 × 0,111 × 25 = 78,39375
    assert result.ikm_unit == Fraction(113, 4) * Fraction(111, 1000) * 25
    assert result.ikm_unit_display == Decimal("78.39")
    assert result.weight_label == "0,111"


def test_weight_0_11_is_offered_too():
    result = ikm.compute_ikm(HAND_SUMS, FOUR, respondents=4, weight_key="0.11")
    # 113/4 × 0,11 × 25 = 77,6875 → 77,69
    assert result.ikm_unit_display == Decimal("77.69")


def test_hand_example_from_individual_responses():
    # Four respondents whose answers add up to the DOMAIN sums.
    rows = [
        dict(zip(ikm.UNSUR_CODES, r, strict=True))
        for r in [
            [4, 3, 3, 4, 3, 4, 4, 3, 3],
            [3, 3, 2, 4, 3, 3, 4, 3, 3],
            [3, 3, 2, 4, 3, 3, 3, 2, 3],
            [3, 3, 3, 4, 3, 3, 3, 3, 3],
        ]
    ]
    result = ikm.ikm_from_responses(rows)
    assert [u.total for u in result.unsur] == [13, 12, 10, 16, 12, 13, 14, 11, 12]
    assert result.ikm_unit_display == Decimal("78.47")
    assert result.respondents == 4


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("88.305", "88.31"),
        ("88.3049999", "88.30"),
        ("76.605", "76.61"),
        ("76.604999", "76.60"),
        ("64.995", "65.00"),
        ("64.994999", "64.99"),
        ("2.675", "2.68"),  # float rounding would give 2,67
        ("0.125", "0.13"),  # banker's rounding would give 0,12
    ],
)
def test_display_rounding_is_half_up_on_the_exact_value(value, shown):
    assert ikm.round_half_up(Fraction(value)) == Decimal(shown)
    assert ikm.round_half_up(Decimal(value)) == Decimal(shown)


@pytest.mark.parametrize(
    ("exact", "mutu", "kinerja"),
    [
        ("100", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("88.305", "A", "Sangat Baik"),  # rounds to 88,31
        ("88.304999", "B", "Baik"),  # rounds to 88,30
        ("88.30", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("76.605", "B", "Baik"),  # rounds to 76,61
        ("76.604999", "C", "Kurang Baik"),  # rounds to 76,60
        ("76.60", "C", "Kurang Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("64.995", "C", "Kurang Baik"),  # rounds to 65,00
        ("64.994999", "D", "Tidak Baik"),  # rounds to 64,99
        ("64.99", "D", "Tidak Baik"),
        ("25", "D", "Tidak Baik"),
    ],
)
def test_grade_is_read_from_the_rounded_ikm_unit(exact, mutu, kinerja):
    grade = ikm.grade_for(ikm.round_half_up(Fraction(exact)))
    assert (grade.mutu, grade.kinerja) == (mutu, kinerja)


def test_a_real_boundary_reached_through_the_computation():
    # 400 respondents with every unsur summing to 1413: NRR 3,5325 each, so the IKM
    # unit is exactly 88,3125 and must show as 88,31 (A), not be truncated to B.
    counts = dict.fromkeys(ikm.UNSUR_CODES, 400)
    totals = dict.fromkeys(ikm.UNSUR_CODES, 1413)  # NRR 3,5325 each
    result = ikm.compute_ikm(totals, counts, respondents=400)
    assert result.ikm_unit == Fraction(883125, 10000)
    assert result.ikm_unit_display == Decimal("88.31")
    assert result.grade.mutu == "A"


def test_all_fours_and_all_ones_are_the_ends_of_the_scale():
    top = ikm.compute_ikm(FOUR, dict.fromkeys(ikm.UNSUR_CODES, 1), respondents=1)
    assert top.ikm_unit_display == Decimal("100.00")
    assert top.grade.mutu == "A"
    ones = dict.fromkeys(ikm.UNSUR_CODES, 1)
    bottom = ikm.compute_ikm(ones, ones, respondents=1)
    assert bottom.ikm_unit_display == Decimal("25.00")
    assert bottom.grade.mutu == "D"


def test_nrr_divides_by_those_who_answered_that_unsur():
    rows = [dict(FOUR), {**FOUR, "U3": None}]
    rows[1]["U1"] = 2
    result = ikm.ikm_from_responses(rows)
    by_code = {u.code: u for u in result.unsur}
    assert by_code["U1"].nrr == 3
    assert by_code["U3"].nrr == 4
    assert by_code["U3"].count == 1


def test_ikm_is_undefined_while_an_unsur_has_no_answer():
    result = ikm.compute_ikm({"U1": 4}, {"U1": 1}, respondents=1)
    assert result.ikm is None
    assert result.grade is None
    assert result.missing_unsur == list(ikm.UNSUR_CODES[1:])


def test_no_respondents_gives_no_ikm():
    result = ikm.compute_ikm({}, {}, respondents=0)
    assert result.ikm is None
    assert result.ikm_unit_display is None


def test_weakest_elements_come_first():
    result = ikm.compute_ikm(HAND_SUMS, FOUR, respondents=4)
    assert [u.code for u in result.weakest_first()][:3] == ["U3", "U8", "U2"]


@pytest.mark.parametrize(
    ("population", "minimum"),
    [
        (10, 10),
        (100, 80),
        (300, 169),
        (1200, 291),
        (2200, 327),
        (1_000_000, 384),
        (10**9, 384),
        (1, 1),
        (0, 0),
    ],
)
def test_krejcie_morgan_minimum_sample(population, minimum):
    assert ikm.minimum_sample(population) == minimum


def test_sample_check_says_sufficient_or_short_by_k():
    short = ikm.check_sample(respondents=150, population=300)
    assert (short.sufficient, short.shortfall, short.minimum) == (False, 19, 169)
    enough = ikm.check_sample(respondents=169, population=300)
    assert (enough.sufficient, enough.shortfall) == (True, 0)


def test_every_unsur_has_four_answer_labels_and_the_domain_names():
    assert tuple(f"U{i}" for i in range(1, 10)) == ikm.UNSUR_CODES
    assert ikm.UNSUR["U4"][1] == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
    assert ikm.UNSUR["U8"][0] == "Penanganan Pengaduan, Saran dan Masukan"
    assert all(len(labels) == 4 for _name, labels in ikm.UNSUR.values())


class TestWorkingDays:
    holidays = [datetime.date(2026, 8, 17)]  # a Monday

    def test_weekends_are_skipped(self):
        friday = datetime.date(2026, 11, 20)
        assert ikm.add_working_days(friday, 1) == datetime.date(2026, 11, 23)
        assert ikm.add_working_days(friday, 5) == datetime.date(2026, 11, 27)

    def test_a_saturday_submission_counts_from_monday(self):
        saturday = datetime.date(2026, 11, 21)
        assert ikm.add_working_days(saturday, 1) == datetime.date(2026, 11, 23)

    def test_holidays_are_skipped(self):
        friday = datetime.date(2026, 8, 14)
        assert ikm.add_working_days(friday, 1, self.holidays) == datetime.date(
            2026, 8, 18
        )
        assert ikm.add_working_days(friday, 5, self.holidays) == datetime.date(
            2026, 8, 24
        )

    def test_zero_days_is_the_same_day(self):
        day = datetime.date(2026, 11, 24)
        assert ikm.add_working_days(day, 0) == day
