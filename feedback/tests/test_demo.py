import random

import pytest
from django.db.models import Sum

from feedback import demo
from feedback.models import Complaint, DailyTotal, ServiceUnit, SurveyResponse

pytestmark = pytest.mark.django_db


def test_demo_seed_for_the_agencies_of_seed_demo(org, other_org):
    agencies = [org["agency"], other_org["agency"]]
    demo.seed(agencies=agencies, size="small", rng=random.Random(1))
    assert ServiceUnit.objects.count() == 2 * len(demo.UNITS)
    assert SurveyResponse.objects.count() == demo.SIZES["small"]
    assert (
        DailyTotal.objects.aggregate(n=Sum("respondents"))["n"] == (demo.SIZES["small"])
    )
    assert set(Complaint.objects.values_list("status", flat=True)) == {
        "baru",
        "verifikasi",
        "ditugaskan",
        "dijawab",
        "selesai",
    }
    # Every unit sits under a work unit of its own agency.
    for unit in ServiceUnit.objects.select_related("work_unit"):
        assert unit.slug.startswith(unit.work_unit.agency.code)
    demo.seed(agencies=agencies, size="small", rng=random.Random(1))
    assert SurveyResponse.objects.count() == demo.SIZES["small"]
