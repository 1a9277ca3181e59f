"""How the portal writes a figure or a period for people to read, in the active
language: 1.234.567 and 60,00 in Indonesian, 1,234,567 and 60.00 in English;
"Triwulan IV 2026" and "November 2026" rather than two dates.

Documents written in Indonesian whatever the reader's language (the IKM report)
pass `language="id"`. Figures are rounded half up, as Indonesian reports round
(Django's own number formatting cuts the extra places off)."""

import datetime
from contextlib import nullcontext
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

EMPTY = "–"

QUARTERS = ("I", "II", "III", "IV")


def _language(language: str | None):
    return translation.override(language) if language else nullcontext()


def number(value, places: int | None = None, *, language: str | None = None) -> str:
    """A figure with thousands grouped: `number(1234567)` → "1.234.567",
    `number(60, 2)` → "60,00"; None → "–"."""
    if value is None or value == "":
        return EMPTY
    if places is not None:
        value = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    elif isinstance(value, float):
        value = Decimal(str(value))
    with _language(language):
        return formats.number_format(
            value, decimal_pos=places, use_l10n=True, force_grouping=True
        )


def quantity(value, *, language: str | None = None) -> str:
    """An amount with only the decimals it has, as JP are written: 2 → "2",
    Decimal("2.50") → "2,5", 1234.75 → "1.234,75"."""
    if value is None or value == "":
        return EMPTY
    return number(Decimal(str(value)).normalize(), language=language)


def numbers(**values) -> dict[str, str]:
    """Counts for a message, each written as `number` writes it:
    `_("%(n)s jawaban diimpor.") % numbers(n=1234)` → "1.234 jawaban diimpor."."""
    return {name: number(value) for name, value in values.items()}


def percent(value, places: int = 1, *, language: str | None = None) -> str:
    """66.25 → "66,3%"."""
    if value is None:
        return EMPTY
    return f"{number(value, places, language=language)}%"


def rupiah(value, *, language: str | None = None) -> str:
    """950000000 → "Rp 950.000.000"."""
    if value is None:
        return EMPTY
    return f"Rp {number(value, 0, language=language)}"


def period_name(
    start: datetime.date, end: datetime.date, *, language: str | None = None
) -> str:
    """A period as people say it: "November 2026", "Triwulan IV 2026",
    "Semester I 2026", "Tahun 2026"; any other range as its two dates."""
    with _language(language):
        if start.day == 1 and end == _month_end(end) and start.year == end.year:
            months = end.month - start.month + 1
            if months == 1:
                return month_name(start)
            if months == 3 and start.month % 3 == 1:
                return quarter_name(start)
            if months == 6 and start.month in (1, 7):
                return _("Semester %(half)s %(year)s") % {
                    "half": "I" if start.month == 1 else "II",
                    "year": start.year,
                }
            if months == 12:
                return _("Tahun %(year)s") % {"year": start.year}
        return _("%(start)s s.d. %(end)s") % {
            "start": date_format(start, "j F Y"),
            "end": date_format(end, "j F Y"),
        }


def month_name(day: datetime.date) -> str:
    """ "November 2026"."""
    return date_format(day, "F Y")


def quarter_name(day: datetime.date) -> str:
    """The quarter `day` falls in: "Triwulan IV 2026"."""
    return _("Triwulan %(quarter)s %(year)s") % {
        "quarter": QUARTERS[(day.month - 1) // 3],
        "year": day.year,
    }


def _month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)
