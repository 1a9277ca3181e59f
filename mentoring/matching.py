"""Ranking mentor candidates for a mentee. Pure functions, no database access.

The scoring works on small frozen facts about the people, so every rule is tested
without a database; `mentoring.services.suggest_mentors` fetches those facts for a
bounded candidate list and calls `rank_candidates`.

Points (higher is better), each with a reason HR reads beside the rank:
- same competency area as the pair's focus: 40
- more senior: golongan (PNS) up to 20 (5 per step), years of service since TMT (from
  the NIP) up to 15 (1 per year more); seniority is never negative, only absent
- capacity left: 5 per free place, up to 10
- place: same unit 20, same parent unit's subtree 10, elsewhere in the agency 0
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

GOLONGAN_ORDER = [
    "I/a", "I/b", "I/c", "I/d",
    "II/a", "II/b", "II/c", "II/d",
    "III/a", "III/b", "III/c", "III/d",
    "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
]  # fmt: skip

POINTS_SAME_AREA = 40
POINTS_PER_GOLONGAN_STEP = 5
MAX_GOLONGAN_POINTS = 20
MAX_SERVICE_POINTS = 15
POINTS_PER_FREE_PLACE = 5
MAX_CAPACITY_POINTS = 10
POINTS_SAME_UNIT = 20
POINTS_SAME_PARENT = 10


@dataclass(frozen=True)
class Person:
    """What the ranking needs to know about someone."""

    pk: int
    name: str
    golongan: str  # "" for PPPK or unknown
    service_months: int  # months since TMT, from the NIP
    unit_path: str  # materialised path of the work unit, e.g. "/3/17/"
    unit_name: str = ""


@dataclass(frozen=True)
class Candidate:
    person: Person
    competency_area_ids: frozenset
    capacity: int
    active_pairs: int

    @property
    def capacity_left(self) -> int:
        return max(self.capacity - self.active_pairs, 0)


@dataclass(frozen=True)
class Suggestion:
    candidate: Candidate
    score: int
    reasons: tuple[str, ...]


def golongan_rank(golongan: str) -> int | None:
    try:
        return GOLONGAN_ORDER.index(golongan)
    except ValueError:
        return None


def parent_path(unit_path: str) -> str:
    """The path of a unit's parent ("/3/17/" → "/3/"); a top unit is its own."""
    ids = [part for part in unit_path.split("/") if part]
    if len(ids) <= 1:
        return unit_path
    return "/" + "/".join(ids[:-1]) + "/"


def score_candidate(
    *, mentee: Person, candidate: Candidate, area_id: int | None, area_name: str = ""
) -> Suggestion:
    score = 0
    reasons: list[str] = []
    mentor = candidate.person

    if area_id is not None and area_id in candidate.competency_area_ids:
        score += POINTS_SAME_AREA
        reasons.append(
            _("Bidang kompetensi sama (%(area)s)") % {"area": area_name or area_id}
        )
    elif area_id is not None:
        reasons.append(_("Bidang kompetensi berbeda"))

    mentor_rank, mentee_rank = (
        golongan_rank(mentor.golongan),
        golongan_rank(mentee.golongan),
    )
    if mentor_rank is not None and mentee_rank is not None:
        steps = mentor_rank - mentee_rank
        if steps > 0:
            score += min(steps * POINTS_PER_GOLONGAN_STEP, MAX_GOLONGAN_POINTS)
            reasons.append(
                _("Golongan lebih tinggi (%(mentor)s dibanding %(mentee)s)")
                % {"mentor": mentor.golongan, "mentee": mentee.golongan}
            )
        else:
            reasons.append(_("Golongan tidak lebih tinggi"))

    extra_years = (mentor.service_months - mentee.service_months) // 12
    if extra_years > 0:
        score += min(extra_years, MAX_SERVICE_POINTS)
        reasons.append(
            _("Masa kerja %(years)d tahun lebih lama") % {"years": extra_years}
        )
    else:
        reasons.append(_("Masa kerja tidak lebih lama"))

    left = candidate.capacity_left
    score += min(left * POINTS_PER_FREE_PLACE, MAX_CAPACITY_POINTS)
    reasons.append(
        _("Sisa kapasitas %(left)d dari %(capacity)d")
        % {"left": left, "capacity": candidate.capacity}
    )

    if mentor.unit_path == mentee.unit_path:
        score += POINTS_SAME_UNIT
        reasons.append(_("Unit kerja sama"))
    elif mentor.unit_path.startswith(parent_path(mentee.unit_path)):
        score += POINTS_SAME_PARENT
        reasons.append(_("Unit kerja berdekatan (satu unit induk)"))
    else:
        reasons.append(_("Unit kerja lain di instansi yang sama"))

    return Suggestion(candidate=candidate, score=score, reasons=tuple(reasons))


def rank_candidates(
    *,
    mentee: Person,
    candidates: list[Candidate],
    area_id: int | None,
    area_name: str = "",
    limit: int = 10,
) -> list[Suggestion]:
    """Best first; mentors without a free place and the mentee themself never appear.
    Ties go to more free places, then by name, so the order is stable."""
    suggestions = [
        score_candidate(
            mentee=mentee, candidate=candidate, area_id=area_id, area_name=area_name
        )
        for candidate in candidates
        if candidate.capacity_left > 0 and candidate.person.pk != mentee.pk
    ]
    suggestions.sort(
        key=lambda s: (-s.score, -s.candidate.capacity_left, s.candidate.person.name)
    )
    return suggestions[:limit]
