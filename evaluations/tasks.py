from celery import shared_task

from evaluations import services


@shared_task(acks_late=True, time_limit=30 * 60, soft_time_limit=25 * 60)
def send_evaluation_reminders_task() -> int:
    """Hourly (at :00, see the data migrations): each agency once a day from its
    reminder hour; safe to run twice."""
    return services.send_due_evaluation_reminders()
