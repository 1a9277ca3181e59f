from celery import shared_task

from mentoring import services


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def nudge_idle_pairs_task() -> int:
    """Weekly (beat, Monday 08:00 WIB). Safe to run twice: each idle spell is
    nudged once, keyed in the notifications table."""
    return services.nudge_idle_pairs()


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def send_mentoring_reminders_task() -> dict[str, int]:
    """Daily (beat, 07:30 WIB): sessions waiting for the other side's confirmation,
    and midway and final reviews coming due. Catches up by state (whatever is still
    unconfirmed or unwritten), and safe to run twice: each reminder is a unique
    notification."""
    return {
        "confirm": services.remind_unconfirmed_sessions(),
        "reviews": services.remind_due_reviews(),
    }
