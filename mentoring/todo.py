"""What mentoring asks of the user now (see people/todo.py): sessions the other side
logged and waits for them to confirm, and, for a mentor, the pairs due a session
(none logged for the programme's number of weeks, the spell the weekly nudge
uses). One query over the user's own active pairs (a mentor's are bounded by
their capacity)."""

import datetime

from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.models import Pair, Session
from people.todo import OpenTask


def open_tasks(user, employee, roles) -> list[OpenTask]:
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
        )
        .values(
            "pk",
            "mentor_id",
            "end_date",
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
