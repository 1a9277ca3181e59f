"""The busy pages run the same number of queries however many responses exist."""

import pytest
from django.urls import reverse

from feedback.models import SurveyResponse
from feedback.services import record_daily_totals
from feedback.tests.factories import ServiceUnitFactory, SurveyResponseFactory
from tests.query_pins import assert_constant_queries

pytestmark = pytest.mark.django_db


def _grow(units, per_unit):
    def grow():
        objects = []
        for unit in units:
            template = SurveyResponseFactory.build(service_unit=unit)
            for i in range(per_unit):
                objects.append(
                    SurveyResponse(
                        **{
                            f.attname: getattr(template, f.attname)
                            for f in SurveyResponse._meta.concrete_fields
                            if f.attname != "id"
                        }
                        | {"u3": 1 + i % 4}
                    )
                )
        SurveyResponse.objects.bulk_create(objects)
        record_daily_totals(objects)

    return grow


def test_unit_report_queries_do_not_grow(login, org, service_unit):
    SurveyResponseFactory(service_unit=service_unit)
    client = login(org["hr"])
    url = reverse("feedback:unit_report", args=[service_unit.pk])
    assert_constant_queries(client, url, grow=_grow([service_unit], 500), ceiling=14)


def test_all_units_table_queries_do_not_grow_with_units_or_rows(
    login, org, service_unit
):
    units = [service_unit] + [
        ServiceUnitFactory(work_unit=org["unit"]) for _ in range(3)
    ]
    client = login(org["hr"])
    url = reverse("feedback:unit_list")

    def grow():
        more = [ServiceUnitFactory(work_unit=org["unit"]) for _ in range(5)]
        _grow(units + more, 200)()

    assert_constant_queries(client, url, grow=grow, ceiling=16)


def test_complaint_list_queries_do_not_grow(login, org, service_unit):
    from feedback.tests.factories import ComplaintFactory

    ComplaintFactory(service_unit=service_unit, assigned_to=org["member"])
    client = login(org["hr"])
    url = reverse("feedback:complaint_list")

    def grow():
        for _ in range(20):
            ComplaintFactory(service_unit=service_unit, assigned_to=org["member"])

    assert_constant_queries(client, url, grow=grow, ceiling=14)
