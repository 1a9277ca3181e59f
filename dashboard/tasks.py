from celery import shared_task
from django.utils import timezone

from asn_portal.celery import TRANSIENT_ERRORS
from dashboard import services


@shared_task(
    bind=True,
    acks_late=True,
    time_limit=600,
    soft_time_limit=540,
    max_retries=3,
)
def generate_report_task(self, report_id: int) -> None:
    try:
        services.generate_report(report_id=report_id)
    except TRANSIENT_ERRORS:
        raise  # retried by the task base
    except Exception as error:
        services.mark_failed(report_id=report_id, error=repr(error))
        raise


@shared_task(acks_late=True, time_limit=120)
def generate_scheduled_reports_task(kind: str) -> int:
    return len(services.schedule_due_reports(kind=kind, today=timezone.localdate()))


@shared_task(acks_late=True, time_limit=120)
def queue_stalled_reports_task() -> int:
    return services.queue_stalled_reports()
