import logging

from celery import shared_task
from django.utils import timezone

from siasn_ws import pull, services

logger = logging.getLogger(__name__)


@shared_task(time_limit=15 * 60, soft_time_limit=14 * 60)
def push_to_siasn_task() -> dict[str, int]:
    """Beat runs it every 15 minutes (migration 0002). Per agency whose web service is
    on: collect new certificates and final assessments, send a bounded batch. Two
    runs at once never send a row twice (rows are claimed); a database or broker
    fault retries the task (ReliableTask), and SIASN's own faults wait in the row
    for the next run."""
    sent = {}
    for connection in services.enabled_connections():
        result = services.push_to_siasn(connection=connection)
        if result.problem:
            logger.warning(
                "SIASN push for %s: %s", connection.agency.code, result.problem
            )
        sent[connection.agency.code] = result.sent
    return sent


@shared_task(time_limit=50 * 60, soft_time_limit=48 * 60)
def pull_from_siasn_task() -> dict[str, str]:
    """Beat runs it every 15 minutes (migration 0005); an agency is pulled when its
    daily pull is due (SIASN_PULL_INTERVAL_HOURS after the last one finished, or
    after a backoff when it failed). Each agency is claimed first, so a second
    beat or a retried task skips one being pulled; a database or broker fault
    retries the task (ReliableTask)."""
    outcome = {}
    for connection in pull.due_connections(timezone.now()):
        claimed = pull.claim_pull(pk=connection.pk)
        if claimed is None:
            continue
        result = pull.pull_from_siasn(connection=claimed)
        outcome[claimed.agency.code] = result.problem or (
            "new preview" if result.new_preview else "no new preview"
        )
    return outcome
