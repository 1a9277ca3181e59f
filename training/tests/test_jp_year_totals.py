"""The yearly JP totals that the below-target list, the team page and the dashboard
read equal the ledger summed, whatever order and mix of credits wrote them."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db.models import Sum

from people.tests.factories import EmployeeFactory
from training.models import JpCredit, JpYearTotal
from training.services.ledger import (
    credit_in_bulk,
    credit_jp,
    rebuild_jp_year_totals,
)

pytestmark = pytest.mark.django_db


def ledger_sums() -> dict:
    rows = JpCredit.objects.values("employee_id", "year").annotate(total=Sum("jp"))
    return {(r["employee_id"], r["year"]): r["total"] for r in rows}


def kept_totals() -> dict:
    return {(t.employee_id, t.year): t.jp for t in JpYearTotal.objects.all()}


def test_totals_follow_random_credits_repeats_and_bulk_loads(org):
    rng = random.Random(7)
    people = [
        EmployeeFactory(agency=org["agency"], unit=org["unit"], user=None)
        for _ in range(6)
    ]
    for _ in range(120):
        employee = rng.choice(people)
        credit_jp(
            employee=employee,
            jp=Decimal(rng.randint(1, 40)) / 4,
            form="teknis",
            # Some sources repeat: the ledger refuses them and so must the totals.
            source_key=f"random:{rng.randint(0, 90)}",
            on_date=datetime.date(rng.choice([2025, 2026]), rng.randint(1, 12), 1),
            description="Bimtek",
        )
    credit_in_bulk(
        [
            JpCredit(
                employee=employee,
                agency=org["agency"],
                year=2026,
                date=datetime.date(2026, 5, 1),
                jp=Decimal("3.5"),
                form="seminar",
                source_key="bulk",
                description="Seminar",
            )
            for employee in people[:3]
        ]
    )
    assert JpCredit.objects.count() > 60
    assert kept_totals() == ledger_sums()


def test_a_rebuild_repairs_totals_and_keeps_correct_ones(org):
    member, other = org["member"], org["supervisor"]
    for key, jp in (("a", "12"), ("b", "9.5")):
        credit_jp(
            employee=member,
            jp=Decimal(jp),
            form="teknis",
            source_key=key,
            on_date=datetime.date(2026, 3, 1),
            description="Bimtek",
        )
    credit_jp(
        employee=other,
        jp=Decimal("4"),
        form="teknis",
        source_key="c",
        on_date=datetime.date(2026, 3, 1),
        description="Bimtek",
    )
    JpYearTotal.objects.filter(employee=member).update(jp=Decimal("1"))
    JpYearTotal.objects.filter(employee=other).delete()
    assert rebuild_jp_year_totals(employee_ids=[member.pk]) == 1
    assert kept_totals() == {(member.pk, 2026): Decimal("21.5")}
    rebuild_jp_year_totals()
    assert kept_totals() == ledger_sums()


def test_minutes_are_summed_then_converted_once_however_written(org):
    """Random credits in JP and in minutes: the kept total equals the JP lines summed
    plus all the year's minutes converted once (hand rule: round half up to two
    decimals of minutes ÷ 45), written one by one or rebuilt."""
    rng = random.Random(11)
    people = [
        EmployeeFactory(agency=org["agency"], unit=org["unit"], user=None)
        for _ in range(5)
    ]
    expected: dict = {}
    for n in range(150):
        employee = rng.choice(people)
        year = rng.choice([2025, 2026])
        by_minutes = rng.random() < 0.6
        amount = rng.randint(10, 240) if by_minutes else Decimal(rng.randint(1, 16))
        made = credit_jp(
            employee=employee,
            **({"minutes": amount} if by_minutes else {"jp": amount}),
            form="mentoring" if by_minutes else "teknis",
            source_key=f"mixed:{n}",
            on_date=datetime.date(year, rng.randint(1, 12), 1),
            description="Kegiatan",
        )
        assert made is not None
        declared, minutes = expected.get((employee.pk, year), (Decimal(0), 0))
        if by_minutes:
            minutes += amount
        else:
            declared += amount
        expected[(employee.pk, year)] = (declared, minutes)
    hand = {
        key: declared
        + (Decimal(minutes) / 45).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
        for key, (declared, minutes) in expected.items()
    }
    assert kept_totals() == hand
    rebuild_jp_year_totals()
    assert kept_totals() == hand
