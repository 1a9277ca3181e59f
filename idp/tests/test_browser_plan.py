"""An IDP in the browser: the ASN sees the gap of their jabatan, writes this year's
plan with an activity and submits it; the supervisor agrees it; the ASN marks the
activity done."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from competencies import services as competency_services
from competencies.models import AssessedLevel, Competency
from idp.models import IndividualPlan
from tests.browser import assert_shows, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, employee, password):
    page.context.clear_cookies()
    log_in(page, employee.user.username, password)


def test_the_asn_plans_the_supervisor_agrees_and_the_asn_completes(
    browser_page, org, demo_password
):
    page = browser_page
    member, supervisor = org["member"], org["supervisor"]
    competency_services.load_standard_competencies(agency=org["agency"])
    integrity = Competency.objects.get(agency=org["agency"], code="M1")
    competency_services.create_standard(
        agency=org["agency"],
        jabatan_name=member.jabatan_name,
        levels={integrity.pk: 3},
    )
    AssessedLevel.objects.create(
        employee=member,
        competency=integrity,
        level=1,
        assessed_on=timezone.localdate() - datetime.timedelta(days=30),
        source="asesmen",
    )

    _as(page, member, demo_password)
    page.goto("/kompetensi/saya/")
    expect(page.locator("[data-testid=gaps] tr[data-status=gap]")).to_contain_text(
        "Integritas"
    )
    page.click("text=Susun rencana pengembangan (IDP)")
    page.click("button:has-text('Susun IDP')")
    assert_shows(page, "IDP dibuat")
    expect(page.locator("[data-testid=gaps]")).to_contain_text("level 1 dari 3")
    form = page.locator("[data-testid=add-activity] form")
    form.locator("#id_competency").select_option(str(integrity.pk))
    form.locator("#id_form").select_option("coaching")
    form.locator("#id_description").fill("Coaching integritas oleh atasan")
    form.locator("#id_planned_jp").fill("6")
    form.locator("#id_quarter").select_option("2")
    form.locator("button[type=submit]").click()
    assert_shows(page, "Kegiatan ditambahkan.")
    page.click("button:has-text('Ajukan ke atasan')")
    assert_shows(page, "IDP diajukan ke atasan.")

    _as(page, supervisor, demo_password)
    plan = IndividualPlan.objects.get(employee=member)
    page.goto(f"/idp/{plan.pk}/")
    page.locator("[data-testid=decide] textarea").fill("Rencana sudah tepat.")
    page.click("[data-testid=decide] button:has-text('Sepakati')")
    assert_shows(page, "IDP disepakati.")

    _as(page, member, demo_password)
    page.goto(f"/idp/{plan.pk}/")
    expect(page.locator("[data-testid=status]")).to_contain_text("Disepakati atasan")
    page.fill("[data-testid=activities] input[name=note]", "Catatan coaching 3 sesi")
    page.click("button:has-text('Tandai selesai')")
    assert_shows(page, "Kegiatan ditandai selesai.")
    expect(page.locator("[data-testid=done]")).to_contain_text("1 / 1")
