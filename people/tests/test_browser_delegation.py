"""A Plt in the browser: the supervisor names a colleague as Plt for the week; the
Plt sees the team's waiting work at home, approves a training application and rates
an assessment, and each record says it was done for the supervisor."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluations.models import Assessment
from evaluations.tests.factories import make_period, make_submitted
from people.models import Delegation
from tests.browser import assert_shows, log_in
from training.models import Enrolment
from training.services.catalog import apply_for_session
from training.tests.factories import session_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, employee, password):
    page.context.clear_cookies()
    log_in(page, employee.user.username, password)


def test_plt_approves_an_enrolment_and_rates_an_assessment(
    browser_page, org, demo_password
):
    page = browser_page
    member, supervisor, plt = org["member"], org["supervisor"], org["outsider"]
    today = timezone.localdate()
    enrolment = apply_for_session(employee=member, session=session_for(org))
    assessment = make_submitted(member, make_period(org["agency"]))

    # The supervisor names a colleague as Plt for the week.
    _as(page, supervisor, demo_password)
    page.goto("/pegawai/plt-plh/baru/")
    page.fill("#id_delegate", plt.nip)
    page.select_option("#id_kind", "plt")
    page.fill("#id_start_date", today.isoformat())
    page.fill("#id_end_date", (today + datetime.timedelta(days=6)).isoformat())
    page.fill("#id_decree_number", "800/21/BKPSDM/2026")
    page.fill("#id_reason", "Dinas luar daerah")
    page.click("button[type=submit]")
    assert_shows(page, "bertindak sebagai Plt.")
    expect(page.locator("[data-testid=delegation-row]")).to_contain_text(
        "800/21/BKPSDM/2026"
    )
    assert Delegation.objects.get().delegate == plt

    # The Plt finds the team's waiting work at home and approves the application.
    _as(page, plt, demo_password)
    page.goto("/")
    assert_shows(page, "Pendaftaran pelatihan tim menunggu persetujuan Anda")
    assert_shows(page, "Realisasi SKP tim menunggu penilaian Anda")
    page.goto("/pelatihan/persetujuan/")
    assert_shows(page, member.name)
    expect(page.locator("[data-testid=acting-for]")).to_contain_text(
        f"sebagai Plt/Plh untuk {supervisor.full_name}"
    )
    page.click("[data-testid=pending-approvals] >> button:has-text('Setujui')")
    assert_shows(page, "Pendaftaran disetujui")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.SUPERVISOR_APPROVED
    assert enrolment.approved_by == plt

    # The Plt rates the assessment; the page says for whom.
    page.goto(f"/kinerja/penilaian/{assessment.pk}/")
    page.locator("[data-testid=rate-link]").click()
    rating = page.locator("form[data-testid=rating-form]")
    for select in rating.locator("select[name^=result_]").all():
        select.select_option("sesuai")
    for select in rating.locator("select[name^=value_]").all():
        select.select_option("sesuai")
    rating.locator("select[name=hasil_kerja]").select_option("sesuai")
    rating.locator("select[name=perilaku_kerja]").select_option("sesuai")
    rating.locator("textarea[name=feedback]").fill("Pertahankan kualitas laporan.")
    page.locator("[data-testid=save-rating]").click()
    expect(page.locator("[data-testid=predikat]")).to_contain_text("Baik")
    expect(page.locator("[data-testid=assessment-rater]")).to_contain_text(
        f"{plt.full_name} (Plt. untuk {supervisor.full_name})"
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.RATED

    # The ASN reads on the session who decided, and for whom.
    _as(page, member, demo_password)
    page.goto(enrolment.session.get_absolute_url())
    expect(page.locator("[data-testid=my-approver]")).to_contain_text(
        f"{plt.full_name} (Plt. untuk {supervisor.full_name})"
    )
