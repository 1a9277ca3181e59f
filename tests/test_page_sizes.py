"""The HTML of the lists HR works from does not grow with the agency (issue #13: at
most 300 KB per page at 20,000 ASN, measured by `make bench`): each page is rendered
with a full first page of employees and again with a few hundred more, and must stay
within a byte per added employee of its first size (a row would cost hundreds)."""

import pytest
from django.urls import reverse

from people.tests.factories import EmployeeFactory
from training.tests.factories import EnrolmentFactory, session_for

MAX_PAGE_BYTES = 300 * 1024
FIRST = 60  # more than a page of 50: every list starts full
GROWTH = 150  # employees added between the two renderings (three pages more)

pytestmark = pytest.mark.django_db


def _grow(org, session, count, *, first=0):
    # Names of one length: which employees a first page shows changes as the list
    # grows, and random names would change its size by their lengths alone.
    for number in range(first, first + count):
        employee = EmployeeFactory(
            agency=org["agency"],
            unit=org["unit"],
            email="",
            user=None,
            name=f"Pegawai Uji {number:05d}",
        )
        EnrolmentFactory(session=session, employee=employee)


def test_the_heaviest_hr_lists_keep_their_size_as_the_agency_grows(client, org):
    session = session_for(org, capacity=1000)
    _grow(org, session, FIRST)
    pages = {
        "employee list": reverse("people:employee_list"),
        "employee list, searched": reverse("people:employee_list") + "?q=a",
        "JP below target": reverse("training:jp_below_target"),
        "accounts": reverse("people:accounts"),
        "session detail": reverse("training:session_detail", args=[session.pk]),
        "SKP overview": reverse("evaluations:overview"),
        "talent box": reverse("evaluations:talent_grid"),
        "unit tree": reverse("people:unit_list"),
    }
    client.force_login(org["hr"].user)

    def sizes():
        measured = {}
        for page, url in pages.items():
            response = client.get(url)
            assert response.status_code == 200, page
            assert b'id="main"' in response.content, page
            measured[page] = len(response.content)
        return measured

    before = sizes()
    _grow(org, session, GROWTH, first=FIRST)
    after = sizes()
    for page in pages:
        assert after[page] < MAX_PAGE_BYTES, (page, after[page])
        # Counts and page links may lengthen by a few digits, never by a row.
        assert after[page] - before[page] < GROWTH, (page, before[page], after[page])
