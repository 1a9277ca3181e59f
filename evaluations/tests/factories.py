"""Builders for evaluation tests: a period, an agreed plan, an assessment in a
given state, each through the real services so the states are realistic."""

import datetime
from contextlib import contextmanager

from django.utils import timezone

from evaluations import services
from evaluations.models import EvaluationPeriod, PerformancePlan, WorkResult
from evaluations.rules import BerAkhlak, Rating


def make_period(
    agency,
    *,
    year=None,
    kind=EvaluationPeriod.Kind.QUARTERLY,
    number=1,
    opens_on=None,
    closes_on=None,
):
    today = timezone.localdate()
    year = year or today.year
    return EvaluationPeriod.objects.create(
        agency=agency,
        year=year,
        kind=kind,
        number=number,
        name=f"Triwulan {number} {year}",
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        opens_on=opens_on or today - datetime.timedelta(days=10),
        closes_on=closes_on or today + datetime.timedelta(days=5),
    )


def make_agreed_plan(employee, *, year=None, results=2):
    """An SKP agreed by the employee's supervisor, with `results` work results."""
    year = year or timezone.localdate().year
    plan = PerformancePlan.objects.create(
        employee=employee,
        year=year,
        status=PerformancePlan.Status.AGREED,
        appraiser=employee.supervisor,
    )
    for n in range(1, results + 1):
        WorkResult.objects.create(
            plan=plan,
            order=n,
            description=f"Hasil kerja {n} {employee.name}",
            indicator=f"Indikator {n}",
            target="100%",
        )
    return plan


@contextmanager
def while_open(period):
    """Builders reach a state the way people did, while the period was open: a
    period already closed today is opened around today for the duration."""
    today = timezone.localdate()
    dates = period.opens_on, period.closes_on
    if period.is_open_on(today):
        yield
        return
    period.opens_on, period.closes_on = min(dates[0], today), max(dates[1], today)
    period.save(update_fields=["opens_on", "closes_on"])
    try:
        yield
    finally:
        period.opens_on, period.closes_on = dates
        period.save(update_fields=["opens_on", "closes_on"])


def make_submitted(employee, period, **plan_kwargs):
    plan = make_agreed_plan(employee, year=period.year, **plan_kwargs)
    assessment = services.open_assessment(plan=plan, period=period, user=employee.user)
    with while_open(assessment.period):
        services.save_realisation(
            assessment=assessment,
            user=employee.user,
            entries={
                r.pk: {"realisation": f"Realisasi {r.order}"}
                for r in plan.results.all()
            },
        )
        return services.submit_assessment(assessment=assessment, user=employee.user)


def rating_kwargs(assessment, *, hasil=Rating.MEETS, perilaku=Rating.MEETS):
    return {
        "result_ratings": dict.fromkeys(
            assessment.plan.results.values_list("pk", flat=True), hasil
        ),
        "value_ratings": dict.fromkeys(BerAkhlak.values, perilaku),
        "hasil_kerja": hasil,
        "perilaku_kerja": perilaku,
        "feedback": "Kerja yang rapi, tingkatkan ketepatan waktu.",
    }


def make_rated(employee, period, *, hasil=Rating.MEETS, perilaku=Rating.MEETS):
    assessment = make_submitted(employee, period)
    with while_open(assessment.period):
        return services.rate_assessment(
            assessment=assessment,
            user=employee.supervisor.user,
            **rating_kwargs(assessment, hasil=hasil, perilaku=perilaku),
        )


DEVELOPMENT_ACTIONS = {
    "training": "Pelatihan penulisan laporan",
    "mentor": "Didampingi analis senior",
    "coaching": "Konseling bulanan",
}


def make_development_follow_up(employee, period):
    """A final Sangat Kurang assessment and its development plan by the supervisor,
    with a training, a mentor and a coaching action."""
    assessment = make_rated(employee, period, hasil=Rating.BELOW, perilaku=Rating.BELOW)
    services.acknowledge_assessment(assessment=assessment, user=employee.user)
    return services.save_follow_up(
        assessment=assessment,
        user=employee.supervisor.user,
        summary="Pembinaan kinerja",
        review_date=timezone.localdate() + datetime.timedelta(days=90),
        actions=[
            {"kind": kind, "description": description}
            for kind, description in DEVELOPMENT_ACTIONS.items()
        ],
    )


def development_action(org, kind, *, period=None):
    """Agency A's member's development follow-up action of `kind`."""
    period = period or make_period(org["agency"])
    follow_up = make_development_follow_up(org["member"], period)
    return follow_up.actions.get(kind=kind)
