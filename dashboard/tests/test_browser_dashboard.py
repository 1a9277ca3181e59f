from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from asn_portal.celery import app as celery_app
from dashboard.models import Report
from people.tests.factories import EmployeeFactory, WorkUnitFactory
from tests.browser import log_in
from training.models import DevelopmentForm
from training.services.ledger import credit_jp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def eager_celery(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # The app reads Django settings under the CELERY_ namespace, so override that key.
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = True
    yield
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = False


def test_leader_filters_drills_down_and_downloads_a_report(
    browser_page, org, demo_password, eager_celery
):
    page = browser_page
    seksi = WorkUnitFactory(agency=org["agency"], parent=org["unit"], code="SEKSI-1")
    for i in range(3):
        employee = EmployeeFactory(agency=org["agency"], unit=seksi, user=None)
        credit_jp(
            employee=employee,
            jp=Decimal(10 * (i + 1)),
            form=DevelopmentForm.E_LEARNING,
            source_key=f"demo:{i}",
            on_date=timezone.localdate().replace(month=1, day=15),
            description="E-learning",
        )
    log_in(page, org["leader"].user.username, demo_password)
    page.get_by_test_id("menu-pimpinan").click()
    page.get_by_role("link", name="Dasbor pimpinan", exact=True).click()
    # The click starts a navigation: count the panels once the new page shows its first.
    expect(page.locator("[data-testid=panel]").first).to_be_visible()
    assert page.locator("[data-testid=panel]").count() >= 2
    assert page.locator("canvas[data-chart]").count() >= 2

    page.select_option("#id_unit", str(org["unit"].pk))
    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator("[data-testid=scope-label]")).to_contain_text(org["unit"].name)

    # The table is folded under its chart; its summary unfolds it.
    page.locator("#panel-pegawai [data-testid=chart-table] summary").first.click()
    page.locator("#panel-pegawai table a", has_text=seksi.name).click()
    expect(page.locator("select[name=unit] option:checked")).to_contain_text(seksi.name)
    expect(page.locator("tbody tr")).to_have_count(3)

    log_in(page, org["hr"].user.username, demo_password)
    page.goto("/dasbor/laporan/")
    page.select_option("#id_kind", "bulanan")
    page.fill("#id_number", "1")
    page.get_by_role("button", name="Buat laporan").click()
    expect(page.locator("[data-testid=report-status]")).to_contain_text("Selesai")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh Excel").click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(2) == b"PK"
    assert Report.objects.count() == 1
