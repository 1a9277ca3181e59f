"""HR, a mentor and a mentee carry a pairing through in the browser:
suggest → pair → goals → session → confirmation → JP → final rating."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from mentoring.models import MenteeRating, MentorProfile, Pair
from mentoring.tests.factories import CompetencyAreaFactory, ProgramFactory
from people.pickers import picker_label
from tests.browser import assert_shows, log_in
from training.models import DevelopmentForm, JpCredit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_user(page, employee, password):
    page.context.clear_cookies()
    log_in(page, employee.user.username, password)


def test_hr_pairs_mentor_logs_mentee_confirms_and_rates(
    browser_page, org, demo_password
):
    page = browser_page
    area = CompetencyAreaFactory(
        agency=org["agency"], name="Pengelolaan Keuangan Daerah"
    )
    MentorProfile.objects.get(employee=org["mentor"]).competency_areas.add(area)
    program = ProgramFactory(
        agency=org["agency"], name="Pengelolaan Keuangan Daerah", competency_area=area
    )
    mentee = org["member"]

    # HR: suggestions for the mentee, pick the top one, pair, set a goal.
    switch_user(page, org["hr"], demo_password)
    page.get_by_test_id("menu-pengembangan").click()
    page.get_by_role("link", name="Mentoring", exact=True).first.click()
    page.get_by_role("link", name=program.name).click()
    page.get_by_role("link", name="Tambah pasangan").click()
    page.fill("[data-testid=suggest-form] input[name=mentee]", picker_label(mentee))
    page.get_by_role("button", name="Tampilkan saran").click()
    suggestions = page.locator("[data-testid=suggestions]")
    first_row = suggestions.locator("tbody tr").first
    expect(first_row).to_contain_text(org["mentor"].name)
    assert "Bidang kompetensi sama (Pengelolaan Keuangan Daerah)" in (
        first_row.inner_text()
    )
    first_row.get_by_role("link", name="Pilih").click()
    page.get_by_role("button", name="Buat pasangan").click()
    assert_shows(page, "Pasangan mentoring dibuat.")
    pair = Pair.objects.get(program=program, mentee=mentee)
    assert pair.mentor == org["mentor"]
    assert "Bidang kompetensi sama" in pair.match_reasons

    page.get_by_role("link", name="Tujuan").click()
    page.fill("input[name=title]", "Mampu menyusun RKA-SKPD")
    page.fill("textarea[name=milestones]", "Draf RKA\nRKA disetujui")
    page.get_by_role("button", name="Simpan").click()
    goals = page.locator("[data-testid=goals]")
    expect(goals).to_contain_text("Mampu menyusun RKA-SKPD")
    expect(goals).to_contain_text("RKA disetujui")

    # Mentor: log a 90-minute session today.
    switch_user(page, org["mentor"], demo_password)
    page.goto(pair.get_absolute_url())
    page.get_by_role("link", name="Catat sesi").click()
    page.fill("input[name=topic]", "Struktur RKA dan kode rekening")
    page.fill("input[name=duration_minutes]", "90")
    page.get_by_role("button", name="Simpan").click()
    assert_shows(page, "menunggu konfirmasi pihak lain")
    assert not JpCredit.objects.exists()

    # Mentee: find the pair from the menu, confirm, see JP, rate at the end.
    switch_user(page, mentee, demo_password)
    page.get_by_test_id("menu-pengembangan").click()
    page.get_by_role("link", name="Mentoring", exact=True).first.click()
    page.get_by_role("link", name=program.name).click()
    page.get_by_role("button", name="Konfirmasi sesi").click()
    confirmed = page.locator("[data-testid=session-confirmed]")
    expect(confirmed).to_contain_text("2,00 JP")
    panel = page.locator("[data-testid=jp-mentoring-total]").inner_text()
    assert panel in {"2,00 JP", "2.00 JP"}
    credits = JpCredit.objects.filter(form=DevelopmentForm.MENTORING)
    assert sorted(credits.values_list("employee_id", "jp")) == sorted(
        [(mentee.pk, Decimal("2.00")), (org["mentor"].pk, Decimal("2.00"))]
    )

    page.get_by_role("link", name="Beri penilaian").click()
    page.select_option("select[name=phase]", "final")
    page.check("input[name=score][value='5']")
    page.fill("textarea[name=comment]", "Sangat membantu.")
    page.get_by_role("button", name="Simpan").click()
    assert_shows(page, "penilaian Anda disimpan")
    expect(page.locator("[data-testid=rating-score]")).to_have_text("5")
    assert MenteeRating.objects.get(pair=pair).score == 5
