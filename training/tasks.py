from celery import shared_task

from asn_portal.celery import TRANSIENT_ERRORS
from training.services import delivery, exports, jp_totals, rollup


@shared_task(acks_late=True, time_limit=15 * 60, soft_time_limit=14 * 60)
def send_training_reminders_task() -> dict[str, int]:
    """Hourly (at :30): questionnaire invitations and reminders, follow-up requests,
    for each agency once a day from its reminder hour. Safe to run twice: every
    message is a unique notification."""
    return delivery.send_due_training_reminders()


@shared_task(
    acks_late=True,
    time_limit=120,
    soft_time_limit=100,
    autoretry_for=(OSError, *TRANSIENT_ERRORS),
    retry_backoff=60,
    max_retries=5,
)
def send_logbook_sign_links_task(placement_id: int) -> int:
    """E-mail the host supervisor the sign-off links; SMTP errors retry."""
    return delivery.send_logbook_sign_links(placement_id=placement_id)


@shared_task(acks_late=True, time_limit=15 * 60, soft_time_limit=14 * 60, max_retries=3)
def build_results_export_task(export_id: int) -> None:
    """Build one large questionnaire-results Excel file and tell its requester."""
    try:
        exports.build_results_export(export_id=export_id)
    except TRANSIENT_ERRORS:
        raise  # retried by the task base
    except Exception as error:
        exports.mark_failed(export_id=export_id, error=repr(error))
        raise


@shared_task(acks_late=True, time_limit=30 * 60, soft_time_limit=29 * 60)
def rebuild_training_totals_task() -> int:
    """Nightly (02:40): every session's training-quality totals and every agency's
    JP totals per form rebuilt from the answers and the ledger, so a refresh that a
    dying process lost is mended. Idempotent."""
    return rollup.rebuild_session_totals() + jp_totals.rebuild_jp_form_totals()
