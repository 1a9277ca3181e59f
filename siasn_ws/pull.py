"""The scheduled pull: each agency that switched it on reads, once a day, what SIASN
holds on each of its employees, and HR confirm the changes in the same sync preview
as a re-imported SIASN download.

SIASN's web service has no list of an instansi's employees, so the pull asks
`pns/data-utama` for every active employee the portal knows (new employees still come
from the download), and `referensi/ref-unor` for the names of the units. Each answer
becomes the cells of a download row (`records.employee_cells`) and goes through the
download's own mapping and checks (`people.services.import_employees`, dry run). An
employee SIASN does not know, or places in another instansi, is missing from the
pull (end of assignment proposed); one SIASN refuses to give, or whose data the
mapping refuses, is left out with the reason and not proposed to end.

A run claims the agency (a conditional UPDATE with a lease), so two beats or a
retried task never pull it twice at once; it writes nothing until every employee
has been read, then keeps the agency's one preview in one transaction
(`people.services.keep_agency_preview`): a failed pull leaves the previous preview
as it was and is tried again after a backoff; a pull with the same changes keeps
the preview HR may be reading.

The data the agency lets SIASN own (`SiasnConnection.owned`, people.sync.OWNED_GROUPS)
is applied at once, in the same transaction, with the history reason "Layanan web
SIASN <date> (data milik SIASN)"; only the rest waits for HR."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, models, transaction
from django.db.models import Q
from django.utils import timezone

from asn_portal.spreadsheets import SheetRow, read_record
from people import imports, sync
from people.models import Employee, PendingImport
from people.services import (
    apply_owned_fields,
    import_employees,
    keep_agency_preview,
)
from siasn_ws import records
from siasn_ws.client import Refused, SiasnClient, Unavailable, credentials_for
from siasn_ws.models import SiasnConnection
from siasn_ws.services import retry_delay

logger = logging.getLogger(__name__)

# The source every history record of a confirmed pull gives, with the day; the
# data SIASN owns, applied without HR, add the note.
WS_SOURCE = "Layanan web SIASN"
OWNED_NOTE = "data milik SIASN"


@dataclass
class PullResult:
    asked: int = 0  # active employees asked for
    found: int = 0  # SIASN placed them in the agency
    applied: int = 0  # employees whose SIASN-owned data changed at once
    skipped: list[tuple[str, str, list[str]]] = field(default_factory=list)
    pending: PendingImport | None = None
    new_preview: bool = False
    problem: str = ""


def source_of_pull(day: datetime.date) -> str:
    return f"{WS_SOURCE} {day:%d-%m-%Y}"


def due_connections(now: datetime.datetime):
    """Connections whose pull is on and due, and not held by a live run."""
    return (
        SiasnConnection.objects.filter(enabled=True, pull_enabled=True)
        .filter(Q(pull_next_at__isnull=True) | Q(pull_next_at__lte=now))
        .filter(Q(pull_lease_until__isnull=True) | Q(pull_lease_until__lt=now))
        .select_related("agency")
    )


def claim_pull(*, pk: int) -> SiasnConnection | None:
    """The connection, held for this run; None when it is not due or another run
    holds it."""
    now = timezone.now()
    lease = datetime.timedelta(seconds=settings.SIASN_PULL_LEASE_SECONDS)
    claimed = (
        due_connections(now)
        .filter(pk=pk)
        .update(
            pull_lease_until=now + lease, pull_attempts=models.F("pull_attempts") + 1
        )
    )
    if not claimed:
        return None
    return SiasnConnection.objects.select_related("agency").get(pk=pk)


def pull_from_siasn(*, connection: SiasnConnection) -> PullResult:
    """Pull one claimed agency: the preview kept, or the fault and the next try.
    Any other error (the database, the time limit) lets the claim go and is
    raised, so the task is retried."""
    try:
        result = _pull(connection)
    except BaseException:
        _release(connection)
        raise
    now = timezone.now()
    if result.problem:
        logger.warning("SIASN pull for %s: %s", connection.agency.code, result.problem)
        _update(
            connection,
            pull_next_at=now + retry_delay(connection.pull_attempts),
            pull_error=result.problem[:300],
        )
    else:
        interval = datetime.timedelta(hours=settings.SIASN_PULL_INTERVAL_HOURS)
        _update(
            connection,
            pull_next_at=now + interval,
            pull_finished_at=now,
            pull_attempts=0,
            pull_error="",
            pull_applied=result.applied,
        )
    return result


def _pull(connection: SiasnConnection) -> PullResult:
    credentials = credentials_for(connection.agency.code)
    if credentials is None:
        missing = ", ".join(connection.missing_variables())
        return PullResult(problem=f"kredensial belum diisi di server: {missing}")
    siasn = SiasnClient(connection, credentials)
    try:
        result, rows = _read_employees(connection, siasn)
    except Unavailable as fault:
        return PullResult(problem=str(fault))
    source = source_of_pull(timezone.localdate())
    with transaction.atomic():
        result.applied = apply_owned_fields(
            agency=connection.agency,
            rows=rows,
            fields=sync.owned_fields(connection.owned),
            source=f"{source} ({OWNED_NOTE})",
        )
        check = _check(connection.agency, rows, result)
        result.pending, result.new_preview = keep_agency_preview(
            agency=connection.agency,
            rows=[r for r in rows if r.values["nip"] not in _nips(result.skipped)],
            result=check,
            source=source,
            skipped=result.skipped,
        )
    return result


def _read_employees(connection, siasn) -> tuple[PullResult, list[SheetRow]]:
    """Every active employee's data utama as a download row; raises Unavailable
    as soon as SIASN cannot answer (nothing is kept of a partial read)."""
    instansi = connection.instansi_id
    unit_names = {
        str(unit.get("Id")): str(unit.get("NamaUnor") or "")
        for unit in siasn.ref_unor()
        if not instansi or str(unit.get("InstansiId") or instansi) == instansi
    }
    result, rows = PullResult(), []
    employees = (
        Employee.objects.filter(agency_id=connection.agency_id, is_active=True)
        .order_by("nip")
        .values_list("nip", "name")
    )
    for nip, name in employees.iterator():
        result.asked += 1
        try:
            data = siasn.find_pns(nip)
        except Refused as refusal:
            result.skipped.append((nip, name, [str(refusal)]))
            continue
        if data is None or records.works_elsewhere(data, instansi):
            continue  # missing: its end of assignment is proposed
        cells = {**records.employee_cells(data, unit_names), "nip": nip}
        rows.append(read_record(len(rows) + 1, cells, imports.COLUMNS))
    result.found = len(rows)
    return result, rows


def _check(agency, rows: list[SheetRow], result: PullResult):
    """The dry run of the rows the download's mapping accepts; the others join
    the skipped with their reasons."""
    while True:
        kept = [row for row in rows if row.values["nip"] not in _nips(result.skipped)]
        check = import_employees(
            agency=agency,
            rows=kept,
            dry_run=True,
            actor=None,
            source=WS_SOURCE,
            keep_nips=_nips(result.skipped),
        )
        refused = [(e.nip, e.name, e.messages) for e in check.errors]
        if check.is_valid or not {nip for nip, *_ in refused} - _nips(result.skipped):
            return check
        result.skipped += refused


def _nips(skipped) -> set[str]:
    return {nip for nip, _name, _reasons in skipped}


def _update(connection: SiasnConnection, **fields) -> None:
    SiasnConnection.objects.filter(pk=connection.pk).update(
        pull_lease_until=None, **fields
    )


def _release(connection: SiasnConnection) -> None:
    """Let the claim go so a retry may pull at once; when the database itself is
    gone, the lease runs out instead."""
    try:
        _update(connection)
    except DatabaseError:
        logger.warning("SIASN pull for %s: claim left to expire", connection.pk)
