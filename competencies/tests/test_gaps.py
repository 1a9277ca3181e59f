"""Competency gaps of a unit: counted by hand on a small tree, narrowed to a leader's
unit, on their page and on the leader's dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies import services
from competencies.models import AssessedLevel, Competency
from dashboard.compose import all_panels
from people.panels import scope_for
from people.tests.factories import EmployeeFactory, WorkUnitFactory
from tests.query_pins import assert_constant_queries

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
GAPS = reverse("competencies:gaps")


def _assess(employee, competency, level, days_ago=0):
    AssessedLevel.objects.create(
        employee=employee,
        competency=competency,
        level=level,
        assessed_on=TODAY - datetime.timedelta(days=days_ago),
        source="asesmen",
    )


@pytest.fixture
def tree(org):
    """Seksi A: Ani (M1 1 → gap 2; M2 2 met), Budi (M1 3 then 2 → gap 1; M2 not
    assessed). Seksi B: Citra (M1 4 met; M2 1 → gap 1), and Dedi, inactive (left out).
    The standard of "Perawat Ahli Pertama" requires M1 3 and M2 2."""
    services.load_standard_competencies(agency=org["agency"])
    m1, m2 = (
        Competency.objects.get(agency=org["agency"], code=c) for c in ("M1", "M2")
    )
    services.create_standard(
        agency=org["agency"],
        jabatan_name="Perawat Ahli Pertama",
        levels={m1.pk: 3, m2.pk: 2},
    )
    a = WorkUnitFactory(agency=org["agency"], parent=org["unit"], name="Seksi A")
    b = WorkUnitFactory(agency=org["agency"], parent=org["unit"], name="Seksi B")

    def nurse(name, unit, **extra):
        return EmployeeFactory(
            agency=org["agency"],
            unit=unit,
            name=name,
            jabatan_name="perawat ahli pertama",
            **extra,
        )

    ani, budi, citra = nurse("Ani", a), nurse("Budi", a), nurse("Citra", b)
    dedi = nurse("Dedi", b, is_active=False)
    _assess(ani, m1, 1)
    _assess(ani, m2, 2)
    _assess(budi, m1, 3, days_ago=30)
    _assess(budi, m1, 2)
    _assess(citra, m1, 4)
    _assess(citra, m2, 1)
    _assess(dedi, m1, 1)
    return {"a": a, "b": b, "ani": ani, "budi": budi, "citra": citra}


def test_the_gaps_of_the_agency_by_hand(org, tree, login):
    page = login(org["hr"]).get(GAPS)

    total = page.context["total"]
    # 3 active nurses × 2 required; 5 assessed; below: Ani M1, Budi M1, Citra M2.
    assert (total.required, total.assessed, total.with_gap, total.levels) == (
        6,
        5,
        3,
        4,
    )
    assert total.average == 0.8
    assert [
        (c.code, n.required, n.assessed, n.with_gap, n.levels, n.average)
        for c, n in page.context["competencies"]
    ] == [("M1", 3, 3, 2, 3, 1.0), ("M2", 3, 2, 1, 1, 0.5)]
    assert [(r.name, r.figures) for r in page.context["units"]] == [
        ("Seksi A", {"with_gap": 2, "levels": 3}),
        ("Seksi B", {"with_gap": 1, "levels": 1}),
    ]
    assert [(row[1], row[4], row[5]) for row in page.context["people"]] == [
        ("Ani", 1, 2),
        ("Budi", 1, 1),
        ("Citra", 1, 1),
    ]


def test_a_leader_narrowed_to_a_unit_sees_only_it(org, tree, login):
    leader = org["leader"]
    leader.dashboard_unit = tree["b"]
    leader.save()
    client = login(leader)

    total = client.get(GAPS).context["total"]

    assert (total.required, total.assessed, total.with_gap) == (2, 2, 1)
    assert client.get(GAPS, {"unit": tree["a"].pk}).status_code == 404


def test_drilling_into_a_unit_narrows_the_page(org, tree, login):
    page = login(org["hr"]).get(GAPS, {"unit": tree["a"].pk})

    assert [row[1] for row in page.context["people"]] == ["Ani", "Budi"]
    assert page.context["total"].required == 4


def test_the_dashboard_shows_the_same_figures(org, tree):
    scope = scope_for(org["leader"].user, year=TODAY.year)

    (panel,) = [p for p in all_panels(scope) if p.key == "kesenjangan_kompetensi"]

    assert [h.text for h in panel.headlines] == ["5 / 6", "3", "0,80"]
    assert panel.tables[0].rows[0] == [
        str(Competency.objects.get(agency=org["agency"], code="M1")),
        3,
        3,
        2,
        1.0,
    ]


def test_no_panel_while_no_standard_applies(org):
    scope = scope_for(org["leader"].user, year=TODAY.year)

    assert "kesenjangan_kompetensi" not in [p.key for p in all_panels(scope)]


def test_the_page_does_not_grow_with_people(org, tree, login):
    client = login(org["hr"])
    m1 = Competency.objects.get(agency=org["agency"], code="M1")

    def grow():
        for number in range(10):
            unit = WorkUnitFactory(
                agency=org["agency"], parent=org["unit"], name=f"Seksi {number}x"
            )
            nurse = EmployeeFactory(
                agency=org["agency"], unit=unit, jabatan_name="Perawat Ahli Pertama"
            )
            _assess(nurse, m1, 1)

    assert_constant_queries(client, GAPS, grow=grow, ceiling=12)
