"""Report generation: the same panels as the dashboard, written as PDF and Excel.

A report is one row per (agency, unit, kind, period); generating it again replaces its
files. Each generation stores its files under new names (through the storage API, so a
worker on any machine writes where every web server reads) and points the row at them
only when both are complete, then deletes the ones they replace: a worker killed
mid-report leaves the row on the previous complete files (or none), never half a file;
acks_late hands the task to another worker, which simply generates it again. The
sweep deletes files no row points to, left by such a worker."""

import datetime
import logging

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_portal import storage
from asn_portal.replica import read_on_replica
from dashboard.compose import all_panels
from dashboard.models import Report, ReportSubscription
from dashboard.rendering import panels_to_pdf, panels_to_xlsx
from notifications.services import notify
from people.documents import official
from people.models import Agency, Signatory
from people.panels import Scope

logger = logging.getLogger(__name__)

REPORT_DIR = "reports"
# A file no row points to is an abandoned generation's once it is this old (a live
# generation points its row at its files within the task's time limit, 600 s).
ORPHAN_AFTER = datetime.timedelta(hours=1)
# Longer than the task's hard time limit (600 s), so a live generation is never doubled.
STALL_AFTER = datetime.timedelta(minutes=15)


def request_report(
    *,
    agency: Agency,
    kind: str,
    period_start: datetime.date,
    period_end: datetime.date,
    unit=None,
    requested_by=None,
) -> Report:
    """Create (or reuse) the report row for that period and queue its generation."""
    with transaction.atomic():
        report, _created = Report.objects.get_or_create(
            agency=agency,
            unit=unit,
            kind=kind,
            period_start=period_start,
            defaults={"period_end": period_end, "requested_by": requested_by},
        )
        if report.status != Report.Status.RUNNING:
            Report.objects.filter(pk=report.pk).update(
                status=Report.Status.PENDING, progress=0, error=""
            )
        transaction.on_commit(lambda: _queue_generation(report.pk))
    report.refresh_from_db()
    return report


def generate_report(*, report_id: int) -> Report | None:
    """Generate a report that is waiting, failed, or stalled (its worker died); one
    already being generated or done is left alone, so two beats, or a task
    delivered twice, generate a period once. A claim is a conditional UPDATE."""
    now = timezone.now()
    claimed = (
        Report.objects.filter(pk=report_id)
        .filter(
            Q(status__in=[Report.Status.PENDING, Report.Status.FAILED])
            | Q(status=Report.Status.RUNNING, claimed_at__lt=now - STALL_AFTER)
        )
        .update(status=Report.Status.RUNNING, progress=5, claimed_at=now, error="")
    )
    if not claimed:
        return None
    report = Report.objects.select_related("agency", "unit").get(pk=report_id)
    scope = Scope(
        agency=report.agency,
        unit=report.unit,
        start=report.period_start,
        end=report.period_end,
    )
    place = report.agency.name
    if report.unit_id:
        place = f"{report.unit.name}, {place}"
    title = _("Laporan %(kind)s %(place)s, %(period)s") % {
        "kind": report.get_kind_display(),
        "place": place,
        "period": report.period_label,
    }
    parts = official(
        report.agency, Signatory.Kind.LEADER_REPORT, on=timezone.localdate()
    )
    # Only the figures are read from the replica (a second or so behind): the
    # claim above, the progress, the row and its files are written on the primary.
    panels = read_on_replica(lambda: all_panels(scope))
    Report.objects.filter(pk=report.pk).update(progress=50)
    base = _base_name(report)
    replaced = [report.pdf.name, report.xlsx.name]
    pdf_name = storage.save(
        f"{base}.pdf", panels_to_pdf(panels, scope, title=title, official=parts)
    )
    Report.objects.filter(pk=report.pk).update(progress=80)
    xlsx_name = storage.save(f"{base}.xlsx", panels_to_xlsx(panels, scope))
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.DONE,
        progress=100,
        pdf=pdf_name,
        xlsx=xlsx_name,
        generated_at=timezone.now(),
        generation_count=F("generation_count") + 1,
    )
    report.refresh_from_db()
    for name in replaced:
        storage.delete(name)
    _tell_subscribers(report)
    return report


def mark_failed(*, report_id: int, error: str) -> None:
    Report.objects.filter(pk=report_id).update(
        status=Report.Status.FAILED, error=error[:2000]
    )


def schedule_due_reports(*, kind: str, today: datetime.date) -> list[Report]:
    """For every agency, the report of the last complete month or quarter, once."""
    period_start, period_end = last_complete_period(kind, today)
    reports = []
    for agency in Agency.objects.all():
        report, _created = Report.objects.get_or_create(
            agency=agency,
            unit=None,
            kind=kind,
            period_start=period_start,
            defaults={"period_end": period_end},
        )
        if report.status != Report.Status.DONE:
            transaction.on_commit(lambda pk=report.pk: _queue_generation(pk))
        reports.append(report)
    return reports


def last_complete_period(kind: str, today: datetime.date):
    first_of_month = today.replace(day=1)
    if kind == Report.Kind.MONTHLY:
        end = first_of_month - datetime.timedelta(days=1)
        return end.replace(day=1), end
    quarter_first_month = 3 * ((today.month - 1) // 3) + 1
    quarter_start = today.replace(month=quarter_first_month, day=1)
    end = quarter_start - datetime.timedelta(days=1)
    start = end.replace(month=3 * ((end.month - 1) // 3) + 1, day=1)
    return start, end


def queue_stalled_reports(*, now: datetime.datetime | None = None) -> int:
    """Queue reports left pending (broker was down) or running far longer than any
    generation takes (its worker died and the task was lost)."""
    now = now or timezone.now()
    stalled = Report.objects.filter(
        Q(status=Report.Status.PENDING, updated_at__lt=now - STALL_AFTER)
        | Q(status=Report.Status.RUNNING, claimed_at__lt=now - STALL_AFTER)
    ).values_list("pk", flat=True)[:100]
    ids = list(stalled)
    for report_id in ids:
        _queue_generation(report_id)
    remove_orphan_files()
    return len(ids)


def remove_orphan_files() -> list[str]:
    """The sweep's second job: files of a generation whose worker died before its
    row pointed at them, which no later generation would ever delete."""
    kept = set()
    for pdf, xlsx in Report.objects.values_list("pdf", "xlsx"):
        kept.update((pdf, xlsx))
    orphans = [
        name
        for name in storage.walk(REPORT_DIR)
        if name not in kept and storage.older_than(name, ORPHAN_AFTER)
    ]
    for name in orphans:
        storage.delete(name)
    return orphans


def subscribe(*, user, agency: Agency, kind: str) -> ReportSubscription:
    subscription, _created = ReportSubscription.objects.get_or_create(
        user=user, agency=agency, kind=kind
    )
    return subscription


def unsubscribe(*, user, agency: Agency, kind: str) -> None:
    ReportSubscription.objects.filter(user=user, agency=agency, kind=kind).delete()


def _tell_subscribers(report: Report) -> None:
    subscriptions = ReportSubscription.objects.filter(
        agency=report.agency, kind=report.kind
    ).select_related("user")
    for subscription in subscriptions:
        notify(
            recipient=subscription.user,
            kind="report_ready",
            obj=report,
            step=report.period_start.isoformat(),
            title=_("Laporan siap: %(report)s") % {"report": report},
            body=_("Laporan %(report)s telah dibuat dan dapat diunduh.")
            % {"report": report},
            url=reverse("dashboard:report_detail", args=[report.pk]),
        )


def _base_name(report: Report) -> str:
    place = f"unit-{report.unit_id}" if report.unit_id else "instansi"
    return (
        f"{REPORT_DIR}/{report.agency.code}/"
        f"{report.kind}-{report.period_start:%Y-%m}-{place}"
    )


def _queue_generation(report_id: int) -> None:
    from dashboard.tasks import generate_report_task

    try:
        generate_report_task.delay(report_id)
    except Exception:  # noqa: BLE001 - the sweep queues a pending report later
        logger.warning("Could not queue report %s; the next sweep will", report_id)
