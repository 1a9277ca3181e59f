from celery import shared_task

from notifications import services


@shared_task(time_limit=300, soft_time_limit=270)
def deliver_emails_task() -> int:
    """Beat runs it every minute (migration 0003), `notify` after each commit; runs
    at the same time never send one email twice (services.deliver_pending_emails)."""
    return services.deliver_pending_emails()
