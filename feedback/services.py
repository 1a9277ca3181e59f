"""Writes of the feedback app: survey responses, imports and the complaint workflow."""

import datetime
import hashlib
import logging
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from asn_portal.refusals import Refused
from feedback import ikm
from feedback.models import (
    PROFILE_COLUMNS,
    Complaint,
    ComplaintEvent,
    DailyTotal,
    ServiceUnit,
    SurveyResponse,
)
from notifications.models import Notification
from notifications.services import notify, notify_address, object_key_for
from people.models import Holiday
from people.roles import ROLE_GROUPS, Role

logger = logging.getLogger(__name__)

PROFILE_FIELDS = ("gender", "age", "education", "occupation", "service_name")
DUPLICATE_WINDOW = datetime.timedelta(seconds=30)
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


# --- Survey -----------------------------------------------------------------------


def _score_columns(answers: dict) -> dict:
    """Scores keyed by unsur code → model columns; unknown codes are refused."""
    unknown = set(answers) - set(ikm.UNSUR_CODES)
    if unknown:
        raise Refused(
            _("Kode unsur tidak dikenal: %(codes)s")
            % {"codes": ", ".join(sorted(unknown))}
        )
    columns = {}
    for code in ikm.UNSUR_CODES:
        score = answers.get(code)
        if score is not None and score not in ikm.SCORES:
            raise Refused(_("Nilai %(code)s harus 1–4.") % {"code": code})
        columns[code.lower()] = score
    return columns


def submit_survey_response(
    *,
    service_unit: ServiceUnit,
    answers: dict[str, int | None],
    profile: dict,
    suggestion: str = "",
    source: str = SurveyResponse.Source.ONLINE,
    entered_by=None,
    submitted_at: datetime.datetime | None = None,
    token_hash: str | None = None,
) -> tuple[SurveyResponse, bool]:
    """Store one respondent; returns (response, created). A second submit of the
    same form token returns the first response and stores nothing."""
    response = SurveyResponse(
        service_unit=service_unit,
        submitted_at=submitted_at or timezone.now(),
        suggestion=suggestion,
        source=source,
        entered_by=entered_by,
        submission_token=token_hash,
        **_score_columns(answers),
        **{name: profile.get(name, "") for name in PROFILE_FIELDS},
    )
    # Scores are range-checked above and by the database's CHECK constraints;
    # validating those in Python would cost one query per constraint.
    response.full_clean(
        exclude=["submission_token", "entered_by"], validate_constraints=False
    )
    try:
        with transaction.atomic():
            response.save()
            record_daily_totals([response])
    except IntegrityError:
        if token_hash is None:
            raise
        return SurveyResponse.objects.get(submission_token=token_hash), False
    return response, True


def _daily_columns() -> list[str]:
    return [
        "respondents",
        *[f"s{i}" for i in range(1, 10)],
        *[f"n{i}" for i in range(1, 10)],
        *PROFILE_COLUMNS.values(),
    ]


def record_daily_totals(responses) -> None:
    """Add responses to the daily totals, in the caller's transaction.

    One INSERT .. ON CONFLICT DO UPDATE per (unit, day): concurrent submissions add
    up under the row lock instead of overwriting each other (PostgreSQL and SQLite)."""
    columns = _daily_columns()
    groups: dict[tuple, dict] = {}
    for response in responses:
        key = (
            response.service_unit_id,
            timezone.localtime(response.submitted_at).date(),
        )
        totals = groups.setdefault(key, dict.fromkeys(columns, 0))
        totals["respondents"] += 1
        for i in range(1, 10):
            score = getattr(response, f"u{i}")
            if score is not None:
                totals[f"s{i}"] += score
                totals[f"n{i}"] += 1
        for (name, value), column in PROFILE_COLUMNS.items():
            if getattr(response, name) == value:
                totals[column] += 1
    table = DailyTotal._meta.db_table
    names = ", ".join(columns)
    placeholders = ", ".join(["%s"] * (len(columns) + 2))
    updates = ", ".join(f"{c} = {table}.{c} + EXCLUDED.{c}" for c in columns)
    # Identifiers come from the model, never from input; values are parameters.
    statement = (
        f"INSERT INTO {table} (service_unit_id, day, {names}) "  # nosec B608
        f"VALUES ({placeholders}) "
        f"ON CONFLICT (service_unit_id, day) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        for (unit_id, day), totals in sorted(groups.items()):
            cursor.execute(statement, [unit_id, day, *totals.values()])


def rebuild_daily_totals(*, service_unit_ids=None) -> int:
    """Recompute the daily totals from the responses (after a bulk load or a repair);
    returns the number of day rows written."""
    responses = SurveyResponse.objects.all()
    existing = DailyTotal.objects.all()
    if service_unit_ids is not None:
        responses = responses.filter(service_unit_id__in=service_unit_ids)
        existing = existing.filter(service_unit_id__in=service_unit_ids)
    aggregates = {"respondents": Count("id")}
    for i in range(1, 10):
        aggregates[f"s{i}"] = Coalesce(Sum(f"u{i}"), 0)
        aggregates[f"n{i}"] = Count(f"u{i}")
    for (name, value), column in PROFILE_COLUMNS.items():
        aggregates[column] = Count("id", filter=Q(**{name: value}))
    rows = (
        responses.order_by()
        .annotate(day=TruncDate("submitted_at"))
        .values("service_unit_id", "day")
        .annotate(**aggregates)
    )
    with transaction.atomic():
        existing.delete()
        made = DailyTotal.objects.bulk_create(
            (DailyTotal(**row) for row in rows.iterator()), batch_size=2000
        )
    return len(made)


@dataclass
class ImportResult:
    created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_survey_responses(
    *, service_unit: ServiceUnit, rows: list[dict], entered_by
) -> ImportResult:
    """Rows already parsed (see feedback.imports); all or nothing.

    Each row: {"row": n, "answers": {...}, "profile": {...}, "suggestion": str,
    "submitted_at": datetime, "errors": [...]}."""
    result = ImportResult()
    objects = []
    for row in rows:
        errors = list(row.get("errors", []))
        if not errors:
            try:
                candidate = SurveyResponse(
                    service_unit=service_unit,
                    submitted_at=row["submitted_at"],
                    suggestion=row.get("suggestion", ""),
                    source=SurveyResponse.Source.IMPORT,
                    entered_by=entered_by,
                    **_score_columns(row["answers"]),
                    **{name: row["profile"].get(name, "") for name in PROFILE_FIELDS},
                )
                candidate.full_clean(
                    exclude=["submission_token", "entered_by"],
                    validate_constraints=False,
                )
                objects.append(candidate)
            except ValidationError as error:
                errors.extend(_flatten(error))
        if errors:
            result.errors.append((row["row"], "; ".join(errors)))
    if not rows:
        result.errors.append((0, _("Berkas tidak berisi baris jawaban.")))
    if result.errors:
        return result
    with transaction.atomic():
        SurveyResponse.objects.bulk_create(objects, batch_size=2000)
        record_daily_totals(objects)
    result.created = len(objects)
    return result


def _flatten(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        labels = {f.name: str(f.verbose_name) for f in SurveyResponse._meta.fields}
        return [
            f"{labels.get(name, name)}: {' '.join(str(m) for m in messages)}"
            for name, messages in error.message_dict.items()
        ]
    return [str(m) for m in error.messages]


# --- Complaints ---------------------------------------------------------------------


def new_tracking_code() -> str:
    """12 characters from 32 (60 bits), shown as XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def complaint_due_date(*, agency, submitted_on: datetime.date) -> datetime.date:
    days = agency.complaint_response_working_days
    holidays = Holiday.objects.filter(
        agency=agency,
        date__gt=submitted_on,
        date__lte=submitted_on + datetime.timedelta(days=days * 3 + 30),
    ).values_list("date", flat=True)
    return ikm.add_working_days(submitted_on, days, holidays)


def submit_complaint(
    *,
    service_unit: ServiceUnit,
    description: str,
    kind: str = Complaint.Kind.COMPLAINT,
    service_name: str = "",
    is_anonymous: bool = False,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    photo=None,
    token_hash: str | None = None,
) -> tuple[Complaint, str | None, bool]:
    """File a complaint; returns (complaint, tracking code, created).

    The code is returned once and only its hash is stored. A repeated submit of the
    same form gives back the first complaint and no code (nothing new was made)."""
    now = timezone.now()
    # The same form twice (token), or the same text for the same unit within
    # seconds (a reloaded form sent again): one complaint.
    existing = Complaint.objects.filter(
        Q(submission_token=token_hash) if token_hash else Q(pk__in=[])
    ) | Complaint.objects.filter(
        service_unit=service_unit,
        description=description,
        submitted_at__gte=now - DUPLICATE_WINDOW,
    )
    existing = existing.first()
    if existing is not None:
        return existing, None, False
    agency = service_unit.work_unit.agency
    code = new_tracking_code()
    complaint = Complaint(
        service_unit=service_unit,
        kind=kind,
        service_name=service_name,
        description=description,
        is_anonymous=is_anonymous,
        contact_name="" if is_anonymous else contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        tracking_hash=Complaint.tracking_hash_for(code),
        submission_token=token_hash,
        submitted_at=now,
        due_date=complaint_due_date(
            agency=agency, submitted_on=timezone.localdate(now)
        ),
    )
    if photo:
        complaint.photo = photo
    try:
        with transaction.atomic():
            complaint.save()
            ComplaintEvent.objects.create(
                complaint=complaint, kind=ComplaintEvent.Kind.SUBMITTED
            )
            transaction.on_commit(lambda: _tell_unit_about(complaint.pk))
    except IntegrityError:
        if not token_hash:
            raise
        return Complaint.objects.get(submission_token=token_hash), None, False
    return complaint, code, True


def find_by_tracking_code(code: str) -> Complaint | None:
    return (
        Complaint.objects.select_related("service_unit")
        .filter(tracking_hash=Complaint.tracking_hash_for(code))
        .first()
    )


def _tell_unit_about(complaint_id: int) -> None:
    complaint = Complaint.objects.select_related("service_unit__head__user").get(
        pk=complaint_id
    )
    unit = complaint.service_unit
    recipients = {e.user for e in unit.staff.select_related("user") if e.user}
    if unit.head and unit.head.user:
        recipients.add(unit.head.user)
    for user in recipients:
        notify(
            recipient=user,
            kind="feedback.complaint_new",
            obj=complaint,
            title=_("Pengaduan baru untuk %(unit)s") % {"unit": unit.name},
            body=complaint.description[:300],
            url=complaint.get_absolute_url(),
        )


def _require_status(complaint: Complaint, allowed) -> None:
    if complaint.status not in allowed:
        raise Refused(
            _("Langkah ini tidak dapat dilakukan pada status %(status)s.")
            % {"status": complaint.get_status_display()}
        )


def _claim(complaint: Complaint, allowed, **changes) -> None:
    """Move the status only if nobody moved it meanwhile (two staff at once)."""
    moved = Complaint.objects.filter(pk=complaint.pk, status__in=allowed).update(
        updated_at=timezone.now(), **changes
    )
    if not moved:
        raise Refused(_("Pengaduan ini baru saja diubah orang lain."))
    for name, value in changes.items():
        setattr(complaint, name, value)


@transaction.atomic
def verify_complaint(
    *, complaint: Complaint, actor, accept: bool, note: str = ""
) -> Complaint:
    allowed = [Complaint.Status.SUBMITTED]
    _require_status(complaint, allowed)
    if accept:
        _claim(complaint, allowed, status=Complaint.Status.VERIFIED)
        kind = ComplaintEvent.Kind.VERIFIED
    else:
        if not note.strip():
            raise Refused(_("Tuliskan alasan pengaduan tidak dapat diproses."))
        _claim(
            complaint,
            allowed,
            status=Complaint.Status.REJECTED,
            closed_at=timezone.now(),
            answer=note,
        )
        kind = ComplaintEvent.Kind.REJECTED
    ComplaintEvent.objects.create(
        complaint=complaint, kind=kind, actor=actor, note=note
    )
    if not accept:
        _tell_complainant(complaint)
    return complaint


@transaction.atomic
def assign_complaint(*, complaint: Complaint, actor, assignee) -> Complaint:
    allowed = [Complaint.Status.VERIFIED, Complaint.Status.ASSIGNED]
    _require_status(complaint, allowed)
    if assignee.agency_id != complaint.service_unit.work_unit.agency_id:
        raise Refused(_("Petugas harus ASN instansi yang sama."))
    _claim(complaint, allowed, status=Complaint.Status.ASSIGNED, assigned_to=assignee)
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=ComplaintEvent.Kind.ASSIGNED,
        actor=actor,
        note=assignee.full_name,
    )
    if assignee.user_id:
        # notify() only writes a row (email goes after commit), so it belongs here.
        notify(
            recipient=assignee.user,
            kind="feedback.complaint_assigned",
            obj=complaint,
            step=str(assignee.pk),
            title=_("Anda ditugaskan menindaklanjuti %(ref)s")
            % {"ref": complaint.reference},
            url=complaint.get_absolute_url(),
        )
    return complaint


@transaction.atomic
def answer_complaint(*, complaint: Complaint, actor, answer: str) -> Complaint:
    allowed = [
        Complaint.Status.VERIFIED,
        Complaint.Status.ASSIGNED,
        Complaint.Status.ANSWERED,
    ]
    _require_status(complaint, allowed)
    if not answer.strip():
        raise Refused(_("Jawaban tidak boleh kosong."))
    _claim(
        complaint,
        allowed,
        status=Complaint.Status.ANSWERED,
        answer=answer.strip(),
        answered_at=timezone.now(),
    )
    ComplaintEvent.objects.create(
        complaint=complaint, kind=ComplaintEvent.Kind.ANSWERED, actor=actor
    )
    _tell_complainant(complaint)
    return complaint


COMPLAINANT_NOTICE = "feedback.complaint_answered"
NOTICE_ANSWER_CHARS = 600


def _tell_complainant(complaint: Complaint) -> None:
    """Email the complainant the unit's answer (or why it cannot be processed) and
    the tracking page, when they left an address; anonymous complaints too, since
    the complainant chose to leave it. Through the notification outbox: sent after
    the step commits, retried when mail fails, and once per answer text (the step
    key is the answer's digest), so a second click sends nothing and a corrected
    answer is sent again. In the portal's language: the public pages default to it."""
    if not complaint.contact_email:
        return
    digest = hashlib.sha256(complaint.answer.encode()).hexdigest()[:32]
    with translation.override(settings.LANGUAGE_CODE):
        notify_address(
            email=complaint.contact_email,
            kind=COMPLAINANT_NOTICE,
            obj=complaint,
            step=f"answer:{digest}",
            **_complainant_notice_text(complaint),
        )


def _complainant_notice_text(complaint: Complaint) -> dict:
    unit = complaint.service_unit.name
    if complaint.status == Complaint.Status.REJECTED:
        title = _("%(unit)s tidak dapat memproses pengaduan Anda") % {"unit": unit}
        lead = _("Alasan dari %(unit)s:") % {"unit": unit}
    else:
        title = _("Jawaban %(unit)s atas pengaduan Anda") % {"unit": unit}
        lead = _("Jawaban dari %(unit)s:") % {"unit": unit}
    greeting = (
        _("Yth. %(name)s,") % {"name": complaint.contact_name}
        if complaint.contact_name
        else _("Yth. Bapak/Ibu,")
    )
    sent_on = timezone.localtime(complaint.submitted_at).strftime("%d-%m-%Y")
    body = "\n\n".join(
        [
            greeting,
            _("%(kind)s yang Anda kirim pada %(date)s: “%(text)s”")
            % {
                "kind": complaint.get_kind_display(),
                "date": sent_on,
                "text": Truncator(complaint.description).chars(120),
            },
            lead,
            Truncator(complaint.answer).chars(NOTICE_ANSWER_CHARS),
            _(
                "Baca jawaban lengkapnya dan beri penilaian Anda di halaman lacak "
                "pengaduan, dengan kode lacak yang Anda simpan saat mengirim:"
            ),
        ]
    )
    return {"title": title, "body": body, "url": reverse("feedback:track")}


def complainant_notice(complaint: Complaint) -> Notification | None:
    """The latest email that told the complainant of an answer, if any."""
    return (
        Notification.objects.filter(
            kind=COMPLAINANT_NOTICE,
            object_key=object_key_for(complaint),
        )
        .order_by("-created_at", "-pk")
        .first()
    )


@transaction.atomic
def respond_to_answer(
    *, complaint: Complaint, rating: int, reply: str = ""
) -> Complaint:
    """The complainant rates the unit's answer and may reply, once; the unit's
    head and whoever answered are told."""
    if complaint.status not in Complaint.ANSWERED_STATUSES:
        raise Refused(_("Pengaduan ini belum dijawab."))
    now = timezone.now()
    responded = Complaint.objects.filter(
        pk=complaint.pk, complainant_responded_at__isnull=True
    ).update(
        complainant_rating=rating,
        complainant_reply=reply.strip(),
        complainant_responded_at=now,
        updated_at=now,
    )
    if not responded:
        raise Refused(_("Jawaban ini sudah Anda tanggapi."))
    complaint.refresh_from_db()
    ComplaintEvent.objects.create(
        complaint=complaint, kind=ComplaintEvent.Kind.RESPONDED
    )
    unit = complaint.service_unit
    people = [unit.head, complaint.assigned_to]
    for user in {person.user for person in people if person and person.user}:
        notify(
            recipient=user,
            kind="feedback.complaint_response",
            obj=complaint,
            title=_("Pelapor menanggapi jawaban %(number)s: %(rating)s")
            % {
                "number": complaint.reference,
                "rating": complaint.get_complainant_rating_display(),
            },
            body=complaint.complainant_reply[:300],
            url=complaint.get_absolute_url(),
        )
    return complaint


@transaction.atomic
def close_complaint(*, complaint: Complaint, actor, note: str = "") -> Complaint:
    allowed = [Complaint.Status.ANSWERED]
    _require_status(complaint, allowed)
    _claim(complaint, allowed, status=Complaint.Status.CLOSED, closed_at=timezone.now())
    ComplaintEvent.objects.create(
        complaint=complaint, kind=ComplaintEvent.Kind.CLOSED, actor=actor, note=note
    )
    return complaint


# --- Escalation ---------------------------------------------------------------------


def hr_users_of(agency_id: int):
    return get_user_model().objects.filter(
        is_active=True,
        groups__name=ROLE_GROUPS[Role.HR],
        employee__agency_id=agency_id,
    )


def escalate_overdue_complaints(*, today: datetime.date | None = None) -> dict:
    """Overdue and still open: first the unit head, N working days later HR.

    Each step is claimed by a conditional UPDATE on `escalation`, recorded once
    (unique event) and notified once (unique notification key), so running the task
    twice, or by two beats, sends nothing twice."""
    today = today or timezone.localdate()
    done = {"unit_head": 0, "hr": 0}
    candidates = (
        Complaint.objects.overdue_on(today)
        .filter(escalation__lt=Complaint.Escalation.HR)
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    for pk in list(candidates[:1000]):
        complaint = Complaint.objects.select_related(
            "service_unit__work_unit__agency", "service_unit__head__user"
        ).get(pk=pk)
        if complaint.escalation == Complaint.Escalation.NONE and _escalate_to_head(
            complaint
        ):
            done["unit_head"] += 1
            complaint.escalation = Complaint.Escalation.UNIT_HEAD
        agency = complaint.service_unit.work_unit.agency
        hr_due = ikm.add_working_days(
            complaint.due_date,
            agency.complaint_response_working_days,
            Holiday.objects.filter(agency=agency).values_list("date", flat=True),
        )
        if (
            complaint.escalation == Complaint.Escalation.UNIT_HEAD
            and today > hr_due
            and _escalate_to_hr(complaint)
        ):
            done["hr"] += 1
    return done


def _escalation_text(complaint: Complaint) -> dict:
    return {
        "title": _("Pengaduan %(ref)s melewati batas waktu %(due)s")
        % {"ref": complaint.reference, "due": complaint.due_date.strftime("%d-%m-%Y")},
        "body": complaint.description[:300],
        "url": complaint.get_absolute_url(),
    }


def _escalate_to_head(complaint: Complaint) -> bool:
    head = complaint.service_unit.head
    return _escalate(
        complaint,
        frm=Complaint.Escalation.NONE,
        to=Complaint.Escalation.UNIT_HEAD,
        kind=ComplaintEvent.Kind.ESCALATED_HEAD,
        step="unit_head",
        # No head recorded: HR hears of it at this step already.
        recipients=lambda: [head.user] if head and head.user else None,
    )


def _escalate_to_hr(complaint: Complaint) -> bool:
    return _escalate(
        complaint,
        frm=Complaint.Escalation.UNIT_HEAD,
        to=Complaint.Escalation.HR,
        kind=ComplaintEvent.Kind.ESCALATED_HR,
        step="hr",
        recipients=lambda: None,
    )


@transaction.atomic
def _escalate(complaint: Complaint, *, frm, to, kind, step, recipients) -> bool:
    """Move an open complaint one escalation step up, once (the conditional UPDATE
    claims it, so a job run twice escalates once), record it and tell the people
    of that step: `recipients()`, or the agency's HR when it names nobody."""
    claimed = Complaint.objects.filter(
        pk=complaint.pk, escalation=frm, status__in=Complaint.OPEN_STATUSES
    ).update(escalation=to)
    if not claimed:
        return False
    users = recipients() or list(
        hr_users_of(complaint.service_unit.work_unit.agency_id)
    )
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=kind,
        note=", ".join(u.get_username() for u in users),
    )
    for user in users:
        notify(
            recipient=user,
            kind="feedback.complaint_overdue",
            obj=complaint,
            step=step,
            **_escalation_text(complaint),
        )
    return True
