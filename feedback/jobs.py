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

from asn_portal.exports import build_xlsx
from asn_portal.formats import numbers
from asn_portal.lists import export_response
from feedback import exports
from feedback.forms import filtered_complaints
from people import jobs
from people.models import Agency, BackgroundJob
from people.scope import agency_id_of

Job = BackgroundJob


def export_complaints_now_or_later(*, complaints, user, data) -> HttpResponse | Job:
    """The complaint list's download: the file at once, or for more rows than a
    request builds a job that builds it from the same filter (`data`)."""
    agency_id = agency_id_of(user)
    if agency_id is None or jobs.in_request(complaints.count()):
        return export_response(
            exports.COMPLAINTS_FILENAME, *exports.complaint_sheet(complaints)
        )
    return jobs.start_job(
        kind=Job.Kind.COMPLAINT_EXPORT,
        agency=Agency.objects.get(pk=agency_id),
        user=user,
        params={"filters": jobs.list_filters(data)},
    )


def _complaint_export(*, job: Job, progress: jobs.Progress) -> dict:
    data = jobs.filter_data(job.params.get("filters", {}))
    _filters, complaints = filtered_complaints(job.requested_by, data)
    total = complaints.count()
    progress(0, total)
    sheets = [exports.complaint_sheet(complaints)]
    content = build_xlsx(jobs.reporting(sheets, progress, total))
    jobs.save_file(job, f"pengaduan-{job.pk}.xlsx", content)
    progress(total, total)
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
