from celery import shared_task

from evaluations import services


@shared_task(acks_late=True, time_limit=30 * 60, soft_time_limit=25 * 60)
def send_evaluation_reminders_task() -> int:
    """Daily (07:00 Asia/Jakarta, see the data migration); safe to run twice."""
    return services.send_evaluation_reminders()
