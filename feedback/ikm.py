"""The SKM/IKM rules of PermenPANRB 14/2017, as docs/domain.md ("Public satisfaction
survey") states them.

Pure functions, no database: the callers pass integer sums and counts per unsur (one
SQL aggregate gives them) and get exact fractions back. Rounding happens only for
display, to two decimals with ROUND_HALF_UP, and the grade is read from the rounded
25–100 value, as the published tables do."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_noop

# The nine unsur, always addressed by code. Labels are those of the questionnaire;
# the names are marked for translation, shown translated on the staff pages only.
UNSUR: dict[str, tuple[str, tuple[str, str, str, str]]] = {
    "U1": (
        gettext_noop("Persyaratan"),
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    "U2": (
        gettext_noop("Sistem, Mekanisme, dan Prosedur"),
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    "U3": (
        gettext_noop("Waktu Penyelesaian"),
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ),
    "U4": (
        gettext_noop("Biaya/Tarif"),
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ),
    "U5": (
        gettext_noop("Produk Spesifikasi Jenis Pelayanan"),
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    "U6": (
        gettext_noop("Kompetensi Pelaksana"),
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ),
    "U7": (
        gettext_noop("Perilaku Pelaksana"),
        (
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
    ),
    "U8": (
        gettext_noop("Penanganan Pengaduan, Saran dan Masukan"),
        (
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
    ),
    "U9": (
        gettext_noop("Sarana dan Prasarana"),
        ("Buruk", "Cukup", "Baik", "Sangat Baik"),
    ),
}
UNSUR_CODES: tuple[str, ...] = tuple(UNSUR)
SCORES = (1, 2, 3, 4)

# "Bobot tertimbang": the exact 1/9 by default; the rounded weights only to reproduce
# an old published report.
WEIGHTS: dict[str, Fraction] = {
    "1/9": Fraction(1, 9),
    "0.111": Fraction(111, 1000),
    "0.11": Fraction(11, 100),
}
WEIGHT_LABELS = {"1/9": "1/9", "0.111": "0,111", "0.11": "0,11"}
DEFAULT_WEIGHT = "1/9"

IKM_UNIT_FACTOR = 25
TWO_PLACES = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Grade:
    mutu: str
    kinerja: str


# Lower bounds on the IKM unit rounded to two decimals, highest first.
GRADE_BANDS: tuple[tuple[Decimal, Grade], ...] = (
    (Decimal("88.31"), Grade("A", gettext_noop("Sangat Baik"))),
    (Decimal("76.61"), Grade("B", gettext_noop("Baik"))),
    (Decimal("65.00"), Grade("C", gettext_noop("Kurang Baik"))),
    (Decimal("25.00"), Grade("D", gettext_noop("Tidak Baik"))),
)


def round_half_up(value: Fraction | Decimal | int, places: Decimal = TWO_PLACES):
    """Exact value → Decimal rounded half up (not banker's rounding).

    Fractions are rounded with integer arithmetic, so no intermediate decimal
    expansion can ever decide which way a .xx5 goes."""
    exponent = places.as_tuple().exponent
    scale = 10 ** (-exponent)
    exact = Fraction(value)
    scaled = exact * scale
    sign = -1 if scaled < 0 else 1
    rounded = sign * math.floor(abs(scaled) + Fraction(1, 2))
    return (Decimal(rounded) / Decimal(scale)).quantize(places)


def grade_for(ikm_unit_rounded: Decimal) -> Grade:
    """Mutu and kinerja from the IKM unit already rounded to two decimals."""
    for lower, grade in GRADE_BANDS:
        if ikm_unit_rounded >= lower:
            return grade
    return GRADE_BANDS[-1][1]


@dataclass(frozen=True)
class UnsurResult:
    code: str
    name: str
    total: int
    count: int
    nrr: Fraction | None
    weighted: Fraction | None

    @property
    def nrr_display(self) -> Decimal | None:
        return None if self.nrr is None else round_half_up(self.nrr, TWO_PLACES)

    @property
    def weighted_display(self) -> Decimal | None:
        if self.weighted is None:
            return None
        return round_half_up(self.weighted, FOUR_PLACES)

    @property
    def nrr_unit_display(self) -> Decimal | None:
        if self.nrr is None:
            return None
        return round_half_up(self.nrr * IKM_UNIT_FACTOR, TWO_PLACES)


@dataclass(frozen=True)
class IkmResult:
    unsur: tuple[UnsurResult, ...]
    weight_key: str
    respondents: int
    ikm: Fraction | None  # 1–4 scale, exact

    @property
    def weight_label(self) -> str:
        return WEIGHT_LABELS[self.weight_key]

    @property
    def ikm_unit(self) -> Fraction | None:
        return None if self.ikm is None else self.ikm * IKM_UNIT_FACTOR

    @property
    def ikm_display(self) -> Decimal | None:
        return None if self.ikm is None else round_half_up(self.ikm, FOUR_PLACES)

    @property
    def ikm_unit_display(self) -> Decimal | None:
        unit = self.ikm_unit
        return None if unit is None else round_half_up(unit, TWO_PLACES)

    @property
    def grade(self) -> Grade | None:
        shown = self.ikm_unit_display
        return None if shown is None else grade_for(shown)

    @property
    def missing_unsur(self) -> list[str]:
        return [u.code for u in self.unsur if u.count == 0]

    def weakest_first(self) -> list[UnsurResult]:
        """Unsur by NRR, lowest first (ties in code order); unanswered last."""
        answered = [u for u in self.unsur if u.nrr is not None]
        unanswered = [u for u in self.unsur if u.nrr is None]
        return sorted(answered, key=lambda u: (u.nrr, u.code)) + unanswered


def compute_ikm(
    totals: Mapping[str, int],
    counts: Mapping[str, int],
    *,
    respondents: int,
    weight_key: str = DEFAULT_WEIGHT,
) -> IkmResult:
    """NRR per unsur = total ÷ number who answered it; IKM = Σ NRR × weight.

    The IKM is left undefined (None) while any unsur has no answer at all, because
    the regulation's index is a sum over all nine."""
    weight = WEIGHTS[weight_key]
    results = []
    for code in UNSUR_CODES:
        total = int(totals.get(code) or 0)
        count = int(counts.get(code) or 0)
        nrr = Fraction(total, count) if count else None
        results.append(
            UnsurResult(
                code=code,
                name=UNSUR[code][0],
                total=total,
                count=count,
                nrr=nrr,
                weighted=None if nrr is None else nrr * weight,
            )
        )
    ikm = None
    if all(r.nrr is not None for r in results):
        ikm = sum((r.weighted for r in results), Fraction(0))
    return IkmResult(
        unsur=tuple(results), weight_key=weight_key, respondents=respondents, ikm=ikm
    )


def ikm_from_responses(
    responses: Iterable[Mapping[str, int | None]], *, weight_key: str = DEFAULT_WEIGHT
) -> IkmResult:
    """Convenience for tests and small inputs: each response maps code → score."""
    totals = dict.fromkeys(UNSUR_CODES, 0)
    counts = dict.fromkeys(UNSUR_CODES, 0)
    respondents = 0
    for response in responses:
        respondents += 1
        for code in UNSUR_CODES:
            score = response.get(code)
            if score is not None:
                totals[code] += score
                counts[code] += 1
    return compute_ikm(totals, counts, respondents=respondents, weight_key=weight_key)


# Krejcie–Morgan minimum sample: S = λ²NPQ / (d²(N−1) + λ²PQ).
LAMBDA_SQUARED = Fraction(3841, 1000)
P = Q = Fraction(1, 2)
D = Fraction(5, 100)


def minimum_sample(population: int) -> int:
    """The minimum number of respondents for N service users, rounded to nearest."""
    if population <= 0:
        return 0
    numerator = LAMBDA_SQUARED * population * P * Q
    denominator = D * D * (population - 1) + LAMBDA_SQUARED * P * Q
    return int(round_half_up(numerator / denominator, Decimal(1)))


@dataclass(frozen=True)
class SampleCheck:
    respondents: int
    minimum: int

    @property
    def sufficient(self) -> bool:
        return self.respondents >= self.minimum

    @property
    def shortfall(self) -> int:
        return max(0, self.minimum - self.respondents)


def check_sample(*, respondents: int, population: int) -> SampleCheck:
    return SampleCheck(respondents=respondents, minimum=minimum_sample(population))


# Complaints: a deadline in working days (weekends and the agency's holidays skipped).
def add_working_days(
    start: datetime.date, days: int, holidays: Iterable[datetime.date] = ()
) -> datetime.date:
    """The date `days` working days after `start` (start itself is not counted)."""
    off = set(holidays)
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5 and current not in off:
            remaining -= 1
    return current
