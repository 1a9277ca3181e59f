"""A whole period in the browser: the ASN plans, the supervisor agrees and gives
feedback, the ASN reports realisation, the supervisor rates, the predikat appears,
the ASN objects, the supervisor's supervisor decides, and the supervisor records a
development plan that nominates the ASN for training and a mentor."""

import pytest
from playwright.sync_api import expect

from evaluations.models import Assessment, PerformancePlan
from tests.browser import assert_shows, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, employee, password):
    page.context.clear_cookies()
    log_in(page, employee.user.username, password)


def test_full_period_in_the_browser(browser_page, org, period, head, demo_password):
    page = browser_page
    member, supervisor = org["member"], org["supervisor"]

    # The ASN drafts the SKP and sends it to the supervisor.
    _as(page, member, demo_password)
    page.goto("/kinerja/")
    page.fill("input[name=year]", str(period.year))
    page.get_by_role("button", name="Buat SKP").click()
    form = page.locator("form[data-testid=result-form]")
    form.locator("textarea[name=description]").fill("Tersusunnya laporan imunisasi")
    form.locator("textarea[name=indicator]").fill("Laporan bulanan tepat waktu")
    form.locator("input[name=target]").fill("12 laporan")
    form.get_by_role("button", name="Tambah").click()
    page.locator("[data-testid=submit-plan]").click()
    assert (
        "Diajukan ke atasan" in page.locator("[data-testid=plan-status]").inner_text()
    )
    plan = PerformancePlan.objects.get(employee=member)

    # The supervisor agrees and records continuous feedback.
    _as(page, supervisor, demo_password)
    page.goto(f"/kinerja/skp/{plan.pk}/")
    review = page.locator("form[data-testid=review-form]")
    review.locator("input[value=agree]").check()
    review.get_by_role("button", name="Simpan keputusan").click()
    expect(page.locator("[data-testid=plan-status]")).to_contain_text("Disetujui")
    feedback = page.locator("form[data-testid=feedback-form]")
    feedback.locator("textarea[name=note]").fill("Laporan Januari terlambat dua hari")
    feedback.locator("input[name=evidence]").fill("Agenda surat keluar")
    feedback.get_by_role("button", name="Catat umpan balik").click()
    expect(page.locator("[data-testid=feedback-note]")).to_have_count(1)

    # The ASN sees the feedback and reports realisation with evidence.
    _as(page, member, demo_password)
    page.goto(f"/kinerja/skp/{plan.pk}/")
    assert_shows(page, "Laporan Januari terlambat")
    page.locator(f"[data-testid=open-period-{period.pk}]").click()
    realisation = page.locator("form[data-testid=realisation-form]")
    realisation.locator("textarea[name^=realisation_]").fill("11 dari 12 laporan")
    realisation.locator("input[name^=evidence_link_]").fill(
        "https://drive.example.go.id/laporan"
    )
    page.locator("[data-testid=submit-realisation]").click()
    expect(page.locator("[data-testid=assessment-status]")).to_contain_text(
        "Menunggu penilaian"
    )
    assessment = Assessment.objects.get(plan=plan, period=period)

    # The supervisor rates, with the feedback beside the ratings.
    _as(page, supervisor, demo_password)
    page.goto(f"/kinerja/penilaian/{assessment.pk}/")
    page.locator("[data-testid=rate-link]").click()
    assert_shows(page, "Laporan Januari terlambat")
    rating = page.locator("form[data-testid=rating-form]")
    rating.locator("select[name^=result_]").select_option("dibawah")
    for select in rating.locator("select[name^=value_]").all():
        select.select_option("sesuai")
    expect(page.locator("#suggest-hasil")).to_have_text("Di Bawah Ekspektasi")
    rating.locator("select[name=hasil_kerja]").select_option("dibawah")
    rating.locator("select[name=perilaku_kerja]").select_option("sesuai")
    rating.locator("textarea[name=feedback]").fill("Perbaiki ketepatan waktu laporan.")
    page.locator("[data-testid=save-rating]").click()
    expect(page.locator("[data-testid=predikat]")).to_contain_text("Butuh Perbaikan")

    # The ASN objects; the supervisor's supervisor keeps the rating.
    _as(page, member, demo_password)
    page.goto(f"/kinerja/penilaian/{assessment.pk}/")
    objection = page.locator("form[data-testid=objection-form]")
    objection.locator("textarea[name=reason]").fill("Laporan Desember sudah dikirim")
    objection.get_by_role("button", name="Ajukan keberatan").click()
    expect(page.locator("[data-testid=assessment-status]")).to_contain_text(
        "Keberatan diajukan"
    )
    _as(page, head, demo_password)
    page.goto("/kinerja/tim/")
    page.get_by_role("link", name=member.name).first.click()
    decision = page.locator("form[data-testid=decision-form]")
    decision.locator("input[value=uphold]").check()
    decision.locator("textarea[name=note]").fill("Laporan Desember tetap terlambat")
    decision.get_by_role("button", name="Putuskan").click()
    expect(page.locator("[data-testid=objection]")).to_contain_text("Penilaian tetap")

    # The supervisor records the development plan with nominations.
    _as(page, supervisor, demo_password)
    page.goto(f"/kinerja/penilaian/{assessment.pk}/")
    follow_up = page.locator("form[data-testid=follow-up-form]")
    follow_up.locator("textarea[name=summary]").fill("Pembinaan ketepatan waktu")
    follow_up.locator("input[name=review_date]").fill(f"{period.year}-12-15")
    follow_up.locator("select[name=action_kind_0]").select_option("training")
    follow_up.locator("input[name=action_description_0]").fill(
        "Pelatihan manajemen waktu"
    )
    follow_up.locator("select[name=action_kind_1]").select_option("mentor")
    follow_up.locator("input[name=action_description_1]").fill(
        "Didampingi mentor Kepala Seksi"
    )
    follow_up.get_by_role("button", name="Simpan tindak lanjut").click()
    shown = page.locator("[data-testid=follow-up]").inner_text()
    assert "Rencana pembinaan" in shown
    assert "Pelatihan manajemen waktu" in shown

    # Every change is in the history, with who made it.
    history = page.locator("[data-testid=history]").inner_text()
    assert supervisor.name in history
    assert head.name in history
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DECIDED
    assert assessment.predikat == "butuh_perbaikan"
