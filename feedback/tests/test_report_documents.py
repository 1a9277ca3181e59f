"""The IKM report as an official document: the agency's kop surat, the agency and
the period as people say it in the title and the file name, figures with a decimal
comma, and the IKM report signatory with NIP."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback.tests.test_staff import seed_hand_example
from people.tests.factories import SIGNERS, make_documents
from tests.pdfs import first_page_png, inked, pdf_text

pytestmark = pytest.mark.django_db
ROMAN = ("I", "II", "III", "IV")


def _this_quarter():
    today = timezone.localdate()
    first_month = 3 * ((today.month - 1) // 3) + 1
    start = today.replace(month=first_month, day=1)
    following = (start + datetime.timedelta(days=95)).replace(day=1)
    return start, following - datetime.timedelta(days=1), ROMAN[first_month // 3]


def test_ikm_report_pdf_carries_kop_period_figures_and_signatory(
    login, org, service_unit
):
    make_documents(org["agency"])
    seed_hand_example(service_unit)
    start, end, quarter = _this_quarter()
    url = reverse("feedback:unit_report_export", args=[service_unit.pk, "pdf"])
    response = login(org["hr"]).get(f"{url}?dari={start}&sampai={end}")

    assert response.status_code == 200
    period = f"Triwulan {quarter} {start.year}"
    stem = f"ikm-loket-dukcapil-triwulan-{quarter.lower()}-{start.year}"
    assert f'filename="{stem}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert f"PEMERINTAH KOTA UJI {org['agency'].code.upper()}" in text
    assert f"LAPORAN INDEKS KEPUASAN MASYARAKAT (IKM) {org['agency'].name.upper()}" in (
        text
    )
    assert f"Periode {period}" in text
    assert "Loket Dukcapil" in text
    assert "78,47" in text  # IKM of the hand-computed example
    assert "3,1389" in text
    signer, _nip = SIGNERS["laporan_ikm"]
    assert signer in text
    assert "NIP. 19750909 200012 1 003" in text
    page = first_page_png(response.content, "laporan-ikm")
    assert inked(page, (0.05, 0.02, 0.95, 0.15)) > 0.01  # the kop surat
    assert inked(page, (0.05, 0.3, 0.95, 0.95)) > 0.01  # the figures


def test_a_whole_year_is_named_as_the_year_in_indonesian_even_for_an_english_reader(
    login, org, service_unit, client
):
    make_documents(org["agency"])
    seed_hand_example(service_unit)
    year = timezone.localdate().year
    client = login(org["hr"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(
        reverse("feedback:unit_report_export", args=[service_unit.pk, "pdf"])
    )
    text = pdf_text(response.content)
    assert f"Periode Tahun {year}" in text
    assert "78,47" in text
    assert (
        f'filename="ikm-loket-dukcapil-tahun-{year}.pdf"'
        in (response["Content-Disposition"])
    )


def test_hr_writes_the_follow_up_plan_and_the_report_carries_it(
    login, org, other_org, service_unit
):
    """PermenPANRB 14/2017's report ends with the follow-up plan: HR writes it for
    the report's period (the weakest unsur named on the page), the unit's report
    and its PDF show it, and a row is corrected or removed in the product."""
    from feedback.models import FollowUpPlan

    make_documents(org["agency"])
    seed_hand_example(service_unit)
    start, end, quarter = _this_quarter()
    period = f"dari={start}&sampai={end}"
    client = login(org["hr"])
    page_url = reverse("feedback:follow_up_plan", args=[service_unit.pk])
    page = client.get(f"{page_url}?{period}").content.decode()
    assert "Unsur terlemah pada periode ini" in page

    missing = client.post(f"{page_url}?{period}", {"unsur": "U3"})
    assert missing.status_code == 200
    assert not FollowUpPlan.objects.exists()
    added = client.post(
        f"{page_url}?{period}",
        {
            "unsur": "U3",
            "action": "Standar waktu layanan dipasang di loket",
            "due": "Januari–Maret 2027",
            "responsible": "Kepala Loket Dukcapil",
            "status": "rencana",
        },
    )
    assert added.status_code == 302
    plan = FollowUpPlan.objects.get()
    assert (str(plan.period_start), str(plan.period_end)) == (str(start), str(end))

    edit = reverse("feedback:follow_up_edit", args=[plan.pk])
    client.post(
        edit,
        {
            "unsur": "U3",
            "action": "Standar waktu layanan dipasang di loket dan situs",
            "due": "Januari–Maret 2027",
            "responsible": "Kepala Loket Dukcapil",
            "status": "berjalan",
        },
    )
    report = client.get(
        f"{reverse('feedback:unit_report', args=[service_unit.pk])}?{period}"
    ).content.decode()
    assert "dipasang di loket dan situs" in report
    assert "Berjalan" in report

    url = reverse("feedback:unit_report_export", args=[service_unit.pk, "pdf"])
    text = pdf_text(client.get(f"{url}?{period}").content)
    assert "Rencana tindak lanjut" in text
    assert "Standar waktu layanan dipasang di loket dan situs" in text
    assert "Kepala Loket Dukcapil" in text

    delete = reverse("feedback:follow_up_delete", args=[plan.pk])
    asked = client.post(delete)
    assert "Hapus rencana tindak lanjut ini?" in asked.content.decode()
    assert FollowUpPlan.objects.exists()
    client.post(delete, {"confirmed": "1"})
    assert not FollowUpPlan.objects.exists()
    # Another agency's HR cannot reach the plan page of this unit.
    assert login(other_org["hr"]).get(page_url).status_code == 404
