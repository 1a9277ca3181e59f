"""What mentoring asks of the user now (see people/todo.py): sessions the other side
logged and waits for them to confirm, for a mentor the pairs due a session
(none logged for the programme's number of weeks, the spell the weekly nudge
uses), and the midway and final reviews the daily reminder asks for. One query
over the user's own active pairs (a mentor's are bounded by their capacity); for HR
one more, the development follow-ups' mentor actions waiting for a pair."""

import datetime

from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring import rules, services
from mentoring.models import MenteeRating, MentorAssessment, Pair, Phase, Session
from people.roles import Role
from people.todo import OpenTask


def open_tasks(user, employee, roles) -> list[OpenTask]:
    tasks = _pair_tasks(employee)
    if Role.HR in roles and user.has_perm("mentoring.add_pair"):
        tasks += _follow_up_tasks(employee)
    return tasks


def _follow_up_tasks(employee) -> list[OpenTask]:
    """For HR: the development follow-ups' mentor actions waiting for a pair, one
    query; the action's own pairing page when only one waits."""
    waiting = services.mentor_actions_waiting(employee).aggregate(
        n=Count("pk"), first=Min("pk")
    )
    if not waiting["n"]:
        return []
    return [
        OpenTask(
            key="mentor_actions_to_pair",
            # The page shows the count before it: "3 · Usulan mentor menunggu ...".
            label=_("Usulan mentor menunggu dipasangkan"),
            count=waiting["n"],
            url=reverse("mentoring:follow_up_pair", args=[waiting["first"]])
            if waiting["n"] == 1
            else reverse("mentoring:follow_up_waiting"),
            detail=_("Dari tindak lanjut penilaian kinerja: pasangkan dengan mentor."),
        )
    ]


def _pair_tasks(employee) -> list[OpenTask]:
    today = timezone.localdate()
    pairs = list(
        Pair.objects.active()
        .involving(employee)
        .filter(start_date__lte=today)
        .annotate(
            last_session=Coalesce(Max("sessions__date"), "start_date"),
            to_confirm=Count(
                "sessions",
                filter=Q(sessions__status=Session.Status.PENDING)
                & ~Q(sessions__logged_by=employee),
            ),
            **_review_flags(),
        )
        .values(
            "pk",
            "mentor_id",
            "start_date",
            "end_date",
            "confirmed",
            *(f"{kind}_{phase}" for kind in ("rated", "assessed") for phase in Phase),
            "last_session",
            "to_confirm",
            "program__idle_weeks_before_nudge",
        )
        .order_by("pk")
    )
    confirm = [p for p in pairs if p["to_confirm"]]
    due = [
        p
        for p in pairs
        if p["mentor_id"] == employee.pk
        and p["end_date"] >= today
        and today - p["last_session"]
        >= datetime.timedelta(weeks=p["program__idle_weeks_before_nudge"])
    ]
    reviews = [p for p in pairs if _reviews_missing(p, employee, today)]
    my_pairs = reverse("mentoring:my_pairs")
    tasks = []
    if confirm:
        tasks.append(
            OpenTask(
                key="mentoring_to_confirm",
                label=_("Sesi mentoring menunggu konfirmasi Anda"),
                count=sum(p["to_confirm"] for p in confirm),
                url=_pair_url(confirm) or my_pairs,
                detail=_(
                    "Dicatat oleh pasangan Anda; JP dihitung setelah dikonfirmasi."
                ),
            )
        )
    if reviews:
        tasks.append(
            OpenTask(
                key="mentoring_review",
                label=_("Tinjauan mentoring menunggu Anda"),
                count=sum(len(_reviews_missing(p, employee, today)) for p in reviews),
                url=_review_url(reviews, employee) or my_pairs,
                detail=_("Tinjauan tengah dan akhir periode, sebelum jatuh tempo."),
            )
        )
    if due:
        tasks.append(
            OpenTask(
                key="mentoring_to_log",
                label=_("Pasangan mentoring perlu sesi baru"),
                count=len(due),
                url=_pair_url(due) or my_pairs,
                detail=_("Belum ada sesi tercatat selama beberapa minggu: catat sesi."),
            )
        )
    return tasks


def _pair_url(pairs) -> str | None:
    if len(pairs) != 1:
        return None
    return reverse("mentoring:pair_detail", args=[pairs[0]["pk"]])


def _review_url(pairs, employee) -> str | None:
    if len(pairs) != 1:
        return None
    side = "assessment" if pairs[0]["mentor_id"] == employee.pk else "rating"
    return reverse(f"mentoring:{side}_create", args=[pairs[0]["pk"]])


def _review_flags() -> dict:
    """Whether each pair has a confirmed session and which reviews each side wrote."""
    flags = {
        "confirmed": Exists(
            Session.objects.filter(pair=OuterRef("pk"), status=Session.Status.CONFIRMED)
        )
    }
    for phase in Phase:
        flags[f"rated_{phase}"] = Exists(
            MenteeRating.objects.filter(pair=OuterRef("pk"), phase=phase)
        )
        flags[f"assessed_{phase}"] = Exists(
            MentorAssessment.objects.filter(pair=OuterRef("pk"), phase=phase)
        )
    return flags


def _reviews_missing(pair: dict, employee, today) -> list[str]:
    """The asked-for phases this person's side (mentee: rating, mentor: assessment)
    has not written; none before the pair's first confirmed session."""
    if not pair["confirmed"]:
        return []
    kind = "assessed" if pair["mentor_id"] == employee.pk else "rated"
    asked = rules.reviews_asked(pair["start_date"], pair["end_date"], today)
    return [phase for phase in asked if not pair[f"{kind}_{phase}"]]
