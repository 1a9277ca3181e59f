"""Evaluations' background jobs (people.jobs runs them; evaluations registers them
from its AppConfig.ready(), as people must not import evaluations).

- The performance overview's Excel ("Unduh Excel"): at once up to the rows every
  list download builds in a request (`people.jobs.in_request`, counted by
  `exports.overview_row_count`); more become a job that keeps the period (not the
  rows) and builds the same sheets (`exports.overview_sheets`) in the worker, in
  the requester's scope of that moment, the file saved through the storage API
  and downloaded from the job's page."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asn_portal.exports import xlsx_response
from evaluations import exports
from evaluations.models import EvaluationPeriod
from people import jobs
from people.models import BackgroundJob

Job = BackgroundJob


def export_overview_now_or_later(*, user, period) -> HttpResponse | Job:
    """The overview's Excel of `period`: the file at once, or for more rows than a
    request builds a job that builds it for the same period."""
    agency = jobs.agency_for_job(
        user, lambda: exports.overview_row_count(user=user, period=period)
    )
    if agency is None:
        return xlsx_response(
            exports.overview_filename(period),
            exports.overview_sheets(user=user, period=period),
        )
    return jobs.start_job(
        kind=Job.Kind.OVERVIEW_EXPORT,
        agency=agency,
        user=user,
        params={"period": period.pk},
    )


def _overview_export(*, job: Job, progress: jobs.Progress) -> dict:
    user = job.requested_by
    period = (
        EvaluationPeriod.objects.visible_to(user)
        .assessable()
        .filter(pk=job.params.get("period"))
        .first()
    )
    if period is None:  # deleted, or out of the requester's sight since
        raise jobs.JobRefused(_("Periode penilaian ini tidak ditemukan lagi."))
    total = exports.overview_row_count(user=user, period=period)
    sheets = exports.overview_sheets(user=user, period=period)
    filename = exports.overview_filename(period)
    name = filename.replace(".xlsx", f"-{job.pk}.xlsx")
    jobs.save_workbook(job, name, sheets, progress, total)
    return {"rows": total, "period": period.name, "filename": filename}


def overview_summary(result: dict) -> str:
    return _("Excel ikhtisar kinerja %(period)s siap diunduh.") % {
        "period": result["period"]
    }


def register() -> None:
    jobs.register(
        Job.Kind.OVERVIEW_EXPORT,
        jobs.JobKind(
            work=_overview_export,
            summary=overview_summary,
            target=("evaluations:overview", gettext_lazy("Ikhtisar kinerja")),
        ),
    )
