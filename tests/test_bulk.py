"""insert_in_bulk: the demo seeds' and summary rebuilds' bulk insert (COPY on
PostgreSQL) stores what bulk_create would, and hands back the saved objects."""

import datetime

import pytest

from asn_portal.bulk import insert_in_bulk
from people.models import Holiday
from people.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_rows_come_back_saved_with_their_ids_in_order_and_text_intact():
    agency = AgencyFactory()
    names = ["Tahun Baru", "tab\tdi tengah", "baris\nbaru", "garis \\ miring", "Ḥari"]
    holidays = [
        Holiday(agency=agency, date=datetime.date(2026, 1, 1 + i), name=name)
        for i, name in enumerate(names)
    ]

    saved = insert_in_bulk(Holiday, holidays, batch_size=2)

    ids = [holiday.pk for holiday in saved]
    assert ids == sorted(ids)
    assert None not in ids
    stored = list(Holiday.objects.filter(agency=agency).order_by("pk"))
    assert [h.pk for h in stored] == ids
    assert [h.name for h in stored] == names
    assert [h.date.day for h in stored] == [1, 2, 3, 4, 5]
    assert all(h.created_at is not None for h in stored)


def test_an_object_related_before_it_was_saved_is_linked_by_its_new_id():
    agency = AgencyFactory.build()
    holiday = Holiday(agency=agency, date=datetime.date(2026, 8, 17), name="HUT RI")
    agency.save()  # saved after the holiday was given it, as the seeds do

    insert_in_bulk(Holiday, [holiday])

    assert Holiday.objects.get(pk=holiday.pk).agency == agency


def test_nothing_to_insert_is_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_in_bulk(Holiday, []) == []
