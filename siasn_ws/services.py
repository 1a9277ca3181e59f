"""Collecting records for SIASN and sending them, each once.

`push_to_siasn` runs per agency (beat, `tasks.push_to_siasn_task`): it adds a row for
every new certificate and every final periodic assessment (the unique key makes a
second collection add nothing), then
sends a bounded batch of due rows. Each row is claimed by a conditional UPDATE with a
lease, so two runs never send it at the same time; a row whose earlier attempt ended
without an answer (timeout, worker killed) is first looked up at SIASN by its
certificate number or its period, so a record SIASN already stored is not stored
again."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from asn_portal import outbox
from evaluations.models import Assessment, EvaluationPeriod
from siasn_ws import records
from siasn_ws.client import (
    DOCUMENT_KURSUS,
    Refused,
    SiasnClient,
    Unavailable,
    credentials_for,
)
from siasn_ws.models import OutboxRecord, SiasnConnection
from training.certificate_pdf import render_certificate_pdf
from training.models import Certificate

logger = logging.getLogger(__name__)


@dataclass
class PushResult:
    collected: int = 0
    sent: int = 0
    refused: int = 0
    postponed: int = 0
    problem: str = ""
    notes: list[str] = field(default_factory=list)


def collect_certificates(*, connection: SiasnConnection) -> int:
    """A waiting row for every certificate of the agency not yet in the outbox;
    returns how many were added."""
    certificates = (
        Certificate.objects.filter(agency_id=connection.agency_id)
        .filter(siasn_outbox__isnull=True)
        .exclude(enrolment__session__program__form__in=records.NOT_A_COURSE)
    )
    if connection.push_from:
        certificates = certificates.filter(issued_at__date__gte=connection.push_from)
    rows = [
        OutboxRecord(
            agency_id=connection.agency_id,
            employee_id=certificate.employee_id,
            kind=OutboxRecord.Kind.KURSUS,
            key=certificate.number or certificate.code,
            title=certificate.title,
            certificate_id=certificate.pk,
        )
        for certificate in certificates.only(
            "pk", "employee_id", "number", "code", "title"
        ).iterator()
    ]
    created = OutboxRecord.objects.bulk_create(
        rows, batch_size=500, ignore_conflicts=True
    )
    return len(created)


def collect_assessments(*, connection: SiasnConnection) -> int:
    """A waiting row for every final periodic assessment (acknowledged, or its
    objection decided) of the agency not yet in the outbox, keyed by period and
    NIP; returns how many were added."""
    assessments = (
        Assessment.objects.filter(employee__agency_id=connection.agency_id)
        .filter(status__in=Assessment.FINAL_STATUSES, siasn_outbox__isnull=True)
        .exclude(predikat="")
        .exclude(period__kind=EvaluationPeriod.Kind.PLAN)
        .select_related("period", "employee")
    )
    if connection.push_from:
        assessments = assessments.filter(period__ends_on__gte=connection.push_from)
    rows = [
        OutboxRecord(
            agency_id=connection.agency_id,
            employee_id=assessment.employee_id,
            kind=OutboxRecord.Kind.KINERJA,
            key=records.kinerja_key(
                year=assessment.period.year,
                kind=assessment.period.kind,
                number=assessment.period.number,
                nip=assessment.employee.nip,
            ),
            title=f"{assessment.period.name}: {assessment.get_predikat_display()}",
            assessment_id=assessment.pk,
        )
        for assessment in assessments.iterator()
    ]
    created = OutboxRecord.objects.bulk_create(
        rows, batch_size=500, ignore_conflicts=True
    )
    return len(created)


def push_to_siasn(*, connection: SiasnConnection, batch_size=None) -> PushResult:
    """Collect, then send the due rows of one agency until the batch is done or
    SIASN is unavailable (the rest wait for the next run)."""
    result = PushResult(
        collected=collect_certificates(connection=connection)
        + collect_assessments(connection=connection)
    )
    release_expired_claims()
    credentials = credentials_for(connection.agency.code)
    if credentials is None:
        result.problem = "missing credentials"
        return result
    siasn = SiasnClient(connection, credentials)
    due = (
        OutboxRecord.objects.due(timezone.now())
        .filter(agency_id=connection.agency_id)
        .order_by("pk")
        .values_list("pk", flat=True)[: batch_size or settings.SIASN_BATCH_SIZE]
    )
    for pk in list(due):
        record = _claim(pk=pk)
        if record is None:
            continue
        outcome = _send(record, siasn, connection)
        setattr(result, outcome, getattr(result, outcome) + 1)
        if outcome == "postponed":
            break
    return result


def release_expired_claims() -> int:
    """Rows whose sender died (or lost the database) before recording the answer go
    back to waiting; their next attempt first looks for them at SIASN."""
    return OutboxRecord.objects.claim_expired(timezone.now()).update(
        status=OutboxRecord.Status.WAITING, lease_until=None
    )


@transaction.atomic
def resend(*, record: OutboxRecord) -> bool:
    """A refused row (HR fixed the data) waits again, with fresh attempts."""
    return bool(
        OutboxRecord.objects.filter(
            pk=record.pk, status=OutboxRecord.Status.REFUSED
        ).update(
            status=OutboxRecord.Status.WAITING,
            attempts=0,
            next_attempt_at=None,
            reason="",
            last_error="",
        )
    )


def retry_delay(attempts: int) -> datetime.timedelta:
    """The base, doubled per attempt, at most six hours."""
    base = settings.SIASN_RETRY_BACKOFF_SECONDS
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


def _claim(*, pk: int) -> OutboxRecord | None:
    if not outbox.claim(
        OutboxRecord.objects.due,
        pk=pk,
        sending=OutboxRecord.Status.SENDING,
        lease_seconds=settings.SIASN_CLAIM_LEASE_SECONDS,
    ):
        return None
    return OutboxRecord.objects.select_related(
        "employee",
        "certificate__agency",
        "certificate__enrolment__session__program",
        "assessment__period",
        "assessment__rated_by__unit",
    ).get(pk=pk)


def _send(record: OutboxRecord, siasn: SiasnClient, connection) -> str:
    send = _send_kinerja if record.kind == OutboxRecord.Kind.KINERJA else _send_kursus
    try:
        siasn_id = send(record, siasn, connection)
    except Refused as refusal:
        _finish(record, status=OutboxRecord.Status.REFUSED, reason=str(refusal))
        return "refused"
    except Unavailable as fault:
        logger.warning("SIASN push of %s postponed: %s", record.pk, fault)
        OutboxRecord.objects.filter(pk=record.pk).update(
            status=OutboxRecord.Status.WAITING,
            lease_until=None,
            next_attempt_at=timezone.now() + retry_delay(record.attempts),
            last_error=str(fault)[:300],
        )
        return "postponed"
    _finish(record, status=OutboxRecord.Status.SENT, siasn_id=siasn_id)
    return "sent"


def _finish(record: OutboxRecord, *, status, siasn_id="", reason="") -> None:
    OutboxRecord.objects.filter(pk=record.pk).update(
        status=status,
        siasn_id=siasn_id,
        reason=reason,
        last_error="",
        lease_until=None,
        next_attempt_at=None,
        sent_at=timezone.now() if status == OutboxRecord.Status.SENT else None,
    )


def _pns_id(employee, siasn: SiasnClient) -> str:
    return employee.siasn_id or siasn.data_utama(employee.nip)["id"]


def _send_kursus(record: OutboxRecord, siasn: SiasnClient, connection) -> str:
    """SIASN's id of the riwayat kursus: the one an earlier attempt stored after
    all (same certificate number), else a new one."""
    certificate = record.certificate
    employee = record.employee
    if record.attempts > 1:
        for stored in siasn.riwayat_kursus(employee.nip):
            if str(stored.get("nomorSertipikat") or "").strip() == record.key:
                return str(stored.get("id") or "")
    pns_id = _pns_id(employee, siasn)
    document = record.document
    if not document:
        document = siasn.upload_document(
            id_ref=DOCUMENT_KURSUS,
            filename=f"sertifikat-{certificate.code}.pdf",
            content=render_certificate_pdf(certificate),
        )
        OutboxRecord.objects.filter(pk=record.pk).update(document=document)
    program = certificate.enrolment.session.program if certificate.enrolment else None
    payload = records.kursus_payload(
        number=record.key,
        title=certificate.title,
        form=program.form if program else "magang",
        provider=(program.provider if program else "") or certificate.agency.name,
        start=certificate.start_date,
        end=certificate.end_date,
        jp=certificate.jp,
        pns_id=pns_id,
        instansi_id=connection.instansi_id,
        document=document,
    )
    return siasn.save_kursus(payload)


def _send_kinerja(record: OutboxRecord, siasn: SiasnClient, connection) -> str:
    """SIASN's id of the kinerja periodik: the one SIASN holds for the same period
    (stored by an earlier attempt), else a new one."""
    assessment = record.assessment
    period = assessment.period
    periodik_id = connection.periodik_id(period.kind)
    if not periodik_id:
        raise Refused(
            f"ID periodik SIASN untuk periode {period.get_kind_display().lower()} "
            "belum diisi di koneksi layanan web SIASN"
        )
    payload = records.kinerja_payload(
        start=period.starts_on,
        end=period.ends_on,
        year=period.year,
        periodik_id=periodik_id,
        hasil_kerja=assessment.hasil_kerja,
        perilaku_kerja=assessment.perilaku_kerja,
        predikat=assessment.predikat,
        pns_id="",
        appraiser=_appraiser(assessment.rated_by),
    )
    if record.attempts > 1:
        for stored in siasn.riwayat_kinerja(record.employee.nip):
            if records.same_period(stored, payload):
                return str(stored.get("id") or "")
    payload["pnsDinilaiId"] = _pns_id(record.employee, siasn)
    return siasn.save_kinerja(payload)


def _appraiser(employee) -> dict:
    if employee is None:
        return {}
    return {
        "name": employee.full_name,
        "nip": employee.nip,
        "jabatan": employee.jabatan_name,
        "unit": employee.unit.name if employee.unit_id else "",
        "golongan": employee.golongan,
    }


def enabled_connections():
    return SiasnConnection.objects.filter(enabled=True).select_related("agency")


def outbox_counts(records_qs) -> dict[str, int]:
    """{status: count} for the HR page, in one query."""
    return records_qs.aggregate(
        **{
            status: models.Count("pk", filter=Q(status=status))
            for status in OutboxRecord.Status.values
        }
    )
