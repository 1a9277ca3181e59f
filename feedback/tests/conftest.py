import pytest

from feedback.tests.factories import ServiceUnitFactory
from people.tests.factories import EmployeeFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def service_unit(org):
    """A service unit of agency A with one staff member and a head."""
    unit = ServiceUnitFactory(
        work_unit=org["unit"],
        name="Loket Dukcapil",
        slug="loket-dukcapil",
        services="Rekam KTP-el\nAkta kelahiran",
    )
    staff = EmployeeFactory(
        agency=org["agency"],
        unit=org["unit"],
        user=UserFactory(username="a-petugas"),
        name="Petugas Loket",
    )
    head = EmployeeFactory(
        agency=org["agency"],
        unit=org["unit"],
        user=UserFactory(username="a-kepala"),
        name="Kepala Loket",
    )
    unit.staff.add(staff)
    unit.head = head
    unit.save()
    org["unit_staff"] = staff
    org["unit_head"] = head
    org["service_unit"] = unit
    return unit


@pytest.fixture
def other_service_unit(other_org):
    return ServiceUnitFactory(
        work_unit=other_org["unit"], name="Loket B", slug="loket-b"
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
