import pytest

from evaluations.tests.factories import make_period
from people.tests.factories import EmployeeFactory, UserFactory


@pytest.fixture
def period(org):
    """An open quarterly period of agency A."""
    return make_period(org["agency"])


@pytest.fixture
def head(org):
    """The supervisor's own supervisor: decides objections."""
    head = EmployeeFactory(
        agency=org["agency"],
        unit=org["unit"],
        user=UserFactory(username="a-head"),
        jabatan_type="administrator",
        jabatan_name="Kepala Bidang",
    )
    supervisor = org["supervisor"]
    supervisor.supervisor = head
    supervisor.save()
    return head
