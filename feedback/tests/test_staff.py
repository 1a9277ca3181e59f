"""Unit and HR pages: scope, the workflow, reports, paper entry and import."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from asn_portal.refusals import Refused
from feedback import ikm, services
from feedback.imports import TEMPLATE_HEADER
from feedback.models import (
    Complaint,
    ComplaintEvent,
    FeedbackSettings,
    ServiceUnit,
    SurveyResponse,
)
from feedback.tests.factories import SurveyResponseFactory
from people.pickers import picker_label
from people.tests.factories import EmployeeFactory
from tests.pdfs import pdf_text
from tests.sheets import assert_figures, column, labelled, open_export

pytestmark = pytest.mark.django_db

HAND_ROWS = [
    [4, 3, 3, 4, 3, 4, 4, 3, 3],
    [3, 3, 2, 4, 3, 3, 4, 3, 3],
    [3, 3, 2, 4, 3, 3, 3, 2, 3],
    [3, 3, 3, 4, 3, 3, 3, 3, 3],
]


def seed_hand_example(unit, when=None):
    for row in HAND_ROWS:
        SurveyResponseFactory(
            service_unit=unit,
            submitted_at=when or timezone.now(),
            **{f"u{i + 1}": score for i, score in enumerate(row)},
        )


def test_unit_report_shows_the_hand_example_figures(login, org, service_unit):
    seed_hand_example(service_unit)
    response = login(org["hr"]).get(
        reverse("feedback:unit_report", args=[service_unit.pk])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "78.47" in body or "78,47" in body
    assert "3.1389" in body or "3,1389" in body
    assert "B · Baik" in body
    report = response.context["report"]
    assert [u.code for u in report.weakest][:2] == ["U3", "U8"]
    assert report.sample.minimum == 169  # N = 300
    assert report.sample.shortfall == 165


def test_the_agency_weight_setting_is_used_and_shown(login, org, service_unit):
    seed_hand_example(service_unit)
    FeedbackSettings.objects.create(agency=org["agency"], ikm_weight="0.111")
    response = login(org["hr"]).get(
        reverse("feedback:unit_report", args=[service_unit.pk])
    )
    assert response.context["report"].result.ikm_unit_display == ikm.round_half_up(
        ikm.Fraction("78.39375")
    )
    assert "0,111" in response.content.decode()


def test_period_filter_excludes_other_days(login, org, service_unit):
    seed_hand_example(service_unit)
    SurveyResponseFactory(
        service_unit=service_unit,
        submitted_at=datetime.datetime(
            2020, 5, 1, 9, tzinfo=timezone.get_default_timezone()
        ),
    )
    client = login(org["hr"])
    url = reverse("feedback:unit_report", args=[service_unit.pk])
    old = client.get(url, {"dari": "2020-01-01", "sampai": "2020-12-31"})
    assert old.context["report"].result.respondents == 1
    this_year = client.get(url)
    assert this_year.context["report"].result.respondents == 4


def test_all_units_table_and_work_unit_table(login, org, service_unit):
    seed_hand_example(service_unit)
    response = login(org["hr"]).get(reverse("feedback:unit_list"))
    [row] = response.context["table"]
    assert row.result.ikm_unit_display == ikm.round_half_up(ikm.Fraction(113 * 25, 36))
    [work_row] = response.context["work_table"]
    assert work_row.result.respondents == 4


def test_unit_staff_see_only_their_unit(login, org, service_unit):
    from feedback.tests.factories import ServiceUnitFactory

    elsewhere = ServiceUnitFactory(work_unit=org["unit"], name="Loket Lain")
    client = login(org["unit_staff"])
    listing = client.get(reverse("feedback:unit_list"))
    assert [r.key for r in listing.context["table"]] == [service_unit]
    assert (
        client.get(reverse("feedback:unit_report", args=[elsewhere.pk])).status_code
        == 404
    )


def test_a_plain_asn_sees_no_unit(login, org, service_unit):
    client = login(org["member"])
    assert client.get(reverse("feedback:unit_list")).context["table"] == []
    url = reverse("feedback:unit_report", args=[service_unit.pk])
    assert client.get(url).status_code == 404


def test_hr_of_another_agency_gets_404(login, other_org, service_unit):
    client = login(other_org["hr"])
    url = reverse("feedback:unit_report", args=[service_unit.pk])
    assert client.get(url).status_code == 404


def test_downloads_pdf_excel_csv_and_poster(login, org, service_unit):
    seed_hand_example(service_unit)
    client = login(org["hr"])
    pdf = client.get(
        reverse("feedback:unit_report_export", args=[service_unit.pk, "pdf"])
    )
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(
        reverse("feedback:unit_report_export", args=[service_unit.pk, "xlsx"])
    )
    workbook = open_export(xlsx)
    values = {k: cell.value for k, cell in labelled(workbook["IKM"]).items()}
    assert values["IKM unit pelayanan (×25)"] == 78.47
    assert values["IKM (skala 1–4)"] == 3.1389
    assert values["Jumlah responden"] == 4
    assert values["Bobot tertimbang"] == "1/9"
    assert values["Kecukupan sampel"] == "Kurang 165 responden"
    assert labelled(workbook["IKM"])["IKM (skala 1–4)"].number_format == "#,##0.0000"
    assert_figures(
        workbook["Unsur"],
        numbers=["Jumlah nilai", "Responden", "NRR", "NRR tertimbang"],
    )
    assert column(workbook["Unsur"], "NRR")[0].number_format == "#,##0.00"
    assert_figures(workbook["Profil responden"], numbers=["Jumlah"])
    assert_figures(workbook["Tren"], numbers=["Responden", "IKM unit"], dates=["Bulan"])
    assert column(workbook["Tren"], "Bulan")[0].number_format == "mm/yyyy"
    poster = client.get(reverse("feedback:unit_poster", args=[service_unit.pk]))
    # The poster sends the public to the survey and to the published results.
    published = reverse("feedback:public_results", args=[service_unit.slug])
    assert "Hasil survei (IKM): http" in pdf_text(poster.content)
    assert published in pdf_text(poster.content).replace(" ", "")
    csv = b"".join(
        client.get(
            reverse("feedback:unit_responses_csv", args=[service_unit.pk])
        ).streaming_content
    ).decode()
    assert csv.count("\n") == 5


def test_paper_entry_by_unit_staff(login, org, service_unit):
    client = login(org["unit_staff"])
    url = reverse("feedback:paper_entry", args=[service_unit.pk])
    data = dict.fromkeys(ikm.UNSUR_CODES, "4")
    data.update(
        U9="",
        gender="P",
        age="60",
        education="SD",
        occupation="LAINNYA",
        service_name="Akta kelahiran",
        submitted_on="2026-01-15",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    stored = SurveyResponse.objects.get()
    assert stored.u9 is None
    assert stored.u1 == 4
    assert stored.source == SurveyResponse.Source.PAPER
    assert stored.entered_by == org["unit_staff"].user
    assert timezone.localtime(stored.submitted_at).date() == datetime.date(2026, 1, 15)


def test_leader_cannot_enter_paper_surveys(login, org, service_unit):
    url = reverse("feedback:paper_entry", args=[service_unit.pk])
    assert login(org["leader"]).get(url).status_code == 404


def _sheet(rows, header=TEMPLATE_HEADER) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("skm.xlsx", buffer.getvalue())


GOOD = [4, 3, 3, 4, 3, 4, 4, 3, 3, "01-03-2026", "L", 30, "S1", "PNS", "KTP", ""]


def test_import_reads_columns_by_code_not_position(login, org, service_unit):
    # Columns shuffled: U9 first, profile in between.
    header = [
        "U9",
        "JENIS_KELAMIN",
        *[f"U{i}" for i in range(1, 9)],
        "USIA",
        "PENDIDIKAN",
        "PEKERJAAN",
        "TANGGAL",
    ]
    row = [1, "P", 4, 4, 4, 4, 4, 4, 4, 4, 22, "D3", "swasta", "02-03-2026"]
    client = login(org["unit_staff"])
    response = client.post(
        reverse("feedback:import", args=[service_unit.pk]),
        {"file": _sheet([row], header)},
    )
    assert response.status_code == 302
    stored = SurveyResponse.objects.get()
    assert (stored.u9, stored.u1, stored.education) == (1, 4, "D1-D4")
    assert stored.source == SurveyResponse.Source.IMPORT


def test_import_with_any_bad_row_imports_nothing_and_lists_each(
    login, org, service_unit
):
    bad_score = [5, *GOOD[1:]]
    bad_gender = [*GOOD[:10], "X", *GOOD[11:]]
    client = login(org["unit_staff"])
    response = client.post(
        reverse("feedback:import", args=[service_unit.pk]),
        {"file": _sheet([GOOD, bad_score, GOOD, bad_gender])},
    )
    assert response.status_code == 200
    assert SurveyResponse.objects.count() == 0
    errors = response.context["errors"]
    assert [row for row, _ in errors] == [3, 5]
    assert "U1 harus 1–4" in errors[0][1]
    assert "JENIS_KELAMIN" in errors[1][1]


def test_import_refuses_a_file_that_is_not_excel(login, org, service_unit):
    client = login(org["unit_staff"])
    response = client.post(
        reverse("feedback:import", args=[service_unit.pk]),
        {"file": SimpleUploadedFile("x.xlsx", b"\x89PNG\r\n\x1a\nnot excel")},
    )
    assert response.status_code == 200
    assert SurveyResponse.objects.count() == 0


def test_import_template_has_the_header_codes_and_imports_as_it_is(
    login, org, service_unit
):
    client = login(org["unit_staff"])
    response = client.get(reverse("feedback:import_template"))
    sheet = open_export(response).active
    header = next(sheet.iter_rows(values_only=True))
    assert list(header[:9]) == list(ikm.UNSUR_CODES)
    assert_figures(sheet, numbers=[*ikm.UNSUR_CODES, "USIA"], dates=["TANGGAL"])
    imported = client.post(
        reverse("feedback:import", args=[service_unit.pk]),
        {"file": SimpleUploadedFile("templat.xlsx", response.content)},
    )
    assert imported.status_code == 302
    stored = timezone.localtime(SurveyResponse.objects.get().submitted_at)
    assert stored.date() == datetime.date(2026, 11, 24)


# --- Complaint workflow ------------------------------------------------------------


@pytest.fixture
def complaint(service_unit):
    complaint, _code, _ = services.submit_complaint(
        service_unit=service_unit,
        description="Petugas meminta uang tambahan untuk mempercepat.",
        contact_name="Siti",
        contact_phone="0812",
    )
    return complaint


def test_unit_staff_walk_verify_assign_answer_close(
    login, org, service_unit, complaint
):
    client = login(org["unit_staff"])
    detail = reverse("feedback:complaint_detail", args=[complaint.pk])
    page = client.get(detail).content.decode()
    assert "Siti" in page  # staff see the contact, the public never does
    client.post(
        reverse("feedback:complaint_verify", args=[complaint.pk]),
        {"decision": "accept"},
    )
    client.post(
        reverse("feedback:complaint_assign", args=[complaint.pk]),
        {"assignee": picker_label(org["member"])},
    )
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.ASSIGNED
    assert complaint.assigned_to == org["member"]
    # The assigned ASN sees and answers it; they cannot close it.
    asn = login(org["member"])
    assert asn.get(detail).status_code == 200
    asn.post(
        reverse("feedback:complaint_answer", args=[complaint.pk]),
        {"answer": "Petugas telah diperiksa dan diberi sanksi."},
    )
    assert (
        asn.post(reverse("feedback:complaint_close", args=[complaint.pk])).status_code
        == 404
    )
    client = login(org["unit_staff"])
    client.post(
        reverse("feedback:complaint_close", args=[complaint.pk]), {"note": "ok"}
    )
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.CLOSED
    kinds = list(complaint.events.values_list("kind", "actor__username"))
    assert kinds == [
        ("submitted", None),
        ("verified", "a-petugas"),
        ("assigned", "a-petugas"),
        ("answered", "a-asn"),
        ("closed", "a-petugas"),
    ]
    # The assignee was told.
    assert (
        org["member"]
        .user.notifications.filter(kind="feedback.complaint_assigned")
        .exists()
    )


def test_a_step_out_of_order_is_refused_with_a_message(login, org, complaint):
    client = login(org["unit_staff"])
    response = client.post(
        reverse("feedback:complaint_close", args=[complaint.pk]), follow=True
    )
    assert "tidak dapat dilakukan" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.SUBMITTED


def test_rejecting_needs_a_reason(org, complaint):
    with pytest.raises(Refused):
        services.verify_complaint(
            complaint=complaint, actor=org["hr"].user, accept=False
        )
    services.verify_complaint(
        complaint=complaint, actor=org["hr"].user, accept=False, note="Bukan wewenang"
    )
    assert complaint.status == Complaint.Status.REJECTED


def test_an_unrelated_asn_cannot_see_or_answer(login, org, complaint):
    client = login(org["outsider"])
    assert (
        client.get(
            reverse("feedback:complaint_detail", args=[complaint.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("feedback:complaint_answer", args=[complaint.pk]), {"answer": "x"}
        ).status_code
        == 404
    )


def test_leader_reads_complaints_but_cannot_act(login, org, complaint):
    client = login(org["leader"])
    assert (
        client.get(
            reverse("feedback:complaint_detail", args=[complaint.pk])
        ).status_code
        == 200
    )
    response = client.post(
        reverse("feedback:complaint_verify", args=[complaint.pk]),
        {"decision": "accept"},
    )
    assert response.status_code == 404


def test_complaint_list_filters_and_exports(login, org, service_unit, complaint):
    client = login(org["hr"])
    listing = client.get(reverse("feedback:complaint_list"), {"status": "baru"})
    assert [c.pk for c in listing.context["page"]] == [complaint.pk]
    none = client.get(reverse("feedback:complaint_list"), {"status": "selesai"})
    assert list(none.context["page"]) == []
    export = client.get(reverse("feedback:complaint_list"), {"format": "xlsx"})
    sheet = open_export(export).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == complaint.reference
    assert "Siti" not in str(rows)
    assert_figures(sheet, dates=["Diterima", "Batas waktu"])
    assert sheet["E2"].value.date() == complaint.due_date


def test_new_complaint_notifies_unit_staff_and_head(
    org, service_unit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_complaint(
            service_unit=service_unit, description="AC mati terus"
        )
    for person in (org["unit_staff"], org["unit_head"]):
        assert person.user.notifications.filter(kind="feedback.complaint_new").exists()


def test_assigning_someone_of_another_agency_is_refused(org, other_org, complaint):
    services.verify_complaint(complaint=complaint, actor=org["hr"].user, accept=True)
    with pytest.raises(Refused):
        services.assign_complaint(
            complaint=complaint, actor=org["hr"].user, assignee=other_org["member"]
        )


def test_scope_helpers(org, service_unit):
    staff_user = org["unit_staff"].user
    assert list(ServiceUnit.objects.managed_by(staff_user)) == [service_unit]
    assert list(ServiceUnit.objects.managed_by(org["leader"].user)) == []
    assert list(ServiceUnit.objects.visible_to(org["leader"].user)) == [service_unit]
    stranger = EmployeeFactory(agency=org["agency"], unit=org["unit"])
    assert list(ServiceUnit.objects.visible_to(stranger.user)) == []
    assert ComplaintEvent.PUBLIC_KINDS


def test_hr_creates_a_service_unit_with_staff_and_head(login, org):
    client = login(org["hr"])
    response = client.post(
        reverse("feedback:unit_create"),
        {
            "work_unit": org["unit"].pk,
            "name": "Loket Imunisasi",
            "slug": "loket-imunisasi",
            "services": "Imunisasi dasar\nImunisasi lanjutan",
            "service_users_per_year": "1200",
            "head": org["supervisor"].nip,
            "staff": picker_label(org["member"]),
            "is_active": "on",
        },
    )
    unit = ServiceUnit.objects.get(slug="loket-imunisasi")
    assert response.status_code == 302
    assert unit.head == org["supervisor"]
    assert list(unit.staff.all()) == [org["member"]]
    assert unit.service_list == ["Imunisasi dasar", "Imunisasi lanjutan"]


def test_hr_cannot_put_another_agencys_work_unit(login, org, other_org):
    client = login(org["hr"])
    response = client.post(
        reverse("feedback:unit_create"),
        {"work_unit": other_org["unit"].pk, "name": "X", "slug": "x"},
    )
    assert response.status_code == 200
    assert not ServiceUnit.objects.filter(slug="x").exists()


def test_hr_sets_the_agency_weight(login, org, service_unit):
    seed_hand_example(service_unit)
    client = login(org["hr"])
    client.post(reverse("feedback:settings"), {"ikm_weight": "0.11"})
    report = client.get(reverse("feedback:unit_report", args=[service_unit.pk]))
    assert str(report.context["report"].result.ikm_unit_display) == "77.69"
    assert login(org["leader"]).get(reverse("feedback:settings")).status_code == 403


def test_all_units_table_counts_open_and_overdue_complaints(login, org, complaint):
    Complaint.objects.filter(pk=complaint.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = login(org["hr"]).get(reverse("feedback:unit_list"))
    [row] = response.context["table"]
    assert (row.complaints["total"], row.complaints["open"]) == (1, 1)
    assert row.complaints["overdue"] == 1
    assert "1 lewat" in response.content.decode()


def test_pdf_report_holds_the_standard_figures(org, service_unit):
    from feedback import reports
    from feedback.periods import year_of

    seed_hand_example(service_unit)
    report = reports.build_report(
        units=[service_unit.pk],
        title=service_unit.name,
        subtitle="Dinas",
        agency_id=org["agency"].pk,
        period=year_of(timezone.localdate()),
        population=300,
    )
    pdf = reports.report_pdf(report, compress=False)
    for text in [b"78,47", b"3,1389", b"Baik", b"1/9", b"169", b"Kurang 165 responden"]:
        assert text in pdf, text
    for code in ikm.UNSUR_CODES:
        assert code.encode() in pdf


def test_all_units_excel_has_each_unit_with_its_grade_and_weight(
    login, org, service_unit
):
    seed_hand_example(service_unit)
    response = login(org["hr"]).get(reverse("feedback:unit_table_xlsx"))
    sheet = open_export(response).active
    header, row = list(sheet.values)
    assert header[6:15] == tuple(ikm.UNSUR_CODES)
    assert row[:6] == ("Loket Dukcapil", 4, 3.1389, 78.47, "B", "Baik")
    assert row[-1] == "1/9"
    assert_figures(sheet, numbers=["Responden", "IKM", "IKM unit", *ikm.UNSUR_CODES])


def test_work_unit_report_excel_holds_figures_as_numbers(login, org, service_unit):
    seed_hand_example(service_unit)
    response = login(org["leader"]).get(
        reverse("feedback:work_unit_report_export", args=[org["unit"].pk, "xlsx"])
    )
    workbook = open_export(response)
    assert labelled(workbook["IKM"])["IKM unit pelayanan (×25)"].value == 78.47
    assert_figures(workbook["Unsur"], numbers=["NRR", "NRR tertimbang"])


def test_complaint_photo_is_served_to_unit_staff_only(
    login, org, other_org, service_unit
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from feedback.tests.test_public import _png

    made, _code, _ = services.submit_complaint(
        service_unit=service_unit,
        description="Foto genangan air di ruang tunggu.",
        photo=SimpleUploadedFile("air.png", _png(), content_type="image/png"),
    )
    url = reverse("feedback:complaint_photo", args=[made.pk])
    response = login(org["unit_staff"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert login(org["outsider"]).get(url).status_code == 404
    assert login(other_org["hr"]).get(url).status_code == 404


def _import(client, service_unit, rows):
    return client.post(
        reverse("feedback:import", args=[service_unit.pk]), {"file": _sheet(rows)}
    )


def test_import_takes_todays_date_at_any_hour(login, org, service_unit):
    """A form dated today is entered all day: the date is not compared as noon."""
    today = timezone.localdate()
    row = [*GOOD[:9], today.strftime("%d-%m-%Y"), *GOOD[10:]]
    response = _import(login(org["unit_staff"]), service_unit, [row])
    assert response.status_code == 302
    stored = SurveyResponse.objects.get()
    assert timezone.localtime(stored.submitted_at).date() == today
    assert stored.submitted_at <= timezone.now()


def test_import_refuses_tomorrows_date(login, org, service_unit):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    row = [*GOOD[:9], tomorrow.strftime("%d-%m-%Y"), *GOOD[10:]]
    response = _import(login(org["unit_staff"]), service_unit, [row])
    assert response.status_code == 200
    assert "TANGGAL di masa depan" in response.context["errors"][0][1]
    assert not SurveyResponse.objects.exists()


def test_import_refuses_a_true_cell_as_an_answer(login, org, service_unit):
    """TRUE is Excel's yes, not the answer 1."""
    row = [True, *GOOD[1:]]
    response = _import(login(org["unit_staff"]), service_unit, [row])
    assert response.status_code == 200
    assert "U1" in response.context["errors"][0][1]
    assert not SurveyResponse.objects.exists()
