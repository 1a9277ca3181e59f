"""The competency gap of one employee (docs/domain.md, "Competency gap"): pure
functions over the levels a standard requires and the levels last assessed."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Gap:
    competency_id: int
    required: int | None
    assessed: int | None

    @property
    def size(self) -> int | None:
        """Levels still to climb: 0 when the requirement is met, None while the
        competency is required but not yet assessed (unknown, not zero)."""
        if self.required is None:
            return 0
        if self.assessed is None:
            return None
        return max(self.required - self.assessed, 0)

    @property
    def status(self) -> str:
        size = self.size
        if size is None:
            return "unassessed"
        return "gap" if size else "met"


def gaps(required: dict[int, int], assessed: dict[int, int]) -> list[Gap]:
    """One Gap per competency required or assessed: the required ones first (in the
    order given), then those assessed beyond the standard."""
    rows = [Gap(cid, level, assessed.get(cid)) for cid, level in required.items()]
    rows += [
        Gap(cid, None, level) for cid, level in assessed.items() if cid not in required
    ]
    return rows
