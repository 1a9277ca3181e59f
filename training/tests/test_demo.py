import random

import pytest
from django.db.models import Count, F, Q

from notifications.models import Notification
from training import demo
from training.demo import catalog, delivery
from training.models import (
    Answer,
    Certificate,
    DevelopmentPlan,
    Enrolment,
    InternshipPlacement,
    JpCredit,
    Partner,
    Program,
    QuestionnaireResponse,
    TrainingNeed,
    TrainingSession,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(org):
    from people.tests.factories import EmployeeFactory

    member = org["member"]
    member.user.username = f"asn.{org['agency'].code}"
    member.user.save()
    for _ in range(40):
        EmployeeFactory(
            agency=org["agency"], unit=org["unit"], supervisor=org["supervisor"]
        )
    demo.seed(agencies=[org["agency"]], size="small", rng=random.Random(7))
    return org


def test_demo_fills_every_training_page(seeded):
    assert Partner.objects.count() == len(catalog.PARTNERS)
    assert Program.objects.count() == len(catalog.PROGRAMS)
    assert DevelopmentPlan.objects.count() == 2
    assert TrainingNeed.objects.exists()
    statuses = set(Enrolment.objects.values_list("status", flat=True))
    for status in [
        Enrolment.Status.COMPLETED,
        Enrolment.Status.CONFIRMED,
        Enrolment.Status.WAITLISTED,
        Enrolment.Status.APPLIED,
    ]:
        assert status in statuses
    assert set(TrainingSession.objects.values_list("status", flat=True)) >= {
        TrainingSession.Status.FINISHED,
        TrainingSession.Status.OPEN,
    }


def test_demo_credits_jp_for_each_completion_and_respects_capacity(seeded):
    assert (
        JpCredit.objects.filter(source_key__startswith="training.enrolment:").count()
        == Enrolment.objects.filter(status=Enrolment.Status.COMPLETED).count()
    )
    over = TrainingSession.objects.annotate(
        seats=Count(
            "enrolments", filter=Q(enrolments__status__in=Enrolment.SEAT_STATUSES)
        )
    ).filter(seats__gt=F("capacity"))
    assert not over.exists()


def test_demo_asn_has_a_pending_application_for_their_supervisor(seeded):
    member = seeded["member"]
    assert Enrolment.objects.filter(
        employee=member, status=Enrolment.Status.APPLIED
    ).exists()


def test_demo_has_no_clashing_enrolments(seeded):
    claims = list(
        Enrolment.objects.filter(status__in=Enrolment.CLAIMING_STATUSES).values_list(
            "employee_id", "session__start_date", "session__end_date"
        )
    )
    by_employee = {}
    for employee, start, end in claims:
        for other_start, other_end in by_employee.get(employee, []):
            assert end < other_start or start > other_end
        by_employee.setdefault(employee, []).append((start, end))


def test_small_demo_seeds_answers_certificates_internships_and_an_invitation(org):
    summary = delivery.seed(
        agencies=[org["agency"]], size="small", rng=random.Random(3)
    )
    assert summary["answers"] == Answer.objects.count() > 0
    assert QuestionnaireResponse.objects.exists()
    assert Certificate.objects.filter(placement__isnull=False).count() == 1
    assert InternshipPlacement.objects.count() == 2
    assert Notification.objects.filter(kind="training.questionnaire").exists()
    # Every stored answer is within its scale (the database checks it, too).
    assert not Answer.objects.filter(score__gt=5).exists()


def test_each_demo_programme_builds_one_to_three_competencies_of_the_dictionary(
    seeded,
):
    built = {
        program.title: sorted(c.code for c in program.competencies.all())
        for program in Program.objects.prefetch_related("competencies")
    }
    assert built["Kepemimpinan Pengawas"] == ["M2", "M8", "SK1"]
    assert built["Bimtek SIPD"] == ["T2"]
    assert all(1 <= len(codes) <= 3 for codes in built.values()), built
    # The same agency's dictionary, made once even though training seeds first.
    agencies = Program.objects.values_list("competencies__agency", flat=True)
    assert set(agencies) == {seeded["agency"].pk}


# What HR sees on the programme suggestions of a demo employee: each competency below
# their jabatan's standard (M1, M2, M5, SK1 and T1 are required) with the demo
# programmes that build it, in title order.
SUGGESTED = {
    "Integritas": ["Pengelolaan Keuangan Daerah"],
    "Kerja Sama": ["Kepemimpinan Pengawas"],
    "Pelayanan Publik": [
        "Pelayanan Publik Prima",
        "Seminar Inovasi Pelayanan Publik bersama USU",
    ],
    "Perekat Bangsa": ["Kepemimpinan Pengawas"],
    "Pengelolaan Kepegawaian": ["Workshop Penyusunan SKP"],
}


def test_small_demo_suggests_programmes_for_an_employees_gaps(client):
    import io

    from django.core.management import call_command
    from django.urls import reverse

    from competencies.models import AssessedLevel
    from people.demo import demo_username
    from people.models import Agency, Employee
    from people.roles import Role

    call_command("seed_demo", stdout=io.StringIO())
    assert not Program.objects.filter(competencies__isnull=True).exists()
    agency = Agency.objects.order_by("pk").first()
    # Someone assessed below the level 3 of Integritas their standard asks for.
    below = (
        AssessedLevel.objects.filter(
            employee__agency=agency, competency__code="M1", level__lt=3
        )
        .order_by("employee_id")
        .first()
    )
    assert below is not None
    hr = Employee.objects.get(user__username=demo_username(Role.HR, agency))
    client.force_login(hr.user)
    response = client.get(reverse("training:gap_programmes", args=[below.employee_id]))
    assert response.status_code == 200
    suggestions = {
        suggestion.competency.name: [program.title for program in suggestion.programs]
        for suggestion in response.context["suggestions"]
    }
    assert suggestions["Integritas"] == ["Pengelolaan Keuangan Daerah"]
    assert suggestions == {name: SUGGESTED[name] for name in suggestions}
    page = response.content.decode()
    assert "Belum ada program aktif di katalog" not in page
    assert "Pengelolaan Keuangan Daerah" in page
