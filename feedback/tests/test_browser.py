"""The public on a phone: answer the survey, file and track a complaint; unit staff
answer it; the public then reads the answer with the code alone."""

import pytest
from playwright.sync_api import expect

from feedback import ikm
from feedback.models import Complaint, SurveyResponse
from feedback.tests.factories import ServiceUnitFactory
from notifications import services as outbox
from people.tests.factories import WorkUnitFactory
from tests.browser import assert_fits_a_phone, assert_shows, log_in, watch_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_answers_the_survey_on_a_phone(touch_phone_page, service_unit):
    page = touch_phone_page
    page.goto(service_unit.get_survey_url())
    expect(page.locator("h1")).to_have_text("Survei Kepuasan Masyarakat")
    assert_fits_a_phone(page)
    # The radios are big enough to tap.
    box = page.locator("#fs-U1 label").first.bounding_box()
    assert box["height"] >= 44
    page.get_by_text("Perempuan", exact=True).click()
    page.fill("input[name=age]", "52")
    page.select_option("select[name=education]", "SMA")
    page.select_option("select[name=occupation]", "WIRAUSAHA")
    page.select_option("select[name=service_name]", "Akta kelahiran")
    for code in ikm.UNSUR_CODES:
        page.check(f"input[name={code}][value='4']")
    page.check("input[name=U3][value='2']")
    page.fill("textarea[name=suggestion]", "Ruang tunggu panas")
    page.get_by_role("button", name="Kirim survei").click()
    page.wait_for_url("**/terima-kasih/")
    assert_shows(page, "Terima kasih")
    stored = SurveyResponse.objects.get()
    assert (stored.u3, stored.u4, stored.gender, stored.age) == (2, 4, "P", 52)


def test_complaint_filed_tracked_answered_and_read_back(
    phone_page, chromium_browser, live_server, service_unit, org, demo_password
):
    page = phone_page
    page.goto(service_unit.get_complaint_url())
    page.get_by_text("Pengaduan", exact=True).click()
    page.fill(
        "textarea[name=description]", "Loket tutup jam 11 padahal jadwal sampai jam 15."
    )
    page.fill("input[name=contact_phone]", "081299998888")
    page.fill("input[name=contact_email]", "warga@example.com")
    page.get_by_role("button", name="Kirim pengaduan").click()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert len(code) == 14

    page.goto("/layanan-publik/lacak/")
    page.fill("input[name=code]", code)
    page.get_by_role("button", name="Lihat status").click()
    expect(page.get_by_test_id("status")).to_have_text("Diterima")
    assert "081299998888" not in page.content()

    # Unit staff, on a desktop browser, verify and answer it.
    staff_context = chromium_browser.new_context(
        locale="id-ID", base_url=live_server.url
    )
    checks = watch_pages(staff_context)
    staff = staff_context.new_page()
    log_in(staff, org["unit_staff"].user.username, demo_password)
    staff.goto("/layanan-publik/kelola/pengaduan/")
    staff.get_by_role("link", name=Complaint.objects.get().reference).click()
    staff.get_by_text("Valid, diproses").click()
    staff.get_by_role("button", name="Simpan verifikasi").click()
    staff.fill(
        "textarea[name=answer]",
        "Mulai 1 Desember loket buka sampai jam 15 setiap hari.",
    )
    staff.get_by_role("button", name="Kirim jawaban").click()
    expect(staff.get_by_test_id("status")).to_have_text("Dijawab")
    checks.assert_passed(staff_context)
    staff_context.close()

    page.goto("/layanan-publik/lacak/")
    page.fill("input[name=code]", code)
    page.get_by_role("button", name="Lihat status").click()
    expect(page.get_by_test_id("status")).to_have_text("Dijawab")
    expect(page.get_by_test_id("answer")).to_contain_text("buka sampai jam 15")
    expect(page.get_by_test_id("notice")).to_contain_text("sedang dikirim")
    # The outbox's next run sends it; the page then says when.
    outbox.deliver_pending_emails()
    page.reload()
    expect(page.get_by_test_id("notice")).to_contain_text("sudah dikirim")


def test_a_survey_sent_with_an_answer_missing_says_which_and_keeps_the_rest(
    touch_phone_page, service_unit
):
    page = touch_phone_page
    page.goto(service_unit.get_survey_url())
    page.get_by_text("Perempuan", exact=True).click()
    page.fill("input[name=age]", "52")
    page.select_option("select[name=education]", "SMA")
    page.select_option("select[name=occupation]", "WIRAUSAHA")
    page.select_option("select[name=service_name]", "Akta kelahiran")
    for code in ikm.UNSUR_CODES[1:]:  # the first question left unanswered
        page.check(f"input[name={code}][value='3']")
    page.get_by_role("button", name="Kirim survei").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert_fits_a_phone(page)
    first_question = page.locator("#fs-U1 legend").inner_text()
    link = page.get_by_test_id("error-summary").get_by_role("link")
    expect(link).to_have_count(1)
    expect(link).to_contain_text(first_question)
    link.click()
    expect(page.locator("input[name=U1]").first).to_be_focused()
    # Nothing typed is lost.
    expect(page.locator("input[name=age]")).to_have_value("52")
    expect(page.locator("input[name=U2][value='3']")).to_be_checked()
    assert not SurveyResponse.objects.exists()


def test_the_public_index_finds_a_unit_on_a_phone(touch_phone_page, org):
    """Opened from a QR poster: offices as headings, a search box, and links big
    enough to tap, with nothing wider than the screen."""
    page = touch_phone_page
    for name in ("Kesatria", "Bane", "Sukadame", "Rakyat"):
        office = WorkUnitFactory(
            agency=org["agency"], parent=org["unit"], name=f"UPTD Puskesmas {name}"
        )
        ServiceUnitFactory(work_unit=office, name=f"Puskesmas {name}")
    page.goto("/layanan-publik/")
    expect(page.locator("h3")).to_have_text(["Dinas Kesehatan a"])
    expect(page.get_by_test_id("unit")).to_have_count(4)
    assert_fits_a_phone(page)

    page.get_by_label("Cari unit layanan, kantor atau instansi").fill("bane")
    with page.expect_navigation():
        page.get_by_role("button", name="Cari", exact=True).click()
    expect(page.get_by_test_id("unit")).to_have_count(1)
    expect(page.get_by_test_id("unit")).to_contain_text("Puskesmas Bane")
    assert "q=bane" in page.url
    assert_fits_a_phone(page)

    page.get_by_label("Cari unit layanan, kantor atau instansi").fill("samsat")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_test_id("not-found")).to_contain_text("samsat")
    with page.expect_navigation():
        page.get_by_role("link", name="Lihat semua unit layanan").click()
    expect(page.get_by_test_id("unit")).to_have_count(4)
