import datetime

import pytest
from django.core.exceptions import ValidationError

from people.nip import build_nip, parse_nip, plausibility_warnings


def test_pns_nip_from_domain_example():
    parsed = parse_nip("196502222007011005")
    assert parsed.birth_date == datetime.date(1965, 2, 22)
    assert (parsed.appointment_year, parsed.appointment_month) == (2007, 1)
    assert parsed.gender == "L"
    assert parsed.sequence == 5
    assert not parsed.is_pppk_form


def test_pppk_nip_has_21_in_place_of_the_month():
    parsed = parse_nip("198902252024211013")
    assert parsed.birth_date == datetime.date(1989, 2, 25)
    assert parsed.appointment_year == 2024
    assert parsed.is_pppk_form
    assert parsed.gender == "L"
    assert parsed.sequence == 13


def test_female_gender_digit():
    assert parse_nip("199001012015032001").gender == "P"


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("19650222200701100", "nip_length"),
        ("1965022220070110050", "nip_length"),
        ("19650222200701100A", "nip_length"),
        ("", "nip_length"),
        # Digits that are not 0–9: superscript two, full-width one.
        ("19650222200701100\u00b2", "nip_length"),
        ("\uff11" + "9650222200701100" + "5", "nip_length"),
        ("196502302007011005", "nip_birth_date"),
        ("196513012007011005", "nip_birth_date"),
        ("196502222007131005", "nip_month"),
        ("196502222007001005", "nip_month"),
        ("196502222007013005", "nip_gender"),
        ("196502222007010005", "nip_gender"),
    ],
)
def test_invalid_nips_are_refused_with_the_reason(nip, code):
    with pytest.raises(ValidationError) as error:
        parse_nip(nip)
    assert error.value.code == code


def test_appointment_before_18th_birthday_is_only_a_warning():
    parsed = parse_nip("200001012015011001")
    assert plausibility_warnings(parsed)
    assert not plausibility_warnings(parse_nip("196502222007011005"))


def test_build_nip_round_trips():
    nip = build_nip(
        birth_date=datetime.date(1980, 12, 31),
        appointment_year=2005,
        appointment_month=3,
        gender="P",
        sequence=42,
    )
    assert nip == "198012312005032042"
    assert parse_nip(nip).birth_date == datetime.date(1980, 12, 31)
