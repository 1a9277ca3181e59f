"""Training's background jobs (people.jobs runs them; training registers them from
its AppConfig.ready(), as people must not import training).

- The below-target list's download ("Unduh Excel"): at once up to the rows every
  list download builds in a request (`people.jobs.in_request`, the employee list's
  rule); more become a job that keeps the list's filter and its year (not the
  rows) and builds the same sheet (`training.exports.below_target_sheet`) in the
  worker, in the requester's scope of that moment, the file saved through the
  storage API and downloaded from the job's page."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asn_portal.exports import build_xlsx
from asn_portal.formats import numbers
from people import jobs
from people.models import BackgroundJob
from training.exports import (
    below_target_export,
    below_target_filename,
    below_target_sheet,
)
from training.forms.ledger import below_target_filter, below_target_rows

Job = BackgroundJob


def export_below_target_now_or_later(
    *, employees, user, filters, data
) -> HttpResponse | Job:
    """The below-target list's download: the file at once, or for more rows than
    a request builds a job that builds it from the same filter (`data`) and year."""
    agency = user.employee.agency
    if jobs.in_request(employees.count()):
        return below_target_export(employees, agency=agency, year=filters.year)
    kept = jobs.list_filters(data)
    kept.pop("tahun", None)  # the year is kept as the list counted it
    return jobs.start_job(
        kind=Job.Kind.BELOW_TARGET_EXPORT,
        agency=agency,
        user=user,
        params={"filters": kept, "year": filters.year},
    )


def _below_target_export(*, job: Job, progress: jobs.Progress) -> dict:
    user, year = job.requested_by, job.params["year"]
    filters = below_target_filter(
        user, jobs.filter_data(job.params.get("filters", {})), this_year=year
    )
    employees = below_target_rows(user, filters)
    total = employees.count()
    progress(0, total)
    content = build_xlsx(
        [
            below_target_sheet(
                employees,
                user.employee.agency,
                year,
                lambda done: progress(done, total),
            )
        ]
    )
    jobs.save_file(job, f"di-bawah-target-jp-{year}-{job.pk}.xlsx", content)
    progress(total, total)
    return {"rows": total, "year": year, "filename": below_target_filename(year)}


def below_target_summary(result: dict) -> str:
    return _("Excel %(n)s pegawai di bawah target JP %(year)s siap diunduh.") % {
        **numbers(n=result["rows"]),
        "year": result["year"],
    }


def register() -> None:
    jobs.register(
        Job.Kind.BELOW_TARGET_EXPORT,
        jobs.JobKind(
            work=_below_target_export,
            summary=below_target_summary,
            target=("training:jp_below_target", gettext_lazy("Di bawah target JP")),
        ),
    )
