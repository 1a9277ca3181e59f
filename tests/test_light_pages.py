"""Pages people open from a QR code or a link (the public survey and complaint pages,
the login and password pages, the certificate check) fit a slow phone: the page and
everything it loads, compressed as the server sends it, is at most 100 KiB on a
first visit, with no framework CSS, icon font or framework script."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from feedback.tests.factories import ServiceUnitFactory
from training.models import Enrolment
from training.services import delivery
from training.tests.factories import attended, finished_session

MAX_FIRST_VISIT = 100 * 1024
ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')

pytestmark = pytest.mark.django_db


def first_visit(client, url: str) -> tuple[int, list[str]]:
    """Compressed bytes of the page and its stylesheets and scripts (whitenoise
    serves them compressed), and the assets' names."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content
    assert b'id="main"' in html, url
    assets = ASSET.findall(html.decode())
    total = len(gzip.compress(html))
    for asset in assets:
        path = finders.find(asset.removeprefix("/static/"))
        assert path, asset
        with open(path, "rb") as handle:
            total += len(gzip.compress(handle.read()))
    return total, assets


@pytest.fixture
def light_pages(org):
    unit = ServiceUnitFactory(work_unit=org["unit"])
    session = finished_session(org["agency"])
    enrolment = attended(session, org["member"], status=Enrolment.Status.COMPLETED)
    certificate = delivery.issue_certificate(enrolment=enrolment)
    return {
        "login": reverse("login"),
        "forgotten password": reverse("password_reset"),
        "reset link sent": reverse("password_reset_done"),
        "password saved": reverse("password_reset_complete"),
        "certificate check": reverse(
            "training:certificate_verify_code", args=[certificate.code]
        ),
        "public index": reverse("feedback:public_index"),
        "survey": reverse("feedback:survey", args=[unit.slug]),
        "complaint": reverse("feedback:complaint_new", args=[unit.slug]),
        "tracking": reverse("feedback:track"),
    }


def test_pages_opened_from_a_qr_or_a_link_load_at_most_100_kib(client, light_pages):
    for page, url in light_pages.items():
        size, assets = first_visit(client, url)
        assert size <= MAX_FIRST_VISIT, (page, size)
        assert not any("bootstrap" in asset for asset in assets), (page, assets)
        assert len(assets) <= 2, (page, assets)


def test_the_login_page_offers_the_public_their_links(client):
    page = client.get(reverse("login")).content.decode()
    for url in (
        reverse("feedback:public_index"),
        reverse("feedback:track"),
        reverse("training:certificate_verify"),
    ):
        assert f'href="{url}"' in page


def test_a_failed_login_names_the_problem_and_keeps_the_username(client, org):
    response = client.post(
        reverse("login"), {"username": org["member"].user.username, "password": "x"}
    )
    page = response.content.decode()
    assert "sandi yang benar" in page
    assert f'value="{org["member"].user.username}"' in page
