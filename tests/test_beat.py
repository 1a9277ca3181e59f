"""The beat lease (asn_portal/beat.py): one holder at a time, renewed by its holder,
taken over only once it has expired."""

import datetime

import pytest

from asn_portal.beat import claim_lease
from people.models import Lease

pytestmark = pytest.mark.django_db
T0 = datetime.datetime(2026, 12, 7, 1, 0, 0, tzinfo=datetime.UTC)


def _at(seconds: int) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=seconds)


def test_one_holder_at_a_time_until_it_stops_renewing():
    assert claim_lease("beat", "web-1", seconds=30, now=_at(0))
    assert not claim_lease("beat", "web-2", seconds=30, now=_at(1))
    # The holder renews at 10 s: held until 40 s.
    assert claim_lease("beat", "web-1", seconds=30, now=_at(10))
    assert not claim_lease("beat", "web-2", seconds=30, now=_at(35))
    assert Lease.objects.get(name="beat").holder == "web-1"
    # Not renewed after 10 s: another takes it over once 40 s have passed...
    assert claim_lease("beat", "web-2", seconds=30, now=_at(41))
    # ...and the old holder, back again, stands by.
    assert not claim_lease("beat", "web-1", seconds=30, now=_at(42))
    lease = Lease.objects.get(name="beat")
    assert (lease.holder, lease.expires_at) == ("web-2", _at(71))


def test_leases_of_other_names_are_independent():
    assert claim_lease("beat", "web-1", seconds=30, now=_at(0))
    assert claim_lease("other", "web-2", seconds=30, now=_at(0))
    assert Lease.objects.count() == 2
