"""Pure performance rules (PermenPANRB 6/2022 and 3/2020, docs/domain.md): no database.

Where is the predikat computed? `predikat()`. Which 9-box is an ASN in? `nine_box()`.
"""

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _

from asn_portal.formats import number, percent


class Rating(models.TextChoices):
    """How the supervisor rates hasil kerja and perilaku kerja."""

    ABOVE = "diatas", _("Di Atas Ekspektasi")
    MEETS = "sesuai", _("Sesuai Ekspektasi")
    BELOW = "dibawah", _("Di Bawah Ekspektasi")


class Predikat(models.TextChoices):
    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang/Misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class Potential(models.TextChoices):
    LOW = "rendah", _("Rendah")
    MEDIUM = "menengah", _("Menengah")
    HIGH = "tinggi", _("Tinggi")


class BerAkhlak(models.TextChoices):
    """The seven core values on which perilaku kerja is judged."""

    BERORIENTASI_PELAYANAN = "pelayanan", _("Berorientasi Pelayanan")
    AKUNTABEL = "akuntabel", _("Akuntabel")
    KOMPETEN = "kompeten", _("Kompeten")
    HARMONIS = "harmonis", _("Harmonis")
    LOYAL = "loyal", _("Loyal")
    ADAPTIF = "adaptif", _("Adaptif")
    KOLABORATIF = "kolaboratif", _("Kolaboratif")


# docs/domain.md, "Performance (SKP)": (hasil kerja, perilaku kerja) -> predikat.
PREDIKAT_MATRIX: dict[tuple[str, str], str] = {
    (Rating.ABOVE, Rating.BELOW): Predikat.KURANG,
    (Rating.ABOVE, Rating.MEETS): Predikat.BAIK,
    (Rating.ABOVE, Rating.ABOVE): Predikat.SANGAT_BAIK,
    (Rating.MEETS, Rating.BELOW): Predikat.KURANG,
    (Rating.MEETS, Rating.MEETS): Predikat.BAIK,
    (Rating.MEETS, Rating.ABOVE): Predikat.BAIK,
    (Rating.BELOW, Rating.BELOW): Predikat.SANGAT_KURANG,
    (Rating.BELOW, Rating.MEETS): Predikat.BUTUH_PERBAIKAN,
    (Rating.BELOW, Rating.ABOVE): Predikat.BUTUH_PERBAIKAN,
}


def predikat(hasil_kerja: str, perilaku_kerja: str) -> Predikat:
    """The predikat kinerja from the supervisor's two overall ratings."""
    try:
        return Predikat(PREDIKAT_MATRIX[(Rating(hasil_kerja), Rating(perilaku_kerja))])
    except (KeyError, ValueError) as error:
        raise ValueError(
            f"Unknown rating pair ({hasil_kerja!r}, {perilaku_kerja!r})"
        ) from error


# Predikat at or below Butuh Perbaikan calls for a development plan (pembinaan).
NEEDS_DEVELOPMENT = frozenset(
    {Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG}
)


class FollowUpKind(models.TextChoices):
    REWARD = "penghargaan", _("Rekomendasi penghargaan")
    DEVELOPMENT = "pembinaan", _("Rencana pembinaan")


def follow_up_kind(value: str) -> FollowUpKind | None:
    """Sangat Baik earns a reward recommendation; Butuh Perbaikan and below a
    development plan; Baik needs neither."""
    if value == Predikat.SANGAT_BAIK:
        return FollowUpKind.REWARD
    if value in NEEDS_DEVELOPMENT:
        return FollowUpKind.DEVELOPMENT
    return None


def suggested_overall(ratings: Iterable[str]) -> Rating | None:
    """A suggestion for the overall rating from per-item ratings: the majority, and on
    a tie the middle rating (Sesuai) — the supervisor still chooses."""
    counts = Counter(Rating(r) for r in ratings if r)
    if not counts:
        return None
    top = max(counts.values())
    leaders = [r for r, n in counts.items() if n == top]
    if len(leaders) == 1:
        return leaders[0]
    return Rating.MEETS


@dataclass(frozen=True)
class PeriodRating:
    """The rating one work result or BerAKHLAK value received in one periodic
    assessment."""

    period_name: str
    ends_on: datetime.date
    rating: str

    @property
    def rating_label(self) -> str:
        return Rating(self.rating).label


def carried_rating(history: Iterable[PeriodRating]) -> PeriodRating | None:
    """The periodic rating that pre-fills the same item of the yearly assessment
    (docs/domain.md, "Performance (SKP)"): the one of the period that ended last;
    of two periods ending on the same day, the later given. None when no periodic
    assessment rated the item."""
    rated = sorted((h for h in history if h.rating), key=lambda h: h.ends_on)
    return rated[-1] if rated else None


# 9-box. The kinerja axis is the predikat read on three levels: Sangat Baik is above
# expectations, Baik meets them, Butuh Perbaikan and below are under them.
KINERJA_OF_PREDIKAT: dict[str, str] = {
    Predikat.SANGAT_BAIK: Rating.ABOVE,
    Predikat.BAIK: Rating.MEETS,
    Predikat.BUTUH_PERBAIKAN: Rating.BELOW,
    Predikat.KURANG: Rating.BELOW,
    Predikat.SANGAT_KURANG: Rating.BELOW,
}

# docs/domain.md, "Talent management (9-box)": (kinerja, potensial) -> box number.
NINE_BOX: dict[tuple[str, str], int] = {
    (Rating.ABOVE, Potential.LOW): 4,
    (Rating.ABOVE, Potential.MEDIUM): 7,
    (Rating.ABOVE, Potential.HIGH): 9,
    (Rating.MEETS, Potential.LOW): 2,
    (Rating.MEETS, Potential.MEDIUM): 5,
    (Rating.MEETS, Potential.HIGH): 8,
    (Rating.BELOW, Potential.LOW): 1,
    (Rating.BELOW, Potential.MEDIUM): 3,
    (Rating.BELOW, Potential.HIGH): 6,
}

BOX_RECOMMENDATION: dict[int, str] = {
    9: _("Promosi dan dipertahankan, masuk kelompok rencana suksesi, penghargaan"),
    8: _(
        "Dipertahankan, masuk kelompok rencana suksesi, rotasi/perluasan jabatan, "
        "bimbingan kinerja (coaching)"
    ),
    7: _(
        "Dipertahankan, masuk kelompok rencana suksesi, rotasi/pengayaan jabatan, "
        "pengembangan kompetensi, tugas belajar"
    ),
    6: _("Penempatan yang sesuai, bimbingan kinerja dan konseling kinerja"),
    5: _("Penempatan yang sesuai, bimbingan kinerja, pengembangan kompetensi"),
    4: _("Rotasi, pengembangan kompetensi"),
    3: _(
        "Bimbingan kinerja, konseling kinerja, pengembangan kompetensi, "
        "penempatan yang sesuai"
    ),
    2: _("Bimbingan kinerja, pengembangan kompetensi, penempatan yang sesuai"),
    1: _("Diproses sesuai ketentuan peraturan perundang-undangan"),
}


def kinerja_level(predikat_value: str) -> Rating:
    return Rating(KINERJA_OF_PREDIKAT[Predikat(predikat_value)])


def nine_box(kinerja: str, potential: str) -> int:
    """The box (1–9) for a kinerja level and a potential level."""
    return NINE_BOX[(Rating(kinerja), Potential(potential))]


def nine_box_for_predikat(predikat_value: str, potential: str) -> int:
    return nine_box(kinerja_level(predikat_value), potential)


@dataclass(frozen=True)
class PotentialCutoffs:
    """Scores (0–100) at which potential becomes Menengah and Tinggi. A local setting:
    the defaults are the common practice of 70 and 85."""

    medium_from: int = 70
    high_from: int = 85

    def __post_init__(self):
        if not 0 < self.medium_from < self.high_from <= 100:
            raise ValueError("Cut-offs must satisfy 0 < medium < high <= 100")

    def level(self, score: int) -> Potential:
        if not 0 <= score <= 100:
            raise ValueError("A potential score is between 0 and 100")
        if score >= self.high_from:
            return Potential.HIGH
        if score >= self.medium_from:
            return Potential.MEDIUM
        return Potential.LOW


# The grid as it is drawn: rows from high to low kinerja, columns low to high potential.
GRID_ROWS = (Rating.ABOVE, Rating.MEETS, Rating.BELOW)
GRID_COLUMNS = (Potential.LOW, Potential.MEDIUM, Potential.HIGH)

# Predikat from best to worst, as distributions are shown.
PREDIKAT_ORDER = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)


def sangat_baik_share_exceeds(
    *, sangat_baik: int, rated: int, cap_percent: int | None
) -> bool:
    """The optional local cap on the share of Sangat Baik in a unit: only a warning."""
    if not cap_percent or not rated:
        return False
    return sangat_baik * 100 > cap_percent * rated


class OrganisationRating(models.TextChoices):
    """The organisation's (or a unit's) own performance rating of a period
    (PermenPANRB 6/2022): it sets how its employees' predikat may be distributed."""

    ISTIMEWA = "istimewa", _("Istimewa")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


@dataclass(frozen=True)
class Share:
    """One bound of the pattern: the share of employees whose predikat is one of
    `predikat`, at least `least` or at most `most` percent; `least=0` with
    `some=True` means "there must be at least one"."""

    predikat: tuple[str, ...]
    least: int | None = None
    most: int | None = None
    some: bool = False


_SB, _B, _BP, _K, _SK = PREDIKAT_ORDER
# The pattern of predikat per organisation rating (PermenPANRB 6/2022, appendix on
# the distribution of employee predikat; docs/domain.md).
DISTRIBUTION_BY_RATING = {
    OrganisationRating.ISTIMEWA: (Share((_SB,), most=70),),
    OrganisationRating.BAIK: (Share((_B,), most=70), Share((_BP, _K), some=True)),
    OrganisationRating.BUTUH_PERBAIKAN: (
        Share((_BP,), least=60),
        Share((_SB,), most=10),
    ),
    OrganisationRating.KURANG: (
        Share((_K,), least=60),
        Share((_BP,), least=10),
        Share((_SB,), most=10),
    ),
    OrganisationRating.SANGAT_KURANG: (
        Share((_SK,), least=60),
        Share((_K, _BP), least=10),
        Share((_SB,), most=0),
    ),
}


def distribution_findings(rating: str, counts: dict[str, int]) -> list[str]:
    """Where the predikat `counts` (predikat → employees) leave the pattern the
    organisation `rating` allows, each in words; [] when within it or nobody is
    rated. Only a warning: predikat are never changed by it."""
    rated = sum(counts.values())
    if not rated:
        return []
    findings = []
    for share in DISTRIBUTION_BY_RATING[OrganisationRating(rating)]:
        n = sum(counts.get(p, 0) for p in share.predikat)
        names = " / ".join(str(Predikat(p).label) for p in share.predikat)
        values = {"names": names, "n": number(n), "pct": percent(n * 100 / rated)}
        if share.some and n == 0:
            findings.append(_("Harus ada pegawai dengan predikat %(names)s.") % values)
        if share.least is not None and n * 100 < share.least * rated:
            findings.append(
                _("%(names)s: %(n)s pegawai (%(pct)s), kurang dari minimal %(bound)s.")
                % {**values, "bound": percent(share.least, 0)}
            )
        if share.most is not None and n * 100 > share.most * rated:
            findings.append(
                _("%(names)s: %(n)s pegawai (%(pct)s), melebihi maksimal %(bound)s.")
                % {**values, "bound": percent(share.most, 0)}
            )
    return findings


def pattern_in_words(rating: str) -> list[str]:
    """The bounds of the pattern `rating` allows, one sentence each: what the
    finalisation page sets beside the actual distribution."""
    words = []
    for share in DISTRIBUTION_BY_RATING[OrganisationRating(rating)]:
        values = {"names": " / ".join(str(Predikat(p).label) for p in share.predikat)}
        if share.some:
            words.append(_("Ada pegawai dengan predikat %(names)s.") % values)
        if share.least is not None:
            words.append(
                _("%(names)s paling sedikit %(bound)s.")
                % {**values, "bound": percent(share.least, 0)}
            )
        if share.most is not None:
            words.append(
                _("%(names)s paling banyak %(bound)s.")
                % {**values, "bound": percent(share.most, 0)}
            )
    return words


# ---------------------------------------------------------------- 360 input
# A local choice, not regulation: 360 results stay hidden below three answers, so
# that no answer can be told apart.
MINIMUM_360_ANSWERS = 3
# Days after an invitation before the first reminder; the last one comes the day
# before the deadline.
FIRST_360_REMINDER_DAYS = 3
# The behaviour rating's scale read as a score for the average.
SCORE_360 = {Rating.BELOW: 1, Rating.MEETS: 2, Rating.ABOVE: 3}


@dataclass(frozen=True)
class Value360:
    """One BerAKHLAK value over all answers: how many gave each rating."""

    value: str
    label: str
    below: int = 0
    meets: int = 0
    above: int = 0

    @property
    def answers(self) -> int:
        return self.below + self.meets + self.above

    @property
    def average(self) -> Fraction | None:
        """Exact mean on 1 (Di Bawah) … 3 (Di Atas Ekspektasi); rounded only when
        written (`display_average`)."""
        if not self.answers:
            return None
        total = (
            self.below * SCORE_360[Rating.BELOW]
            + self.meets * SCORE_360[Rating.MEETS]
            + self.above * SCORE_360[Rating.ABOVE]
        )
        return Fraction(total, self.answers)

    @property
    def display_average(self) -> str:
        average = self.average
        if average is None:
            return number(None)
        return number(Decimal(average.numerator) / Decimal(average.denominator), 2)


@dataclass(frozen=True)
class Summary360:
    """What the pages show of a 360 request: while open or below the minimum only
    whether there are enough answers; once closed with enough, the answers' count,
    each value's tally and the comments."""

    asked: int
    is_open: bool
    enough: bool
    answers: int = 0
    values: list[Value360] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def visible(self) -> bool:
        return bool(self.values)

    def for_value(self, value: str) -> Value360 | None:
        return next((v for v in self.values if v.value == value), None)


def summarise_360(tally: Mapping[str, Mapping[str, int]]) -> list[Value360]:
    """The seven values in their order, from {value: {rating: count}}."""
    return [
        Value360(
            value=value,
            label=label,
            below=tally.get(value, {}).get(Rating.BELOW, 0),
            meets=tally.get(value, {}).get(Rating.MEETS, 0),
            above=tally.get(value, {}).get(Rating.ABOVE, 0),
        )
        for value, label in BerAkhlak.choices
    ]


def reminder_step_360(
    *, invited_on: datetime.date, deadline: datetime.date, today: datetime.date
) -> str | None:
    """The reminder due `today` for an invitation: "last" from the day before the
    deadline, else "d3" from FIRST_360_REMINDER_DAYS after the invitation; None
    on the invitation day and after the deadline."""
    if today > deadline or today <= invited_on:
        return None
    if today >= deadline - datetime.timedelta(days=1):
        return "last"
    if today >= invited_on + datetime.timedelta(days=FIRST_360_REMINDER_DAYS):
        return "d3"
    return None
