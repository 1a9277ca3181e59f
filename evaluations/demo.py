"""Demo data for performance evaluation, called by `seed_demo` as
`seed(agencies=..., size=..., rng=...)` after the people app created the ASN.

Last year is complete (four quarters and the annual assessment, with a realistic
spread of ratings); this year's past quarters are final and the current one is in
progress. Everything is written with bulk_create, so the large size (20,000 ASN)
takes seconds. Per-result and per-value rating rows are written for the small
size only; the large size holds the assessment rows the overview, team page and
9-box aggregate."""

import datetime
import random

from django.utils import timezone

from asn_portal.bulk import insert_in_bulk
from asn_portal.refusals import Refused
from evaluations import rules, services
from evaluations.models import (
    Assessment,
    AssessmentResult,
    BehaviourRating,
    EvaluationPeriod,
    EvaluationSettings,
    Feedback360Invitation,
    FeedbackNote,
    PerformancePlan,
    PotentialAssessment,
    WorkResult,
)
from evaluations.rules import BerAkhlak, Rating
from people.models import Employee

BATCH = 2000

# (hasil kerja, perilaku kerja) weights: most meet expectations. Through the matrix
# they give about 10.5% Sangat Baik, 75% Baik, 9.5% Butuh Perbaikan, 4.5% Kurang
# and 0.5% Sangat Kurang, close to the default expected distribution.
HASIL_WEIGHTS = [(Rating.ABOVE, 30), (Rating.MEETS, 60), (Rating.BELOW, 10)]
PERILAKU_WEIGHTS = [(Rating.ABOVE, 35), (Rating.MEETS, 60), (Rating.BELOW, 5)]

RESULT_TEMPLATES = [
    (
        "Tersusunnya laporan kinerja {unit}",
        "Laporan disampaikan tepat waktu",
        "4 laporan",
    ),
    (
        "Terlaksananya layanan administrasi {unit}",
        "Persentase layanan selesai sesuai SOP",
        "95%",
    ),
    (
        "Tersedianya data pegawai {unit} yang mutakhir",
        "Data dimutakhirkan setiap bulan",
        "12 kali",
    ),
    ("Meningkatnya kepuasan pengguna layanan {unit}", "Nilai IKM unit", "≥ 82"),
    (
        "Terselesaikannya tindak lanjut temuan audit {unit}",
        "Persentase temuan ditindaklanjuti",
        "100%",
    ),
]


def _pick(rng, weights):
    values, w = zip(*weights, strict=True)
    return rng.choices(values, weights=w)[0]


def seed(*, agencies, size: str = "small", rng: random.Random | None = None):
    rng = rng or random.Random(2026)  # nosec B311 - demo data, not security
    today = timezone.localdate()
    for agency in agencies:
        EvaluationSettings.objects.get_or_create(agency=agency)
        for year in (today.year - 1, today.year):
            services.generate_periods(agency=agency, year=year)
        _seed_agency(agency, today=today, size=size, rng=rng)


def _seed_agency(agency, *, today, size, rng):
    employees = list(
        Employee.objects.filter(agency=agency, is_active=True)
        .exclude(supervisor=None)
        .select_related("unit")
        .only("pk", "supervisor_id", "unit__name", "user_id")
    )
    periods = list(
        EvaluationPeriod.objects.filter(agency=agency)
        .assessable()
        .order_by("starts_on", "kind")
    )
    for year in (today.year - 1, today.year):
        plans = _plans(employees, year, today, rng)
        # Periods under way have assessments in progress; the annual one only once
        # its window has opened.
        year_periods = [
            p
            for p in periods
            if p.year == year
            and p.starts_on <= today
            and (p.kind != EvaluationPeriod.Kind.ANNUAL or p.opens_on <= today)
        ]
        _assessments(plans, year_periods, today, size, rng)
    _potentials(employees, today.year, agency, rng)
    if size == "small":
        _feedback360(agency, today, rng)


def _plans(employees, year, today, rng):
    plans = []
    for employee in employees:
        status = PerformancePlan.Status.AGREED
        if year == today.year and rng.random() < 0.04:
            status = rng.choice(
                [PerformancePlan.Status.DRAFT, PerformancePlan.Status.SUBMITTED]
            )
        plans.append(
            PerformancePlan(
                employee=employee,
                year=year,
                status=status,
                appraiser_id=employee.supervisor_id,
            )
        )
    insert_in_bulk(PerformancePlan, plans)
    results = []
    for plan in plans:
        unit = plan.employee.unit.name
        for order, (description, indicator, target) in enumerate(
            rng.sample(RESULT_TEMPLATES, 3), start=1
        ):
            results.append(
                WorkResult(
                    plan=plan,
                    order=order,
                    description=description.format(unit=unit),
                    indicator=indicator,
                    target=target,
                )
            )
    insert_in_bulk(WorkResult, results)
    by_plan: dict[int, list] = {}
    for result in results:
        by_plan.setdefault(result.plan_id, []).append(result)
    for plan in plans:
        plan.demo_results = by_plan.get(plan.pk, [])
    return [p for p in plans if p.status == PerformancePlan.Status.AGREED]


def _assessments(plans, periods, today, size, rng):
    now = timezone.now()
    for period in periods:
        closed = period.closes_on < today
        rows = []
        for plan in plans:
            if closed:
                status = (
                    Assessment.Status.ACKNOWLEDGED
                    if rng.random() < 0.97
                    else Assessment.Status.RATED
                )
            else:
                status = rng.choices(
                    [
                        Assessment.Status.DRAFT,
                        Assessment.Status.SUBMITTED,
                        Assessment.Status.RATED,
                        Assessment.Status.ACKNOWLEDGED,
                    ],
                    weights=[35, 25, 15, 25],
                )[0]
            row = Assessment(
                plan=plan, employee_id=plan.employee_id, period=period, status=status
            )
            if status not in (Assessment.Status.DRAFT, Assessment.Status.SUBMITTED):
                row.hasil_kerja = _pick(rng, HASIL_WEIGHTS)
                row.perilaku_kerja = _pick(rng, PERILAKU_WEIGHTS)
                row.predikat = rules.predikat(row.hasil_kerja, row.perilaku_kerja)
                row.rated_by_id = plan.employee.supervisor_id
                row.rated_at = now
                row.supervisor_feedback = (
                    "Pertahankan kinerja dan dokumentasikan bukti."
                )
            if status != Assessment.Status.DRAFT:
                row.submitted_at = now
            rows.append(row)
        insert_in_bulk(Assessment, rows)
        if size == "small":
            _details(rows, plans, rng)


def _details(assessments, plans, rng):
    results_of = {plan.pk: plan.demo_results for plan in plans}
    result_rows, value_rows, notes = [], [], []
    for assessment in assessments:
        rated = bool(assessment.predikat)
        for result in results_of[assessment.plan_id]:
            result_rows.append(
                AssessmentResult(
                    assessment=assessment,
                    work_result=result,
                    realisation=f"Tercapai: {result.target}",
                    evidence_text="Laporan dan daftar hadir terlampir.",
                    rating=assessment.hasil_kerja if rated else "",
                )
            )
        if rated:
            for value in BerAkhlak.values:
                rating = assessment.perilaku_kerja
                if rng.random() < 0.2:
                    rating = rng.choice(Rating.values)
                value_rows.append(
                    BehaviourRating(assessment=assessment, value=value, rating=rating)
                )
    AssessmentResult.objects.bulk_create(result_rows, batch_size=BATCH)
    BehaviourRating.objects.bulk_create(value_rows, batch_size=BATCH)
    for plan in plans[: len(plans) // 2]:
        if plan.demo_results:
            notes.append(
                FeedbackNote(
                    plan=plan,
                    author_id=plan.employee.supervisor_id,
                    date=datetime.date(plan.year, 2, 15),
                    work_result=plan.demo_results[0],
                    note="Progres baik; lengkapi bukti dukung setiap bulan.",
                    evidence="Rapat evaluasi bulanan",
                )
            )
            notes.append(
                FeedbackNote(
                    plan=plan,
                    author_id=plan.employee.supervisor_id,
                    date=datetime.date(plan.year, 3, 10),
                    value=rng.choice(BerAkhlak.values),
                    note="Sigap membantu rekan satu tim.",
                )
            )
    FeedbackNote.objects.bulk_create(notes, batch_size=BATCH)


def _potentials(employees, year, agency, rng):
    cutoffs = EvaluationSettings.for_agency(agency.pk).cutoffs
    rows = []
    for employee in employees:
        if rng.random() < 0.15:
            continue  # not yet assessed by HR
        score = max(0, min(100, round(rng.gauss(74, 9))))
        rows.append(
            PotentialAssessment(
                employee=employee,
                year=year,
                score=score,
                level=cutoffs.level(score),
            )
        )
    insert_in_bulk(PotentialAssessment, rows)


def _feedback360(agency, today, rng):
    """360 input as the demo logins meet it: the demo supervisor has one request
    closed with three answers (the averages show on that assessment) and one still
    open on which the demo ASN is asked (a to-do on their home page)."""
    from people.demo import demo_username
    from people.roles import Role

    supervisor = (
        Employee.objects.filter(user__username=demo_username(Role.SUPERVISOR, agency))
        .select_related("user")
        .first()
    )
    demo_asn = Employee.objects.filter(
        user__username=demo_username(Role.ASN, agency)
    ).first()
    if supervisor is None:
        return
    assessments = [
        assessment
        for assessment in Assessment.objects.filter(
            employee__supervisor=supervisor,
            period__opens_on__lte=today,
            period__closes_on__gte=today,
            feedback360__isnull=True,
        )
        .exclude(employee=demo_asn)
        .select_related("employee", "period")
        .order_by("pk")[:10]
        if not assessment.is_final
    ][:2]
    colleagues = list(
        Employee.objects.filter(agency=agency, is_active=True, user__isnull=False)
        .exclude(pk=supervisor.pk)
        .exclude(pk=demo_asn.pk if demo_asn else None)
        .select_related("user")
        .order_by("pk")[:12]
    )
    for number, assessment in enumerate(assessments):
        asked = [c for c in colleagues if c.pk != assessment.employee_id][:4]
        if number == 1 and demo_asn is not None:
            asked = [demo_asn, *asked[:2]]
        feedback_request = services.request_feedback360(
            assessment=assessment,
            user=supervisor.user,
            deadline=min(assessment.period.closes_on, today + datetime.timedelta(7)),
            message="Mohon masukan jujur Anda; jawaban tanpa nama.",
        )
        invited = []
        for person in asked:
            try:
                services.invite_to_feedback360(
                    feedback_request=feedback_request,
                    user=supervisor.user,
                    respondent=person,
                    relation=Feedback360Invitation.Relation.PEER,
                )
            except Refused:
                continue  # not serving, or the rater: the demo asks someone else
            invited.append(person)
        if number == 0:
            for person in invited[:3]:
                services.answer_feedback360(
                    feedback_request=feedback_request,
                    user=person.user,
                    ratings={
                        value: _pick(rng, PERILAKU_WEIGHTS)
                        for value in BerAkhlak.values
                    },
                )
            feedback_request.refresh_from_db()
            if feedback_request.closed_at is None:
                services.close_feedback360(
                    feedback_request=feedback_request, user=supervisor.user
                )
