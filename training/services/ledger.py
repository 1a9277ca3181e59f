"""The JP ledger's one write: crediting JP, once per source."""

import datetime
import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from asn_portal.bulk import insert_in_bulk
from asn_portal.refusals import Refused
from notifications.services import notify
from training.jp import exact_jp, minutes_to_jp
from training.models import (
    DevelopmentForm,
    ExternalTraining,
    JpCredit,
    JpYearTotal,
    OutsideLearning,
)
from training.services import jp_totals


def credit_jp(
    *,
    employee,
    form: DevelopmentForm | str,
    source_key: str,
    on_date: datetime.date,
    description: str,
    jp: Decimal | None = None,
    minutes: int | None = None,
) -> JpCredit | None:
    """Credit an activity to an employee's ledger once per source; None if already
    credited (or nothing to credit). An activity is counted either in `jp` or, when
    measured by its duration, in `minutes`: those are converted with the agency's
    minutes per JP once per year total, never rounded per line."""
    if (jp is None) == (minutes is None):
        raise ValueError("credit either jp or minutes")
    if minutes is not None:
        jp = minutes_to_jp(minutes, minutes_per_jp=employee.agency.minutes_per_jp)
    if not minutes and jp <= 0:
        return None
    try:
        with transaction.atomic():
            credit = JpCredit.objects.create(
                employee=employee,
                agency_id=employee.agency_id,
                year=on_date.year,
                date=on_date,
                jp=jp,
                minutes=minutes,
                form=form,
                source_key=source_key,
                description=description[:255],
            )
            _add_to_year_total(credit, employee.agency.minutes_per_jp)
            jp_totals.credited([credit])
            return credit
    except IntegrityError:
        return None


def _add_to_year_total(credit: JpCredit, minutes_per_jp: int) -> None:
    """Add a new credit to its employee's yearly total, in the caller's transaction.

    INSERT .. ON CONFLICT DO UPDATE: two credits of one employee written at once add
    up under the row lock instead of overwriting each other (PostgreSQL and SQLite);
    the row stays locked until commit, so the JP written next is from both."""
    table = JpYearTotal._meta.db_table
    declared = Decimal(0) if credit.minutes is not None else credit.jp
    # Identifiers come from the model, never from input; values are parameters.
    statement = (
        f"INSERT INTO {table} (employee_id, year, declared_jp, minutes, jp) "  # nosec B608
        "VALUES (%s, %s, %s, %s, 0) ON CONFLICT (employee_id, year) DO UPDATE SET "
        f"declared_jp = {table}.declared_jp + EXCLUDED.declared_jp, "
        f"minutes = {table}.minutes + EXCLUDED.minutes "
        "RETURNING id, declared_jp, minutes"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            [credit.employee_id, credit.year, declared, credit.minutes or 0],
        )
        pk, declared_jp, minutes = cursor.fetchone()
    JpYearTotal.objects.filter(pk=pk).update(
        jp=exact_jp(declared_jp, minutes, minutes_per_jp=minutes_per_jp)
    )


def credit_in_bulk(credits, *, batch_size: int = 2000) -> list[JpCredit]:
    """Many new credits at once (demo data only: see asn_portal/bulk.py), then
    their employees' yearly totals rebuilt from the ledger."""
    made = insert_in_bulk(JpCredit, credits, batch_size=batch_size)
    rebuild_jp_year_totals(employee_ids={credit.employee_id for credit in made})
    jp_totals.credited(made)
    return made


def rebuild_jp_year_totals(*, employee_ids=None) -> int:
    """Recompute the yearly JP totals from the ledger (after a bulk load or a
    repair); returns the number of rows written."""
    credits = JpCredit.objects.all()
    existing = JpYearTotal.objects.all()
    if employee_ids is not None:
        credits = credits.filter(employee_id__in=employee_ids)
        existing = existing.filter(employee_id__in=employee_ids)
    rows = (
        credits.order_by()
        .values("employee_id", "year", "employee__agency__minutes_per_jp")
        .annotate(
            declared_jp=Sum("jp", filter=Q(minutes__isnull=True), default=0),
            minutes=Sum("minutes", default=0),
        )
    )
    with transaction.atomic():
        existing.delete()
        # Through the ORM, not COPY: the dashboard notices its figures changed by the
        # statements Django runs (dashboard/freshness.py).
        made = JpYearTotal.objects.bulk_create(
            (_year_total(row) for row in rows.iterator()), batch_size=2000
        )
    return len(made)


def _year_total(row: dict) -> JpYearTotal:
    minutes_per_jp = row.pop("employee__agency__minutes_per_jp")
    return JpYearTotal(
        **row,
        jp=exact_jp(row["declared_jp"], row["minutes"], minutes_per_jp=minutes_per_jp),
    )


# Learning outside the portal -------------------------------------------------------


def submit_outside_learning(*, item: OutsideLearning, employee) -> OutsideLearning:
    """Record (or correct, while it waits) an ASN's outside learning and ask their
    supervisor to verify it."""
    if item.pk and item.status != OutsideLearning.Status.SUBMITTED:
        raise Refused(_("Kegiatan yang sudah diputuskan tidak dapat diubah lagi."))
    _check_outside_dates(item)
    item.employee = employee
    item.save()
    supervisor = employee.supervisor
    if supervisor is not None and supervisor.user_id:
        notify(
            recipient=supervisor.user,
            kind="training.outside_submitted",
            obj=item,
            title=_("Kegiatan belajar di luar portal menunggu verifikasi Anda"),
            body=_("%(name)s mencatat %(title)s (%(hours)s jam).")
            % {"name": employee.name, "title": item.title, "hours": item.hours},
            url=item.get_absolute_url(),
        )
    return item


def _check_outside_dates(item: OutsideLearning) -> None:
    check_learning_dates(
        start_date=item.start_date, end_date=item.end_date, hours=item.hours
    )


def check_learning_dates(
    *,
    start_date: datetime.date,
    end_date: datetime.date,
    hours: Decimal,
    hours_field: str = "hours",
) -> None:
    """Learning done elsewhere is recorded once it has ended, and its hours fit in
    its days (`hours_field` names the field they were given in)."""
    if end_date > timezone.localdate():
        raise Refused(
            _("Kegiatan yang belum selesai belum dapat dicatat."), field="end_date"
        )
    if end_date < start_date:
        raise Refused(
            _("Tanggal selesai tidak boleh sebelum tanggal mulai."), field="end_date"
        )
    days = (end_date - start_date).days + 1
    if hours > 24 * days:
        raise Refused(
            _("%(hours)s jam tidak muat dalam %(days)s hari kegiatan.")
            % {"hours": hours, "days": days},
            field=hours_field,
        )


def decide_outside_learning(
    *, item: OutsideLearning, user, verified: bool, reason: str = ""
) -> OutsideLearning:
    """The supervisor or HR verifies the activity (crediting its minutes to the JP
    ledger, once) or rejects it with a reason; the ASN is told either way."""
    if not OutsideLearning.objects.to_verify_by(user).filter(pk=item.pk).exists():
        raise Refused(
            _("Kegiatan ini tidak menunggu verifikasi Anda (sudah diputuskan?).")
        )
    if not verified and not reason.strip():
        raise Refused(_("Tuliskan alasan penolakan."), field="reason")
    with transaction.atomic():
        claimed = OutsideLearning.objects.filter(
            pk=item.pk, status=OutsideLearning.Status.SUBMITTED
        ).update(
            status=(
                OutsideLearning.Status.VERIFIED
                if verified
                else OutsideLearning.Status.REJECTED
            ),
            decided_by=user.employee,
            decided_at=timezone.now(),
            reason="" if verified else reason.strip(),
            updated_at=timezone.now(),
        )
        if not claimed:
            raise Refused(_("Kegiatan ini sudah diputuskan."))
        item.refresh_from_db()
        if verified:
            credit_jp(
                employee=item.employee,
                minutes=item.minutes,
                form=item.form,
                source_key=item.source_key,
                on_date=item.end_date,
                description=_("Di luar portal: %(title)s — %(organizer)s")
                % {"title": item.title, "organizer": item.organizer},
            )
        _tell_outcome(item)
    return item


def _tell_outcome(item: OutsideLearning) -> None:
    if not item.employee.user_id:
        return
    if item.status == OutsideLearning.Status.VERIFIED:
        title = _("Kegiatan %(title)s diverifikasi: %(jp)s JP dicatat") % {
            "title": item.title,
            "jp": minutes_to_jp(
                item.minutes, minutes_per_jp=item.employee.agency.minutes_per_jp
            ),
        }
    else:
        title = _("Kegiatan %(title)s ditolak") % {"title": item.title}
    notify(
        recipient=item.employee.user,
        kind="training.outside_decided",
        obj=item,
        title=title,
        body=item.reason,
        url=item.get_absolute_url(),
    )


# Training reported by another system ------------------------------------------------


class RequestKeyReused(Refused):
    """An Idempotency-Key already recorded a different training."""


def record_external_training(
    *,
    employee,
    request_key: str,
    sent_by: str,
    form: str,
    title: str,
    provider: str,
    start_date: datetime.date,
    end_date: datetime.date,
    minutes: int,
    certificate_number: str = "",
    minutes_field: str = "minutes",
) -> tuple[ExternalTraining, bool]:
    """Record a training another system of the employee's agency reports, crediting
    its minutes to the JP ledger, once per `request_key` of that agency.

    Returns the record and whether it is new. The same key sent again with the same
    training returns the first record (nothing credited again); with another
    training it is refused (RequestKeyReused). Two requests with one key at once
    both try to insert the key: the unique (agency, request_key) makes the second
    wait for the first and then find its record."""
    facts = {
        "nip": employee.nip,
        "form": form,
        "title": title,
        "provider": provider,
        "start_date": start_date,
        "end_date": end_date,
        "minutes": minutes,
        "certificate_number": certificate_number,
    }
    digest = _digest(facts)
    of_agency = ExternalTraining.objects.in_agency(employee.agency_id)
    earlier = (
        of_agency.select_related("employee__agency")
        .filter(request_key=request_key)
        .first()
    )
    if earlier is not None:
        return _repeated(earlier, digest), False
    check_learning_dates(
        start_date=start_date,
        end_date=end_date,
        hours=Decimal(minutes) / 60,
        hours_field=minutes_field,
    )
    try:
        with transaction.atomic():
            record = ExternalTraining.objects.create(
                agency_id=employee.agency_id,
                employee=employee,
                form=form,
                title=title,
                provider=provider,
                start_date=start_date,
                end_date=end_date,
                minutes=minutes,
                certificate_number=certificate_number,
                sent_by=sent_by[:100],
                request_key=request_key,
                request_digest=digest,
            )
            credit_jp(
                employee=employee,
                minutes=minutes,
                form=form,
                source_key=record.source_key,
                on_date=end_date,
                description=_external_description(record),
            )
    except IntegrityError:
        # A request with the same key committed first (the unique constraint).
        earlier = of_agency.select_related("employee__agency").get(
            request_key=request_key
        )
        return _repeated(earlier, digest), False
    return record, True


def _digest(facts: dict) -> str:
    text = json.dumps(facts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _repeated(record: ExternalTraining, digest: str) -> ExternalTraining:
    if record.request_digest != digest:
        raise RequestKeyReused(
            _(
                "Idempotency-Key ini sudah dipakai untuk catatan pelatihan lain "
                "(%(title)s, %(nip)s); kirim catatan baru dengan kunci baru."
            )
            % {"title": record.title, "nip": record.employee.nip}
        )
    return record


def _external_description(record: ExternalTraining) -> str:
    # The ledger line is stored text: in the portal's language, whatever the
    # language of the request.
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(title)s — %(provider)s (dari %(system)s)") % {
            "title": record.title,
            "provider": record.provider,
            "system": record.sent_by,
        }
