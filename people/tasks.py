from celery import shared_task

from asn_portal import storage
from asn_portal.celery import ReliableTask
from people import jobs


class BackgroundJobTask(ReliableTask):
    """Transient faults retry (the base); when the task gives up for good, the
    job's page says it failed instead of waiting for ever."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        jobs.mark_failed(job_id=args[0])


@shared_task(
    base=BackgroundJobTask,
    acks_late=True,
    time_limit=20 * 60,
    soft_time_limit=18 * 60,
)
def run_background_job_task(job_id: int) -> str:
    """Run one background job's work, once however often it is delivered."""
    return jobs.run_job(job_id=job_id)


@shared_task(acks_late=True, time_limit=10 * 60)
def remove_expired_built_files_task() -> int:
    """Daily (03:15): exports built on request are deleted after their keeping time;
    a second run finds nothing more to delete."""
    return storage.remove_expired_built_files()
