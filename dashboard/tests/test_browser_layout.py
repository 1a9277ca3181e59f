"""The leader dashboard reads at a glance: two charts per row on a wide screen, one
on a phone, each table folded under its chart, and on paper no navigation, every
section and table unfolded."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from people.tests.factories import EmployeeFactory
from tests.browser import log_in
from training.models import DevelopmentForm
from training.services.ledger import credit_jp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The development panel draws two charts: compliance per unit and JP by form.
PANEL = "#panel-kompetensi"


@pytest.fixture
def leader_dashboard(org, demo_password):
    for i in range(3):
        credit_jp(
            employee=EmployeeFactory(agency=org["agency"], unit=org["unit"], user=None),
            jp=Decimal(6 * (i + 1)),
            form=DevelopmentForm.E_LEARNING,
            source_key=f"layout:{i}",
            on_date=timezone.localdate().replace(month=1, day=12),
            description="E-learning",
        )

    def open_on(page):
        log_in(page, org["leader"].user.username, demo_password)
        page.goto("/dasbor/")
        # A phone folds every section but the first; open them all to measure.
        page.evaluate(
            "document.querySelectorAll('details.dashboard-section')"
            ".forEach(d => d.open = true)"
        )
        figures = page.locator(f"{PANEL} [data-testid=chart-figure]")
        expect(figures).to_have_count(2)
        return figures

    return open_on


def _boxes(figures):
    return [figure.locator("canvas").bounding_box() for figure in figures.all()]


def _assert_tables_fold_and_print_open(page):
    tables = page.locator("[data-testid=chart-table]")
    assert tables.count() >= 4
    assert page.locator("[data-testid=chart-table][open]").count() == 0
    first_table = tables.first.locator("table")
    expect(first_table).to_be_hidden()

    page.emulate_media(media="print")
    for i in range(tables.count()):
        expect(tables.nth(i).locator("table")).to_be_visible()
    expect(page.locator(".navbar")).to_be_hidden()
    expect(page.get_by_test_id("section-menu")).to_be_hidden()
    expect(page.get_by_test_id("dashboard-filter")).to_be_hidden()
    page.emulate_media(media="screen")
    expect(first_table).to_be_hidden()


def test_two_charts_side_by_side_on_a_wide_screen(browser_page, leader_dashboard):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    figures = leader_dashboard(page)
    left, right = _boxes(figures)
    assert abs(left["y"] - right["y"]) < 2, "on one row"
    assert right["x"] >= left["x"] + left["width"]
    assert 450 < left["width"] < 640, "half the content width each"
    _assert_tables_fold_and_print_open(page)


def test_one_chart_per_row_on_a_phone(touch_phone_page, leader_dashboard):
    page = touch_phone_page
    figures = leader_dashboard(page)
    top, below = _boxes(figures)
    assert below["y"] >= top["y"] + top["height"], "stacked"
    assert top["width"] > 300, "the screen's width"
    assert abs(top["x"] - below["x"]) < 2
    # A folded table opens from its summary, a tap target of its own.
    summary = page.locator(f"{PANEL} [data-testid=chart-table] summary").first
    assert summary.bounding_box()["height"] >= 44
    summary.tap()
    expect(
        page.locator(f"{PANEL} [data-testid=chart-table] table").first
    ).to_be_visible()
    page.locator(f"{PANEL} [data-testid=chart-table] summary").first.tap()
    _assert_tables_fold_and_print_open(page)
