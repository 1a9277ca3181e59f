from celery import shared_task

from notifications import services


@shared_task(time_limit=300, soft_time_limit=270)
def deliver_emails_task() -> int:
    """Beat runs it every minute (migration 0003), `notify` after each commit; runs
    at the same time never send one email twice (services.deliver_pending_emails)."""
    return services.deliver_pending_emails()


@shared_task(time_limit=300, soft_time_limit=270)
def deliver_channel_messages_task() -> int:
    """WhatsApp and SMS: beat runs it every minute (migration 0006), `notify` after
    each commit while a channel is configured; never sends one message twice
    (services.deliver_channel_messages)."""
    return services.deliver_channel_messages()
