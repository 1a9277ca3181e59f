"""What performance evaluation asks of the user now (see people/todo.py).

An ASN: for each window open today, the step that is theirs (make or submit the
SKP in the planning window, fill in and submit the realisation in an assessment
window), and every rating waiting for their response. A supervisor: the team's
SKP waiting for agreement, realisations waiting for a rating (a Plt/Plh also those
of the team they act for), and objections waiting for their decision as the next
level up (a Plt/Plh also those of whom they act for). Anyone: 360 input asked of
them and not yet given. Five queries at most, whatever the number of periods,
plans and team members."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from evaluations.models import (
    Assessment,
    EvaluationPeriod,
    Feedback360Invitation,
    PerformancePlan,
    objections_decided_by,
)
from people.delegation import supervised_by
from people.roles import Role
from people.todo import OpenTask

Plan = PerformancePlan.Status
Step = Assessment.Status


def open_tasks(user, employee, roles) -> list[OpenTask]:
    tasks = _own_tasks(employee)
    if Role.SUPERVISOR in roles:
        tasks += _supervisor_tasks(employee)
    return tasks


def _own_tasks(employee) -> list[OpenTask]:
    today = timezone.localdate()
    periods = list(
        EvaluationPeriod.objects.filter(agency_id=employee.agency_id)
        .open_on(today)
        .order_by("closes_on", "pk")
    )
    plans = {
        year: (pk, status)
        for pk, year, status in PerformancePlan.objects.filter(
            employee=employee, year__in={p.year for p in periods}
        ).values_list("pk", "year", "status")
    }
    assessments = list(
        Assessment.objects.filter(employee=employee)
        .filter(Q(period__in=periods) | Q(status=Step.RATED))
        .values_list("pk", "period_id", "status")
    )
    by_period = {period_id: (pk, status) for pk, period_id, status in assessments}
    tasks = [
        task
        for period in periods
        if (task := _window_task(period, plans.get(period.year), by_period))
    ]
    tasks += _feedback360_tasks(employee, today)
    rated = [pk for pk, _period, status in assessments if status == Step.RATED]
    if rated:
        tasks.append(
            OpenTask(
                key="ratings_to_answer",
                label=_("Penilaian atasan menunggu tanggapan Anda"),
                count=len(rated),
                url=reverse("evaluations:assessment_detail", args=[rated[0]])
                if len(rated) == 1
                else reverse("evaluations:my"),
                detail=_("Terima penilaian, atau ajukan keberatan."),
            )
        )
    return tasks


def _feedback360_tasks(employee, today) -> list[OpenTask]:
    """360 input the employee was asked for and has not given, while open."""
    waiting = Feedback360Invitation.objects.filter(
        respondent=employee,
        answered=False,
        request__closed_at__isnull=True,
        request__deadline__gte=today,
    ).aggregate(n=Count("pk"), first=Min("request_id"))
    if not waiting["n"]:
        return []
    return [
        OpenTask(
            key="feedback360_to_give",
            label=_("Masukan 360 diminta dari Anda"),
            count=waiting["n"],
            url=reverse("evaluations:feedback360_answer", args=[waiting["first"]])
            if waiting["n"] == 1
            else reverse("evaluations:feedback360_inbox"),
            detail=_("Nilai tujuh nilai BerAKHLAK rekan Anda, tanpa nama."),
        )
    ]


def _window_task(period, plan, assessments) -> OpenTask | None:
    """What `period`'s open window asks of the ASN, given their plan of its year
    ((pk, status) or None) and their assessments by period; None when nothing."""
    closes = _("ditutup %(date)s") % {"date": date_format(period.closes_on, "j F Y")}
    my_skp = reverse("evaluations:my")
    plan_url = reverse("evaluations:plan_detail", args=[plan[0]]) if plan else my_skp
    if plan is None:
        action = _("buat SKP %(year)s") % {"year": period.year}
    elif plan[1] == Plan.RETURNED:
        action = _("perbaiki SKP yang dikembalikan atasan, lalu ajukan lagi")
    elif plan[1] == Plan.DRAFT:
        action = _("lengkapi rencana hasil kerja dan ajukan SKP ke atasan")
    elif period.kind == EvaluationPeriod.Kind.PLAN or plan[1] != Plan.AGREED:
        return None  # the plan is with the supervisor, or agreed in its window
    else:
        found = assessments.get(period.pk)
        if found is not None and found[1] != Step.DRAFT:
            return None  # submitted: the supervisor's turn, or already answered
        action = _("isi realisasi SKP dan ajukan ke atasan")
        if found is not None:
            plan_url = reverse("evaluations:assessment_detail", args=[found[0]])
    return OpenTask(
        key=f"skp_window_{period.pk}",
        label=f"{period.name}: {action}",
        count=1,
        url=plan_url,
        detail=_("Periode pengisian %(closes)s.") % {"closes": closes},
    )


def _supervisor_tasks(employee) -> list[OpenTask]:
    plans = PerformancePlan.objects.filter(
        supervised_by(employee), status=Plan.SUBMITTED
    ).aggregate(n=Count("pk"), first=Min("pk"))
    waiting = Assessment.objects.filter(
        supervised_by(employee) & Q(status=Step.SUBMITTED)
        | objections_decided_by(employee) & Q(status=Step.OBJECTED)
    ).aggregate(
        to_rate=Count("pk", filter=Q(status=Step.SUBMITTED)),
        first_to_rate=Min("pk", filter=Q(status=Step.SUBMITTED)),
        objections=Count("pk", filter=Q(status=Step.OBJECTED)),
        first_objection=Min("pk", filter=Q(status=Step.OBJECTED)),
    )
    team = reverse("evaluations:team")
    tasks = []
    if plans["n"]:
        tasks.append(
            OpenTask(
                key="plans_to_agree",
                label=_("SKP tim menunggu persetujuan Anda"),
                count=plans["n"],
                url=reverse("evaluations:plan_detail", args=[plans["first"]])
                if plans["n"] == 1
                else team,
            )
        )
    if waiting["to_rate"]:
        tasks.append(
            OpenTask(
                key="realisations_to_rate",
                label=_("Realisasi SKP tim menunggu penilaian Anda"),
                count=waiting["to_rate"],
                url=reverse(
                    "evaluations:assessment_detail", args=[waiting["first_to_rate"]]
                )
                if waiting["to_rate"] == 1
                else team,
                detail=_("Nilai hasil kerja dan perilaku kerja."),
            )
        )
    if waiting["objections"]:
        tasks.append(
            OpenTask(
                key="objections_to_decide",
                label=_("Keberatan atas penilaian menunggu keputusan Anda"),
                count=waiting["objections"],
                url=reverse(
                    "evaluations:assessment_detail", args=[waiting["first_objection"]]
                )
                if waiting["objections"] == 1
                else team,
            )
        )
    return tasks
