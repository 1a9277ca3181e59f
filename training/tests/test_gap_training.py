"""Training that closes competency gaps: the competencies a programme builds, the
programmes suggested for an employee's gaps, needs proposed from a unit's gaps and
the gaps a plan's programmes close, each counted by hand."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies import services as competency_services
from competencies.models import AssessedLevel, Competency
from people.tests.factories import EmployeeFactory, WorkUnitFactory
from tests.query_pins import assert_constant_queries
from training.development import GapNeed, programmes_for_gaps
from training.models import (
    FundingSource,
    PlannedProgram,
    Program,
    TrainingNeed,
    TrainingSession,
)
from training.tests.factories import (
    NeedFactory,
    PlanFactory,
    ProgramFactory,
    SessionFactory,
)

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


# 2. Training needs from the gaps of a unit ------------------------------------------


@pytest.fixture
def seksi(org):
    """Seksi A (with Subseksi A1 below it). Nurses need M1 (Integritas) 3 and M2
    (Kerja Sama) 2, midwives M1 2. Ani (nurse, A): M1 1, M2 1 → short 2 and 1. Budi
    (nurse, A1): M1 2, M2 2 → short 1, met. Citra (midwife, A): M1 1 → short 1. Left
    out: Dedi (nurse, Seksi B) and Eka (nurse, A, no longer active), M1 1 each.
    So in Seksi A: M1 3 employees, 4 levels (1,33 on average, sedang), jabatan both;
    M2 1 employee, 1 level (rendah)."""
    m1, m2, m3 = _competencies(org["agency"], "M1", "M2", "M3")
    competency_services.create_standard(
        agency=org["agency"], jabatan_name=NURSE, levels={m1.pk: 3, m2.pk: 2}
    )
    competency_services.create_standard(
        agency=org["agency"], jabatan_name="Bidan Ahli Pertama", levels={m1.pk: 2}
    )
    a = WorkUnitFactory(agency=org["agency"], parent=org["unit"], name="Seksi A")
    a1 = WorkUnitFactory(agency=org["agency"], parent=a, name="Subseksi A1")
    b = WorkUnitFactory(agency=org["agency"], parent=org["unit"], name="Seksi B")

    def person(name, unit, jabatan=NURSE, **extra):
        return EmployeeFactory(
            agency=org["agency"], unit=unit, name=name, jabatan_name=jabatan, **extra
        )

    ani, budi = person("Ani", a), person("Budi", a1)
    citra = person("Citra", a, jabatan="bidan ahli pertama")
    for employee, competency, level in [
        (ani, m1, 1),
        (ani, m2, 1),
        (budi, m1, 2),
        (budi, m2, 2),
        (citra, m1, 1),
        (person("Dedi", b), m1, 1),
        (person("Eka", a, is_active=False), m1, 1),
    ]:
        _assess(employee, competency, level)
    return {"unit": a, "m1": m1, "m2": m2, "m3": m3}


NEXT_YEAR = TODAY.year + 1


def _needs_page(unit):
    return reverse("training:gap_needs", args=[unit.pk])


def test_the_gaps_of_a_unit_as_needs_by_hand(org, seksi, login):
    page = login(org["hr"]).get(_needs_page(seksi["unit"]))

    assert [
        (
            r.competency.code,
            r.employees,
            r.levels,
            r.average,
            r.target_group,
            r.priority,
            r.existing,
        )
        for r in page.context["rows"]
    ] == [
        ("M1", 3, 4, 1.33, "Bidan Ahli Pertama, Perawat Ahli Pertama", 2, None),
        ("M2", 1, 1, 1.0, "Perawat Ahli Pertama", 3, None),
    ]
    assert page.context["form"]["year"].value() == NEXT_YEAR


def test_hr_proposes_the_chosen_needs_once(org, seksi, login):
    client = login(org["hr"])
    data = {"year": str(NEXT_YEAR), "competencies": [seksi["m1"].pk, seksi["m2"].pk]}

    response = client.post(_needs_page(seksi["unit"]), data, follow=True)

    needs = TrainingNeed.objects.filter(unit=seksi["unit"]).order_by("competency")
    assert [
        (
            n.competency,
            n.competency_ref_id,
            n.year,
            n.target_group,
            n.participants,
            n.priority,
            n.proposed_by,
        )
        for n in needs
    ] == [
        (
            "Integritas",
            seksi["m1"].pk,
            NEXT_YEAR,
            "Bidan Ahli Pertama, Perawat Ahli Pertama",
            3,
            TrainingNeed.Priority.MEDIUM,
            org["hr"],
        ),
        (
            "Kerja Sama",
            seksi["m2"].pk,
            NEXT_YEAR,
            "Perawat Ahli Pertama",
            1,
            TrainingNeed.Priority.LOW,
            org["hr"],
        ),
    ]
    assert needs[0].reason.startswith(
        "Kesenjangan kompetensi M1: 3 pegawai di bawah standar, jumlah kesenjangan "
        "4 level, rata-rata 1,33 level per pegawai"
    )
    text = response.content.decode()
    assert f"2 kebutuhan pelatihan diusulkan untuk tahun {NEXT_YEAR}." in text
    assert text.count('data-testid="already-proposed"') == 2

    again = client.post(_needs_page(seksi["unit"]), data, follow=True)

    assert TrainingNeed.objects.filter(unit=seksi["unit"]).count() == 2
    assert "tidak dibuat lagi: M1 Integritas, M2 Kerja Sama." in again.content.decode()


def test_a_need_typed_by_hand_for_the_competency_counts_as_proposed(org, seksi, login):
    NeedFactory(
        proposed_by=org["supervisor"],
        unit=seksi["unit"],
        year=NEXT_YEAR,
        competency="kerja sama",
    )
    client = login(org["hr"])
    client.post(
        _needs_page(seksi["unit"]),
        {"year": str(NEXT_YEAR), "competencies": [seksi["m2"].pk]},
    )
    assert TrainingNeed.objects.filter(unit=seksi["unit"]).count() == 1
    # Another year is another need.
    client.post(
        _needs_page(seksi["unit"]),
        {"year": str(NEXT_YEAR + 1), "competencies": [seksi["m2"].pk]},
    )
    assert TrainingNeed.objects.filter(
        unit=seksi["unit"], year=NEXT_YEAR + 1, participants=1
    ).exists()


def test_a_competency_without_gaps_in_the_unit_is_refused(org, seksi, login):
    response = login(org["hr"]).post(
        _needs_page(seksi["unit"]),
        {"year": str(NEXT_YEAR), "competencies": [seksi["m3"].pk]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["competencies"]
    assert not TrainingNeed.objects.exists()


@pytest.mark.parametrize(
    ("employees", "levels", "priority"),
    [(2, 4, "HIGH"), (3, 7, "HIGH"), (3, 4, "MEDIUM"), (2, 2, "LOW")],
)
def test_the_priority_follows_the_average_gap(employees, levels, priority):
    row = GapNeed(competency=None, employees=employees, levels=levels)
    assert row.priority == TrainingNeed.Priority[priority]


def test_the_gap_page_links_hr_to_the_units_needs(org, seksi, login):
    url = reverse("competencies:gaps") + f"?unit={seksi['unit'].pk}"
    assert _needs_page(seksi["unit"]) in login(org["hr"]).get(url).content.decode()
    assert 'data-testid="needs-from-gaps"' not in (
        login(org["leader"]).get(url).content.decode()
    )
    needs = reverse("training:need_list")
    assert reverse("training:gap_needs_unit") in (
        login(org["hr"]).get(needs).content.decode()
    )
    assert 'data-testid="needs-from-gaps"' not in (
        login(org["supervisor"]).get(needs).content.decode()
    )
    chooser = login(org["hr"]).get(
        reverse("training:gap_needs_unit"), {"unit": seksi["unit"].pk}
    )
    assert chooser.url == _needs_page(seksi["unit"])


def test_the_needs_page_runs_constant_queries(org, seksi, login):
    def grow():
        for _n in range(5):
            employee = EmployeeFactory(
                agency=org["agency"], unit=seksi["unit"], jabatan_name=NURSE
            )
            _assess(employee, seksi["m1"], 1)
            _assess(employee, seksi["m2"], 1)
        NeedFactory(
            proposed_by=org["supervisor"],
            unit=seksi["unit"],
            year=NEXT_YEAR,
            competency="Integritas",
        )

    assert_constant_queries(
        login(org["hr"]), _needs_page(seksi["unit"]), grow=grow, ceiling=12
    )


# 3. The gaps a plan's programmes close ----------------------------------------------


def _planned(plan, title, program=None):
    return PlannedProgram.objects.create(
        plan=plan,
        title=title,
        form="kepemimpinan",
        competency_area="Kepemimpinan",
        participants_per_batch=20,
        cost_per_participant=Decimal("100000"),
        funding_source=FundingSource.APBD,
        program=program,
    )


@pytest.fixture
def plan(org, seksi):
    """In the whole agency M1 has Ani, Budi, Citra and Dedi below standard, M2 Ani
    (Eka is no longer active): Integrity and teamwork (M1, M2) closes 5 gaps of 4
    employees, Innovation (M3) none; a programme that declares nothing, or is not in
    the catalogue, says nothing."""
    plan = PlanFactory(agency=org["agency"])
    both = ProgramFactory(agency=org["agency"], title="Integritas dan Kerja Sama")
    both.competencies.set([seksi["m1"], seksi["m2"]])
    innovation = ProgramFactory(agency=org["agency"], title="Inovasi")
    innovation.competencies.set([seksi["m3"]])
    _planned(plan, "A Integritas dan Kerja Sama", both)
    _planned(plan, "B Inovasi", innovation)
    _planned(plan, "C Tanpa kompetensi", ProgramFactory(agency=org["agency"]))
    _planned(plan, "D Belum di katalog")
    return plan


def test_the_plan_shows_the_gaps_each_programme_closes(org, plan, login):
    page = login(org["leader"]).get(plan.get_absolute_url())

    assert [
        (
            item.title,
            item.gaps_closed
            and (
                item.gaps_closed.employees,
                item.gaps_closed.gaps,
                [c.code for c in item.gaps_closed.competencies],
            ),
        )
        for item in page.context["items"]
    ] == [
        ("A Integritas dan Kerja Sama", (4, 5, ["M1", "M2"])),
        ("B Inovasi", (0, 0, ["M3"])),
        ("C Tanpa kompetensi", None),
        ("D Belum di katalog", None),
    ]
    text = " ".join(page.content.decode().split())
    assert "4 pegawai di bawah standar (5 kesenjangan) pada M1, M2" in text


def test_the_plan_page_runs_constant_queries(org, seksi, plan, login):
    def grow():
        for n in range(4):
            program = ProgramFactory(agency=org["agency"])
            program.competencies.set([seksi["m1"], seksi["m3"]])
            _planned(plan, f"E{n}", program)
            employee = EmployeeFactory(agency=org["agency"], jabatan_name=NURSE)
            _assess(employee, seksi["m1"], 1)

    assert_constant_queries(
        login(org["hr"]), plan.get_absolute_url(), grow=grow, ceiling=20
    )
