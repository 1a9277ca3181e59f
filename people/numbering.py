"""An agency's numbering pattern for the documents it issues, e.g.
"{seq}/SERT/BKPSDM/{year}" → "27/SERT/BKPSDM/2026". No database access.

Placeholders: {seq} the number within the year (1, 2, …), {seq:N} the same with
zeros in front to N digits, {year} the year of issue, {month} its month in roman
numerals (XI), as Indonesian letter numbers write it."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_CERTIFICATE_PATTERN = "{seq}/SERT/{year}"
MAX_NUMBER_LENGTH = 80

_PLACEHOLDER = re.compile(r"\{(seq(?::([1-8]))?|year|month)\}")
_ROMAN_MONTHS = (
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
)


def format_number(pattern: str, *, sequence: int, day: datetime.date) -> str:
    def fill(match: re.Match) -> str:
        name, width = match.group(1), match.group(2)
        if name.startswith("seq"):
            return str(sequence).zfill(int(width or 0))
        if name == "year":
            return str(day.year)
        return _ROMAN_MONTHS[day.month - 1]

    return _PLACEHOLDER.sub(fill, pattern)


def validate_number_pattern(pattern: str) -> None:
    """A pattern must hold {seq} and {year} (the sequence starts again each year,
    so a number without its year would repeat) and nothing else in braces."""
    leftover = _PLACEHOLDER.sub("", pattern)
    if "{" in leftover or "}" in leftover:
        raise ValidationError(
            _(
                "Pola hanya boleh memakai {seq}, {seq:3} (nomor dengan nol di depan), "
                "{year} dan {month}."
            ),
            code="unknown_placeholder",
        )
    names = {match.group(1).split(":")[0] for match in _PLACEHOLDER.finditer(pattern)}
    if not {"seq", "year"} <= names:
        raise ValidationError(
            _("Pola harus memuat {seq} (nomor urut) dan {year} (tahun)."),
            code="missing_placeholder",
        )
    sample = format_number(pattern, sequence=99999, day=datetime.date(2026, 12, 31))
    if len(sample) > MAX_NUMBER_LENGTH:
        raise ValidationError(
            _("Nomor yang dihasilkan terlalu panjang (paling banyak %(n)d karakter).")
            % {"n": MAX_NUMBER_LENGTH},
            code="too_long",
        )
