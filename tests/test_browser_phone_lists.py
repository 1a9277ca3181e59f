"""On a 390×844 phone the leader dashboard has a section menu and folded sections,
and the main lists (sessions, approvals, below target, complaints) are cards: no
sideways scrolling, no tap target under 44 px."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from feedback.tests.factories import ComplaintFactory, ServiceUnitFactory
from people.tests.factories import EmployeeFactory
from tests.browser import assert_fits_a_phone, log_in
from training.models import DevelopmentForm, Enrolment
from training.services.ledger import credit_jp
from training.tests.factories import EnrolmentFactory, session_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = "Pelatihan Kepemimpinan Pengawas Angkatan Kedua Belas Tahun Anggaran"


def assert_rows_are_cards(page, table_test_id: str) -> None:
    table = page.get_by_test_id(table_test_id)
    header = table.locator("thead").bounding_box()
    assert header["height"] <= 1  # kept for screen readers only
    first_row = table.locator("tbody tr").first.bounding_box()
    assert first_row["width"] <= 390
    labelled = table.locator("tbody td[data-label]").first
    label = labelled.evaluate("td => getComputedStyle(td, '::before').content")
    assert label.strip('"') == labelled.get_attribute("data-label")


def test_leader_dashboard_on_a_phone_has_a_section_menu_and_folded_sections(
    touch_phone_page, org, demo_password
):
    for i in range(3):
        credit_jp(
            employee=EmployeeFactory(agency=org["agency"], unit=org["unit"], user=None),
            jp=Decimal(5 * (i + 1)),
            form=DevelopmentForm.E_LEARNING,
            source_key=f"phone:{i}",
            on_date=timezone.localdate().replace(month=1, day=10),
            description="E-learning",
        )
    page = touch_phone_page
    log_in(page, org["leader"].user.username, demo_password)
    page.goto("/dasbor/")
    menu = page.get_by_test_id("section-menu")
    expect(menu).to_be_in_viewport()
    sections = page.get_by_test_id("panel")
    assert sections.count() >= 3
    expect(sections.first).to_have_attribute("open", "")
    expect(sections.nth(2)).not_to_have_attribute("open", "")
    assert_fits_a_phone(page)

    target = sections.nth(2)
    menu.get_by_role("link").nth(2).tap()
    expect(target).to_have_attribute("open", "")
    expect(target.locator(".card-body")).to_be_in_viewport()
    # A section opens from its title too (its own summary, not a folded table's).
    sections.nth(1).locator(":scope > summary").tap()
    expect(sections.nth(1)).to_have_attribute("open", "")

    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert_fits_a_phone(page)


def test_hr_lists_are_cards_on_a_phone(touch_phone_page, org, demo_password):
    for i in range(3):
        session = session_for(org, name=f"{LONG_NAME} {i}")
    EnrolmentFactory(
        session=session,
        employee=org["outsider"],
        status=Enrolment.Status.SUPERVISOR_APPROVED,
    )
    ComplaintFactory(
        service_unit=ServiceUnitFactory(work_unit=org["unit"], name="Loket Terpadu"),
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    page = touch_phone_page
    log_in(page, org["hr"].user.username, demo_password)
    for url, table in [
        ("/pelatihan/sesi/", "session-table"),
        ("/pelatihan/sesi/?menunggu=1", "session-table"),
        ("/pelatihan/jp/di-bawah-target/", "below-target"),
        ("/layanan-publik/kelola/pengaduan/", "complaint-table"),
    ]:
        page.goto(url)
        assert_rows_are_cards(page, table)
        assert_fits_a_phone(page)


def test_supervisor_approvals_are_cards_on_a_phone(
    touch_phone_page, org, demo_password
):
    EnrolmentFactory(
        session=session_for(org, name=LONG_NAME),
        employee=org["member"],
        status=Enrolment.Status.APPLIED,
    )
    page = touch_phone_page
    log_in(page, org["supervisor"].user.username, demo_password)
    page.goto("/pelatihan/persetujuan/")
    assert_rows_are_cards(page, "pending-approvals")
    assert_fits_a_phone(page)
    page.get_by_role("button", name="Setujui", exact=True).tap()
    expect(page.get_by_test_id("pending-approvals")).to_contain_text(
        "Tidak ada pendaftaran"
    )
