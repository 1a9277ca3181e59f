"""Every write of the evaluations app. Each function checks who may do it and in
which state, raises `Refused` with a clear Indonesian message otherwise (changing
nothing), and keeps a history row (django-simple-history) of what it changed."""

import calendar
import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from asn_portal.corrections import REASON_MAX_LENGTH
from asn_portal.refusals import Refused
from evaluations import figures, rules
from evaluations.models import (
    ACTION_KINDS,
    Assessment,
    AssessmentResult,
    BehaviourRating,
    EvaluationPeriod,
    EvaluationSettings,
    Feedback360Invitation,
    Feedback360Request,
    Feedback360Response,
    Feedback360Score,
    FeedbackNote,
    FollowUp,
    FollowUpAction,
    Objection,
    OrganisationPerformance,
    PerformancePlan,
    PeriodFinalisation,
    PotentialAssessment,
    WorkResult,
)
from evaluations.rules import BerAkhlak, Rating
from notifications.services import notify
from people.delegation import ask_deciders, asked_as, authority_over, deciders_for
from people.models import Agency, Delegation, Employee, is_serving, serving_q
from people.roles import ROLE_GROUPS, Role, roles_of
from people.scope import employee_of, require_employee
from people.services import run_daily_for_due_agencies

EVALUATION_REMINDERS_JOB = "evaluations.reminders"

OVERDUE_DIGEST_NAMES = 20
# A nomination link is a page of the portal or a web address, never javascript: etc.
SAFE_LINK_PREFIXES = ("/", "https://", "http://")


def _as_history_user(obj, user):
    obj._history_user = user
    return obj


# ---------------------------------------------------------------- periods


def generate_periods(*, agency, year: int) -> list[EvaluationPeriod]:
    """The year's planning window, the periodic assessments in the agency's chosen
    frequency, and the annual assessment; existing ones are left as they are."""
    frequency = EvaluationSettings.for_agency(agency.pk).frequency
    Frequency = EvaluationSettings.Frequency
    wanted = [
        (
            EvaluationPeriod.Kind.PLAN,
            1,
            _("Perencanaan SKP %(year)s") % {"year": year},
            datetime.date(year, 1, 1),
            datetime.date(year, 1, 31),
            datetime.date(year, 1, 1),
            datetime.date(year, 1, 31),
        )
    ]
    if frequency == Frequency.MONTHLY:
        for month in range(1, 13):
            end = datetime.date(year, month, calendar.monthrange(year, month)[1])
            wanted.append(
                (
                    EvaluationPeriod.Kind.MONTHLY,
                    month,
                    _("Bulan %(month)s %(year)s") % {"month": month, "year": year},
                    datetime.date(year, month, 1),
                    end,
                    end - datetime.timedelta(days=6),
                    end + datetime.timedelta(days=10),
                )
            )
    elif frequency == Frequency.QUARTERLY:
        for quarter, roman in enumerate(["I", "II", "III", "IV"], start=1):
            last_month = quarter * 3
            end = datetime.date(
                year, last_month, calendar.monthrange(year, last_month)[1]
            )
            wanted.append(
                (
                    EvaluationPeriod.Kind.QUARTERLY,
                    quarter,
                    _("Triwulan %(q)s %(year)s") % {"q": roman, "year": year},
                    datetime.date(year, last_month - 2, 1),
                    end,
                    end - datetime.timedelta(days=14),
                    end + datetime.timedelta(days=14),
                )
            )
    wanted.append(
        (
            EvaluationPeriod.Kind.ANNUAL,
            1,
            _("Penilaian Tahunan %(year)s") % {"year": year},
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
            datetime.date(year, 12, 1),
            datetime.date(year + 1, 1, 31),
        )
    )
    periods = []
    for kind, number, name, starts, ends, opens, closes in wanted:
        period, _created = EvaluationPeriod.objects.get_or_create(
            agency=agency,
            year=year,
            kind=kind,
            number=number,
            defaults={
                "name": name,
                "starts_on": starts,
                "ends_on": ends,
                "opens_on": opens,
                "closes_on": closes,
            },
        )
        periods.append(period)
    return periods


# ---------------------------------------------------------------- plan (SKP)


@transaction.atomic
def create_plan(*, user, year: int) -> PerformancePlan:
    employee = require_employee(user)
    if PerformancePlan.objects.filter(employee=employee, year=year).exists():
        raise Refused(_("SKP tahun %(year)s sudah ada.") % {"year": year})
    plan = _as_history_user(
        PerformancePlan(employee=employee, year=year, appraiser=employee.supervisor),
        user,
    )
    plan.save()
    return plan


def _require_plan_owner(plan: PerformancePlan, user) -> None:
    if plan.employee.user_id != user.pk:
        raise Refused(_("Hanya pegawai pemilik SKP yang dapat mengubahnya."))
    if not plan.is_editable:
        raise Refused(
            _("SKP berstatus %(status)s dan tidak dapat diubah.")
            % {"status": plan.get_status_display()}
        )


@transaction.atomic
def add_work_result(
    *,
    plan: PerformancePlan,
    user,
    description: str,
    indicator: str,
    target: str,
    supports: WorkResult | None = None,
) -> WorkResult:
    _require_plan_owner(plan, user)
    if supports is not None and (
        supports.plan.employee_id != plan.employee.supervisor_id
        or supports.plan.year != plan.year
    ):
        raise Refused(
            _(
                "Hasil kerja yang didukung harus berasal dari SKP atasan "
                "tahun yang sama."
            )
        )
    order = plan.results.count() + 1
    return WorkResult.objects.create(
        plan=plan,
        order=order,
        description=description,
        indicator=indicator,
        target=target,
        supports=supports,
    )


@transaction.atomic
def remove_work_result(*, result: WorkResult, user) -> None:
    _require_plan_owner(result.plan, user)
    result.delete()


@transaction.atomic
def submit_plan(*, plan: PerformancePlan, user) -> PerformancePlan:
    _require_plan_owner(plan, user)
    if not plan.results.exists():
        raise Refused(
            _("Tambahkan minimal satu rencana hasil kerja sebelum mengajukan.")
        )
    supervisor = plan.employee.supervisor
    if supervisor is None:
        raise Refused(_("Anda belum memiliki atasan langsung; hubungi BKPSDM."))
    plan.status = PerformancePlan.Status.SUBMITTED
    plan.appraiser = supervisor
    plan.submitted_at = timezone.now()
    _as_history_user(plan, user).save()
    step = f"v{plan.history.count()}"
    ask_deciders(
        plan.employee,
        kind="evaluations.plan_submitted",
        obj=plan,
        step=step,
        title=_("SKP %(name)s menunggu persetujuan Anda")
        % {"name": plan.employee.name},
        url=plan.get_absolute_url(),
    )
    return plan


def _require_supervisor_or_delegate(employee: Employee, user):
    """The acting employee and, when they act as Plt/Plh, the delegation in force
    (people/delegation.py); anyone else is refused with the reason."""
    me = require_employee(user)
    return me, authority_over(me, employee)


@transaction.atomic
def review_plan(
    *, plan: PerformancePlan, user, agree: bool, comment: str = ""
) -> PerformancePlan:
    me, delegation = _require_supervisor_or_delegate(plan.employee, user)
    if plan.status != PerformancePlan.Status.SUBMITTED:
        raise Refused(_("SKP ini tidak sedang menunggu persetujuan."))
    if not agree and not comment.strip():
        raise Refused(_("Tuliskan catatan perbaikan saat mengembalikan SKP."))
    plan.supervisor_comment = comment
    plan.reviewed_by = me
    plan.review_delegation = delegation
    if agree:
        plan.status = PerformancePlan.Status.AGREED
        plan.agreed_at = timezone.now()
    else:
        plan.status = PerformancePlan.Status.RETURNED
    _as_history_user(plan, user).save()
    if plan.employee.user_id:
        notify(
            recipient=plan.employee.user,
            kind="evaluations.plan_reviewed",
            obj=plan,
            step=f"v{plan.history.count()}",
            title=_("SKP Anda disetujui")
            if agree
            else _("SKP Anda dikembalikan untuk diperbaiki"),
            body=comment,
            url=plan.get_absolute_url(),
        )
    return plan


@transaction.atomic
def add_feedback_note(
    *,
    plan: PerformancePlan,
    user,
    date: datetime.date,
    note: str,
    work_result: WorkResult | None = None,
    value: str = "",
    evidence: str = "",
) -> FeedbackNote:
    me, delegation = _require_supervisor_or_delegate(plan.employee, user)
    if plan.status != PerformancePlan.Status.AGREED:
        raise Refused(_("Umpan balik dicatat setelah SKP disetujui."))
    if (work_result is None) == (not value):
        raise Refused(_("Pilih satu hasil kerja atau satu nilai BerAKHLAK."))
    if work_result is not None and work_result.plan_id != plan.pk:
        raise Refused(_("Hasil kerja itu bukan bagian dari SKP ini."))
    feedback = FeedbackNote.objects.create(
        plan=plan,
        author=me,
        author_delegation=delegation,
        date=date,
        note=note,
        work_result=work_result,
        value=value,
        evidence=evidence,
    )
    if plan.employee.user_id:
        notify(
            recipient=plan.employee.user,
            kind="evaluations.feedback",
            obj=feedback,
            title=_("Umpan balik baru dari atasan Anda"),
            body=note,
            url=plan.get_absolute_url(),
        )
    return feedback


# ---------------------------------------------------------------- assessment


def ensure_assessments(*, period: EvaluationPeriod) -> int:
    """An assessment row for every agreed plan of the period's year that lacks one,
    for ASN serving by their kedudukan hukum (not on CLTN, study leave...:
    docs/domain.md, "Who is serving: kedudukan hukum"); safe to run again and
    again."""
    if period.kind == EvaluationPeriod.Kind.PLAN:
        return 0
    plans = (
        PerformancePlan.objects.filter(
            serving_q("employee__"),
            year=period.year,
            status=PerformancePlan.Status.AGREED,
            employee__agency_id=period.agency_id,
            employee__is_active=True,
        )
        .exclude(assessments__period=period)
        .values_list("pk", "employee_id")
    )
    created = Assessment.objects.bulk_create(
        [
            Assessment(plan_id=plan_id, employee_id=employee_id, period=period)
            for plan_id, employee_id in plans
        ],
        ignore_conflicts=True,
    )
    return len(created)


@transaction.atomic
def open_assessment(*, plan: PerformancePlan, period: EvaluationPeriod, user):
    if plan.employee.user_id != user.pk:
        raise Refused(_("Hanya pegawai pemilik SKP yang dapat mengisi realisasi."))
    if plan.status != PerformancePlan.Status.AGREED:
        raise Refused(_("Realisasi diisi setelah SKP disetujui atasan."))
    if period.agency_id != plan.employee.agency_id or period.year != plan.year:
        raise Refused(_("Periode ini bukan untuk SKP tersebut."))
    if period.kind == EvaluationPeriod.Kind.PLAN:
        raise Refused(_("Periode perencanaan tidak memiliki penilaian."))
    assessment, _created = Assessment.objects.get_or_create(
        plan=plan, period=period, defaults={"employee": plan.employee}
    )
    return assessment


def _require_editable_by_owner(assessment: Assessment, user) -> None:
    if assessment.employee.user_id != user.pk:
        raise Refused(_("Hanya pegawai yang dinilai yang dapat mengisi realisasi."))
    if assessment.is_final:
        raise Refused(_("Penilaian ini sudah final dan tidak dapat diubah."))
    if assessment.status != Assessment.Status.DRAFT:
        raise Refused(
            _("Realisasi sudah diajukan ke atasan dan tidak dapat diubah lagi.")
        )


def check_window_open(period: EvaluationPeriod, *, day=None) -> None:
    """Realisations are filled in and rated only between the period's opening and
    closing dates; HR reopens a period by moving its closing date, with a reason."""
    day = day or timezone.localdate()
    if not period.is_open_on(day):
        raise Refused(
            _(
                "Pengisian %(period)s hanya %(opens)s s.d. %(closes)s. Minta "
                "BKPSDM membuka kembali periode ini bila masih perlu diisi."
            )
            % {
                "period": period.name,
                "opens": date_format(period.opens_on, "j F Y"),
                "closes": date_format(period.closes_on, "j F Y"),
            }
        )


@transaction.atomic
def save_realisation(
    *, assessment: Assessment, user, entries: Mapping[int, Mapping]
) -> None:
    """entries: work_result id -> {realisation, evidence_text, evidence_link,
    evidence_file}."""
    _require_editable_by_owner(assessment, user)
    check_window_open(assessment.period)
    result_ids = set(assessment.plan.results.values_list("pk", flat=True))
    for work_result_id, data in entries.items():
        if work_result_id not in result_ids:
            raise Refused(_("Hasil kerja itu bukan bagian dari SKP ini."))
        row, _created = AssessmentResult.objects.get_or_create(
            assessment=assessment, work_result_id=work_result_id
        )
        row.realisation = data.get("realisation", "")
        row.evidence_text = data.get("evidence_text", "")
        row.evidence_link = data.get("evidence_link", "")
        if data.get("evidence_file"):
            row.evidence_file = data["evidence_file"]
        _as_history_user(row, user).save()


@transaction.atomic
def submit_assessment(*, assessment: Assessment, user) -> Assessment:
    _require_editable_by_owner(assessment, user)
    check_window_open(assessment.period)
    filled = assessment.results.exclude(realisation="").count()
    if filled < assessment.plan.results.count():
        raise Refused(_("Isi realisasi setiap hasil kerja sebelum mengajukan."))
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    _as_history_user(assessment, user).save()
    ask_deciders(
        assessment.employee,
        kind="evaluations.assessment_submitted",
        obj=assessment,
        title=_("Realisasi %(name)s menunggu penilaian Anda")
        % {"name": assessment.employee.name},
        url=assessment.get_absolute_url(),
    )
    return assessment


def check_may_rate(*, assessment: Assessment, user) -> None:
    """Refuse anyone but the ASN's direct supervisor or their Plt/Plh in force
    (views ask before a form)."""
    _require_supervisor_or_delegate(assessment.employee, user)


def _check_rating(value: str) -> str:
    if value not in Rating.values:
        raise Refused(_("Pilih rating: di atas, sesuai atau di bawah ekspektasi."))
    return value


@transaction.atomic
def rate_assessment(
    *,
    assessment: Assessment,
    user,
    result_ratings: Mapping[int, str],
    value_ratings: Mapping[str, str],
    hasil_kerja: str,
    perilaku_kerja: str,
    feedback: str = "",
    expectations: Mapping[str, str] | None = None,
) -> Assessment:
    """The direct supervisor (or their Plt/Plh in force, recorded on the
    assessment) rates each work result and each BerAKHLAK value and chooses the two
    overall ratings; the predikat follows from the matrix."""
    me, delegation = _require_supervisor_or_delegate(assessment.employee, user)
    if assessment.is_final:
        raise Refused(_("Penilaian ini sudah final dan tidak dapat diubah."))
    check_window_open(assessment.period)
    if assessment.status not in (Assessment.Status.SUBMITTED, Assessment.Status.RATED):
        raise Refused(_("Penilaian dilakukan setelah pegawai mengajukan realisasinya."))
    result_ids = set(assessment.plan.results.values_list("pk", flat=True))
    if set(result_ratings) != result_ids:
        raise Refused(_("Beri rating pada setiap hasil kerja."))
    if set(value_ratings) != set(BerAkhlak.values):
        raise Refused(_("Beri rating pada ketujuh nilai BerAKHLAK."))
    for value in [*result_ratings.values(), *value_ratings.values()]:
        _check_rating(value)
    hasil_kerja, perilaku_kerja = (
        _check_rating(hasil_kerja),
        _check_rating(perilaku_kerja),
    )
    for work_result_id, rating in result_ratings.items():
        row, _created = AssessmentResult.objects.get_or_create(
            assessment=assessment, work_result_id=work_result_id
        )
        if row.rating != rating:
            row.rating = rating
            _as_history_user(row, user).save()
    expectations = expectations or {}
    for value, rating in value_ratings.items():
        row = BehaviourRating.objects.filter(assessment=assessment, value=value).first()
        row = row or BehaviourRating(assessment=assessment, value=value)
        if row.rating != rating or row.expectation != expectations.get(value, ""):
            row.rating = rating
            row.expectation = expectations.get(value, "")
            _as_history_user(row, user).save()
    _set_ratings(assessment, hasil_kerja=hasil_kerja, perilaku_kerja=perilaku_kerja)
    assessment.supervisor_feedback = feedback
    assessment.rated_by = me
    assessment.rating_delegation = delegation
    assessment.rated_at = timezone.now()
    assessment.status = Assessment.Status.RATED
    _as_history_user(assessment, user).save()
    if assessment.employee.user_id:
        notify(
            recipient=assessment.employee.user,
            kind="evaluations.assessment_rated",
            obj=assessment,
            step=f"v{assessment.history.count()}",
            title=_("Penilaian kinerja Anda untuk %(period)s sudah keluar")
            % {"period": assessment.period.name},
            url=assessment.get_absolute_url(),
        )
    return assessment


def _set_ratings(assessment: Assessment, *, hasil_kerja: str, perilaku_kerja: str):
    assessment.hasil_kerja = hasil_kerja
    assessment.perilaku_kerja = perilaku_kerja
    assessment.predikat = rules.predikat(hasil_kerja, perilaku_kerja)


@transaction.atomic
def acknowledge_assessment(*, assessment: Assessment, user) -> Assessment:
    if assessment.employee.user_id != user.pk:
        raise Refused(_("Hanya pegawai yang dinilai yang dapat menerima hasilnya."))
    if assessment.status != Assessment.Status.RATED:
        raise Refused(_("Hasil penilaian ini tidak sedang menunggu tanggapan Anda."))
    assessment.status = Assessment.Status.ACKNOWLEDGED
    assessment.acknowledged_at = timezone.now()
    _as_history_user(assessment, user).save()
    return assessment


@transaction.atomic
def file_objection(*, assessment: Assessment, user, reason: str) -> Objection:
    if assessment.employee.user_id != user.pk:
        raise Refused(_("Hanya pegawai yang dinilai yang dapat mengajukan keberatan."))
    if assessment.status != Assessment.Status.RATED:
        raise Refused(_("Keberatan hanya dapat diajukan atas hasil yang belum final."))
    if not reason.strip():
        raise Refused(_("Tuliskan alasan keberatan Anda."))
    supervisor = assessment.employee.supervisor
    if supervisor is None or supervisor.supervisor_id is None:
        raise Refused(_("Atasan dari pejabat penilai belum tercatat; hubungi BKPSDM."))
    objection = _as_history_user(Objection(assessment=assessment, reason=reason), user)
    objection.save()
    assessment.status = Assessment.Status.OBJECTED
    _as_history_user(assessment, user).save()
    # The appraiser's supervisor and whoever acts for them today.
    for decider, delegation in deciders_for(supervisor):
        if decider.user_id and decider.pk != assessment.employee_id:
            notify(
                recipient=decider.user,
                kind="evaluations.objection_filed",
                obj=assessment,
                title=_(
                    "Keberatan %(name)s atas penilaian kinerja menunggu keputusan Anda"
                )
                % {"name": assessment.employee.name}
                + asked_as(delegation),
                url=assessment.get_absolute_url(),
            )
    return objection


def _require_objection_decider(assessment: Assessment, user):
    """The acting employee and, when they act as Plt/Plh for the appraiser's
    supervisor, the delegation in force; anyone else is refused with the reason."""
    me = require_employee(user)
    supervisor = assessment.employee.supervisor
    if me.pk == assessment.employee_id:
        raise Refused(_("Anda tidak dapat memutus keberatan Anda sendiri."))
    if supervisor is None or (
        supervisor.supervisor_id != me.pk
        and not Delegation.objects.filter(
            delegate=me, delegator_id=supervisor.supervisor_id
        ).exists()
    ):
        raise Refused(_("Keberatan diputus oleh atasan dari pejabat penilai kinerja."))
    if me.pk == assessment.rated_by_id:
        raise Refused(
            _(
                "Keberatan tidak diputus oleh yang memberi penilaian, juga "
                "sebagai Plt/Plh."
            )
        )
    # The appraiser's supervisor acts as the supervisor of the appraiser; a
    # delegation out of its dates is refused there with its dates.
    return me, authority_over(me, supervisor)


def may_decide_objection(assessment: Assessment, user) -> bool:
    """Whether the page offers `user` the decision form."""
    try:
        _require_objection_decider(assessment, user)
    except Refused:
        return False
    return True


@transaction.atomic
def decide_objection(
    *,
    assessment: Assessment,
    user,
    change: bool,
    note: str,
    hasil_kerja: str = "",
    perilaku_kerja: str = "",
) -> Objection:
    """The supervisor's supervisor (or their Plt/Plh) keeps the ratings or sets new
    ones; the predikat is recomputed from the matrix either way, and the history
    keeps both."""
    me, delegation = _require_objection_decider(assessment, user)
    if assessment.status != Assessment.Status.OBJECTED:
        raise Refused(_("Tidak ada keberatan yang menunggu keputusan."))
    if not note.strip():
        raise Refused(_("Tuliskan pertimbangan keputusan."))
    objection = assessment.objection
    if change:
        _set_ratings(
            assessment,
            hasil_kerja=_check_rating(hasil_kerja),
            perilaku_kerja=_check_rating(perilaku_kerja),
        )
    objection.decision = (
        Objection.Decision.CHANGED if change else Objection.Decision.UPHELD
    )
    objection.decision_note = note
    objection.decided_by = me
    objection.decision_delegation = delegation
    objection.decided_at = timezone.now()
    _as_history_user(objection, user).save()
    assessment.status = Assessment.Status.DECIDED
    _as_history_user(assessment, user).save()
    if assessment.employee.user_id:
        notify(
            recipient=assessment.employee.user,
            kind="evaluations.objection_decided",
            obj=assessment,
            title=_("Keberatan Anda sudah diputus: %(decision)s")
            % {"decision": objection.get_decision_display()},
            body=note,
            url=assessment.get_absolute_url(),
        )
    return objection


# ---------------------------------------------------------------- follow-up


def mark_action_done(*, action: FollowUpAction, user, done: bool = True):
    """Mark (or unmark) an action nothing tracks as done; a training or mentor
    action is done when its enrolment or pair is."""
    if not may_follow_up(action.follow_up.assessment, user):
        raise Refused(_("Tindak lanjut dibuat oleh atasan langsung atau staf BKPSDM."))
    if action.creates_record:
        raise Refused(
            _("Tindakan ini selesai bila pelatihan atau pendampingannya selesai.")
        )
    action.done_on = timezone.localdate() if done else None
    action.save(update_fields=["done_on", "updated_at"])
    return action


def may_follow_up(assessment: Assessment, user) -> bool:
    me = employee_of(user)
    if me is None or assessment.employee_id == me.pk:
        return False
    if assessment.employee.supervisor_id == me.pk:
        return True
    return Role.HR in roles_of(user) and assessment.employee.agency_id == me.agency_id


def access_follow_up_action(user, pk: int, *, kind: str | None = None):
    """The follow-up action a view acts on: not found where `user` may not see its
    assessment (or, given `kind`, where it is another kind of action), forbidden
    where they see it but may not follow it up (the assessed ASN, a leader)."""
    actions = FollowUpAction.objects.filter(
        follow_up__assessment__in=Assessment.objects.visible_to(user)
    ).select_related("follow_up__assessment__employee")
    if kind is not None:
        actions = actions.filter(kind=kind)
    action = get_object_or_404(actions, pk=pk)
    if not may_follow_up(action.follow_up.assessment, user):
        raise PermissionDenied
    return action


@transaction.atomic
def save_follow_up(
    *,
    assessment: Assessment,
    user,
    summary: str,
    review_date: datetime.date | None,
    actions: Iterable[Mapping],
) -> FollowUp:
    """Reward recommendation for Sangat Baik; development plan (with concrete
    actions and a review date) for Butuh Perbaikan and below."""
    if not may_follow_up(assessment, user):
        raise Refused(_("Tindak lanjut dibuat oleh atasan langsung atau staf BKPSDM."))
    if not assessment.is_final:
        raise Refused(_("Tindak lanjut dibuat setelah penilaian final."))
    kind = assessment.follow_up_kind
    if kind is None:
        raise Refused(
            _("Predikat %(predikat)s tidak memerlukan tindak lanjut khusus.")
            % {"predikat": assessment.get_predikat_display()}
        )
    actions = [a for a in actions if a.get("description", "").strip()]
    for action in actions:
        link = action.get("link", "").strip()
        if link and (link.startswith("//") or not link.startswith(SAFE_LINK_PREFIXES)):
            raise Refused(
                _("Tautan harus berupa alamat di portal (/...) atau http(s)://.")
            )
    if any(a.get("kind") and a["kind"] not in ACTION_KINDS[kind] for a in actions):
        raise Refused(
            _("Jenis tindakan tidak sesuai untuk %(kind)s.") % {"kind": kind.label}
        )
    if kind == rules.FollowUpKind.DEVELOPMENT:
        if not actions:
            raise Refused(_("Rencana pembinaan memerlukan minimal satu tindakan."))
        if review_date is None:
            raise Refused(_("Tentukan tanggal tinjau ulang rencana pembinaan."))
    follow_up = FollowUp.objects.filter(assessment=assessment).first()
    follow_up = follow_up or FollowUp(assessment=assessment, created_by=user.employee)
    follow_up.kind = kind
    follow_up.summary = summary
    follow_up.review_date = review_date
    _as_history_user(follow_up, user).save()
    FollowUpAction.objects.bulk_create(
        [
            FollowUpAction(
                follow_up=follow_up,
                kind=action.get("kind") or FollowUpAction.Kind.OTHER,
                description=action["description"].strip(),
                link=action.get("link", "").strip(),
                due_date=action.get("due_date"),
            )
            for action in actions
        ]
    )
    if assessment.employee.user_id:
        notify(
            recipient=assessment.employee.user,
            kind="evaluations.follow_up",
            obj=follow_up,
            step=str(follow_up.history.count()),
            title=follow_up.get_kind_display(),
            body=summary,
            url=assessment.get_absolute_url(),
        )
    return follow_up


# ---------------------------------------------------------------- potential


@transaction.atomic
def record_potential(
    *, employee: Employee, user, year: int, score: int, notes: str = ""
) -> PotentialAssessment:
    me = require_employee(user)
    if Role.HR not in roles_of(user) or employee.agency_id != me.agency_id:
        raise Refused(_("Penilaian potensial dicatat oleh staf BKPSDM instansi."))
    if not 0 <= score <= 100:
        raise Refused(_("Nilai potensial antara 0 dan 100."))
    level = EvaluationSettings.for_agency(employee.agency_id).cutoffs.level(score)
    potential = PotentialAssessment.objects.filter(employee=employee, year=year).first()
    potential = potential or PotentialAssessment(employee=employee, year=year)
    potential.score = score
    potential.level = level
    potential.notes = notes
    potential.assessed_by = user
    _as_history_user(potential, user).save()
    return potential


@transaction.atomic
def record_potentials(*, user, year: int, entries) -> int:
    """Several potentials at once (an import or a unit's grid): all or none. Each
    entry names an employee id, a score and notes; returns how many were saved."""
    wanted = {entry.employee_id: entry for entry in entries}
    employees = Employee.objects.filter(pk__in=wanted).select_related("agency")
    if len(employees) != len(wanted):
        raise Refused(_("Sebagian pegawai tidak ditemukan; tidak ada yang disimpan."))
    for employee in employees:
        entry = wanted[employee.pk]
        record_potential(
            employee=employee,
            user=user,
            year=year,
            score=entry.score,
            notes=entry.notes,
        )
    return len(wanted)


# ---------------------------------------------------------------- reminders


def send_due_evaluation_reminders(*, now: datetime.datetime | None = None) -> int:
    """The hourly job: each agency's reminders once a day, from its reminder hour."""
    return sum(
        run_daily_for_due_agencies(
            job=EVALUATION_REMINDERS_JOB, work=send_evaluation_reminders, now=now
        )
    )


def send_evaluation_reminders(
    *, today: datetime.date | None = None, agency: Agency | None = None
) -> int:
    """Remind ASN whose self-assessment is due, supervisors whose ratings wait, and
    escalate to HR what is past the close date; in one agency, or in all. Each
    (recipient, kind, assessment, step) is notified once, so running this twice sends
    nothing new. An ASN who is not serving by their kedudukan hukum (CLTN, study
    leave...) is neither reminded nor reminded about (`people.models.is_serving`)."""
    from django.contrib.auth import get_user_model

    today = today or timezone.localdate()
    sent = 0
    periods = EvaluationPeriod.objects.assessable().filter(opens_on__lte=today)
    if agency is not None:
        periods = periods.filter(agency=agency)
    # Periods closed more than 60 days ago are no longer chased.
    periods = periods.filter(closes_on__gte=today - datetime.timedelta(days=60))
    User = get_user_model()
    for period in periods.select_related("agency"):
        ensure_assessments(period=period)
        days_before = EvaluationSettings.for_agency(period.agency_id)
        due_from = period.closes_on - datetime.timedelta(
            days=days_before.reminder_days_before_close
        )
        open_rows = (
            Assessment.objects.for_period(period)
            .filter(serving_q("employee__"))
            .exclude(status__in=Assessment.FINAL_STATUSES)
            .select_related("employee__user", "employee__supervisor__user")
        )
        if today > period.closes_on:
            hr_users = list(
                User.objects.filter(
                    serving_q("employee__"),
                    groups__name=ROLE_GROUPS[Role.HR],
                    employee__agency_id=period.agency_id,
                    is_active=True,
                )
            )
            # One digest per HR user and period, not one per late assessment: after
            # the close date the set only shrinks, so the first digest is complete.
            late = list(open_rows.order_by("employee__name")[:OVERDUE_DIGEST_NAMES])
            late_count = open_rows.count()
            if not late_count:
                continue
            body = "\n".join(
                f"- {a.employee.name} ({a.get_status_display()})" for a in late
            )
            if late_count > len(late):
                body += "\n" + _("dan %(n)d lainnya") % {"n": late_count - len(late)}
            for hr_user in hr_users:
                created = notify(
                    recipient=hr_user,
                    kind="evaluations.overdue",
                    obj=period,
                    step="overdue",
                    title=_(
                        "%(count)d penilaian %(period)s belum final setelah batas waktu"
                    )
                    % {"count": late_count, "period": period.name},
                    body=body,
                    url=reverse("evaluations:overview") + f"?periode={period.pk}",
                )
                sent += 1 if created else 0
            continue
        if today < due_from:
            continue
        for assessment in open_rows.filter(
            status__in=[Assessment.Status.DRAFT, Assessment.Status.SUBMITTED]
        ).iterator(chunk_size=500):
            if assessment.status == Assessment.Status.DRAFT:
                recipient = assessment.employee.user
                kind, step = "evaluations.self_assessment_due", "self"
                title = _("Isi realisasi SKP %(period)s paling lambat %(date)s") % {
                    "period": period.name,
                    "date": period.closes_on.strftime("%d-%m-%Y"),
                }
            else:
                supervisor = assessment.employee.supervisor
                serving = supervisor is not None and is_serving(supervisor.legal_status)
                recipient = supervisor.user if serving else None
                kind, step = "evaluations.rating_pending", "rating"
                title = _("Penilaian %(name)s (%(period)s) menunggu Anda") % {
                    "name": assessment.employee.name,
                    "period": period.name,
                }
            if recipient is not None:
                sent += _remind(recipient, assessment, kind, step, title)
    sent += _remind_follow_up_reviews(today=today, agency=agency)
    return sent + _remind_feedback360(today=today, agency=agency)


def _remind_follow_up_reviews(*, today: datetime.date, agency: Agency | None) -> int:
    """On a development plan's review date its author is reminded to review it."""
    sent = 0
    due = FollowUp.objects.filter(
        serving_q("assessment__employee__"),
        serving_q("created_by__"),
        kind=rules.FollowUpKind.DEVELOPMENT,
        review_date__lte=today,
        review_date__gte=today - datetime.timedelta(days=60),
        created_by__user__isnull=False,
    ).select_related("created_by__user", "assessment__employee")
    if agency is not None:
        due = due.filter(assessment__employee__agency=agency)
    for follow_up in due.iterator(chunk_size=500):
        created = notify(
            recipient=follow_up.created_by.user,
            kind="evaluations.follow_up_review",
            obj=follow_up,
            step=follow_up.review_date.isoformat(),
            title=_("Tinjau ulang rencana pembinaan %(name)s")
            % {"name": follow_up.assessment.employee.name},
            url=reverse(
                "evaluations:assessment_detail", args=[follow_up.assessment_id]
            ),
        )
        sent += 1 if created else 0
    return sent


def _remind(recipient, assessment, kind, step, title) -> int:
    created = notify(
        recipient=recipient,
        kind=kind,
        obj=assessment,
        step=step,
        title=title,
        url=reverse("evaluations:assessment_detail", args=[assessment.pk]),
    )
    return 1 if created else 0


def record_organisation_rating(
    *, period: EvaluationPeriod, unit, rating: str, source: str, user
) -> OrganisationPerformance:
    """The organisation's (unit None) or a unit's rating of `period`, replacing the
    one recorded before for the same place (its history keeps the old one)."""
    employee = employee_of(user)
    if unit is not None and unit.agency_id != period.agency_id:
        raise Refused(_("Unit ini bukan unit instansi Anda."), field="unit")
    record, _created = OrganisationPerformance.objects.update_or_create(
        period=period,
        unit=unit,
        defaults={
            "agency_id": period.agency_id,
            "rating": rating,
            "source": source.strip(),
            "recorded_by": employee,
        },
    )
    return record


@transaction.atomic
def finalise_period_results(
    *, period: EvaluationPeriod, user, reason: str = ""
) -> PeriodFinalisation:
    """HR finalises the results of an assessment period as they stand. Where the
    predikat leave the pattern of the organisation's rating (or the local cap), HR
    must say why; the counts and findings are kept as they were that day."""
    employee = require_employee(user)
    if period.kind == EvaluationPeriod.Kind.PLAN:
        raise Refused(_("Periode perencanaan SKP tidak punya hasil untuk ditetapkan."))
    if PeriodFinalisation.objects.filter(period=period).exists():
        raise Refused(_("Hasil periode ini sudah ditetapkan. Buka kembali lebih dulu."))
    results = figures.period_results(period)
    reason = reason.strip()
    if results["findings"] and not reason:
        raise Refused(
            _(
                "Distribusi predikat tidak sesuai pola: tuliskan alasan hasil ini "
                "tetap ditetapkan."
            ),
            field="reason",
        )
    totals = results["totals"]
    return PeriodFinalisation.objects.create(
        agency_id=period.agency_id,
        period=period,
        finalised_by=employee,
        finalised_at=timezone.now(),
        rating=totals.rating or "",
        counts=dict(totals.predikat),
        findings="\n".join(str(f) for f in results["findings"]),
        reason=reason,
    )


@transaction.atomic
def reopen_period_results(*, finalisation: PeriodFinalisation, reason: str) -> None:
    """HR reopens finalised results (a late objection decided, a rating corrected):
    the finalisation goes, its history keeps it with who reopened it and why."""
    finalisation._change_reason = reason.strip()[:REASON_MAX_LENGTH]
    finalisation.delete()


# ---------------------------------------------------------------- 360 input


def _require_feedback360_asker(assessment: Assessment, user):
    """The direct supervisor, or the Plt/Plh acting for them today."""
    me = require_employee(user)
    return me, authority_over(me, assessment.employee)


@transaction.atomic
def request_feedback360(
    *, assessment: Assessment, user, deadline: datetime.date, message: str = ""
) -> Feedback360Request:
    """The supervisor (or their Plt/Plh) opens a request for 360 input on a team
    member's assessment of a period still open; colleagues are then invited."""
    me, delegation = _require_feedback360_asker(assessment, user)
    today = timezone.localdate()
    period = assessment.period
    if assessment.is_final:
        raise Refused(_("Penilaian ini sudah final; masukan 360 tidak dapat diminta."))
    if today > period.closes_on:
        raise Refused(_("Periode %(period)s sudah ditutup.") % {"period": period.name})
    if Feedback360Request.objects.filter(assessment=assessment).exists():
        raise Refused(_("Masukan 360 untuk penilaian ini sudah diminta."))
    if deadline < today:
        raise Refused(_("Batas menjawab sudah lewat."), field="deadline")
    if deadline > period.closes_on:
        raise Refused(
            _(
                "Batas menjawab paling lambat tanggal penutupan periode "
                "(%(date)s), agar masukan dapat dipakai dalam penilaian."
            )
            % {"date": date_format(period.closes_on, "j F Y")},
            field="deadline",
        )
    feedback_request = _as_history_user(
        Feedback360Request(
            assessment=assessment,
            requested_by=me,
            requested_as=delegation,
            deadline=deadline,
            message=message.strip(),
        ),
        user,
    )
    feedback_request.save()
    return feedback_request


def _locked_feedback360(feedback_request: Feedback360Request) -> Feedback360Request:
    """The request as it is now, locked: an answer, an invitation and the closing
    wait for each other, so none lands on a request closed meanwhile."""
    return (
        Feedback360Request.objects.select_for_update(of=("self",))
        .select_related("assessment__employee")
        .get(pk=feedback_request.pk)
    )


def _feedback360_title(feedback_request: Feedback360Request) -> str:
    return _("Mohon masukan 360 untuk %(name)s, paling lambat %(date)s") % {
        "name": feedback_request.assessment.employee.name,
        "date": date_format(feedback_request.deadline, "j F Y"),
    }


@transaction.atomic
def invite_to_feedback360(
    *,
    feedback_request: Feedback360Request,
    user,
    respondent: Employee,
    relation: str,
) -> Feedback360Invitation:
    """Invite one colleague of the agency; they are told at once. Neither the
    person rated nor their supervisor (who rates) can answer."""
    assessment = feedback_request.assessment
    me, _delegation = _require_feedback360_asker(assessment, user)
    feedback_request = _locked_feedback360(feedback_request)
    today = timezone.localdate()
    if not feedback_request.is_open_on(today):
        raise Refused(_("Permintaan masukan 360 ini sudah ditutup."))
    rated = assessment.employee
    if respondent.pk == rated.pk:
        raise Refused(
            _("Pegawai yang dinilai tidak dapat memberi masukan 360 atas dirinya."),
            field="respondent",
        )
    if respondent.pk in {rated.supervisor_id, me.pk}:
        raise Refused(
            _(
                "Pejabat penilai dan yang meminta masukan tidak menjadi responden: "
                "penilaian mereka sendiri adalah rating perilaku kerja."
            ),
            field="respondent",
        )
    if respondent.agency_id != rated.agency_id:
        raise Refused(
            _("Responden harus pegawai instansi yang sama."), field="respondent"
        )
    if not respondent.is_active or not is_serving(respondent.legal_status):
        raise Refused(
            _("%(name)s tidak sedang aktif bertugas.") % {"name": respondent.name},
            field="respondent",
        )
    if respondent.user_id is None:
        raise Refused(
            _(
                "%(name)s belum memiliki akun portal, sehingga tidak dapat "
                "menjawab; minta BKPSDM membuatkan akunnya."
            )
            % {"name": respondent.name},
            field="respondent",
        )
    if relation not in Feedback360Invitation.Relation.values:
        raise Refused(_("Pilih hubungan kerja responden."), field="relation")
    if feedback_request.invitations.filter(respondent=respondent).exists():
        raise Refused(
            _("%(name)s sudah diminta memberi masukan.") % {"name": respondent.name},
            field="respondent",
        )
    invitation = Feedback360Invitation.objects.create(
        request=feedback_request,
        respondent=respondent,
        relation=relation,
        invited_on=today,
    )
    body = feedback_request.message or _(
        "Jawaban Anda disimpan tanpa nama dan hanya ditampilkan sebagai rata-rata "
        "bila sedikitnya tiga orang menjawab."
    )
    notify(
        recipient=respondent.user,
        kind="evaluations.feedback360_invited",
        obj=feedback_request,
        step="invite",
        title=_feedback360_title(feedback_request),
        body=body,
        url=reverse("evaluations:feedback360_answer", args=[feedback_request.pk]),
    )
    return invitation


@transaction.atomic
def answer_feedback360(
    *,
    feedback_request: Feedback360Request,
    user,
    ratings: Mapping[str, str],
    comment: str = "",
) -> None:
    """An invited colleague answers once, before the deadline. The answer is
    stored without them: their invitation only turns to answered."""
    me = require_employee(user)
    feedback_request = _locked_feedback360(feedback_request)
    invitation = (
        Feedback360Invitation.objects.select_for_update()
        .filter(request=feedback_request, respondent=me)
        .first()
    )
    if invitation is None:
        raise Refused(_("Anda tidak diminta memberi masukan 360 ini."))
    if invitation.answered:
        raise Refused(_("Anda sudah memberi masukan ini; jawaban hanya sekali."))
    if not feedback_request.is_open_on(timezone.localdate()):
        raise Refused(
            _("Permintaan masukan 360 ini sudah ditutup; jawaban tidak diterima.")
        )
    if set(ratings) != set(BerAkhlak.values) or any(
        r not in Rating.values for r in ratings.values()
    ):
        raise Refused(_("Beri rating untuk ketujuh nilai BerAKHLAK."))
    invitation.answered = True
    invitation.save(update_fields=["answered"])
    response = Feedback360Response.objects.create(
        request=feedback_request, comment=comment.strip()
    )
    Feedback360Score.objects.bulk_create(
        Feedback360Score(response=response, value=value, rating=ratings[value])
        for value in BerAkhlak.values
    )
    if not feedback_request.invitations.filter(answered=False).exists():
        # Everyone asked has answered: nothing can change the result any more.
        # Closed by no one: the history must not name who answered last.
        _close_feedback360(feedback_request, None)


@transaction.atomic
def close_feedback360(
    *, feedback_request: Feedback360Request, user
) -> Feedback360Request:
    """The asker closes before the deadline: no more answers, and the result (with
    enough answers) shows at once."""
    _require_feedback360_asker(feedback_request.assessment, user)
    feedback_request = _locked_feedback360(feedback_request)
    if not feedback_request.is_open_on(timezone.localdate()):
        raise Refused(_("Permintaan masukan 360 ini sudah ditutup."))
    return _close_feedback360(feedback_request, user)


def _close_feedback360(feedback_request, user):
    feedback_request.closed_at = timezone.now()
    # `user` None records no one, rather than the request's signed-in account.
    _as_history_user(feedback_request, user).save()
    _tell_feedback360_closed(feedback_request)
    return feedback_request


def _tell_feedback360_closed(feedback_request: Feedback360Request) -> int:
    """The supervisor (and whoever acts for them) learns the request is closed,
    and whether the result shows; once per request."""
    employee = feedback_request.assessment.employee
    enough = feedback_request.responses.count() >= rules.MINIMUM_360_ANSWERS
    title = (
        _("Hasil masukan 360 untuk %(name)s dapat dilihat")
        if enough
        else _("Masukan 360 untuk %(name)s: belum cukup jawaban (minimal 3)")
    ) % {"name": employee.name}
    sent = 0
    for decider, delegation in deciders_for(employee):
        if decider.user_id and is_serving(decider.legal_status):
            created = notify(
                recipient=decider.user,
                kind="evaluations.feedback360_closed",
                obj=feedback_request,
                step="closed",
                title=title + asked_as(delegation),
                url=feedback_request.assessment.get_absolute_url(),
            )
            sent += 1 if created else 0
    return sent


def _remind_feedback360(*, today: datetime.date, agency: Agency | None) -> int:
    """Everyone invited to an open request is reminded FIRST_360_REMINDER_DAYS
    after the invitation and on the day before the deadline, once per step.
    Those who answered are reminded too ("abaikan bila sudah mengisi"): a
    reminder only to those who have not would tell anyone who can read the
    notifications who has. After the deadline the supervisor is told once."""
    sent = 0
    invitations = (
        Feedback360Invitation.objects.filter(
            serving_q("respondent__"),
            request__closed_at__isnull=True,
            request__deadline__gte=today,
            respondent__is_active=True,
            respondent__user__isnull=False,
        )
        .select_related("respondent__user", "request__assessment__employee")
        .order_by("pk")
    )
    if agency is not None:
        invitations = invitations.filter(respondent__agency=agency)
    for invitation in invitations.iterator(chunk_size=500):
        feedback_request = invitation.request
        step = rules.reminder_step_360(
            invited_on=invitation.invited_on,
            deadline=feedback_request.deadline,
            today=today,
        )
        if step is None:
            continue
        created = notify(
            recipient=invitation.respondent.user,
            kind="evaluations.feedback360_reminder",
            obj=feedback_request,
            step=step,
            title=_("Pengingat: %(title)s")
            % {"title": _feedback360_title(feedback_request)},
            body=_(
                "Bila Anda sudah mengisi, abaikan pesan ini: jawaban disimpan "
                "tanpa nama, sehingga pengingat dikirim kepada semua yang diminta."
            ),
            url=reverse("evaluations:feedback360_answer", args=[feedback_request.pk]),
        )
        sent += 1 if created else 0
    ended = Feedback360Request.objects.filter(
        closed_at__isnull=True,
        deadline__lt=today,
        deadline__gte=today - datetime.timedelta(days=60),
    ).select_related("assessment__employee__supervisor")
    if agency is not None:
        ended = ended.filter(assessment__employee__agency=agency)
    for feedback_request in ended:
        sent += _tell_feedback360_closed(feedback_request)
    return sent
