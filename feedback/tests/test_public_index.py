"""The public index a citizen opens from a QR poster: units under their agency and
office, a search box that works without JavaScript, a clear word when nothing fits."""

import re

import pytest
from django.urls import reverse

from feedback.tests.factories import ServiceUnitFactory
from people.tests.factories import WorkUnitFactory
from tests.query_pins import assert_constant_queries

pytestmark = pytest.mark.django_db

INDEX = reverse("feedback:public_index")


@pytest.fixture
def city(org, other_org):
    """Agency A: a health office with two UPTD puskesmas, the civil registry's
    bidang; agency B, a kabupaten, has its own puskesmas."""
    other_org["agency"].name = "Kabupaten Simalungun"
    other_org["agency"].save()
    health = org["unit"]  # "Dinas Kesehatan a", at the top of A's tree
    registry = WorkUnitFactory(agency=org["agency"], name="Dinas Dukcapil a")
    return {
        "kesatria": ServiceUnitFactory(
            work_unit=WorkUnitFactory(
                agency=org["agency"], parent=health, name="UPTD Puskesmas Kesatria"
            ),
            name="Puskesmas Kesatria",
            services="Poli umum\nImunisasi",
        ),
        "bane": ServiceUnitFactory(
            work_unit=WorkUnitFactory(
                agency=org["agency"], parent=health, name="UPTD Puskesmas Bane"
            ),
            name="Puskesmas Bane",
        ),
        "loket": ServiceUnitFactory(
            work_unit=WorkUnitFactory(
                agency=org["agency"],
                parent=registry,
                name="Bidang Pelayanan Pendaftaran Penduduk",
            ),
            name="Loket Dukcapil",
            services="Rekam KTP-el\nKartu Keluarga",
        ),
        "dinkes_counter": ServiceUnitFactory(
            work_unit=health, name="Loket Informasi Dinkes"
        ),
        "other": ServiceUnitFactory(
            work_unit=other_org["unit"], name="Puskesmas Belawan"
        ),
        "closed": ServiceUnitFactory(
            work_unit=health, name="Puskesmas Lama", is_active=False
        ),
    }


def _units(body: str) -> list[str]:
    return re.findall(r'<li data-testid="unit"><strong>([^<]+)</strong>', body)


def _outline(body: str) -> list[str]:
    """Headings and unit names in page order."""
    found = re.findall(
        r'<h2>([^<]+)</h2>|<h3>([^<]+)</h3>|data-testid="unit"><strong>([^<]+)<',
        body,
    )
    return [next(part for part in parts if part) for parts in found]


def test_units_sit_under_their_agency_and_the_office_above_them(client, city):
    body = client.get(INDEX).content.decode()
    assert _outline(body) == [
        "Kabupaten Simalungun",
        "Dinas Kesehatan b",
        "Puskesmas Belawan",
        "Pemerintah a",
        "Dinas Dukcapil a",
        "Loket Dukcapil",
        "Dinas Kesehatan a",
        "Loket Informasi Dinkes",
        "Puskesmas Bane",
        "Puskesmas Kesatria",
    ]
    # The unit's own office is named under it when it is not the heading.
    assert "UPTD Puskesmas Kesatria" in body
    assert "Puskesmas Lama" not in body
    kesatria = city["kesatria"]
    for url in (
        kesatria.get_survey_url(),
        kesatria.get_complaint_url(),
        reverse("feedback:public_results", args=[kesatria.slug]),
    ):
        assert f'href="{url}"' in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("puskesmas", ["Puskesmas Belawan", "Puskesmas Bane", "Puskesmas Kesatria"]),
        ("BANE", ["Puskesmas Bane"]),  # any case
        (
            "kesehatan",  # the office above
            [
                "Puskesmas Belawan",
                "Loket Informasi Dinkes",
                "Puskesmas Bane",
                "Puskesmas Kesatria",
            ],
        ),
        ("  simalungun ", ["Puskesmas Belawan"]),  # the agency, spaces ignored
        ("pendaftaran", ["Loket Dukcapil"]),  # the unit's own office
        ("ktp-el", ["Loket Dukcapil"]),  # a service it offers
        ("kesatria puskesmas", ["Puskesmas Kesatria"]),  # every word, any order
    ],
)
def test_the_search_box_matches_unit_office_parent_and_agency(
    client, city, query, expected
):
    body = client.get(INDEX, {"q": query}).content.decode()
    assert _units(body) == expected
    assert 'data-testid="found"' in body
    assert f"{len(expected)} unit layanan cocok dengan" in body
    assert f'href="{INDEX}"' in body  # back to every unit


def test_a_search_that_finds_nothing_says_so_plainly(client, city):
    body = client.get(INDEX, {"q": "Samsat"}).content.decode()
    assert _units(body) == []
    assert "Tidak ditemukan unit layanan untuk “Samsat”." in body
    assert "Lihat semua unit layanan" in body
    # The box keeps what was typed, so it can be corrected.
    assert 'value="Samsat"' in body


def test_a_closed_unit_is_not_found_by_name(client, city):
    body = client.get(INDEX, {"q": "lama"}).content.decode()
    assert 'data-testid="not-found"' in body


@pytest.mark.parametrize("query", ["x" * 101, "loket\x00"])
def test_bad_input_is_named_at_the_box_and_every_unit_stays_listed(client, city, query):
    response = client.get(INDEX, {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert '<ul class="errors">' in body
    assert len(_units(body)) == 5


def test_the_search_is_a_plain_get_form(client, city):
    body = client.get(INDEX).content.decode()
    form = re.search(r'<form [^>]*role="search"[^>]*>', body).group(0)
    assert 'method="get"' in form
    assert f'action="{INDEX}"' in form
    assert 'type="search" name="q"' in body
    assert "Cari unit layanan" in body


def test_english_visitors_read_the_search_in_english(client, city):
    client.cookies["django_language"] = "en"
    body = client.get(INDEX, {"q": "zzz"}).content.decode()
    assert "No service unit found for “zzz”." in body


def test_the_index_runs_the_same_queries_for_few_or_many_units(client, org, city):
    def grow():
        for n in range(12):
            office = WorkUnitFactory(agency=org["agency"], parent=org["unit"])
            ServiceUnitFactory(work_unit=office, name=f"Puskesmas Pembantu {n}")

    assert_constant_queries(client, INDEX, grow=grow, ceiling=3)


def test_a_search_runs_the_same_queries_for_few_or_many_units(client, org, city):
    def grow():
        for n in range(12):
            ServiceUnitFactory(work_unit=org["unit"], name=f"Puskesmas Keliling {n}")

    assert_constant_queries(client, f"{INDEX}?q=puskesmas", grow=grow, ceiling=3)
