"""The dates mentoring reminders follow (pure: dates in, dates out)."""

import datetime

from mentoring.models import Phase

# A session logged by one side and not confirmed by the other for this long gets a
# reminder to the other side.
CONFIRM_WITHIN = datetime.timedelta(days=2)
# Reviews are asked for from this long before their due date until they are written.
REVIEW_REMINDER_LEAD = datetime.timedelta(days=7)


def review_due_dates(
    start: datetime.date, end: datetime.date
) -> dict[str, datetime.date]:
    """The midway review is due halfway through the pair's period (rounded down), the
    final review on its last day."""
    return {Phase.MIDWAY: start + (end - start) // 2, Phase.FINAL: end}


def reviews_asked(
    start: datetime.date, end: datetime.date, today: datetime.date
) -> list[str]:
    """The phases whose review is being asked for on `today`."""
    return [
        phase
        for phase, due in review_due_dates(start, end).items()
        if today >= due - REVIEW_REMINDER_LEAD
    ]
