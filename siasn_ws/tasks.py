import logging

from celery import shared_task

from siasn_ws import services

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
