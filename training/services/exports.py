"""Questionnaire-results downloads too large for a request: asked for on the results
page, built by `build_results_export_task`, announced in the inbox with the link.

A claim is a conditional UPDATE, so a task delivered twice (acks_late after a lost
worker) builds the file once; one left running past `STALL_AFTER` (its worker died)
may be claimed again."""

import datetime

from celery import current_app
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_portal.exports import build_xlsx
from notifications.services import notify
from training import exports
from training.models import ResultsExport

READY_KIND = "results_export_ready"
BUILD_TASK = "training.tasks.build_results_export_task"
# Longer than the task's hard time limit, so a live build is never doubled.
STALL_AFTER = datetime.timedelta(minutes=20)


def request_results_export(*, user, program, session=None) -> ResultsExport:
    """The export this user is waiting for on this session or program, or a new one
    queued for the worker."""
    waiting = ResultsExport.objects.filter(
        requested_by=user,
        program=program,
        session=session,
        status__in=[ResultsExport.Status.PENDING, ResultsExport.Status.RUNNING],
    ).first()
    if waiting is not None:
        return waiting
    with transaction.atomic():
        export = ResultsExport.objects.create(
            requested_by=user,
            program=program,
            session=session,
            rows=exports.answer_count(session=session, program=program),
        )
        transaction.on_commit(lambda: _queue(export.pk))
    return export


def _queue(export_id: int) -> None:
    # Looked up by name, not imported: training.tasks runs this module's functions.
    current_app.tasks[BUILD_TASK].delay(export_id)


def build_results_export(*, export_id: int) -> ResultsExport | None:
    """Build the file of a waiting (or stalled) export, then tell its requester."""
    now = timezone.now()
    claimed = (
        ResultsExport.objects.filter(pk=export_id)
        .filter(
            Q(status__in=[ResultsExport.Status.PENDING, ResultsExport.Status.FAILED])
            | Q(status=ResultsExport.Status.RUNNING, claimed_at__lt=now - STALL_AFTER)
        )
        .update(status=ResultsExport.Status.RUNNING, progress=1, claimed_at=now)
    )
    if not claimed:
        return None
    export = ResultsExport.objects.select_related(
        "program", "session", "requested_by"
    ).get(pk=export_id)
    total = exports.answer_count(session=export.session, program=export.program)

    def progress(done: int) -> None:
        # Writing the answers is most of the work; the last 5 % is saving the file.
        share = min(95, 1 + done * 94 // max(total, 1))
        ResultsExport.objects.filter(pk=export_id).update(progress=share)

    content = build_xlsx(
        exports.results_sheets(
            title=str(export.session or export.program.title),
            session=export.session,
            program=None if export.session else export.program,
            progress=progress,
        )
    )
    export.file.save(export.filename, ContentFile(content), save=False)
    ResultsExport.objects.filter(pk=export_id).update(
        status=ResultsExport.Status.DONE,
        progress=100,
        rows=total,
        file=export.file.name,
        finished_at=timezone.now(),
        error="",
    )
    export.refresh_from_db()
    notify(
        recipient=export.requested_by,
        kind=READY_KIND,
        obj=export,
        title=_("Excel siap diunduh: %(name)s") % {"name": export},
        body=_("Hasil evaluasi %(name)s (%(rows)s jawaban) dapat diunduh.")
        % {"name": export, "rows": f"{total:,}".replace(",", ".")},
        url=reverse("training:results_export_download", args=[export.pk]),
    )
    return export


def mark_failed(*, export_id: int, error: str) -> None:
    ResultsExport.objects.filter(pk=export_id).update(
        status=ResultsExport.Status.FAILED, error=error[:2000]
    )
