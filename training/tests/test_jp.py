import datetime
from decimal import Decimal

import pytest

from training.jp import jp_progress_percent, jp_shortfall, minutes_to_jp
from training.models import DevelopmentForm, JpCredit
from training.services.ledger import credit_jp


@pytest.mark.parametrize(
    ("minutes", "per_jp", "expected"),
    [
        (45, 45, Decimal("1.00")),
        (90, 45, Decimal("2.00")),
        (60, 45, Decimal("1.33")),
        (30, 45, Decimal("0.67")),
        (0, 45, Decimal("0.00")),
        (60, 60, Decimal("1.00")),
    ],
)
def test_minutes_convert_to_jp(minutes, per_jp, expected):
    assert minutes_to_jp(minutes, minutes_per_jp=per_jp) == expected


def test_shortfall_and_progress():
    assert jp_shortfall(Decimal("12.5")) == Decimal("7.5")
    assert jp_shortfall(Decimal("25")) == 0
    assert jp_progress_percent(Decimal("10")) == 50
    assert jp_progress_percent(Decimal("40")) == 100


@pytest.mark.django_db
def test_the_same_activity_is_credited_once(org):
    member = org["member"]
    kwargs = {
        "employee": member,
        "jp": Decimal("2.00"),
        "form": DevelopmentForm.MENTORING,
        "source_key": "mentoring.session:1",
        "on_date": datetime.date(2026, 3, 1),
        "description": "Sesi mentoring",
    }
    assert credit_jp(**kwargs) is not None
    assert credit_jp(**kwargs) is None
    assert JpCredit.objects.filter(employee=member).for_year(2026).total_jp() == 2
