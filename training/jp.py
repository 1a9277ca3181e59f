"""JP (jam pelajaran) rules: docs/domain.md "Competency development (JP)". Pure
functions, no database access."""

from decimal import ROUND_HALF_UP, Decimal

DEFAULT_MINUTES_PER_JP = 45
DEFAULT_YEARLY_TARGET = 20
JP_PLACES = Decimal("0.01")


def minutes_to_jp(
    minutes: int, *, minutes_per_jp: int = DEFAULT_MINUTES_PER_JP
) -> Decimal:
    """Duration of a non-classical activity as JP, to two decimals (half up)."""
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    if minutes_per_jp <= 0:
        raise ValueError("minutes_per_jp must be positive")
    return (Decimal(minutes) / Decimal(minutes_per_jp)).quantize(
        JP_PLACES, rounding=ROUND_HALF_UP
    )


def exact_jp(
    declared_jp, minutes: int | None, *, minutes_per_jp: int = DEFAULT_MINUTES_PER_JP
) -> Decimal:
    """JP of a set of ledger lines: those counted in JP summed as they are, those
    measured in minutes summed first and converted once, so no rounding per line adds
    up (three 30-minute sessions are 2,00 JP, not 3 × 0,67 = 2,01)."""
    declared = Decimal(str(declared_jp or 0)).quantize(JP_PLACES)
    return declared + minutes_to_jp(minutes or 0, minutes_per_jp=minutes_per_jp)


def jp_shortfall(earned: Decimal, *, target: int = DEFAULT_YEARLY_TARGET) -> Decimal:
    """How many JP are still missing to reach the yearly target (never negative)."""
    return max(Decimal(target) - Decimal(earned), Decimal(0))


def jp_progress_percent(earned: Decimal, *, target: int = DEFAULT_YEARLY_TARGET) -> int:
    if target <= 0:
        return 100
    return min(int(Decimal(earned) * 100 / Decimal(target)), 100)
