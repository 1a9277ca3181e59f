"""Factories for the catalogue models the delivery tests need, plus delivery helpers.
(The core helper may write its own catalogue factories; the lead keeps one set.)"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from training.models import (
    Attendance,
    DevelopmentForm,
    Enrolment,
    Program,
    SessionDay,
    TrainingSession,
)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    agency = factory.SubFactory("people.tests.factories.AgencyFactory")
    title = factory.Sequence(lambda n: f"Pelatihan Pelayanan Prima {n}")
    form = DevelopmentForm.TECHNICAL
    competency_area = "Pelayanan publik"
    jp = Decimal("24")


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Angkatan {n}")
    start_date = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=3)
    )
    end_date = factory.LazyAttribute(
        lambda s: s.start_date + datetime.timedelta(days=2)
    )
    capacity = 30
    status = TrainingSession.Status.FINISHED


class SessionDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionDay

    session = factory.SubFactory(TrainingSessionFactory)
    date = factory.LazyAttribute(lambda d: d.session.start_date)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(TrainingSessionFactory)
    employee = factory.SubFactory("people.tests.factories.EmployeeFactory")
    unit = factory.LazyAttribute(lambda e: e.employee.unit)
    status = Enrolment.Status.CONFIRMED


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    enrolment = factory.SubFactory(EnrolmentFactory)
    day = factory.SubFactory(
        SessionDayFactory, session=factory.SelfAttribute("..enrolment.session")
    )
    present = True


def finished_session(agency, *, ended_days_ago: int = 0, **kwargs) -> TrainingSession:
    end = timezone.localdate() - datetime.timedelta(days=ended_days_ago)
    return TrainingSessionFactory(
        program=kwargs.pop("program", None) or ProgramFactory(agency=agency),
        start_date=end - datetime.timedelta(days=2),
        end_date=end,
        **kwargs,
    )


def attended(session, employee, *, status=Enrolment.Status.CONFIRMED) -> Enrolment:
    """An enrolment with one day present."""
    enrolment = EnrolmentFactory(session=session, employee=employee, status=status)
    day, _created = SessionDay.objects.get_or_create(
        session=session, date=session.start_date
    )
    Attendance.objects.create(enrolment=enrolment, day=day, present=True)
    return enrolment
