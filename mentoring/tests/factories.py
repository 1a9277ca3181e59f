import datetime

import factory
from django.utils import timezone

from mentoring import services
from mentoring.models import CompetencyArea, MentorProfile, Program
from people.tests.factories import AgencyFactory


class CompetencyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyArea
        django_get_or_create = ["agency", "name"]

    agency = factory.SubFactory(AgencyFactory)
    name = "Pengelolaan Keuangan Daerah"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ["agency", "name"]

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Program Mentoring {n}")
    goals = "Membimbing ASN baru."
    # Around today, so sessions "today" are always inside the period.
    start_date = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=180)
    )
    end_date = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=180)
    )


def make_mentor(employee, *, capacity=3, areas=()):
    """A mentor profile set by HR (service call, as in the product)."""
    return services.save_mentor_profile(
        employee=employee, capacity=capacity, competency_areas=list(areas)
    )


def make_pair(*, mentor, mentee, program=None, capacity=3, **kwargs):
    """An active pair; gives the mentor a profile when they have none."""
    if not MentorProfile.objects.filter(employee=mentor).exists():
        make_mentor(mentor, capacity=capacity)
    program = program or ProgramFactory(agency=mentor.agency, name="Orientasi CPNS")
    kwargs.setdefault("start_date", program.start_date)
    kwargs.setdefault("end_date", program.end_date)
    return services.create_pair(program=program, mentor=mentor, mentee=mentee, **kwargs)
