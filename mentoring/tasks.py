from celery import shared_task

from mentoring import services


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def nudge_idle_pairs_task() -> int:
    """Weekly (beat, Monday 08:00 WIB). Safe to run twice: each idle spell is
    nudged once, keyed in the notifications table."""
    return services.nudge_idle_pairs()
