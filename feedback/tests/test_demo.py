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


def test_demo_counters_sit_under_the_offices_that_run_them(org, other_org):
    """A city's puskesmas under its UPTD, a kecamatan's PATEN under its Seksi
    Pelayanan Umum and each kantor lurah under its kelurahan."""
    from people.models import WorkUnit
    from people.tests.factories import WorkUnitFactory

    city, kecamatan = org["agency"], other_org["agency"]
    health = WorkUnitFactory(agency=city, name="Dinas Kesehatan")
    uptd = WorkUnitFactory(agency=city, parent=health, name="UPTD Puskesmas Kesatria")
    WorkUnitFactory(agency=city, name="Dinas Perhubungan")
    for name in ("Seksi Pelayanan Umum", "Kelurahan Belawan I", "Kelurahan Bagan Deli"):
        WorkUnitFactory(agency=kecamatan, name=name)

    demo.ensure_units(city, slug_prefix="a-")
    demo.ensure_units(kecamatan, slug_prefix="b-")
    office = dict(ServiceUnit.objects.values_list("name", "work_unit__name"))
    assert office["Puskesmas Kesatria"] == uptd.name
    assert office["Puskesmas Bane"] == "Dinas Kesehatan"
    assert office["Uji KIR Kendaraan"] == "Dinas Perhubungan"
    assert office["PATEN Kecamatan"] == "Seksi Pelayanan Umum"
    assert office["Kantor Lurah Belawan I"] == "Kelurahan Belawan I"
    assert office["Kantor Lurah Bagan Deli"] == "Kelurahan Bagan Deli"
    assert not ServiceUnit.objects.filter(
        work_unit__agency=kecamatan, name__startswith="Mal"
    ).exists()
    assert WorkUnit.objects.filter(agency=kecamatan).count() >= 3
