"""The training cycle in a real browser, each role doing its own part:
HR plans from a unit's need and opens a session, the ASN applies, the supervisor
approves, HR confirms, takes attendance and completes, the ASN sees the JP."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import assert_shows, log_in
from training.models import Enrolment, JpCredit, QuestionnaireResponse
from training.services.delivery import send_questionnaire_reminders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, employee, password):
    page.context.clear_cookies()
    log_in(page, employee.user.username, password)


def test_need_to_jp_full_cycle(browser_page, org, demo_password):
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    today = timezone.localdate()
    need_year = today.year + 1

    # A unit head (the supervisor) proposes a need for next year.
    _as(page, org["supervisor"], demo_password)
    page.goto("/pelatihan/kebutuhan/baru/")
    page.fill("#id_year", str(need_year))
    page.fill("#id_competency", "Pelayanan publik prima")
    page.fill("#id_target_group", "Petugas loket")
    page.fill("#id_participants", "12")
    page.fill("#id_reason", "Keluhan antrean di loket")
    page.click("button[type=submit]")
    assert_shows(page, "Kebutuhan pelatihan diusulkan")

    # HR makes the plan, puts the need in it with its budget, then in the catalogue.
    _as(page, org["hr"], demo_password)
    page.goto("/pelatihan/rencana/baru/")
    page.fill("#id_year", str(need_year))
    page.fill("#id_title", f"Rencana Pengembangan Kompetensi {need_year}")
    page.click("button[type=submit]")
    page.select_option("select[name=source]", "apbd")
    page.fill("input[name=amount]", "1000000")
    page.click("text=Simpan pagu")
    page.click("[data-testid=open-needs] >> text=Rencanakan")
    page.fill("#id_title", "Pelayanan Publik Prima")
    page.select_option("#id_form", "teknis")
    page.fill("#id_batches", "1")
    page.fill("#id_cost_per_participant", "150000")
    page.select_option("#id_funding_source", "apbd")
    page.click("button[type=submit]")
    # 12 × 150.000 exceeds the 1.000.000 available: the plan warns.
    expect(page.locator("[data-testid=budget-warning]")).to_have_count(1)
    # The cost was typed wrong: HR corrects it with a reason and the warning goes.
    page.click("[data-testid=plan-item] >> text=Ubah")
    page.fill("#id_cost_per_participant", "80000")
    page.click("button[type=submit]")
    expect(page.locator("#id_reason")).to_have_class(re.compile("is-invalid"))
    page.fill("#id_reason", "Biaya per peserta salah ketik")
    page.click("button[type=submit]")
    assert_shows(page, "Program dalam rencana disimpan")
    expect(page.locator("[data-testid=budget-warning]")).to_have_count(0)
    page.click("[data-testid=plan-item] >> text=Ubah")
    page.click("text=Riwayat perubahan")
    assert_shows(page, "Biaya per peserta salah ketik")
    page.click("text=Kembali")
    page.fill("[data-testid=plan-item] input[name=jp]", "16")
    page.click("text=Masukkan ke katalog")
    page.click("text=Tambah sesi")
    page.fill("#id_name", "Angkatan I")
    page.fill("#id_start_date", today.isoformat())
    page.fill("#id_end_date", today.isoformat())
    page.fill("#id_venue", "Aula BKPSDM")
    page.fill("#id_capacity", "20")
    page.select_option("#id_status", "dibuka")
    page.click("button[type=submit]")
    assert_shows(page, "Sesi disimpan")
    session_url = page.url

    # The ASN applies.
    _as(page, org["member"], demo_password)
    page.goto(session_url)
    page.click("text=Daftar sesi ini")
    assert_shows(page, "menunggu persetujuan atasan")

    # The supervisor approves.
    _as(page, org["supervisor"], demo_password)
    page.goto("/pelatihan/persetujuan/")
    assert_shows(page, org["member"].name)
    page.click("[data-testid=pending-approvals] >> button:has-text('Setujui')")
    assert_shows(page, "Pendaftaran disetujui")

    # HR confirms, takes attendance and completes the session.
    _as(page, org["hr"], demo_password)
    page.goto(session_url)
    page.click("[data-testid=participants] >> text=Konfirmasi")
    assert_shows(page, "Peserta dikonfirmasi")
    page.click("text=Kehadiran")
    page.click("[data-testid=attendance-day] >> text=Simpan kehadiran")
    assert_shows(page, re.compile(r"Kehadiran \d\d-\d\d-\d{4} disimpan"))
    page.goto(session_url)
    page.click("text=Selesaikan sesi")
    assert_shows(page, re.compile(r"1 lulus"))

    enrolment = Enrolment.objects.get(employee=org["member"])
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert JpCredit.objects.get(employee=org["member"]).jp == 16

    # The ASN sees the JP in "JP saya".
    _as(page, org["member"], demo_password)
    page.goto("/pelatihan/jp-saya/")
    assert page.inner_text("[data-testid=jp-total]").strip() == "16"
    assert "Pelayanan Publik Prima" in page.inner_text("[data-testid=jp-history]")

    # The daily task invites the participant; the ASN answers the questionnaire from
    # the notification, once, and downloads the certificate issued on completion.
    send_questionnaire_reminders(today=today)
    page.goto("/notifikasi/")
    page.get_by_text("Isi kuesioner evaluasi").click()
    page.wait_for_load_state()
    for group in page.locator("fieldset").all():
        group.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Kirim jawaban").click()
    page.wait_for_load_state()
    assert_shows(page, "Terima kasih, jawaban Anda tersimpan.")
    assert QuestionnaireResponse.objects.filter(enrolment=enrolment).count() == 1
    page.goto("/pelatihan/sertifikat/")
    with page.expect_download() as download_info:
        page.get_by_test_id("certificate-download").first.click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
