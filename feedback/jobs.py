"""Feedback's background jobs (people.jobs runs them; feedback registers them from
its AppConfig.ready(), as people must not import feedback).

- The complaint list's download ("Unduh Excel"): at once up to the rows every list
  download builds in a request (`people.jobs.in_request`); more become a job that
  keeps the list's filter (not the rows) and builds the same sheet
  (`feedback.exports.complaint_sheet`) in the worker, in the requester's scope of
  that moment, the file saved through the storage API and downloaded from the
  job's page."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asn_portal.formats import numbers
from asn_portal.lists import export_response
from feedback import exports
from feedback.forms import filtered_complaints
from people import jobs
from people.models import BackgroundJob

Job = BackgroundJob


def export_complaints_now_or_later(*, complaints, user, data) -> HttpResponse | Job:
    """The complaint list's download: the file at once, or for more rows than a
    request builds a job that builds it from the same filter (`data`)."""
    agency = jobs.agency_for_job(user, complaints.count)
    if agency is None:
        return export_response(
            exports.COMPLAINTS_FILENAME, *exports.complaint_sheet(complaints)
        )
    return jobs.start_job(
        kind=Job.Kind.COMPLAINT_EXPORT,
        agency=agency,
        user=user,
        params={"filters": jobs.list_filters(data)},
    )


def _complaint_export(*, job: Job, progress: jobs.Progress) -> dict:
    data = jobs.filter_data(job.params.get("filters", {}))
    _filters, complaints = filtered_complaints(job.requested_by, data)
    total = complaints.count()
    sheets = [exports.complaint_sheet(complaints)]
    jobs.save_workbook(job, f"pengaduan-{job.pk}.xlsx", sheets, progress, total)
    return {"rows": total, "filename": exports.COMPLAINTS_FILENAME}


def complaints_summary(result: dict) -> str:
    return _("Excel %(n)s pengaduan siap diunduh.") % numbers(n=result["rows"])


def register() -> None:
    jobs.register(
        Job.Kind.COMPLAINT_EXPORT,
        jobs.JobKind(
            work=_complaint_export,
            summary=complaints_summary,
            target=("feedback:complaint_list", gettext_lazy("Daftar pengaduan")),
        ),
    )
