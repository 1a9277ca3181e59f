import pytest

from mentoring import demo
from mentoring.models import MenteeRating, Pair, Program, Session
from people.models import Employee
from people.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    UserFactory,
    WorkUnitFactory,
)
from training.models import DevelopmentForm, JpCredit

pytestmark = pytest.mark.django_db

GOLONGAN = ["II/c", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"]


def demo_agency(people: int):
    agency = AgencyFactory(code="siantar", name="Pemerintah Kota Siantar")
    unit = WorkUnitFactory(agency=agency, code="BKPSDM")
    EmployeeFactory(
        agency=agency,
        unit=unit,
        golongan="IV/a",
        user=UserFactory(username="mentor.siantar"),
    )
    EmployeeFactory(
        agency=agency,
        unit=unit,
        golongan="III/a",
        user=UserFactory(username="asn.siantar"),
    )
    for n in range(people):
        EmployeeFactory(agency=agency, unit=unit, golongan=GOLONGAN[n % len(GOLONGAN)])
    return agency


@pytest.mark.parametrize(
    ("size", "people", "pairs"), [("small", 14, 8), ("large", 120, 80)]
)
def test_demo_seeds_programs_pairs_and_jp_and_is_idempotent(size, people, pairs):
    agency = demo_agency(people)
    assert demo.seed_agency(agency=agency, size=size) == {"programs": 3, "pairs": pairs}
    names = set(Program.objects.filter(agency=agency).values_list("name", flat=True))
    assert "Pengelolaan Keuangan Daerah" in names
    assert "Jabatan Fungsional Perencana" in names
    assert any(name.startswith("Orientasi CPNS/PPPK") for name in names)
    mentor = Employee.objects.get(user__username="mentor.siantar")
    mentee = Employee.objects.get(user__username="asn.siantar")
    demo_pair = Pair.objects.get(mentor=mentor, mentee=mentee)
    assert demo_pair.status == Pair.Status.ACTIVE
    assert demo_pair.sessions.confirmed().exists()
    confirmed = Session.objects.confirmed().filter(pair__program__agency=agency)
    assert confirmed.exists()
    assert JpCredit.objects.filter(form=DevelopmentForm.MENTORING).count() == (
        2 * confirmed.count()
    )
    assert MenteeRating.objects.exists()
    assert demo.seed_agency(agency=agency, size=size) == {"programs": 0, "pairs": 0}
