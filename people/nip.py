"""NIP (Nomor Induk Pegawai) parsing, as docs/domain.md ("ASN basics") describes it.
No database access.

PNS:  YYYYMMDD (birth) + YYYYMM (TMT CPNS) + gender digit + 3-digit sequence.
PPPK: YYYYMMDD (birth) + YYYY (TMT year) + "21" + gender digit + 3-digit sequence.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PPPK_MONTH_MARKER = 21
MALE, FEMALE = "L", "P"


@dataclass(frozen=True)
class ParsedNip:
    birth_date: datetime.date
    appointment_year: int
    appointment_month: int | None  # None for the PPPK form, whose "month" is 21
    gender: str  # "L" or "P"
    sequence: int

    @property
    def is_pppk_form(self) -> bool:
        return self.appointment_month is None


def parse_nip(raw: str) -> ParsedNip:
    """The facts encoded in a NIP; raises ValidationError saying what is wrong."""
    nip = (raw or "").strip()
    # isdigit() alone also takes superscript and full-width digits.
    if len(nip) != 18 or not (nip.isascii() and nip.isdigit()):
        raise ValidationError(_("NIP harus terdiri dari 18 angka."), code="nip_length")
    try:
        birth_date = datetime.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError(
            _("Tanggal lahir pada NIP (8 angka pertama) tidak valid."),
            code="nip_birth_date",
        ) from None
    year, month = int(nip[8:12]), int(nip[12:14])
    if month == PPPK_MONTH_MARKER:
        appointment_month = None
    elif 1 <= month <= 12:
        appointment_month = month
    else:
        raise ValidationError(
            _("Bulan TMT pada NIP (angka ke-13 dan 14) tidak valid."),
            code="nip_month",
        )
    if year < 1900:
        raise ValidationError(_("Tahun TMT pada NIP tidak valid."), code="nip_year")
    gender_digit = nip[14]
    if gender_digit not in ("1", "2"):
        raise ValidationError(
            _("Digit jenis kelamin pada NIP (angka ke-15) harus 1 atau 2."),
            code="nip_gender",
        )
    return ParsedNip(
        birth_date=birth_date,
        appointment_year=year,
        appointment_month=appointment_month,
        gender=MALE if gender_digit == "1" else FEMALE,
        sequence=int(nip[15:18]),
    )


def validate_nip(raw: str) -> None:
    parse_nip(raw)


def plausibility_warnings(parsed: ParsedNip) -> list[str]:
    """Oddities that are worth a look but do not make the NIP invalid."""
    warnings = []
    start_month = parsed.appointment_month or 1
    eighteenth = _add_years(parsed.birth_date, 18)
    if datetime.date(parsed.appointment_year, start_month, 28) < eighteenth:
        warnings.append(str(_("TMT pengangkatan sebelum usia 18 tahun.")))
    return warnings


def build_nip(
    *,
    birth_date: datetime.date,
    appointment_year: int,
    appointment_month: int | None,
    gender: str,
    sequence: int,
) -> str:
    month = PPPK_MONTH_MARKER if appointment_month is None else appointment_month
    gender_digit = "1" if gender == MALE else "2"
    return (
        f"{birth_date:%Y%m%d}{appointment_year:04d}{month:02d}"
        f"{gender_digit}{sequence:03d}"
    )


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
