"""The JP per development form (`JpFormTotal`) says what the ledger says: the
dashboard's "JP per bentuk pengembangan" read from the totals equals the same figures
summed from every ledger line, on random data, in several scopes and periods, after
credits, moves between units and agencies; a period that does not end at a month's
end is summed from the ledger."""

import datetime
import io
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.panels import Scope, period_bounds
from people.signals import employees_moved
from people.tests.factories import AgencyFactory, EmployeeFactory, WorkUnitFactory
from training.models import DevelopmentForm, JpCredit, JpFormTotal
from training.services.jp_totals import (
    jp_by_form,
    jp_by_form_from_ledger,
    rebuild_jp_form_totals,
)
from training.services.ledger import credit_in_bulk, credit_jp
from training.tasks import rebuild_training_totals_task

pytestmark = pytest.mark.django_db

YEAR = 2026
FORMS = [
    DevelopmentForm.TECHNICAL,
    DevelopmentForm.SEMINAR,
    DevelopmentForm.MENTORING,
    DevelopmentForm.E_LEARNING,
]


def _credit(rng, employee, n):
    day = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    form = rng.choice(FORMS)
    by_minutes = form == DevelopmentForm.MENTORING
    return credit_jp(
        employee=employee,
        form=form,
        source_key=f"test:{n}",
        on_date=day,
        description="Kegiatan",
        jp=None if by_minutes else Decimal(rng.randint(1, 40)) / 2,
        minutes=rng.choice([45, 60, 90]) if by_minutes else None,
    )


@pytest.fixture
def world(org, django_capture_on_commit_callbacks):
    """Four units in a tree (a root, a child, a grandchild, a sibling), a dozen ASN
    over them and 90 random credits in the year (in JP, mentoring in minutes), one
    in the year before; each credit committed on its own."""
    rng = random.Random(2026)
    agency = org["agency"]
    root = WorkUnitFactory(agency=agency, name="Dinas A")
    child = WorkUnitFactory(agency=agency, parent=root, name="Bidang A1")
    grandchild = WorkUnitFactory(agency=agency, parent=child, name="Seksi A1a")
    sibling = WorkUnitFactory(agency=agency, name="Dinas B")
    units = [root, child, grandchild, sibling]
    people = [EmployeeFactory(agency=agency, unit=units[i % 4]) for i in range(12)]
    for n in range(90):
        with django_capture_on_commit_callbacks(execute=True):
            _credit(rng, rng.choice(people), n)
    with django_capture_on_commit_callbacks(execute=True):
        credit_jp(
            employee=people[0],
            form=DevelopmentForm.TECHNICAL,
            source_key="test:last-year",
            on_date=datetime.date(YEAR - 1, 12, 31),
            description="Tahun lalu",
            jp=Decimal(8),
        )
    return {"agency": agency, "units": units, "people": people, "rng": rng}


def _scopes(world) -> list[Scope]:
    agency, units = world["agency"], world["units"]
    year = period_bounds(YEAR, None)
    scopes = [
        Scope(agency=agency, start=year[0], end=year[1]),
        Scope(agency=agency, start=year[0], end=year[1], unit=units[0]),
        Scope(agency=agency, start=year[0], end=year[1], unit=units[2]),
        Scope(agency=agency, start=year[0], end=year[1], unit=units[3]),
    ]
    for quarter in (1, 2, 3, 4):
        start, end = period_bounds(YEAR, quarter)
        scopes.append(Scope(agency=agency, start=start, end=end))
        scopes.append(Scope(agency=agency, start=start, end=end, unit=units[1]))
    # A monthly report's period.
    may = datetime.date(YEAR, 5, 1), datetime.date(YEAR, 5, 31)
    scopes.append(Scope(agency=agency, start=may[0], end=may[1]))
    return scopes


def _sorted(rows):
    return sorted(
        (r["form"], Decimal(r["declared"] or 0), r["minutes"] or 0, r["people"])
        for r in rows
    )


def _assert_same(world):
    for scope in _scopes(world):
        assert _sorted(jp_by_form(scope)) == _sorted(jp_by_form_from_ledger(scope)), (
            scope.label
        )


def test_the_totals_equal_the_ledger_in_every_scope_and_period(world):
    whole_year = _scopes(world)[0]
    figures = _sorted(jp_by_form(whole_year))
    assert {row[0] for row in figures} == set(FORMS)
    assert sum(row[3] for row in figures) > 12  # people counted once per form
    _assert_same(world)
    rows = JpFormTotal.objects.count()
    assert rebuild_jp_form_totals() == rows  # again: the same rows, nothing doubled
    assert JpFormTotal.objects.count() == rows
    _assert_same(world)


def test_a_hand_computed_unit(org, django_capture_on_commit_callbacks):
    """Two ASN of one unit: 10 JP of seminar in February and 2,5 JP in May for the
    first, 90 + 45 minutes of mentoring in March for the second. Up to March: seminar
    10 JP by 1 ASN, mentoring 135 minutes by 1; the year: seminar 12,5 JP."""
    unit = WorkUnitFactory(agency=org["agency"], name="Bagian Umum")
    first, second = (EmployeeFactory(agency=org["agency"], unit=unit) for _ in "ab")
    seminar, mentoring = DevelopmentForm.SEMINAR, DevelopmentForm.MENTORING
    lines = [
        (first, seminar, datetime.date(YEAR, 2, 3), Decimal(10), None),
        (first, seminar, datetime.date(YEAR, 5, 9), Decimal("2.5"), None),
        (second, mentoring, datetime.date(YEAR, 3, 1), None, 90),
        (second, mentoring, datetime.date(YEAR, 3, 30), None, 45),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for n, (employee, form, day, jp, minutes) in enumerate(lines):
            credit_jp(
                employee=employee,
                form=form,
                source_key=f"hand:{n}",
                on_date=day,
                description="Kegiatan",
                jp=jp,
                minutes=minutes,
            )
    start, end = period_bounds(YEAR, 1)
    first_quarter = Scope(agency=org["agency"], start=start, end=end, unit=unit)
    assert _sorted(jp_by_form(first_quarter)) == [
        ("mentoring", Decimal(0), 135, 1),
        ("seminar", Decimal(10), 0, 1),
    ]
    start, end = period_bounds(YEAR, None)
    year = Scope(agency=org["agency"], start=start, end=end, unit=unit)
    assert _sorted(jp_by_form(year)) == [
        ("mentoring", Decimal(0), 135, 1),
        ("seminar", Decimal("12.5"), 0, 1),
    ]


def test_the_totals_follow_credits_and_moves_at_commit(
    world, django_capture_on_commit_callbacks
):
    people, units, rng = world["people"], world["units"], world["rng"]

    def step(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()
        _assert_same(world)

    step(lambda: _credit(rng, people[5], 1000))
    step(
        lambda: credit_in_bulk(
            [
                JpCredit(
                    employee=person,
                    agency=world["agency"],
                    year=YEAR,
                    date=datetime.date(YEAR, 7, 14),
                    jp=Decimal(3),
                    form=DevelopmentForm.WORKSHOP,
                    source_key="bulk:1",
                    description="Lokakarya",
                )
                for person in people[:3]
            ]
        )
    )
    moved = people[0]
    moved.unit = units[3]
    step(moved.save)
    # An edit that moves nobody refreshes nothing.
    moved.phone = "08123456789"
    with (
        CaptureQueriesContext(connection) as edit,
        django_capture_on_commit_callbacks(execute=True),
    ):
        moved.save()
    assert not [q for q in edit.captured_queries if "training_jpformtotal" in q["sql"]]
    # An import moves people with a bulk update and says so with employees_moved.
    bulk = [p.pk for p in people[1:4]]

    def bulk_move():
        type(moved).objects.filter(pk__in=bulk).update(unit=units[2])
        employees_moved.send(type(moved), employee_ids=bulk)

    step(bulk_move)
    # Moved to another agency: counted there, no longer here.
    other = AgencyFactory()
    elsewhere = WorkUnitFactory(agency=other, name="Dinas Lain")
    leaver = people[6]
    leaver.agency, leaver.unit = other, elsewhere
    step(leaver.save)
    start, end = period_bounds(YEAR, None)
    there = Scope(agency=other, start=start, end=end)
    assert _sorted(jp_by_form(there)) == _sorted(jp_by_form_from_ledger(there))
    assert jp_by_form(there)


def test_the_command_and_the_nightly_task_rebuild_from_the_ledger(world):
    JpFormTotal.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_training_totals", stdout=out)
    assert "Rekap JP per bentuk pengembangan" in out.getvalue()
    _assert_same(world)
    JpFormTotal.objects.update(people=0)
    assert rebuild_training_totals_task.apply().get() > 0
    _assert_same(world)
