"""The pure rules, on every combination (docs/domain.md is the oracle, copied by
hand)."""

import itertools

import pytest

from evaluations import rules
from evaluations.rules import Potential, Predikat, Rating

ABOVE, MEETS, BELOW = Rating.ABOVE, Rating.MEETS, Rating.BELOW

# docs/domain.md table, row by row: hasil kerja, then perilaku kerja di bawah,
# sesuai, di atas.
DOMAIN_PREDIKAT = {
    ABOVE: ("Kurang/Misconduct", "Baik", "Sangat Baik"),
    MEETS: ("Kurang/Misconduct", "Baik", "Baik"),
    BELOW: ("Sangat Kurang", "Butuh Perbaikan", "Butuh Perbaikan"),
}

DOMAIN_BOXES = {
    ABOVE: (4, 7, 9),
    MEETS: (2, 5, 8),
    BELOW: (1, 3, 6),
}


@pytest.mark.parametrize(
    ("hasil", "perilaku"), list(itertools.product(Rating.values, repeat=2))
)
def test_predikat_matches_the_domain_table(hasil, perilaku):
    column = [BELOW, MEETS, ABOVE].index(perilaku)
    expected = DOMAIN_PREDIKAT[hasil][column]
    assert rules.predikat(hasil, perilaku).label == expected


def test_matrix_covers_exactly_the_nine_pairs():
    assert set(rules.PREDIKAT_MATRIX) == set(itertools.product(Rating, repeat=2))


@pytest.mark.parametrize("bad", [("", MEETS), (MEETS, "baik"), ("x", "y")])
def test_unknown_ratings_are_refused(bad):
    with pytest.raises(ValueError, match="Unknown rating"):
        rules.predikat(*bad)


@pytest.mark.parametrize(
    ("kinerja", "potential"), list(itertools.product(Rating.values, Potential.values))
)
def test_nine_box_numbering_matches_the_domain_table(kinerja, potential):
    column = [Potential.LOW, Potential.MEDIUM, Potential.HIGH].index(potential)
    assert rules.nine_box(kinerja, potential) == DOMAIN_BOXES[kinerja][column]


def test_every_box_has_its_recommendation():
    assert sorted(rules.BOX_RECOMMENDATION) == list(range(1, 10))
    assert "suksesi" in str(rules.BOX_RECOMMENDATION[9])
    assert "ketentuan" in str(rules.BOX_RECOMMENDATION[1])
    assert "Rotasi" in str(rules.BOX_RECOMMENDATION[4])


@pytest.mark.parametrize(
    ("predikat", "kinerja"),
    [
        (Predikat.SANGAT_BAIK, ABOVE),
        (Predikat.BAIK, MEETS),
        (Predikat.BUTUH_PERBAIKAN, BELOW),
        (Predikat.KURANG, BELOW),
        (Predikat.SANGAT_KURANG, BELOW),
    ],
)
def test_predikat_reads_as_a_kinerja_level(predikat, kinerja):
    assert rules.kinerja_level(predikat) == kinerja


@pytest.mark.parametrize(
    ("predikat", "potential", "box"),
    [
        (p, pot, DOMAIN_BOXES[rules.KINERJA_OF_PREDIKAT[p]][i])
        for p in Predikat
        for i, pot in enumerate([Potential.LOW, Potential.MEDIUM, Potential.HIGH])
    ],
)
def test_nine_box_from_predikat_for_all_fifteen_pairs(predikat, potential, box):
    assert rules.nine_box_for_predikat(predikat, potential) == box


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0, Potential.LOW),
        (69, Potential.LOW),
        (70, Potential.MEDIUM),
        (84, Potential.MEDIUM),
        (85, Potential.HIGH),
        (100, Potential.HIGH),
    ],
)
def test_default_potential_cutoffs(score, level):
    assert rules.PotentialCutoffs().level(score) == level


def test_cutoffs_are_a_setting_and_must_be_ordered():
    cutoffs = rules.PotentialCutoffs(medium_from=50, high_from=60)
    assert cutoffs.level(55) == Potential.MEDIUM
    with pytest.raises(ValueError, match="Cut-offs"):
        rules.PotentialCutoffs(medium_from=80, high_from=70)
    with pytest.raises(ValueError, match="between 0 and 100"):
        cutoffs.level(101)


@pytest.mark.parametrize(
    ("predikat", "kind"),
    [
        (Predikat.SANGAT_BAIK, rules.FollowUpKind.REWARD),
        (Predikat.BAIK, None),
        (Predikat.BUTUH_PERBAIKAN, rules.FollowUpKind.DEVELOPMENT),
        (Predikat.KURANG, rules.FollowUpKind.DEVELOPMENT),
        (Predikat.SANGAT_KURANG, rules.FollowUpKind.DEVELOPMENT),
    ],
)
def test_follow_up_kind_per_predikat(predikat, kind):
    assert rules.follow_up_kind(predikat) == kind


@pytest.mark.parametrize(
    ("ratings", "suggestion"),
    [
        ([], None),
        ([ABOVE, ABOVE, MEETS], ABOVE),
        ([BELOW, BELOW, ABOVE, MEETS], BELOW),
        ([ABOVE, BELOW], MEETS),
        ([ABOVE] * 3 + [MEETS] * 4, MEETS),
    ],
)
def test_majority_suggestion(ratings, suggestion):
    assert rules.suggested_overall(ratings) == suggestion


@pytest.mark.parametrize(
    ("sangat_baik", "rated", "cap", "warn"),
    [(3, 10, None, False), (3, 10, 30, False), (4, 10, 30, True), (0, 0, 30, False)],
)
def test_sangat_baik_cap_is_only_a_warning_flag(sangat_baik, rated, cap, warn):
    assert (
        rules.sangat_baik_share_exceeds(
            sangat_baik=sangat_baik, rated=rated, cap_percent=cap
        )
        is warn
    )


# The predikat pattern per organisation rating (PermenPANRB 6/2022) -----------------

SB, B, BP, K, SK = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)
R = rules.OrganisationRating


def _counts(sb=0, b=0, bp=0, k=0, sk=0):
    return {SB: sb, B: b, BP: bp, K: k, SK: sk}


@pytest.mark.parametrize(
    ("rating", "counts"),
    [
        # Istimewa: Sangat Baik at most 70% (7 of 10 is exactly 70%).
        (R.ISTIMEWA, _counts(sb=7, b=3)),
        # Baik: Baik at most 70%, and some Butuh Perbaikan or Kurang.
        (R.BAIK, _counts(sb=2, b=7, bp=1)),
        (R.BAIK, _counts(b=7, k=1, sk=2)),
        # Butuh Perbaikan: at least 60% Butuh Perbaikan, Sangat Baik at most 10%.
        (R.BUTUH_PERBAIKAN, _counts(sb=1, b=3, bp=6)),
        # Kurang: at least 60% Kurang, at least 10% Butuh Perbaikan, SB ≤ 10%.
        (R.KURANG, _counts(sb=1, bp=1, k=6, sk=2)),
        # Sangat Kurang: ≥ 60% Sangat Kurang, ≥ 10% Kurang or BP, no Sangat Baik.
        (R.SANGAT_KURANG, _counts(b=3, k=1, sk=6)),
        (R.BAIK, _counts()),  # nobody rated yet: nothing to say
    ],
)
def test_distributions_within_the_pattern(rating, counts):
    assert rules.distribution_findings(rating, counts) == []


@pytest.mark.parametrize(
    ("rating", "counts", "findings"),
    [
        (
            R.ISTIMEWA,
            _counts(sb=8, b=2),
            ["Sangat Baik: 8 pegawai (80,0%), melebihi maksimal 70%."],
        ),
        (
            R.BAIK,
            _counts(sb=2, b=8),
            [
                "Baik: 8 pegawai (80,0%), melebihi maksimal 70%.",
                "Harus ada pegawai dengan predikat "
                "Butuh Perbaikan / Kurang/Misconduct.",
            ],
        ),
        (
            R.BUTUH_PERBAIKAN,
            _counts(sb=2, b=3, bp=5),
            [
                "Butuh Perbaikan: 5 pegawai (50,0%), kurang dari minimal 60%.",
                "Sangat Baik: 2 pegawai (20,0%), melebihi maksimal 10%.",
            ],
        ),
        (
            R.KURANG,
            _counts(b=4, k=6),
            ["Butuh Perbaikan: 0 pegawai (0,0%), kurang dari minimal 10%."],
        ),
        (
            R.SANGAT_KURANG,
            _counts(sb=1, b=2, sk=7),
            [
                "Kurang/Misconduct / Butuh Perbaikan: 0 pegawai (0,0%), kurang dari "
                "minimal 10%.",
                "Sangat Baik: 1 pegawai (10,0%), melebihi maksimal 0%.",
            ],
        ),
        # 2 of 3 is 66,7%: under 70% for Istimewa, so only a Sangat Kurang pattern
        # with 2 of 3 Sangat Kurang (66,7% ≥ 60%) and 1 Kurang (33,3%) passes.
        (R.SANGAT_KURANG, _counts(k=1, sk=2), []),
    ],
)
def test_distributions_outside_the_pattern_say_where(rating, counts, findings):
    assert rules.distribution_findings(rating, counts) == findings
