"""The mentor ranking as a pure function: each criterion, its points and its reason."""

import pytest

from mentoring import matching
from mentoring.matching import Candidate, Person


def person(pk=1, *, name="A", golongan="III/a", months=24, path="/1/2/"):
    return Person(
        pk=pk, name=name, golongan=golongan, service_months=months, unit_path=path
    )


MENTEE = person(pk=100, name="Mentee", golongan="III/a", months=12, path="/1/2/")


def candidate(pk=1, *, areas=(), capacity=2, active=0, **kwargs):
    return Candidate(
        person=person(pk, **kwargs),
        competency_area_ids=frozenset(areas),
        capacity=capacity,
        active_pairs=active,
    )


def score(cand, area_id=7):
    return matching.score_candidate(
        mentee=MENTEE, candidate=cand, area_id=area_id, area_name="Keuangan"
    )


def test_same_competency_area_earns_forty_points_and_says_so():
    same = score(candidate(areas={7}, golongan="III/a", months=12, path="/9/"))
    other = score(candidate(areas={8}, golongan="III/a", months=12, path="/9/"))
    assert same.score - other.score == 40
    assert "Bidang kompetensi sama (Keuangan)" in same.reasons
    assert "Bidang kompetensi berbeda" in other.reasons


def test_no_area_asked_means_no_area_points_and_no_area_reason():
    result = score(candidate(areas={7}), area_id=None)
    assert not any("Bidang kompetensi" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    ("golongan", "points"),
    [
        ("III/a", 0),
        ("II/d", 0),
        ("III/b", 5),
        ("III/d", 15),
        ("IV/a", 20),
        ("IV/e", 20),
    ],
)
def test_higher_golongan_earns_five_points_per_step_up_to_twenty(golongan, points):
    base = score(candidate(golongan="III/a", months=12, path="/9/", capacity=0))
    result = score(candidate(golongan=golongan, months=12, path="/9/", capacity=0))
    assert result.score - base.score == points


def test_golongan_reason_names_both_ranks():
    result = score(candidate(golongan="IV/a"))
    assert "Golongan lebih tinggi (IV/a dibanding III/a)" in result.reasons
    assert "Golongan tidak lebih tinggi" in score(candidate(golongan="II/a")).reasons


def test_pppk_without_golongan_is_judged_on_service_years_only():
    result = score(candidate(golongan="", months=12))
    assert not any("Golongan" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    ("months", "points", "reason"),
    [
        (12, 0, "Masa kerja tidak lebih lama"),
        (23, 0, "Masa kerja tidak lebih lama"),
        (24, 1, "Masa kerja 1 tahun lebih lama"),
        (12 + 12 * 10, 10, "Masa kerja 10 tahun lebih lama"),
        (12 + 12 * 30, 15, "Masa kerja 30 tahun lebih lama"),
    ],
)
def test_longer_service_earns_a_point_per_year_up_to_fifteen(months, points, reason):
    base = score(candidate(months=12, path="/9/"))
    result = score(candidate(months=months, path="/9/"))
    assert result.score - base.score == points
    assert reason in result.reasons


@pytest.mark.parametrize(
    ("capacity", "active", "points"), [(1, 0, 5), (2, 0, 10), (5, 1, 10), (3, 2, 5)]
)
def test_free_places_earn_five_points_each_up_to_ten(capacity, active, points):
    result = score(candidate(capacity=capacity, active=active, months=12, path="/9/"))
    full = score(candidate(capacity=1, active=1, months=12, path="/9/"))
    assert result.score - full.score == points
    assert f"Sisa kapasitas {capacity - active} dari {capacity}" in result.reasons


@pytest.mark.parametrize(
    ("mentor_path", "points", "reason"),
    [
        ("/1/2/", 20, "Unit kerja sama"),
        ("/1/3/", 10, "Unit kerja berdekatan (satu unit induk)"),
        ("/1/", 10, "Unit kerja berdekatan (satu unit induk)"),
        ("/1/3/8/", 10, "Unit kerja berdekatan (satu unit induk)"),
        ("/5/", 0, "Unit kerja lain di instansi yang sama"),
    ],
)
def test_nearer_units_earn_more(mentor_path, points, reason):
    base = score(candidate(path="/5/", months=12))
    result = score(candidate(path=mentor_path, months=12))
    assert result.score - base.score == points
    assert reason in result.reasons


def test_parent_path():
    assert matching.parent_path("/1/2/3/") == "/1/2/"
    assert matching.parent_path("/1/") == "/1/"


def test_ranking_puts_the_best_first_and_drops_full_mentors_and_the_mentee():
    best = candidate(1, name="Best", areas={7}, golongan="IV/a", months=240)
    good = candidate(2, name="Good", areas={7}, golongan="III/b", months=24)
    full = candidate(3, name="Full", areas={7}, golongan="IV/e", capacity=1, active=1)
    itself = candidate(100, name="Mentee", areas={7}, golongan="IV/e")
    ranked = matching.rank_candidates(
        mentee=MENTEE, candidates=[good, full, itself, best], area_id=7
    )
    assert [s.candidate.person.name for s in ranked] == ["Best", "Good"]
    assert ranked[0].score > ranked[1].score


def test_ties_go_to_more_free_places_then_to_the_name():
    a = candidate(1, name="Budi", capacity=5, active=3)  # 2 left
    b = candidate(2, name="Ani", capacity=3, active=1)  # 2 left
    c = candidate(3, name="Citra", capacity=4, active=0)  # 4 left, same 10 points
    ranked = matching.rank_candidates(mentee=MENTEE, candidates=[a, b, c], area_id=None)
    assert [s.candidate.person.name for s in ranked] == ["Citra", "Ani", "Budi"]


def test_limit_cuts_the_list():
    many = [candidate(i, name=f"M{i:02d}") for i in range(1, 30)]
    assert len(matching.rank_candidates(mentee=MENTEE, candidates=many, area_id=None))
    assert (
        len(
            matching.rank_candidates(
                mentee=MENTEE, candidates=many, area_id=None, limit=5
            )
        )
        == 5
    )
