"""Background jobs: work too long for a web request, run by the Celery worker while
the user watches a progress bar on the job's page (`/tugas/<id>/`), or leaves and
comes back. One model (`BackgroundJob`), one task (`run_background_job_task`), one
runner (`run_job`) for every kind; a kind is a work function in `KINDS`. People's
own kinds are listed below; an app that builds on people (people must not import
it) adds its kinds with `register` from its AppConfig.ready().

A view starts a job with `start_job` and redirects to its page at once. The work
function gets the job and `progress(done, total)`, runs inside one transaction
that also records the job's end, and returns the figures its page words
(`summary`), or refuses with `JobRefused` (Indonesian message for the page, and
figures such as the rows at fault). A refusing work must have written nothing it
does not mean to keep: what it wrote is committed with the failed state.

Delivered twice, or its worker killed mid-way (acks_late gives the task back),
the job still runs its work once:
- the claim (waiting or running → running) is committed at once, so the page
  shows the job started; a finished job is never claimed again;
- the work runs holding a transaction-scoped advisory lock on the job: a second
  delivery while the first is alive finds it taken and leaves; a worker that dies
  takes its transaction, its writes and its lock with it, so the next delivery
  starts clean;
- the work and the job's end (done or failed) commit together, so a delivery
  after that finds the job finished.

Progress goes through a connection of its own, outside the work's transaction, so
the page sees it while the work is not yet committed."""

import contextlib
import itertools
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.http import HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asn_portal.exports import build_xlsx
from asn_portal.formats import numbers
from asn_portal.lists import EXPORT_PARAMETER
from asn_portal.refusals import Refused
from notifications import services as notification_services
from people import exports, services
from people.forms import filtered_employees
from people.models import Agency, BackgroundJob, Employee, PendingImport
from people.scope import agency_id_of

logger = logging.getLogger(__name__)

# The first key of the job's advisory lock: the second is the job's id.
LOCK_NAMESPACE = 7215
# Bad rows a refused import keeps for its page, as the preview lists them.
ERRORS_KEPT = 200
# Accounts created inside the request up to this many; more go to a job.
ACCOUNTS_IN_REQUEST = 200
# Accounts per step of an account job (each a progress report), as the service
# looks employees up by id.
ACCOUNTS_PER_STEP = services.LOOKUP_CHUNK

Job = BackgroundJob
Progress = Callable[[int, int], None]


class JobRefused(Refused):
    """The work cannot be done as asked: the job fails with `message` (shown as
    it is, so written in Indonesian), keeping `result` for its page."""

    def __init__(self, message, *, result: dict | None = None):
        super().__init__(message)
        self.result = result or {}


@dataclass(frozen=True)
class JobKind:
    work: Callable[..., dict]
    summary: Callable[[dict], str]
    # The page the outcome leads on to: (url name, label).
    target: tuple[str, str]
    # Where to start again after a failure (url name), if anywhere.
    again: str | None = None


def register(kind: str, job_kind: JobKind) -> None:
    """Add an app's kind (one of `BackgroundJob.Kind`) to `KINDS`, from the app's
    AppConfig.ready(): people runs it without importing the app."""
    if kind not in Job.Kind.values:
        raise ValueError(f"{kind!r} is not a BackgroundJob.Kind")
    KINDS[kind] = job_kind


def in_request(rows: int) -> bool:
    """A list download of this many rows is built at once; more go to a job (the
    one rule of every large export)."""
    return rows <= exports.IN_REQUEST


def agency_for_job(user, count_rows: Callable[[], int]) -> Agency | None:
    """The agency a download job runs for, or None where the file is built in this
    request: its rows fit in one (`in_request`, counted only when needed), or the
    user belongs to no agency (a superuser), whose job could not be kept."""
    agency_id = agency_id_of(user)
    if agency_id is None or in_request(count_rows()):
        return None
    return Agency.objects.get(pk=agency_id)


def save_workbook(job: Job, name: str, sheets, progress: Progress, total: int) -> None:
    """The job's file: the workbook of `sheets`, progress told as their rows are
    written (`reporting`), saved through the storage API (`save_file`)."""
    progress(0, total)
    save_file(job, name, build_xlsx(reporting(sheets, progress, total)))
    progress(total, total)


def list_filters(data) -> dict:
    """A list's filter from its query string (`data`), to keep in a job's params:
    every value but the export switch and the page."""
    key, _value = EXPORT_PARAMETER
    return {name: data.getlist(name) for name in data if name not in (key, "page")}


def filter_data(filters: dict) -> QueryDict:
    """The query string `list_filters` kept, for the list's own filter form."""
    data = QueryDict(mutable=True)
    for name, values in filters.items():
        data.setlist(name, values)
    return data


def reporting(sheets, progress: Progress, total: int) -> list:
    """A job's sheets (title, header, rows), their rows unchanged, telling
    `progress(done, total)` every `exports.CHUNK` rows written, counted across
    the sheets."""
    written = itertools.count(1)

    def counted(rows):
        for row in rows:
            yield row
            done = next(written)
            if done % exports.CHUNK == 0:
                progress(min(done, total), total)

    return [(title, header, counted(rows)) for title, header, rows in sheets]


def save_file(job: Job, name: str, content: bytes) -> None:
    """A file the job built, saved through the storage API (any web host, or object
    storage, can serve it to `job_download`)."""
    job.file.save(name, ContentFile(content), save=False)
    Job.objects.filter(pk=job.pk).update(file=job.file.name)


def start_job(*, kind: str, agency, user, params: dict, total: int = 0) -> Job:
    """The same job already waiting or running for this user, or a new one queued
    for the worker once the request's transaction commits (a double click starts
    one job)."""
    waiting = Job.objects.filter(
        kind=kind,
        requested_by=user,
        params=params,
        state__in=[Job.State.WAITING, Job.State.RUNNING],
    ).first()
    if waiting is not None:
        return waiting
    job = Job.objects.create(
        kind=kind, agency=agency, requested_by=user, params=params, total=total
    )
    transaction.on_commit(lambda: _queue(job.pk))
    return job


def _queue(job_id: int) -> None:
    # Imported here: people.tasks imports this module.
    from people.tasks import run_background_job_task

    run_background_job_task.delay(job_id)


def run_job(*, job_id: int) -> str:
    """Run a job's work once (see the module's docstring); says what it did."""
    claimed = Job.objects.filter(
        pk=job_id, state__in=[Job.State.WAITING, Job.State.RUNNING]
    ).update(state=Job.State.RUNNING, started_at=timezone.now())
    if not claimed:
        return "finished before"
    with transaction.atomic():
        if not _lock(job_id):
            return "running elsewhere"
        job = Job.objects.select_related("agency", "requested_by").get(pk=job_id)
        if job.is_finished:  # a delivery that finished between claim and lock
            return "finished before"
        with _progress_writer(job_id) as progress:
            try:
                result = KINDS[job.kind].work(job=job, progress=progress)
            except JobRefused as refusal:
                _end(
                    job, Job.State.FAILED, result=refusal.result, error=refusal.message
                )
                return "refused"
        _end(job, Job.State.DONE, result=result)
    return "done"


def mark_failed(*, job_id: int) -> None:
    """A job whose task gave up (an error in the work, or retries used up): its
    page says so instead of waiting for ever. The cause is in the worker's log."""
    error = _(
        "Tugas gagal karena kesalahan sistem; tidak ada yang diubah. "
        "Silakan ulangi; tim teknis dapat melihat penyebabnya di log."
    )
    failed = (
        Job.objects.filter(pk=job_id)
        .exclude(state=Job.State.DONE)
        .update(state=Job.State.FAILED, error=error, finished_at=timezone.now())
    )
    if failed:
        _tell_requester(Job.objects.get(pk=job_id))


def _end(job: Job, state: str, *, result: dict, error: str = "") -> None:
    Job.objects.filter(pk=job.pk).update(
        state=state,
        result=result,
        error=error,
        finished_at=timezone.now(),
    )
    job.state, job.result, job.error = state, result, error
    _tell_requester(job)


def _tell_requester(job: Job) -> None:
    """The requester may have left the page: the inbox (and email, after commit)
    says how the job ended, once per job and outcome."""
    done = job.state == Job.State.DONE
    title = _("Selesai: %(kind)s") if done else _("Gagal: %(kind)s")
    notification_services.notify(
        recipient=job.requested_by,
        kind="people.job_finished",
        obj=job,
        step=job.state,
        title=title % {"kind": job.get_kind_display()},
        body=KINDS[job.kind].summary(job.result) if done else job.error,
        url=job.get_absolute_url(),
    )


def _lock(job_id: int) -> bool:
    """Take the job's lock until the transaction ends; False if a live worker
    holds it. SQLite (a laptop) writes one transaction at a time anyway."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, job_id]
        )
        return cursor.fetchone()[0]


@contextlib.contextmanager
def _progress_writer(job_id: int):
    """`progress(done, total)` written and committed at once through a second
    connection, so the job's page sees it during the work's transaction. Only
    on PostgreSQL: SQLite would wait for the work's own write lock."""
    if connection.vendor != "postgresql":
        yield lambda done, total: None
        return
    side = connections.create_connection(DEFAULT_DB_ALIAS)

    def progress(done: int, total: int) -> None:
        with side.cursor() as cursor:
            cursor.execute(
                "UPDATE people_backgroundjob SET done = %s, total = %s WHERE id = %s",
                [done, total, job_id],
            )

    try:
        yield progress
    finally:
        side.close()


# --- the kinds ---------------------------------------------------------------------


def _employee_import(*, job: Job, progress: Progress) -> dict:
    """The confirmation of a kept preview: its rows checked again and imported,
    the chosen assignments ended, all or nothing (`confirm_pending_import`)."""
    pending = (
        PendingImport.objects.select_for_update()
        .filter(pk=job.params.get("pending"), kind=PendingImport.Kind.EMPLOYEES)
        .first()
    )
    if pending is None:  # confirmed by another job already, or too old
        raise JobRefused(_("Pratinjau ini sudah tidak berlaku; unggah berkas lagi."))
    filename = pending.filename
    result = services.confirm_pending_import(
        pending=pending, actor=job.requested_by, progress=progress
    )
    if not result.applied:
        raise JobRefused(
            _("Data berubah sejak pratinjau; tidak ada yang diimpor."),
            result={
                "total": result.total,
                "error_count": len(result.errors),
                "errors": [asdict(error) for error in result.errors[:ERRORS_KEPT]],
                "filename": filename,
            },
        )
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "ended": result.ended,
    }


def imported_message(result: dict) -> str:
    message = _(
        "Impor selesai: %(created)s pegawai baru, %(updated)s diperbarui, "
        "%(unchanged)s tidak berubah."
    ) % numbers(
        created=result["created"],
        updated=result["updated"],
        unchanged=result["unchanged"],
    )
    if result.get("ended"):
        message += " " + _(
            "Penugasan %(n)s pegawai yang tidak ada di berkas diakhiri; akunnya "
            "tidak dapat masuk lagi."
        ) % numbers(n=result["ended"])
    return message


def create_accounts_now_or_later(*, employees, agency, user) -> str | Job:
    """Logins for the employees of `employees` who have none: a few at once (the
    outcome in words), thousands in a job (the job to follow)."""
    ids = services.account_candidates(employees=employees, agency=agency)
    if len(ids) <= ACCOUNTS_IN_REQUEST:
        result = services.create_accounts(
            employees=employees.filter(pk__in=ids), agency=agency
        )
        return services.describe_accounts_result(result)
    return start_job(
        kind=Job.Kind.ACCOUNTS,
        agency=agency,
        user=user,
        params={"employees": ids},
        total=len(ids),
    )


def _accounts(*, job: Job, progress: Progress) -> dict:
    """Logins and invitations for the employees the job names (those who got one
    meanwhile are passed over: `create_accounts` finds nobody left)."""
    ids = job.params.get("employees", [])
    created, without_email, taken = 0, 0, []
    for start in range(0, len(ids), ACCOUNTS_PER_STEP):
        step = services.create_accounts(
            employees=Employee.objects.filter(
                pk__in=ids[start : start + ACCOUNTS_PER_STEP]
            ),
            agency=job.agency,
        )
        created += step.created
        without_email += len(step.without_email)
        taken += [e.nip for e in step.username_taken]
        progress(min(start + ACCOUNTS_PER_STEP, len(ids)), len(ids))
    return {"created": created, "without_email": without_email, "taken_nips": taken}


def export_employees_now_or_later(*, employees, user, data) -> HttpResponse | Job:
    """The employee list's download: the file at once, or for more than
    `exports.IN_REQUEST` rows a job that builds it from the same filter (`data`)
    in the requester's scope of that moment."""
    agency = agency_for_job(user, employees.count)
    if agency is None:
        return exports.employees_export(employees)
    return start_job(
        kind=Job.Kind.EMPLOYEE_EXPORT,
        agency=agency,
        user=user,
        params={"filters": list_filters(data)},
    )


def _employee_export(*, job: Job, progress: Progress) -> dict:
    """The Excel file of the employee list as filtered, saved through the storage
    API (any web host, or object storage, can serve it to `job_download`)."""
    data = filter_data(job.params.get("filters", {}))
    _filters, employees = filtered_employees(job.requested_by, data)
    total = employees.count()
    progress(0, total)
    content = build_xlsx(
        [exports.employee_sheet(employees, lambda done: progress(done, total))]
    )
    save_file(job, f"pegawai-{job.pk}.xlsx", content)
    progress(total, total)
    return {"rows": total, "filename": exports.FILENAME}


def export_summary(result: dict) -> str:
    return _("Excel %(n)s pegawai siap diunduh.") % numbers(n=result["rows"])


def accounts_summary(result: dict) -> str:
    return services.accounts_message(
        created=result["created"],
        without_email=result["without_email"],
        taken_nips=result["taken_nips"],
    )


# People's kinds; other apps' are added by `register`.
KINDS: dict[str, JobKind] = {
    Job.Kind.EMPLOYEE_IMPORT: JobKind(
        work=_employee_import,
        summary=imported_message,
        target=("people:employee_list", gettext_lazy("Daftar pegawai")),
        again="people:employee_import",
    ),
    Job.Kind.ACCOUNTS: JobKind(
        work=_accounts,
        summary=accounts_summary,
        target=("people:accounts", gettext_lazy("Akun pegawai")),
    ),
    Job.Kind.EMPLOYEE_EXPORT: JobKind(
        work=_employee_export,
        summary=export_summary,
        target=("people:employee_list", gettext_lazy("Daftar pegawai")),
    ),
}


def counted(job: Job) -> str:
    """ "· 4.000 dari 20.000" while a job with a known size runs, else nothing."""
    if not job.total or job.is_finished:
        return ""
    return "· " + _("%(done)s dari %(total)s") % numbers(done=job.done, total=job.total)


def status(job: Job) -> dict:
    """What the job's page asks every few seconds while the job runs."""
    return {
        "finished": job.is_finished,
        "percent": job.percent,
        "state": str(job.get_state_display()),
        "counted": counted(job),
    }


def page_context(job: Job) -> dict:
    """What the job's page shows: the bar, and once done the outcome in words
    with the page it leads on to."""
    kind = KINDS[job.kind]
    url_name, label = kind.target
    return {
        "job": job,
        "counted": counted(job),
        "summary": kind.summary(job.result) if job.state == Job.State.DONE else "",
        "target_url": reverse(url_name),
        "target_label": label,
        "again_url": reverse(kind.again) if kind.again else "",
        "errors_listed": job.result.get("errors", []),
        "download_url": (
            reverse("job_download", args=[job.pk])
            if job.file and job.state == Job.State.DONE
            else ""
        ),
        # A built file is deleted after its keeping time (asn_portal.storage).
        "file_removed": bool(job.result.get("filename")) and not job.file,
        "kept_days": settings.BUILT_FILES_KEPT_DAYS,
    }
