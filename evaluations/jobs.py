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

from asn_portal.exports import build_xlsx, xlsx_response
from evaluations import exports
from evaluations.models import EvaluationPeriod
from people import jobs
from people.models import Agency, BackgroundJob
from people.scope import agency_id_of

Job = BackgroundJob


def export_overview_now_or_later(*, user, period) -> HttpResponse | Job:
    """The overview's Excel of `period`: the file at once, or for more rows than a
    request builds a job that builds it for the same period."""
    agency_id = agency_id_of(user)
    if agency_id is None or jobs.in_request(
        exports.overview_row_count(user=user, period=period)
    ):
        return xlsx_response(
            exports.overview_filename(period),
            exports.overview_sheets(user=user, period=period),
        )
    return jobs.start_job(
        kind=Job.Kind.OVERVIEW_EXPORT,
        agency=Agency.objects.get(pk=agency_id),
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
    progress(0, total)
    sheets = exports.overview_sheets(user=user, period=period)
    content = build_xlsx(jobs.reporting(sheets, progress, total))
    filename = exports.overview_filename(period)
    jobs.save_file(job, filename.replace(".xlsx", f"-{job.pk}.xlsx"), content)
    progress(total, total)
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
