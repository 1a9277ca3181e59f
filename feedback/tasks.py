from celery import shared_task

from feedback import services


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def escalate_overdue_complaints_task() -> dict:
    """Daily (06:00, see migration 0003): overdue complaints to the head, then HR."""
    return services.escalate_overdue_complaints()
