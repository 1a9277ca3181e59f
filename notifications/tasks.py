from celery import shared_task

from notifications import services


@shared_task(time_limit=300, soft_time_limit=270)
def deliver_emails_task() -> int:
    return services.deliver_pending_emails()
