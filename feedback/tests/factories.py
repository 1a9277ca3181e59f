import datetime

import factory
from django.utils import timezone

from feedback.models import Complaint, ServiceUnit, SurveyResponse
from people.tests.factories import WorkUnitFactory


class ServiceUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceUnit
        skip_postgeneration_save = True

    work_unit = factory.SubFactory(WorkUnitFactory)
    name = factory.Sequence(lambda n: f"Loket Pelayanan {n}")
    slug = factory.Sequence(lambda n: f"loket-{n}")
    service_users_per_year = 300


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    service_unit = factory.SubFactory(ServiceUnitFactory)
    submitted_at = factory.LazyFunction(timezone.now)
    u1 = u2 = u3 = u4 = u5 = u6 = u7 = u8 = u9 = 3
    gender = "P"
    age = 35
    education = "S1"
    occupation = "SWASTA"
    service_name = "Rekam KTP-el"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Saved like the product saves: the daily totals follow."""
        from feedback.services import record_daily_totals

        response = super()._create(model_class, *args, **kwargs)
        record_daily_totals([response])
        return response


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    service_unit = factory.SubFactory(ServiceUnitFactory)
    description = "Antrean sangat lama dan petugas tidak ada di loket."
    tracking_hash = factory.Sequence(lambda n: f"{n:064d}")
    submitted_at = factory.LazyFunction(timezone.now)
    due_date = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=7)
    )
