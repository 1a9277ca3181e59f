"""Training that closes competency gaps: the competencies a programme builds, the
programmes suggested for an employee's gaps, needs proposed from a unit's gaps and
the gaps a plan's programmes close, each counted by hand."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies import services as competency_services
from competencies.models import AssessedLevel, Competency
from people.tests.factories import EmployeeFactory
from tests.query_pins import assert_constant_queries
from training.development import programmes_for_gaps
from training.models import Program, TrainingSession
from training.tests.factories import ProgramFactory, SessionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NURSE = "Perawat Ahli Pertama"


def _competencies(agency, *codes):
    competency_services.load_standard_competencies(agency=agency)
    return [Competency.objects.get(agency=agency, code=code) for code in codes]


def _assess(employee, competency, level):
    AssessedLevel.objects.create(
        employee=employee,
        competency=competency,
        level=level,
        assessed_on=TODAY,
        source="asesmen",
    )


def _program_data(**extra):
    return {
        "title": "Pelatihan Kepemimpinan Pengawas",
        "form": "kepemimpinan",
        "competency_area": "Kepemimpinan",
        "jp": "40",
        "delivery_mode": "tatap_muka",
        "min_attendance_percent": "80",
        "is_active": "on",
        **extra,
    }


# 1. The competencies a programme builds ---------------------------------------------


def test_hr_declares_the_competencies_a_programme_builds(org, login):
    m1, m3 = _competencies(org["agency"], "M1", "M3")
    client = login(org["hr"])
    form_page = client.get(reverse("training:program_create")).content.decode()
    assert "Manajerial" in form_page
    assert str(m1) in form_page

    response = client.post(
        reverse("training:program_create"),
        _program_data(competencies=[m1.pk, m3.pk]),
    )

    program = Program.objects.get(title="Pelatihan Kepemimpinan Pengawas")
    assert response.status_code == 302
    assert set(program.competencies.all()) == {m1, m3}
    page = client.get(program.get_absolute_url()).content.decode()
    assert f"{m1}, {m3}" in page


def test_another_agencys_competency_is_refused_and_nothing_saved(org, other_org, login):
    (foreign,) = _competencies(other_org["agency"], "M1")
    response = login(org["hr"]).post(
        reverse("training:program_create"), _program_data(competencies=[foreign.pk])
    )
    assert response.status_code == 200
    assert response.context["form"].errors["competencies"]
    assert not Program.objects.filter(agency=org["agency"]).exists()


def test_a_correction_changes_the_competencies_and_keeps_its_reason(org, login):
    m1, m2 = _competencies(org["agency"], "M1", "M2")
    program = ProgramFactory(agency=org["agency"], title="Pelatihan Dasar")
    program.competencies.set([m1])
    login(org["hr"]).post(
        reverse("training:program_edit", args=[program.pk]),
        _program_data(
            title="Pelatihan Dasar", competencies=[m2.pk], reason="salah pilih"
        ),
    )
    assert list(program.competencies.all()) == [m2]
    assert program.history.first().history_change_reason == "salah pilih"


def test_a_competency_a_programme_builds_is_not_deleted(org, login):
    (m1,) = _competencies(org["agency"], "M1")
    ProgramFactory(agency=org["agency"]).competencies.set([m1])
    login(org["hr"]).post(
        reverse("competencies:competency_delete", args=[m1.pk]), {"reason": "salah"}
    )
    assert Competency.objects.filter(pk=m1.pk).exists()


@pytest.fixture
def nurse(org):
    """Ani, a nurse: the standard requires M1 3, M2 2 and M3 2; she holds M1 1 (two
    levels short), M2 2 (met) and M3 is not assessed yet."""
    m1, m2, m3 = _competencies(org["agency"], "M1", "M2", "M3")
    competency_services.create_standard(
        agency=org["agency"], jabatan_name=NURSE, levels={m1.pk: 3, m2.pk: 2, m3.pk: 2}
    )
    ani = org["member"]
    ani.jabatan_name = NURSE.upper()
    ani.save()
    _assess(ani, m1, 1)
    _assess(ani, m2, 2)
    return {"employee": ani, "m1": m1, "m2": m2, "m3": m3}


@pytest.fixture
def catalogue(org, other_org, nurse):
    """Leadership (M1): one open session ahead, one already over, one cancelled.
    Coaching (M1, M3): no session ahead. Teamwork (M2, met) and an inactive M1
    programme are not suggested."""
    m1, m2, m3 = nurse["m1"], nurse["m2"], nurse["m3"]
    leadership = ProgramFactory(agency=org["agency"], title="Kepemimpinan")
    leadership.competencies.set([m1])
    ahead = SessionFactory(program=leadership, name="Angkatan II")
    SessionFactory(
        program=leadership,
        name="Angkatan I",
        start_date=TODAY - datetime.timedelta(days=30),
        status=TrainingSession.Status.FINISHED,
    )
    SessionFactory(
        program=leadership,
        name="Angkatan III",
        status=TrainingSession.Status.CANCELLED,
    )
    coaching = ProgramFactory(agency=org["agency"], title="Coaching")
    coaching.competencies.set([m1, m3])
    ProgramFactory(agency=org["agency"], title="Kerja Sama Tim").competencies.set([m2])
    ProgramFactory(
        agency=org["agency"], title="Kepemimpinan Lama", is_active=False
    ).competencies.set([m1])
    return {"leadership": leadership, "coaching": coaching, "ahead": ahead}


def test_programmes_for_an_employees_gaps_by_hand(nurse, catalogue):
    found = programmes_for_gaps(nurse["employee"])

    assert [
        (
            s.competency.code,
            s.gap.size,
            [(p.title, [x.name for x in p.upcoming]) for p in s.programs],
        )
        for s in found["suggestions"]
    ] == [("M1", 2, [("Coaching", []), ("Kepemimpinan", ["Angkatan II"])])]


def test_the_employee_and_their_supervisor_see_the_suggestions(
    org, nurse, catalogue, login
):
    url = reverse("training:gap_programmes", args=[nurse["employee"].pk])
    own = login(org["member"]).get(
        reverse("competencies:employee_competencies", args=[nurse["employee"].pk])
    )
    assert url in own.content.decode()
    for who in ("member", "supervisor", "hr", "leader"):
        page = login(org[who]).get(url).content.decode()
        assert "Kepemimpinan" in page
        assert "Angkatan II" in page
        assert "Kerja Sama Tim" not in page
        assert "Angkatan I<" not in page
    assert login(org["outsider"]).get(url).status_code == 404


def test_the_suggestions_page_runs_constant_queries(org, nurse, catalogue, login):
    def grow():
        for n in range(4):
            program = ProgramFactory(agency=org["agency"], title=f"Program {n}")
            program.competencies.set([nurse["m1"], nurse["m3"]])
            SessionFactory(program=program)
        other = EmployeeFactory(agency=org["agency"], jabatan_name=NURSE)
        _assess(other, nurse["m1"], 1)

    assert_constant_queries(
        login(org["member"]),
        reverse("training:gap_programmes", args=[nurse["employee"].pk]),
        grow=grow,
        ceiling=14,
    )
