import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from people.models import Employee, WorkUnit
from people.tests.factories import AgencyFactory, EmployeeFactory, WorkUnitFactory

pytestmark = pytest.mark.django_db


def test_birth_date_and_gender_come_from_the_nip():
    employee = EmployeeFactory(nip="196502222007011005")
    assert str(employee.birth_date) == "1965-02-22"
    assert employee.gender == Employee.Gender.MALE


def test_unit_subtree_follows_moves():
    agency = AgencyFactory()
    dinas = WorkUnitFactory(agency=agency)
    bidang = WorkUnitFactory(agency=agency, parent=dinas)
    seksi = WorkUnitFactory(agency=agency, parent=bidang)
    assert set(WorkUnit.objects.subtree_of(dinas)) == {dinas, bidang, seksi}
    other = WorkUnitFactory(agency=agency)
    bidang.parent = other
    bidang.save()
    assert set(WorkUnit.objects.subtree_of(other)) == {other, bidang, seksi}
    assert set(WorkUnit.objects.subtree_of(dinas)) == {dinas}


def test_supervisor_from_another_agency_is_refused():
    boss = EmployeeFactory()
    employee = EmployeeFactory.build(
        agency=AgencyFactory(), unit=None, supervisor=boss, user=None
    )
    employee.unit = WorkUnitFactory(agency=employee.agency)
    with pytest.raises(ValidationError) as error:
        employee.clean()
    assert "supervisor" in error.value.message_dict


def test_nobody_is_their_own_supervisor_in_the_database():
    employee = EmployeeFactory()
    employee.supervisor_id = employee.pk
    with pytest.raises(IntegrityError):
        employee.save()
