import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from people.tests.factories import AgencyFactory
from training.models import (
    Attendance,
    DevelopmentForm,
    DevelopmentPlan,
    Enrolment,
    OutsideLearning,
    Partner,
    Program,
    SessionDay,
    TrainingNeed,
    TrainingSession,
)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    agency = factory.SubFactory(AgencyFactory)
    title = factory.Sequence(lambda n: f"Pelatihan Teknis {n}")
    form = DevelopmentForm.TECHNICAL
    competency_area = "Pelayanan publik"
    provider = "BPSDM Provinsi Sumatera Utara"
    jp = Decimal("24")


class SessionFactory(factory.django.DjangoModelFactory):
    """A session of `days` consecutive meeting days from `start_date`."""

    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Angkatan {n}")
    # Tomorrow: open for applications, not yet over (complete with `past_session_for`).
    start_date = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=1)
    )
    end_date = factory.LazyAttribute(lambda s: s.start_date + datetime.timedelta(2))
    venue = "Aula BKPSDM"
    capacity = 30
    status = TrainingSession.Status.OPEN

    @factory.post_generation
    def days(self, create, extracted, **kwargs):
        if not create:
            return
        count = (self.end_date - self.start_date).days + 1
        SessionDay.objects.bulk_create(
            SessionDay(session=self, date=self.start_date + datetime.timedelta(i))
            for i in range(count)
        )


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(SessionFactory)
    employee = None
    unit = factory.LazyAttribute(lambda e: e.employee.unit)
    status = Enrolment.Status.CONFIRMED


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Universitas Contoh {n}")
    kind = Partner.Kind.UNIVERSITY


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentPlan

    agency = factory.SubFactory(AgencyFactory)
    year = 2027
    title = factory.LazyAttribute(lambda p: f"Rencana Pengembangan Kompetensi {p.year}")


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingNeed

    agency = factory.LazyAttribute(lambda n: n.proposed_by.agency)
    unit = factory.LazyAttribute(lambda n: n.proposed_by.unit)
    proposed_by = None
    year = 2027
    competency = "Pengelolaan keuangan daerah"
    target_group = "Bendahara"
    participants = 10
    reason = "Temuan audit BPK"


def session_for(org, **kwargs) -> TrainingSession:
    return SessionFactory(program__agency=org["agency"], **kwargs)


def past_session_for(org, **kwargs) -> TrainingSession:
    """A three-day session that ended yesterday: ready to be completed."""
    start = timezone.localdate() - datetime.timedelta(days=3)
    return session_for(org, start_date=start, **kwargs)


class FinishedSessionFactory(factory.django.DjangoModelFactory):
    """A session that ended two days after it began, three days ago; no meeting days
    (`attended` adds the one it needs)."""

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


def finished_session(agency, *, ended_days_ago: int = 0, **kwargs) -> TrainingSession:
    end = timezone.localdate() - datetime.timedelta(days=ended_days_ago)
    return FinishedSessionFactory(
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


CERTIFICATE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def outside_learning(employee, **kwargs) -> OutsideLearning:
    """A submitted record of learning outside the portal, with its certificate."""
    from django.core.files.base import ContentFile

    today = timezone.localdate()
    values = {
        "form": "seminar",
        "title": "Webinar Pelayanan Publik Digital",
        "organizer": "Universitas Sumatera Utara",
        "start_date": today - datetime.timedelta(days=3),
        "end_date": today - datetime.timedelta(days=3),
        "hours": Decimal("3"),
        **kwargs,
    }
    item = OutsideLearning(employee=employee, **values)
    item.certificate.save("sertifikat.pdf", ContentFile(CERTIFICATE_PDF), save=False)
    item.save()
    return item
