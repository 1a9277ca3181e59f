"""Writes for questionnaires, follow-up evaluation, certificates and internships.

Every function validates before it saves and raises `Refused` with a message the
user can act on; nothing is saved when it does."""

import datetime
import logging
import secrets
from decimal import Decimal

from celery import current_app
from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_portal.refusals import Refused
from notifications.services import notify
from people.documents import next_certificate_number
from people.models import LAST_POSSIBLE_REMINDER_DAY, Agency
from people.services import run_daily_for_due_agencies
from training import rules
from training.jp import minutes_to_jp
from training.models import (
    Answer,
    Aspect,
    Certificate,
    DevelopmentForm,
    Enrolment,
    FollowUpEvaluation,
    InternshipPlacement,
    LogbookEntry,
    QuestionnaireResponse,
    QuestionnaireTemplate,
    SessionQuestionnaire,
    TemplateQuestion,
    TrainingSession,
    participants,
)
from training.models.delivery import DEFAULT_FOLLOW_UP_WEEKS
from training.services.ledger import credit_jp

logger = logging.getLogger(__name__)

DEFAULT_QUESTIONS = [
    (Aspect.MATERIAL, "Materi pelatihan sesuai kebutuhan dan mudah dipahami."),
    (Aspect.SPEAKER, "Narasumber menyampaikan materi dengan jelas dan menarik."),
    (Aspect.METHOD, "Metode pembelajaran membantu saya memahami materi."),
    (Aspect.USEFULNESS, "Hasil pelatihan bermanfaat untuk pekerjaan saya."),
    (Aspect.FACILITIES, "Sarana dan fasilitas pelatihan memadai."),
    (Aspect.ORGANISATION, "Pelatihan diselenggarakan dengan baik dan tepat waktu."),
]

# Participants are invited on a session's end date and reminded on the days after it
# that their agency chose (Agency.questionnaire_reminder_days); then no more.
# A follow-up request missed on its due day (worker down) is still sent this long after.
FOLLOW_UP_CATCH_UP = datetime.timedelta(days=14)
REMINDER_BATCH_SIZE = 200

TRAINING_REMINDERS_JOB = "training.reminders"
QUESTIONNAIRE_KIND = "training.questionnaire"
FOLLOW_UP_KIND = "training.follow_up"
LOGBOOK_SIGN_SALT = "training.logbook.sign"
LOGBOOK_LINK_MAX_AGE = datetime.timedelta(days=60)
# No 0/O, 1/I/L: a code is read off paper and typed on a phone.
SEND_SIGN_LINKS_TASK = "training.tasks.send_logbook_sign_links_task"

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


# --- Questionnaire templates ---


def ensure_default_template(*, agency) -> QuestionnaireTemplate:
    """The agency's default template, created with the standard questions if absent."""
    template = QuestionnaireTemplate.objects.filter(
        agency=agency, is_default=True
    ).first()
    if template is not None:
        return template
    with transaction.atomic():
        template, created = QuestionnaireTemplate.objects.get_or_create(
            agency=agency,
            name=_("Evaluasi penyelenggaraan pelatihan (standar)"),
            defaults={"scale": 4, "is_default": True},
        )
        if created:
            TemplateQuestion.objects.bulk_create(
                TemplateQuestion(template=template, aspect=aspect, text=text, order=i)
                for i, (aspect, text) in enumerate(DEFAULT_QUESTIONS, start=1)
            )
    return template


def template_for_session(session: TrainingSession) -> QuestionnaireTemplate:
    """The session's template, fixing the agency default on it if none was chosen."""
    link = SessionQuestionnaire.objects.filter(session=session).first()
    if link is not None:
        return link.template
    template = ensure_default_template(agency=session.program.agency)
    link, _created = SessionQuestionnaire.objects.get_or_create(
        session=session, defaults={"template": template}
    )
    return link.template


@transaction.atomic
def set_session_template(
    *, session: TrainingSession, template: QuestionnaireTemplate
) -> SessionQuestionnaire:
    if template.agency_id != session.program.agency_id:
        raise Refused(
            _("Templat harus milik instansi penyelenggara sesi."), field="template"
        )
    if QuestionnaireResponse.objects.filter(session=session).exists():
        raise Refused(
            _("Templat tidak dapat diganti: peserta sudah mengisi kuesioner.")
        )
    link, _created = SessionQuestionnaire.objects.update_or_create(
        session=session, defaults={"template": template}
    )
    return link


@transaction.atomic
def save_template(
    *, template: QuestionnaireTemplate, questions: list[dict]
) -> QuestionnaireTemplate:
    """Save a template and its questions (dicts: pk?, aspect, text, order, delete?).

    Once answered, a template keeps its scale and its answered questions, so old
    results keep their meaning; wording may still be corrected."""
    if template.pk:
        stored = QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)
        answered = stored.has_answers()
        if answered and stored.scale != template.scale:
            raise Refused(
                _("Skala tidak dapat diubah karena templat sudah dipakai menjawab.")
            )
    kept = [q for q in questions if not q.get("delete")]
    if not kept:
        raise Refused(_("Templat harus memiliki minimal satu pertanyaan."))
    if template.is_default:
        QuestionnaireTemplate.objects.filter(
            agency=template.agency, is_default=True
        ).exclude(pk=template.pk).update(is_default=False)
    template.save()
    for data in questions:
        pk = data.get("pk")
        if pk and data.get("delete"):
            question = template.questions.get(pk=pk)
            if question.answers.exists():
                raise Refused(
                    _("Pertanyaan “%(text)s” sudah dijawab dan tidak dapat dihapus.")
                    % {"text": question.text}
                )
            question.delete()
        elif pk:
            template.questions.filter(pk=pk).update(
                aspect=data["aspect"], text=data["text"], order=data["order"]
            )
        elif not data.get("delete"):
            TemplateQuestion.objects.create(
                template=template,
                aspect=data["aspect"],
                text=data["text"],
                order=data["order"],
            )
    return template


# --- Answering ---


def with_questionnaire_due(enrolments, *, today: datetime.date):
    """`enrolments` with `questionnaire_due`: attended, the session over, not yet
    answered; the pages offer the questionnaire on exactly these."""
    from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

    from training.models import Attendance, QuestionnaireResponse

    present = Attendance.objects.filter(enrolment=OuterRef("pk"), present=True)
    answered = QuestionnaireResponse.objects.filter(enrolment=OuterRef("pk"))
    return enrolments.annotate(
        questionnaire_due=ExpressionWrapper(
            Q(Exists(present)) & ~Q(Exists(answered)) & Q(session__end_date__lte=today),
            output_field=BooleanField(),
        )
    )


def invite_to_questionnaire(*, session: TrainingSession) -> int:
    """When completion is recorded, however long after the last day: invite every
    attended participant who has not answered (once: the notification key)."""
    template_for_session(session)
    pending = (
        participants()
        .filter(session=session, employee__user__isnull=False)
        .attended()
        .filter(questionnaire_response__isnull=True)
        .select_related("employee__user")
    )
    return sum(_notify_participant(e, session, "invite") for e in pending)


def questionnaire_url(enrolment: Enrolment) -> str:
    return reverse("training:questionnaire_answer", args=[enrolment.pk])


def answer_closed_reason(*, enrolment: Enrolment) -> str | None:
    """Why this participant may not answer the questionnaire (yet); None if they may."""
    session = enrolment.session
    if session.status == TrainingSession.Status.CANCELLED:
        return _("Sesi ini dibatalkan; tidak ada kuesioner.")
    if session.end_date > timezone.localdate():
        return _("Kuesioner dibuka setelah sesi selesai (%(date)s).") % {
            "date": session.end_date.strftime("%d-%m-%Y")
        }
    if not participants().filter(pk=enrolment.pk).attended().exists():
        return _("Kuesioner hanya untuk peserta yang hadir pada sesi ini.")
    if QuestionnaireResponse.objects.filter(enrolment=enrolment).exists():
        return _("Anda sudah mengisi kuesioner sesi ini. Terima kasih!")
    return None


def check_may_answer(*, enrolment: Enrolment) -> None:
    reason = answer_closed_reason(enrolment=enrolment)
    if reason:
        raise Refused(reason)


def submit_questionnaire(
    *, enrolment: Enrolment, scores: dict[int, int], comment: str = ""
) -> QuestionnaireResponse:
    """Record one participant's answers: all questions, each within the scale."""
    check_may_answer(enrolment=enrolment)
    template = template_for_session(enrolment.session)
    questions = list(template.questions.all())
    missing = [q for q in questions if q.pk not in scores]
    if missing:
        raise Refused(
            _("Semua pertanyaan wajib dijawab (belum: %(text)s).")
            % {"text": missing[0].text}
        )
    unknown = set(scores) - {q.pk for q in questions}
    if unknown:
        raise Refused(_("Jawaban memuat pertanyaan yang tidak ada di templat."))
    for question in questions:
        score = scores[question.pk]
        if not isinstance(score, int) or not 1 <= score <= template.scale:
            raise Refused(
                _("Nilai untuk “%(text)s” harus antara 1 dan %(scale)d.")
                % {"text": question.text, "scale": template.scale}
            )
    try:
        with transaction.atomic():
            response = QuestionnaireResponse.objects.create(
                enrolment=enrolment,
                session_id=enrolment.session_id,
                program_id=enrolment.session.program_id,
                template=template,
                submitted_at=timezone.now(),
                comment=comment.strip(),
            )
            Answer.objects.bulk_create(
                Answer(
                    response=response,
                    session_id=response.session_id,
                    program_id=response.program_id,
                    question=q,
                    scale=template.scale,
                    score=scores[q.pk],
                )
                for q in questions
            )
    except IntegrityError as error:
        # Two tabs submitting at once: the one-to-one lets only the first in.
        raise Refused(
            _("Anda sudah mengisi kuesioner sesi ini. Terima kasih!")
        ) from error
    return response


# --- Follow-up ---


def follow_up_url(enrolment: Enrolment) -> str:
    return reverse("training:follow_up_form", args=[enrolment.pk])


def follow_up_closed_reason(*, enrolment: Enrolment, supervisor) -> str | None:
    """Why this supervisor may not evaluate the enrolment (yet); None if they may."""
    if enrolment.employee.supervisor_id != getattr(supervisor, "pk", None):
        return _("Hanya atasan langsung peserta yang dapat memberi evaluasi lanjutan.")
    if not participants().filter(pk=enrolment.pk).attended().exists():
        return _("Pegawai ini tidak mengikuti sesi tersebut.")
    template = template_for_session(enrolment.session)
    due = rules.follow_up_due_date(enrolment.session.end_date, template.follow_up_weeks)
    if due > timezone.localdate():
        return _("Evaluasi lanjutan dibuka mulai %(date)s.") % {
            "date": due.strftime("%d-%m-%Y")
        }
    if FollowUpEvaluation.objects.filter(enrolment=enrolment).exists():
        return _("Evaluasi lanjutan untuk peserta ini sudah diisi.")
    return None


def check_may_follow_up(*, enrolment: Enrolment, supervisor) -> None:
    reason = follow_up_closed_reason(enrolment=enrolment, supervisor=supervisor)
    if reason:
        raise Refused(reason)


def submit_follow_up(
    *, enrolment: Enrolment, supervisor, score: int, comment: str = ""
) -> FollowUpEvaluation:
    check_may_follow_up(enrolment=enrolment, supervisor=supervisor)
    scale = template_for_session(enrolment.session).scale
    if not isinstance(score, int) or not 1 <= score <= scale:
        raise Refused(
            _("Nilai harus antara 1 dan %(scale)d.") % {"scale": scale}, field="score"
        )
    try:
        with transaction.atomic():
            return FollowUpEvaluation.objects.create(
                enrolment=enrolment,
                session_id=enrolment.session_id,
                program_id=enrolment.session.program_id,
                supervisor=supervisor,
                scale=scale,
                score=score,
                comment=comment.strip(),
                submitted_at=timezone.now(),
            )
    except IntegrityError as error:
        raise Refused(_("Evaluasi lanjutan untuk peserta ini sudah diisi.")) from error


# --- Reminders ---


def send_questionnaire_reminders(
    *,
    today: datetime.date,
    agency: Agency | None = None,
    batch_size: int = REMINDER_BATCH_SIZE,
) -> int:
    """Invite, then remind on the agency's reminder days (1, 3 and 7 by default),
    attended participants who have not answered; of one agency, or of all. Each
    (participant, step) is a unique notification, so a second run, or a run after a
    worker died half-way or after days without a run, sends exactly what is still
    missing."""
    sent = 0
    longest = (
        agency.questionnaire_reminder_day_list[-1]
        if agency
        else LAST_POSSIBLE_REMINDER_DAY
    ) + rules.QUESTIONNAIRE_CATCH_UP_DAYS
    sessions = _sessions_ended(
        today - datetime.timedelta(days=longest), today, agency, "program__agency"
    )
    for session in sessions:
        steps = rules.due_reminder_steps(
            (today - session.end_date).days,
            session.program.agency.questionnaire_reminder_day_list,
        )
        if not steps:
            continue
        template_for_session(session)
        pending = _attended_without(
            session, "questionnaire_response", recipient="employee__user"
        )
        for enrolment in _in_batches(pending, batch_size):
            for step in steps:
                sent += _notify_participant(enrolment, session, step)
    return sent


def _sessions_ended(first: datetime.date, last: datetime.date, agency, *related):
    """The sessions, not cancelled, that ended from `first` to `last`, of `agency`
    or of every agency, in a stable order."""
    sessions = (
        TrainingSession.objects.filter(end_date__lte=last, end_date__gte=first)
        .exclude(status=TrainingSession.Status.CANCELLED)
        .select_related(*related)
        .order_by("pk")
    )
    if agency is not None:
        sessions = sessions.filter(program__agency=agency)
    return sessions


def _attended_without(session, missing: str, *, recipient: str):
    """Who a reminder about `session` goes to: its attendees with no `missing`
    yet, whose `recipient` (a path to the account to tell) has an account."""
    return (
        participants()
        .filter(session=session, **{f"{recipient}__isnull": False})
        .attended()
        .filter(**{f"{missing}__isnull": True})
        .select_related(recipient)
        .order_by("pk")
    )


def _in_batches(queryset, size: int):
    """The rows of `queryset` (ordered by pk), fetched `size` at a time by keyset, so
    a batch of notifications never holds the whole table in memory."""
    last_pk = 0
    while True:
        batch = list(queryset.filter(pk__gt=last_pk)[:size])
        if not batch:
            return
        last_pk = batch[-1].pk
        yield from batch


def _notify_participant(enrolment, session, step) -> int:
    title = (
        _("Isi kuesioner evaluasi: %(session)s")
        if step == "invite"
        else _("Pengingat: kuesioner evaluasi %(session)s belum diisi")
    ) % {"session": session}
    created = notify(
        recipient=enrolment.employee.user,
        kind=QUESTIONNAIRE_KIND,
        obj=enrolment,
        step=step,
        title=title,
        body=_(
            "Mohon nilai materi, narasumber, manfaat dan penyelenggaraan pelatihan "
            "yang Anda ikuti. Pengisian hanya beberapa menit."
        ),
        url=questionnaire_url(enrolment),
    )
    return 1 if created else 0


def send_follow_up_requests(
    *,
    today: datetime.date,
    agency: Agency | None = None,
    batch_size: int = REMINDER_BATCH_SIZE,
) -> int:
    """Ask each attended participant's supervisor to rate application on the job once
    the template's follow-up weeks have passed (kept up for a catch-up window); of
    one agency's sessions, or of all."""
    sent = 0
    longest = datetime.timedelta(weeks=52) + FOLLOW_UP_CATCH_UP
    sessions = _sessions_ended(
        today - longest,
        today - datetime.timedelta(weeks=1),
        agency,
        "program__agency",
        "questionnaire__template",
    )
    for session in sessions:
        link = getattr(session, "questionnaire", None)
        weeks = link.template.follow_up_weeks if link else DEFAULT_FOLLOW_UP_WEEKS
        due = rules.follow_up_due_date(session.end_date, weeks)
        if not due <= today <= due + FOLLOW_UP_CATCH_UP:
            continue
        pending = _attended_without(
            session, "follow_up", recipient="employee__supervisor__user"
        )
        for enrolment in _in_batches(pending, batch_size):
            created = notify(
                recipient=enrolment.employee.supervisor.user,
                kind=FOLLOW_UP_KIND,
                obj=enrolment,
                step="request",
                title=_("Evaluasi lanjutan: %(name)s setelah %(session)s")
                % {"name": enrolment.employee.name, "session": session},
                body=_(
                    "Bagaimana anggota tim Anda menerapkan hasil pelatihan di "
                    "tempat kerja? Mohon beri penilaian singkat."
                ),
                url=follow_up_url(enrolment),
            )
            sent += 1 if created else 0
    return sent


def send_training_reminders(
    *, today: datetime.date | None = None, agency: Agency | None = None
) -> dict[str, int]:
    today = today or timezone.localdate()
    return {
        "questionnaire": send_questionnaire_reminders(today=today, agency=agency),
        "follow_up": send_follow_up_requests(today=today, agency=agency),
    }


def send_due_training_reminders(
    *, now: datetime.datetime | None = None
) -> dict[str, int]:
    """The hourly job: each agency's reminders once a day, from its reminder hour."""
    totals = {"questionnaire": 0, "follow_up": 0}
    for sent in run_daily_for_due_agencies(
        job=TRAINING_REMINDERS_JOB, work=send_training_reminders, now=now
    ):
        for key, count in sent.items():
            totals[key] += count
    return totals


# --- Certificates ---


def new_certificate_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _position in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(raw: str) -> str:
    cleaned = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    if len(cleaned) != 12:
        return ""
    return f"{cleaned[:4]}-{cleaned[4:8]}-{cleaned[8:]}"


def number_unnumbered_certificates() -> int:
    """Give certificates issued before the agency numbered them a number in its
    pattern, in the order they were issued, each from the counter of its issue
    year (so the sequence goes on after any number already given). Certificates
    that have one keep it; a second run numbers nothing. Returns how many."""
    numbered = 0
    waiting = Certificate.objects.filter(number_sequence__isnull=True).order_by(
        "issued_at", "pk"
    )
    for certificate in waiting.iterator():
        with transaction.atomic():
            day = timezone.localdate(certificate.issued_at)
            number = next_certificate_number(agency_id=certificate.agency_id, day=day)
            numbered += Certificate.objects.filter(
                pk=certificate.pk, number_sequence__isnull=True
            ).update(
                number=number.text,
                number_year=number.year,
                number_sequence=number.sequence,
            )
    return numbered


def _create_certificate(**fields) -> Certificate:
    """Store a certificate under a fresh verification code and the agency's next
    number, taken in the same transaction (a retry takes a new one)."""
    day = timezone.localdate(fields["issued_at"])
    for _attempt in range(5):
        try:
            with transaction.atomic():
                number = next_certificate_number(agency_id=fields["agency_id"], day=day)
                return Certificate.objects.create(
                    code=new_certificate_code(),
                    number=number.text,
                    number_year=number.year,
                    number_sequence=number.sequence,
                    **fields,
                )
        except IntegrityError:
            # A code collision is retried; a second certificate for the same
            # activity is not (the caller looks for the existing one first).
            existing = Certificate.objects.filter(
                enrolment=fields.get("enrolment"), placement=fields.get("placement")
            ).first()
            if existing is not None:
                return existing
    raise RuntimeError("could not draw a unique certificate code")


def issue_certificate(*, enrolment: Enrolment) -> Certificate:
    """The certificate of a completed participant; issued once, then returned again.

    The core's complete_session calls this for each participant who completed."""
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    if enrolment.status != Enrolment.Status.COMPLETED:
        raise Refused(_("Sertifikat hanya diterbitkan untuk peserta yang lulus."))
    session = enrolment.session
    program = session.program
    employee = enrolment.employee
    return _create_certificate(
        enrolment=enrolment,
        agency_id=program.agency_id,
        employee=employee,
        holder_name=employee.full_name,
        holder_nip=employee.nip,
        title=program.title,
        start_date=session.start_date,
        end_date=session.end_date,
        jp=program.jp,
        issued_at=timezone.now(),
    )


# --- Internships ---


@transaction.atomic
def create_internship(*, placement: InternshipPlacement) -> InternshipPlacement:
    """Save a new placement, keeping within the agreement's quota."""
    if placement.employee.agency_id != placement.agency_id:
        raise Refused(_("Peserta magang harus pegawai instansi ini."), field="employee")
    if placement.internal_supervisor.agency_id != placement.agency_id:
        raise Refused(
            _("Pembimbing internal harus pegawai instansi ini."),
            field="internal_supervisor",
        )
    if placement.internal_supervisor_id == placement.employee_id:
        raise Refused(
            _("Peserta tidak dapat menjadi pembimbingnya sendiri."),
            field="internal_supervisor",
        )
    if placement.agreement_reference and placement.agreement_quota:
        taken = (
            InternshipPlacement.objects.select_for_update()
            .filter(
                agency_id=placement.agency_id,
                agreement_reference=placement.agreement_reference,
            )
            .exclude(status=InternshipPlacement.Status.CANCELLED)
            .count()
        )
        if taken >= placement.agreement_quota:
            raise Refused(
                _("Kuota perjanjian %(ref)s sudah penuh (%(quota)d peserta).")
                % {
                    "ref": placement.agreement_reference,
                    "quota": placement.agreement_quota,
                }
            )
    placement.full_clean()
    placement.save()
    return placement


def add_logbook_entry(
    *, placement: InternshipPlacement, date: datetime.date, activities: str
) -> LogbookEntry:
    if placement.status in (
        InternshipPlacement.Status.COMPLETED,
        InternshipPlacement.Status.CANCELLED,
    ):
        raise Refused(_("Magang ini sudah ditutup; logbook tidak dapat diubah."))
    if not placement.start_date <= date <= placement.end_date:
        raise Refused(
            _("Tanggal harus dalam masa magang (%(start)s – %(end)s).")
            % {
                "start": placement.start_date.strftime("%d-%m-%Y"),
                "end": placement.end_date.strftime("%d-%m-%Y"),
            },
            field="date",
        )
    if date > timezone.localdate():
        raise Refused(
            _("Logbook tidak dapat diisi untuk hari yang akan datang."), field="date"
        )
    if not activities.strip():
        raise Refused(_("Uraikan kegiatan hari itu."), field="activities")
    with transaction.atomic():
        entry = (
            LogbookEntry.objects.select_for_update()
            .filter(placement=placement, date=date)
            .first()
        )
        if entry is not None and entry.signed_off_at:
            raise Refused(
                _("Logbook tanggal ini sudah diparaf dan tidak dapat diubah.")
            )
        if entry is None:
            entry = LogbookEntry(placement=placement, date=date)
        if entry.activities != activities.strip():
            # The old link no longer signs the new text; the next request sends one.
            entry.sign_link_sent_at = None
        entry.activities = activities.strip()
        entry.save()
        if placement.status == InternshipPlacement.Status.PLANNED:
            InternshipPlacement.objects.filter(pk=placement.pk).update(
                status=InternshipPlacement.Status.RUNNING
            )
    return entry


def _fingerprint(entry: LogbookEntry) -> str:
    return signing.Signer(salt=LOGBOOK_SIGN_SALT + ".text").signature(entry.activities)[
        :16
    ]


def logbook_sign_token(entry: LogbookEntry) -> str:
    """A link token for the host supervisor to sign this entry as it now reads."""
    return signing.dumps(
        {"e": entry.pk, "f": _fingerprint(entry)}, salt=LOGBOOK_SIGN_SALT
    )


def entry_for_token(token: str) -> LogbookEntry:
    try:
        data = signing.loads(
            token,
            salt=LOGBOOK_SIGN_SALT,
            max_age=LOGBOOK_LINK_MAX_AGE.total_seconds(),
        )
    except signing.SignatureExpired as error:
        raise Refused(
            _("Tautan paraf sudah kedaluwarsa; mintalah tautan baru.")
        ) from error
    except signing.BadSignature as error:
        raise Refused(_("Tautan paraf tidak sah.")) from error
    entry = (
        LogbookEntry.objects.select_related("placement__employee")
        .filter(pk=data.get("e"))
        .first()
    )
    if entry is None or _fingerprint(entry) != data.get("f"):
        raise Refused(
            _("Isi logbook telah berubah sejak tautan dibuat; mintalah tautan baru.")
        )
    return entry


def sign_logbook_entry(*, token: str, note: str = "") -> LogbookEntry:
    """The host supervisor signs an entry through their one-time link."""
    entry = entry_for_token(token)
    updated = LogbookEntry.objects.filter(
        pk=entry.pk, signed_off_at__isnull=True
    ).update(
        signed_off_at=timezone.now(),
        signed_off_by=entry.placement.host_supervisor_name,
        host_note=note.strip()[:300],
    )
    if not updated:
        raise Refused(_("Logbook ini sudah diparaf."))
    entry.refresh_from_db()
    return entry


def logbook_sign_url(entry: LogbookEntry) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "training:logbook_sign", args=[logbook_sign_token(entry)]
    )


def request_host_sign_off(*, placement: InternshipPlacement) -> int:
    """Queue one e-mail to the host supervisor with a link per unsigned day not yet
    sent; returns how many days it covers."""
    if not placement.host_supervisor_email:
        raise Refused(_("Isi email pembimbing instansi tujuan terlebih dahulu."))
    pending = placement.logbook.filter(
        signed_off_at__isnull=True, sign_link_sent_at__isnull=True
    ).count()
    if not pending:
        raise Refused(_("Tidak ada logbook baru yang menunggu paraf pembimbing."))
    # Looked up by name, not imported: training.tasks runs this module's functions,
    # so importing it here would close a circle.
    task = current_app.tasks[SEND_SIGN_LINKS_TASK]
    transaction.on_commit(lambda: task.delay(placement.pk))
    return pending


def send_logbook_sign_links(*, placement_id: int) -> int:
    """Send the host supervisor the links of unsigned days not yet sent.

    The rows are locked (skip locked) while the mail goes out and marked sent in the
    same transaction, so a second run, at the same time or later, sends nothing."""
    with transaction.atomic():
        placement = InternshipPlacement.objects.select_related("employee").get(
            pk=placement_id
        )
        entries = list(
            placement.logbook.select_for_update(skip_locked=True)
            .filter(signed_off_at__isnull=True, sign_link_sent_at__isnull=True)
            .order_by("date")
        )
        if not entries or not placement.host_supervisor_email:
            return 0
        lines = [
            _("Yth. %(name)s,") % {"name": placement.host_supervisor_name},
            "",
            _(
                "%(intern)s mohon paraf Anda atas logbook magang berikut. Buka "
                "tautan tiap hari, periksa kegiatannya, lalu setujui."
            )
            % {"intern": placement.employee.full_name},
            "",
        ]
        for entry in entries:
            lines.append(f"{entry.date:%d-%m-%Y}: {logbook_sign_url(entry)}")
        send_mail(
            subject=_("Paraf logbook magang: %(intern)s")
            % {"intern": placement.employee.full_name},
            message="\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[placement.host_supervisor_email],
        )
        LogbookEntry.objects.filter(pk__in=[e.pk for e in entries]).update(
            sign_link_sent_at=timezone.now()
        )
    return len(entries)


def internship_jp(placement: InternshipPlacement, *, signed_days: int) -> Decimal:
    if placement.jp_method == InternshipPlacement.JpMethod.FIXED:
        return placement.fixed_jp
    minutes = internship_minutes(placement, signed_days=signed_days)
    return minutes_to_jp(minutes, minutes_per_jp=placement.agency.minutes_per_jp)


def internship_minutes(placement: InternshipPlacement, *, signed_days: int) -> int:
    return int(Decimal(signed_days) * placement.hours_per_day * 60)


def _internship_credit(placement: InternshipPlacement, jp, signed_days: int) -> dict:
    """A fixed JP is counted in JP; days signed off in minutes (see credit_jp)."""
    if placement.jp_method == InternshipPlacement.JpMethod.FIXED:
        return {"jp": jp}
    return {"minutes": internship_minutes(placement, signed_days=signed_days)}


def complete_internship(
    *,
    placement: InternshipPlacement,
    evaluator,
    final_score: int,
    final_evaluation: str,
) -> InternshipPlacement:
    """Close an internship: final evaluation, JP to the ledger, certificate.

    Duration JP counts the logbook days the host signed off (days × hours per day,
    converted with the agency's minutes per JP); HR may fix a JP value instead."""
    with transaction.atomic():
        placement = (
            InternshipPlacement.objects.select_for_update()
            .select_related("agency", "employee")
            .get(pk=placement.pk)
        )
        if placement.status == InternshipPlacement.Status.COMPLETED:
            raise Refused(_("Magang ini sudah dinyatakan selesai."))
        if placement.status == InternshipPlacement.Status.CANCELLED:
            raise Refused(_("Magang yang dibatalkan tidak dapat diselesaikan."))
        if not 0 <= final_score <= 100:
            raise Refused(_("Nilai akhir harus antara 0 dan 100."), field="final_score")
        signed_days = placement.logbook.filter(signed_off_at__isnull=False).count()
        unsigned = placement.logbook.filter(signed_off_at__isnull=True).count()
        if unsigned:
            raise Refused(
                _("Masih ada %(n)d logbook yang belum diparaf pembimbing.")
                % {"n": unsigned}
            )
        if not signed_days:
            raise Refused(_("Belum ada logbook yang diparaf."))
        jp = internship_jp(placement, signed_days=signed_days)
        placement.status = InternshipPlacement.Status.COMPLETED
        placement.final_score = final_score
        placement.final_evaluation = final_evaluation.strip()
        placement.evaluated_by = evaluator
        placement.completed_at = timezone.now()
        placement.jp_credited = jp
        placement.save()
        credit_jp(
            employee=placement.employee,
            **_internship_credit(placement, jp, signed_days),
            form=DevelopmentForm.INTERNSHIP,
            source_key=f"training.internship:{placement.pk}",
            on_date=placement.end_date,
            description=_("Magang: %(title)s di %(host)s")
            % {"title": placement.title, "host": placement.host_institution},
        )
        issue_internship_certificate(placement=placement)
    return placement


def issue_internship_certificate(*, placement: InternshipPlacement) -> Certificate:
    existing = Certificate.objects.filter(placement=placement).first()
    if existing is not None:
        return existing
    if placement.status != InternshipPlacement.Status.COMPLETED:
        raise Refused(_("Sertifikat magang diterbitkan setelah magang selesai."))
    employee = placement.employee
    return _create_certificate(
        placement=placement,
        agency_id=placement.agency_id,
        employee=employee,
        holder_name=employee.full_name,
        holder_nip=employee.nip,
        title=_("Magang: %(title)s di %(host)s")
        % {"title": placement.title, "host": placement.host_institution},
        start_date=placement.start_date,
        end_date=placement.end_date,
        jp=placement.jp_credited or Decimal(0),
        issued_at=timezone.now(),
    )
