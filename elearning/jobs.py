"""E-learning's background jobs (people.jobs runs them; elearning registers them
from its AppConfig.ready(), as people must not import elearning).

- A module's results download ("Unduh Excel"): at once up to the rows every list
  download builds in a request (`people.jobs.in_request`); a module followed by
  more participants becomes a job that keeps the module (not the rows) and builds
  the same sheets (`exports.results_sheets`) in the worker, in the requester's
  scope of that moment, the file saved through the storage API and downloaded
  from the job's page."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asn_portal.exports import xlsx_response
from elearning import exports
from elearning.models import Module, Progress
from people import jobs
from people.models import BackgroundJob

Job = BackgroundJob


def export_results_now_or_later(*, module, participants, user) -> HttpResponse | Job:
    """A module's results: the file at once, or for more participants than a
    request builds a job that builds it for the same module."""
    agency = jobs.agency_for_job(user, participants.count)
    if agency is None:
        return xlsx_response(
            exports.results_filename(module),
            exports.results_sheets(module, participants),
        )
    return jobs.start_job(
        kind=Job.Kind.ELEARNING_RESULTS_EXPORT,
        agency=agency,
        user=user,
        params={"module": module.pk},
    )


def _results_export(*, job: Job, progress: jobs.Progress) -> dict:
    user = job.requested_by
    module = Module.objects.visible_to(user).filter(pk=job.params.get("module"))
    module = module.first()
    if module is None:  # deleted, or out of the requester's sight since
        raise jobs.JobRefused(_("Modul ini tidak ditemukan lagi."))
    participants = Progress.objects.visible_to(user).results_of(module)
    total = participants.count()
    sheets = exports.results_sheets(module, participants)
    name = f"hasil-elearning-{module.pk}-{job.pk}.xlsx"
    jobs.save_workbook(job, name, sheets, progress, total)
    return {
        "rows": total,
        "module": module.title,
        "filename": exports.results_filename(module),
    }


def results_summary(result: dict) -> str:
    return _("Excel hasil e-learning %(module)s siap diunduh.") % {
        "module": result["module"]
    }


def register() -> None:
    jobs.register(
        Job.Kind.ELEARNING_RESULTS_EXPORT,
        jobs.JobKind(
            work=_results_export,
            summary=results_summary,
            target=("elearning:results_list", gettext_lazy("Hasil e-learning")),
        ),
    )
