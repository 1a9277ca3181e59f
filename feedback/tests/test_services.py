"""Daily totals stay equal to the responses they summarise."""

import datetime

import pytest
from django.utils import timezone

from feedback import services
from feedback.models import DailyTotal, SurveyResponse
from feedback.tests.factories import SurveyResponseFactory

pytestmark = pytest.mark.django_db


def _snapshot():
    return sorted(
        DailyTotal.objects.values_list(
            "service_unit_id", "day", "respondents", "s3", "n3", "n9", "g_p", "edu_s1"
        )
    )


def test_incremental_totals_equal_a_rebuild_from_the_responses(service_unit):
    tz = timezone.get_current_timezone()
    # 23:30 in Jakarta is 16:30 UTC: the local day counts, not the UTC one.
    late = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=tz)
    SurveyResponseFactory(service_unit=service_unit, submitted_at=late, u3=1)
    SurveyResponseFactory(service_unit=service_unit, submitted_at=late, u9=None)
    SurveyResponseFactory(
        service_unit=service_unit,
        submitted_at=late + datetime.timedelta(hours=1),
        gender="L",
        education="SMA",
    )
    incremental = _snapshot()
    assert [row[1] for row in incremental] == [
        datetime.date(2026, 3, 1),
        datetime.date(2026, 3, 2),
    ]
    assert incremental[0][2:] == (2, 4, 2, 1, 2, 2)
    services.rebuild_daily_totals()
    assert _snapshot() == incremental


def test_a_double_submit_does_not_count_twice_in_the_totals(service_unit):
    answers = {f"U{i}": 4 for i in range(1, 10)}
    profile = {"gender": "P", "age": 30, "education": "S1", "occupation": "PNS"}
    for _ in range(2):
        services.submit_survey_response(
            service_unit=service_unit,
            answers=answers,
            profile=profile,
            token_hash="a" * 64,
        )
    assert SurveyResponse.objects.count() == 1
    assert DailyTotal.objects.get().respondents == 1


def test_daily_totals_agree_with_the_raw_aggregate_for_a_period(service_unit):
    import random

    from feedback import ikm

    rng = random.Random(3)
    tz = timezone.get_current_timezone()
    for day in range(1, 60):
        for _ in range(rng.randint(0, 3)):
            scores = {f"u{i}": rng.choice([1, 2, 3, 4, None]) for i in range(1, 10)}
            SurveyResponseFactory(
                service_unit=service_unit,
                submitted_at=datetime.datetime(2026, 1, 1, 23, 50, tzinfo=tz)
                + datetime.timedelta(days=day),
                **scores,
            )
    start, end = datetime.date(2026, 1, 10), datetime.date(2026, 2, 20)
    raw = SurveyResponse.objects.in_period(start, end).unsur_totals()
    rolled = DailyTotal.objects.in_period(start, end).unsur_totals()
    for key in ["respondents"] + [
        f"{kind}_{code}" for code in ikm.UNSUR_CODES for kind in ("sum", "count")
    ]:
        assert raw[key] == rolled[key], key
