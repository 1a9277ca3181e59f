"""Every write in mentoring, with its rules. Views, admin, demo data and tasks all call
these, so a refusal reads the same wherever it comes from (Indonesian, at the field)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from asn_portal.refusals import Refused
from evaluations.models import ActionProgress, FollowUpAction
from evaluations.services import may_follow_up
from mentoring import matching, rules
from mentoring.models import (
    CompetencyArea,
    Goal,
    MenteeRating,
    MentorAssessment,
    MentorProfile,
    Milestone,
    Pair,
    Phase,
    Program,
    Session,
)
from notifications.services import notify
from people import nip as nip_rules
from people.models import Employee
from training.jp import minutes_to_jp
from training.models import DevelopmentForm
from training.services.ledger import credit_jp

# The SQL pre-filter hands at most this many candidates to the Python scoring.
CANDIDATE_POOL = 200
NUDGE_KIND = "mentoring.idle"


# Mentor profiles and pairing -------------------------------------------------------


def save_mentor_profile(
    *,
    employee: Employee,
    capacity: int,
    competency_areas: list[CompetencyArea],
    is_active: bool = True,
    note: str = "",
) -> MentorProfile:
    """Create or update an ASN's mentor profile (HR)."""
    foreign = [a for a in competency_areas if a.agency_id != employee.agency_id]
    if foreign:
        raise Refused(
            _("Bidang kompetensi harus dari instansi pegawai."),
            field="competency_areas",
        )
    with transaction.atomic():
        profile, _created = MentorProfile.objects.update_or_create(
            employee=employee,
            defaults={"capacity": capacity, "is_active": is_active, "note": note},
        )
        profile.competency_areas.set(competency_areas)
    return profile


def _person(employee: Employee, today: datetime.date) -> matching.Person:
    parsed = nip_rules.parse_nip(employee.nip)
    tmt = datetime.date(parsed.appointment_year, parsed.appointment_month or 1, 1)
    months = (today.year - tmt.year) * 12 + today.month - tmt.month
    return matching.Person(
        pk=employee.pk,
        name=employee.name,
        golongan=employee.golongan if employee.status == Employee.Status.PNS else "",
        service_months=max(months, 0),
        unit_path=employee.unit.path,
        unit_name=employee.unit.name,
    )


@dataclass(frozen=True)
class MentorSuggestion:
    employee: Employee
    score: int
    reasons: tuple[str, ...]
    capacity: int
    active_pairs: int


def suggest_mentors(
    *,
    mentee: Employee,
    competency_area: CompetencyArea | None = None,
    limit: int = 10,
    today: datetime.date | None = None,
) -> list[MentorSuggestion]:
    """Ranked mentor suggestions for a mentee, best first, each with its reasons.

    SQL does what it does well: same agency, active mentor, not the mentee, a free
    place (active pairs counted in the query, no row per pair fetched), and a rough
    order (same competency area, then higher golongan, then most free places), cut to
    CANDIDATE_POOL rows. The scoring itself is Python (`mentoring.matching`): it reads
    years of service out of the NIP and compares unit paths, and as a pure function it
    is what HR's "why this rank?" is tested against. The bound keeps the page's cost
    flat for a large agency; it is exact while an agency has at most CANDIDATE_POOL
    mentors with a free place (HR names mentors by hand: tens per agency), and beyond
    that the SQL order keeps the strongest criterion (the competency area) exact."""
    today = today or timezone.localdate()
    profiles = (
        MentorProfile.objects.with_load()
        .filter(
            is_active=True,
            employee__is_active=True,
            employee__agency_id=mentee.agency_id,
            capacity_left__gt=0,
        )
        .exclude(employee=mentee)
        .select_related("employee__unit")
        .prefetch_related("competency_areas")
    )
    order = ["-capacity_left", "employee__name"]
    if competency_area is not None:
        profiles = profiles.annotate(
            same_area=Exists(
                MentorProfile.competency_areas.through.objects.filter(
                    mentorprofile_id=OuterRef("pk"),
                    competencyarea_id=competency_area.pk,
                )
            )
        )
        order = ["-same_area", "-employee__golongan", *order]
    profiles = list(profiles.order_by(*order)[:CANDIDATE_POOL])
    candidates = [
        matching.Candidate(
            person=_person(profile.employee, today),
            competency_area_ids=frozenset(a.pk for a in profile.competency_areas.all()),
            capacity=profile.capacity,
            active_pairs=profile.active_pairs,
        )
        for profile in profiles
    ]
    ranked = matching.rank_candidates(
        mentee=_person(mentee, today),
        candidates=candidates,
        area_id=competency_area.pk if competency_area else None,
        area_name=competency_area.name if competency_area else "",
        limit=limit,
    )
    employees = {profile.employee.pk: profile.employee for profile in profiles}
    return [
        MentorSuggestion(
            employee=employees[s.candidate.person.pk],
            score=s.score,
            reasons=s.reasons,
            capacity=s.candidate.capacity,
            active_pairs=s.candidate.active_pairs,
        )
        for s in ranked
    ]


def create_pair(
    *,
    program: Program,
    mentor: Employee,
    mentee: Employee,
    start_date: datetime.date,
    end_date: datetime.date,
    competency_area: CompetencyArea | None = None,
    created_by: Employee | None = None,
    match_reasons: str = "",
) -> Pair:
    """Pair a mentor with a mentee (HR), refusing what the rules forbid."""
    if mentor.pk == mentee.pk:
        raise Refused(_("Pegawai tidak dapat membimbing dirinya."), field="mentor")
    if mentor.agency_id != program.agency_id or mentee.agency_id != program.agency_id:
        raise Refused(
            _("Mentor dan mentee harus dari instansi yang sama dengan program."),
            field="mentor",
        )
    if end_date < start_date:
        raise Refused(
            _("Tanggal selesai tidak boleh sebelum tanggal mulai."), field="end_date"
        )
    if start_date < program.start_date or end_date > program.end_date:
        raise Refused(
            _("Periode pasangan harus di dalam periode program (%(start)s – %(end)s).")
            % {
                "start": f"{program.start_date:%d-%m-%Y}",
                "end": f"{program.end_date:%d-%m-%Y}",
            },
            field="end_date",
        )
    if competency_area is not None and competency_area.agency_id != program.agency_id:
        raise Refused(
            _("Bidang kompetensi harus dari instansi program."), field="competency_area"
        )
    with transaction.atomic():
        # Lock the mentor's profile so two HR staff cannot fill the last place twice.
        profile = (
            MentorProfile.objects.select_for_update()
            .filter(employee=mentor, is_active=True)
            .first()
        )
        if profile is None:
            raise Refused(
                _("Pegawai ini belum ditetapkan sebagai mentor aktif oleh SDM."),
                field="mentor",
            )
        active = Pair.objects.active().filter(mentor=mentor).count()
        if active >= profile.capacity:
            raise Refused(
                _(
                    "Kapasitas mentor sudah penuh (%(active)d dari %(capacity)d "
                    "mentee aktif)."
                )
                % {"active": active, "capacity": profile.capacity},
                field="mentor",
            )
        if Pair.objects.active().filter(program=program, mentee=mentee).exists():
            raise Refused(
                _("Mentee ini sudah memiliki mentor aktif di program ini."),
                field="mentee",
            )
        return Pair.objects.create(
            program=program,
            mentor=mentor,
            mentee=mentee,
            competency_area=competency_area,
            start_date=start_date,
            end_date=end_date,
            created_by=created_by,
            match_reasons=match_reasons,
        )


def mentor_actions_waiting(employee: Employee):
    """The mentor actions of development follow-ups of `employee`'s agency that no
    pair answers yet: HR's to pair (`pair_for_follow_up`), the HR staff member's own
    assessment left out (nobody follows up their own)."""
    return (
        FollowUpAction.objects.filter(
            kind=FollowUpAction.Kind.MENTOR,
            mentoring_pair__isnull=True,
            done_on__isnull=True,
            follow_up__assessment__employee__agency_id=employee.agency_id,
        )
        .exclude(follow_up__assessment__employee=employee)
        .order_by("due_date", "pk")
    )


@transaction.atomic
def pair_for_follow_up(
    *,
    action: FollowUpAction,
    program: Program,
    mentor: Employee,
    start_date: datetime.date,
    end_date: datetime.date,
    competency_area: CompetencyArea | None = None,
    created_by: Employee,
) -> Pair:
    """HR answers a development follow-up's mentor action: the assessed ASN becomes
    the mentee of a pair made with `create_pair`'s rules, linked to the action. One
    live pair per action: a cancelled one may be replaced."""
    assessment = action.follow_up.assessment
    if action.kind != FollowUpAction.Kind.MENTOR:
        raise Refused(_("Tindakan ini bukan usulan pendampingan mentor."))
    if not may_follow_up(assessment, created_by.user):
        raise Refused(_("Tindak lanjut dibuat oleh atasan langsung atau staf BKPSDM."))
    current = Pair.objects.filter(follow_up_action=action).first()
    if current is not None:
        if current.follow_up_progress() != ActionProgress.STOPPED:
            raise Refused(
                _("Tindakan ini sudah dipasangkan dengan mentor %(mentor)s.")
                % {"mentor": current.mentor.name},
                field="mentor",
            )
        Pair.objects.filter(pk=current.pk).update(follow_up_action=None)
    pair = create_pair(
        program=program,
        mentor=mentor,
        mentee=assessment.employee,
        start_date=start_date,
        end_date=end_date,
        competency_area=competency_area,
        created_by=created_by,
        match_reasons=action.description,
    )
    pair.follow_up_action = action
    pair.save(update_fields=["follow_up_action", "updated_at"])
    return pair


def end_pair(*, pair: Pair, status: str = Pair.Status.COMPLETED) -> Pair:
    """Close a pair (HR); it frees a place in the mentor's capacity."""
    if pair.status != Pair.Status.ACTIVE:
        raise Refused(_("Pasangan ini sudah tidak aktif."))
    Pair.objects.filter(pk=pair.pk).update(status=status, updated_at=timezone.now())
    pair.refresh_from_db()
    return pair


# Goals -------------------------------------------------------------------------------


def add_goal(
    *,
    pair: Pair,
    title: str,
    description: str = "",
    target_date: datetime.date | None = None,
    milestones: list[str] = (),
) -> Goal:
    with transaction.atomic():
        goal = Goal.objects.create(
            pair=pair, title=title, description=description, target_date=target_date
        )
        Milestone.objects.bulk_create(
            Milestone(goal=goal, title=line.strip()[:200])
            for line in milestones
            if line.strip()
        )
    return goal


def set_goal_status(*, goal: Goal, status: str) -> Goal:
    if status not in Goal.Status.values:
        raise Refused(_("Status tujuan tidak dikenal."), field="status")
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    return goal


def toggle_milestone(*, milestone: Milestone, today: datetime.date | None = None):
    milestone.done_on = None if milestone.done_on else (today or timezone.localdate())
    milestone.save(update_fields=["done_on", "updated_at"])
    return milestone


# Sessions and JP -------------------------------------------------------------------


def log_session(
    *,
    pair: Pair,
    by: Employee,
    date: datetime.date,
    duration_minutes: int,
    topic: str,
    starts_at: datetime.time | None = None,
    notes: str = "",
    agreed_actions: str = "",
    today: datetime.date | None = None,
) -> Session:
    """Either side logs a session; the other side is asked to confirm it."""
    today = today or timezone.localdate()
    side = pair.side_of(by)
    if side is None:
        raise Refused(
            _("Hanya mentor atau mentee pasangan ini yang dapat mencatat sesi.")
        )
    if pair.status != Pair.Status.ACTIVE:
        raise Refused(_("Pasangan ini sudah tidak aktif."))
    if date > today:
        raise Refused(_("Tanggal sesi tidak boleh di masa depan."), field="date")
    if not pair.start_date <= date <= pair.end_date:
        raise Refused(
            _("Tanggal sesi harus di dalam periode pasangan (%(start)s – %(end)s).")
            % {
                "start": f"{pair.start_date:%d-%m-%Y}",
                "end": f"{pair.end_date:%d-%m-%Y}",
            },
            field="date",
        )
    if not 1 <= duration_minutes <= 480:
        raise Refused(
            _("Durasi sesi antara 1 dan 480 menit."), field="duration_minutes"
        )
    with transaction.atomic():
        session = Session.objects.create(
            pair=pair,
            date=date,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            topic=topic,
            notes=notes,
            agreed_actions=agreed_actions,
            logged_by=by,
        )
        other = pair.other_side(by)
        if other.user_id:
            notify(
                recipient=other.user,
                kind="mentoring.session_logged",
                obj=session,
                title=_("Sesi mentoring menunggu konfirmasi Anda"),
                body=_('%(name)s mencatat sesi "%(topic)s" pada %(date)s.')
                % {"name": by.name, "topic": topic, "date": f"{date:%d-%m-%Y}"},
                url=pair.get_absolute_url(),
            )
    return session


def session_jp(session: Session) -> Decimal:
    """JP for one confirmed session: the program's fixed value, else by duration."""
    program = session.pair.program
    if program.fixed_jp_per_session:
        return program.fixed_jp_per_session
    return minutes_to_jp(
        session.duration_minutes, minutes_per_jp=program.agency.minutes_per_jp
    )


def _session_credit(session: Session, jp) -> dict:
    """A fixed JP per session is counted in JP; otherwise the session's minutes,
    converted once per year total with the rest of the ASN's minutes."""
    if session.pair.program.fixed_jp_per_session:
        return {"jp": jp}
    return {"minutes": session.duration_minutes}


def confirm_session(*, session: Session, by: Employee) -> Session:
    """The other side confirms; both mentor and mentee are credited JP once each."""
    pair = session.pair
    if pair.side_of(by) is None:
        raise Refused(
            _("Hanya mentor atau mentee pasangan ini yang dapat mengonfirmasi sesi.")
        )
    if by.pk == session.logged_by_id:
        raise Refused(
            _("Sesi harus dikonfirmasi oleh pihak lain, bukan yang mencatatnya.")
        )
    jp = session_jp(session)
    with transaction.atomic():
        claimed = Session.objects.filter(
            pk=session.pk, status=Session.Status.PENDING
        ).update(
            status=Session.Status.CONFIRMED,
            confirmed_by=by,
            confirmed_at=timezone.now(),
            jp=jp,
            updated_at=timezone.now(),
        )
        if not claimed:
            raise Refused(_("Sesi ini sudah dikonfirmasi."))
        session.refresh_from_db()
        for role, employee in (("mentor", pair.mentor), ("mentee", pair.mentee)):
            credit_jp(
                employee=employee,
                **_session_credit(session, jp),
                form=DevelopmentForm.MENTORING,
                source_key=f"mentoring.session:{session.pk}:{role}",
                on_date=session.date,
                description=_("Mentoring (%(role)s): %(topic)s — %(program)s")
                % {
                    "role": _("mentor") if role == "mentor" else _("mentee"),
                    "topic": session.topic,
                    "program": pair.program.name,
                },
            )
    return session


# Reviews ---------------------------------------------------------------------------


def _require_confirmed_session(pair: Pair) -> None:
    if not pair.sessions.confirmed().exists():
        raise Refused(
            _("Penilaian baru dapat diisi setelah ada sesi yang dikonfirmasi.")
        )


def rate_pair(
    *, pair: Pair, by: Employee, phase: str, score: int, comment: str = ""
) -> MenteeRating:
    """The mentee rates the mentoring, once midway and once at the end."""
    if pair.side_of(by) != "mentee":
        raise Refused(_("Hanya mentee yang dapat menilai mentoring ini."))
    if phase not in Phase.values:
        raise Refused(_("Tahap penilaian tidak dikenal."), field="phase")
    if not 1 <= score <= 5:
        raise Refused(_("Nilai antara 1 dan 5."), field="score")
    _require_confirmed_session(pair)
    if MenteeRating.objects.filter(pair=pair, phase=phase).exists():
        raise Refused(_("Penilaian untuk tahap ini sudah diisi."), field="phase")
    return MenteeRating.objects.create(
        pair=pair, phase=phase, score=score, comment=comment
    )


def write_mentor_assessment(
    *, pair: Pair, by: Employee, phase: str, text: str
) -> MentorAssessment:
    """The mentor writes a short assessment of the mentee, midway and at the end."""
    if pair.side_of(by) != "mentor":
        raise Refused(_("Hanya mentor yang dapat menulis asesmen ini."))
    if phase not in Phase.values:
        raise Refused(_("Tahap asesmen tidak dikenal."), field="phase")
    if not text.strip():
        raise Refused(_("Asesmen tidak boleh kosong."), field="text")
    _require_confirmed_session(pair)
    if MentorAssessment.objects.filter(pair=pair, phase=phase).exists():
        raise Refused(_("Asesmen untuk tahap ini sudah diisi."), field="phase")
    return MentorAssessment.objects.create(pair=pair, phase=phase, text=text)


# Nudges ----------------------------------------------------------------------------


def idle_pairs(*, today: datetime.date):
    """Active pairs in their period with `idle_since` (last confirmed session, or the
    start) annotated; whether the spell is long enough depends on the program."""
    return (
        Pair.objects.active()
        .filter(start_date__lte=today, end_date__gte=today)
        .annotate(
            idle_since=Coalesce(
                Max("sessions__date", filter=Q(sessions__status="confirmed")),
                "start_date",
            )
        )
        .select_related("program", "mentor__user", "mentee__user")
        .order_by("pk")
    )


def nudge_idle_pairs(*, today: datetime.date | None = None) -> int:
    """Remind both sides of every pair with no confirmed session for the program's
    number of weeks. The notification key's step is the idle-since date, so one idle
    spell is nudged once however often (or by however many beats) this runs, and a new
    spell after the next confirmed session is nudged again. Returns how many sent."""
    today = today or timezone.localdate()
    sent = 0
    for pair in idle_pairs(today=today).iterator(chunk_size=500):
        weeks = pair.program.idle_weeks_before_nudge
        if today - pair.idle_since < datetime.timedelta(weeks=weeks):
            continue
        for person in (pair.mentor, pair.mentee):
            if person.user_id is None:
                continue
            created = notify(
                recipient=person.user,
                kind=NUDGE_KIND,
                obj=pair,
                step=pair.idle_since.isoformat(),
                title=_("Belum ada sesi mentoring yang dikonfirmasi"),
                body=_(
                    "Sejak %(since)s belum ada sesi mentoring terkonfirmasi antara "
                    "%(mentor)s dan %(mentee)s. Jadwalkan dan catat sesi berikutnya."
                )
                % {
                    "since": f"{pair.idle_since:%d-%m-%Y}",
                    "mentor": pair.mentor.name,
                    "mentee": pair.mentee.name,
                },
                url=reverse("mentoring:pair_detail", args=[pair.pk]),
            )
            sent += created is not None
    return sent


# Reminders (daily) ------------------------------------------------------------------

CONFIRM_KIND = "mentoring_confirm_reminder"
REVIEW_KIND = "mentoring_review_reminder"


def remind_unconfirmed_sessions(*, now: datetime.datetime | None = None) -> int:
    """Remind the other side of every session of an active pair that one side logged
    and the other has not confirmed within `rules.CONFIRM_WITHIN`: once per session
    (the notification key), however often this runs. Returns how many sent."""
    now = now or timezone.now()
    waiting = (
        Session.objects.filter(
            status=Session.Status.PENDING,
            pair__status=Pair.Status.ACTIVE,
            created_at__lte=now - rules.CONFIRM_WITHIN,
        )
        .select_related("pair__mentor__user", "pair__mentee__user", "logged_by")
        .order_by("pk")
    )
    sent = 0
    for session in waiting.iterator(chunk_size=500):
        pair = session.pair
        other = pair.mentee if session.logged_by_id == pair.mentor_id else pair.mentor
        if other.user_id is None:
            continue
        created = notify(
            recipient=other.user,
            kind=CONFIRM_KIND,
            obj=session,
            step="confirm",
            title=_("Sesi mentoring menunggu konfirmasi Anda"),
            body=_(
                "%(logger)s mencatat sesi mentoring tanggal %(date)s (%(topic)s). "
                "Konfirmasi bila sesi itu memang berlangsung, agar JP tercatat "
                "untuk Anda berdua."
            )
            % {
                "logger": session.logged_by.name,
                "date": f"{session.date:%d-%m-%Y}",
                "topic": session.topic,
            },
            url=pair.get_absolute_url(),
        )
        sent += created is not None
    return sent


def remind_due_reviews(*, today: datetime.date | None = None) -> int:
    """Ask for the midway and final reviews from a week before they are due
    (`rules.reviews_asked`) until written: the mentee's rating and the mentor's
    assessment, once per pair, phase and person. Pairs without a confirmed session
    are left to the idle nudges (a review needs one). Returns how many sent."""
    today = today or timezone.localdate()
    pairs = (
        Pair.objects.active()
        .filter(start_date__lte=today)
        .filter(Exists(Session.objects.filter(pair=OuterRef("pk"), status="confirmed")))
        .select_related("program", "mentor__user", "mentee__user")
        .prefetch_related("ratings", "assessments")
        .order_by("pk")
    )
    sent = 0
    for pair in pairs.iterator(chunk_size=500):
        rated = {rating.phase for rating in pair.ratings.all()}
        assessed = {assessment.phase for assessment in pair.assessments.all()}
        for phase in rules.reviews_asked(pair.start_date, pair.end_date, today):
            due = rules.review_due_dates(pair.start_date, pair.end_date)[phase]
            asked = [
                (pair.mentee, phase not in rated, "mentoring:rating_create"),
                (pair.mentor, phase not in assessed, "mentoring:assessment_create"),
            ]
            for person, missing, url_name in asked:
                if not missing or person.user_id is None:
                    continue
                created = notify(
                    recipient=person.user,
                    kind=REVIEW_KIND,
                    obj=pair,
                    step=phase,
                    title=_("%(phase)s mentoring: isi tinjauan Anda")
                    % {"phase": Phase(phase).label},
                    body=_(
                        "Tinjauan %(phase)s untuk pasangan %(mentor)s – %(mentee)s "
                        "jatuh tempo %(due)s."
                    )
                    % {
                        "phase": Phase(phase).label.lower(),
                        "mentor": pair.mentor.name,
                        "mentee": pair.mentee.name,
                        "due": f"{due:%d-%m-%Y}",
                    },
                    url=reverse(url_name, args=[pair.pk]),
                )
                sent += created is not None
    return sent
