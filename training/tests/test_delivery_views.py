"""The delivery pages end to end through the test client."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from notifications import services as notification_services
from tests.sheets import assert_figures, column, labelled, open_export
from training.models import Certificate, Enrolment, QuestionnaireResponse
from training.services import delivery as services
from training.tests.factories import (
    EnrolmentFactory,
    attended,
    finished_session,
)

pytestmark = pytest.mark.django_db


def _answers(template, score):
    return {f"q{q.pk}": str(score) for q in template.questions.all()}


@pytest.fixture
def enrolment(org):
    return attended(finished_session(org["agency"]), org["member"])


def test_participant_answers_from_the_link_and_cannot_answer_twice(login, enrolment):
    client = login(enrolment.employee)
    url = reverse("training:questionnaire_answer", args=[enrolment.pk])
    page = client.get(url)
    assert page.status_code == 200
    template = services.template_for_session(enrolment.session)
    response = client.post(url, {**_answers(template, 4), "comment": "Mantap"})
    assert response.status_code == 302
    again = client.post(url, _answers(template, 1), follow=True)
    assert "sudah mengisi" in again.content.decode()
    assert QuestionnaireResponse.objects.get().answers.filter(score=4).count() == 6


def test_an_answer_out_of_scale_is_shown_as_an_error_and_saves_nothing(
    login, enrolment
):
    client = login(enrolment.employee)
    url = reverse("training:questionnaire_answer", args=[enrolment.pk])
    template = services.template_for_session(enrolment.session)
    data = _answers(template, 3)
    data[next(iter(data))] = "7"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Pilih nilai antara 1 dan 4" in response.content.decode()
    assert not QuestionnaireResponse.objects.exists()


def test_a_participant_who_was_absent_sees_why_and_has_no_form(login, org):
    absent = EnrolmentFactory(
        session=finished_session(org["agency"]), employee=org["member"]
    )
    client = login(org["member"])
    url = reverse("training:questionnaire_answer", args=[absent.pk])
    response = client.get(url)
    assert "hanya untuk peserta yang hadir" in response.content.decode()
    client.post(url, {"comment": "x"})
    assert not QuestionnaireResponse.objects.exists()


def test_another_agency_participant_cannot_open_the_form(login, enrolment, other_org):
    client = login(other_org["member"])
    url = reverse("training:questionnaire_answer", args=[enrolment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_notification_opens_the_questionnaire(login, enrolment):
    services.send_questionnaire_reminders(today=enrolment.session.end_date)
    note = enrolment.employee.user.notifications.get()
    response = login(enrolment.employee).get(note.get_absolute_url())
    assert response.url == reverse("training:questionnaire_answer", args=[enrolment.pk])
    assert notification_services.already_notified(
        recipient=enrolment.employee.user,
        kind=services.QUESTIONNAIRE_KIND,
        obj=enrolment,
        step="invite",
    )


def test_hr_sees_results_and_downloads_excel_safe_against_formulas(login, org):
    session = finished_session(org["agency"])
    template = services.template_for_session(session)
    for person, score in (("member", 4), ("outsider", 2)):
        services.submit_questionnaire(
            enrolment=attended(session, org[person]),
            scores={q.pk: score for q in template.questions.all()},
            comment="=HYPERLINK(1)" if person == "member" else "",
        )
    client = login(org["hr"])
    page = client.get(reverse("training:session_results", args=[session.pk]))
    assert page.context["results"]["response_rate"] == 100
    body = page.content.decode()
    assert "3,00" in body or "3.00" in body
    export = client.get(
        reverse("training:program_results_export", args=[session.program_id])
    )
    workbook = load_workbook(io.BytesIO(export.content))
    assert workbook.sheetnames == [
        "Ringkasan",
        "Jawaban",
        "Komentar",
        "Evaluasi lanjutan",
        "Per sesi",
    ]
    assert workbook["Per sesi"]["D2"].value == 2
    assert workbook["Jawaban"].max_row == 1 + 12
    assert workbook["Komentar"]["C2"].value == "'=HYPERLINK(1)"


def test_hr_changes_template_of_a_session_until_someone_answers(login, org):
    session = finished_session(org["agency"])
    from training.models import QuestionnaireTemplate

    other = QuestionnaireTemplate.objects.create(
        agency=org["agency"], name="Skala lima", scale=5
    )
    client = login(org["hr"])
    url = reverse("training:session_template_set", args=[session.pk])
    client.post(url, {"template": other.pk})
    assert services.template_for_session(session) == other


def test_hr_creates_a_template_with_questions(login, org):
    client = login(org["hr"])
    data = {
        "name": "Teknis 1-5",
        "scale": "5",
        "follow_up_weeks": "12",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-order": "1",
        "questions-0-aspect": "materi",
        "questions-0-text": "Materi relevan",
        "questions-1-order": "0",
        "questions-1-aspect": "",
        "questions-1-text": "",
    }
    response = client.post(reverse("training:questionnaire_template_create"), data)
    assert response.status_code == 302, response.context["formset"].errors
    from training.models import QuestionnaireTemplate

    created = QuestionnaireTemplate.objects.get(name="Teknis 1-5")
    assert created.scale == 5
    assert list(created.questions.values_list("text", flat=True)) == ["Materi relevan"]


def test_asn_downloads_own_certificate_and_public_verifies_without_contact_data(
    client, login, org
):
    enrolment = EnrolmentFactory(
        session=finished_session(org["agency"]),
        employee=org["member"],
        status=Enrolment.Status.COMPLETED,
    )
    certificate = services.issue_certificate(enrolment=enrolment)
    pdf = login(org["member"]).get(
        reverse("training:certificate_pdf", args=[certificate.pk])
    )
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    client.logout()
    lowered = certificate.code.lower().replace("-", "")
    found = client.get(reverse("training:certificate_verify"), {"code": lowered})
    assert found.url == reverse(
        "training:certificate_verify_code", args=[certificate.code]
    )
    page = client.get(found.url).content.decode()
    assert org["member"].full_name in page
    assert org["member"].user.email not in page
    assert org["member"].nip not in page
    missing = client.get(
        reverse("training:certificate_verify_code", args=["AAAA-BBBB-CCCC"])
    )
    assert missing.status_code == 404
    assert "Tidak ada sertifikat" in missing.content.decode()
    assert Certificate.objects.count() == 1


def test_certificate_lookups_are_rate_limited_per_address(client, org, settings):
    settings.RATE_LIMITS = {"certificate_verify": (3, 600)}
    enrolment = EnrolmentFactory(
        session=finished_session(org["agency"]),
        employee=org["member"],
        status=Enrolment.Status.COMPLETED,
    )
    certificate = services.issue_certificate(enrolment=enrolment)
    url = reverse("training:certificate_verify_code", args=[certificate.code])
    guesses = [
        reverse("training:certificate_verify_code", args=[f"AAAA-BBBB-CCC{n}"])
        for n in range(2, 5)
    ]
    statuses = [client.get(guess).status_code for guess in guesses]
    assert statuses == [404, 404, 404]
    limited = client.get(url)
    assert limited.status_code == 429, "past the limit even a real code is refused"
    assert org["member"].full_name not in limited.content.decode()
    assert "Terlalu banyak permintaan" in limited.content.decode()
    elsewhere = client.get(url, REMOTE_ADDR="198.51.100.20")
    assert elsewhere.status_code == 200, "the limit is per address"


def test_supervisor_rates_follow_up_from_the_list(login, org):
    enrolment = attended(
        finished_session(org["agency"], ended_days_ago=60), org["member"]
    )
    client = login(org["supervisor"])
    listing = client.get(reverse("training:follow_up_list"))
    assert enrolment in list(listing.context["enrolments"])
    url = reverse("training:follow_up_form", args=[enrolment.pk])
    assert client.post(url, {"score": "9"}).status_code == 200
    response = client.post(url, {"score": "3", "comment": "Sudah menerapkan SOP"})
    assert response.status_code == 302
    assert enrolment.follow_up.score == 3
    results = login(org["hr"]).get(
        reverse("training:program_results", args=[enrolment.session.program_id])
    )
    assert results.context["results"]["follow_up"][0]["count"] == 1


def test_hr_edits_question_wording_and_removes_an_unanswered_question(login, org):
    template = services.ensure_default_template(agency=org["agency"])
    questions = list(template.questions.all())
    data = {
        "name": template.name,
        "scale": "4",
        "is_default": "on",
        "follow_up_weeks": "8",
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": str(len(questions)),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for i, question in enumerate(questions):
        data |= {
            f"questions-{i}-id": str(question.pk),
            f"questions-{i}-order": str(question.order),
            f"questions-{i}-aspect": question.aspect,
            f"questions-{i}-text": question.text,
        }
    data["questions-0-text"] = "Materi mudah dipahami"
    data["questions-1-DELETE"] = "on"
    url = reverse("training:questionnaire_template_edit", args=[template.pk])
    response = login(org["hr"]).post(url, data)
    assert response.status_code == 302
    texts = list(template.questions.values_list("text", flat=True))
    assert texts[0] == "Materi mudah dipahami"
    assert len(texts) == len(questions) - 1


def test_a_superuser_without_a_profile_is_refused_creation_pages(client, db):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.go.id")
    client.force_login(admin)
    for name in ("questionnaire_template_create", "internship_create"):
        assert client.get(reverse(f"training:{name}")).status_code == 403


@pytest.mark.parametrize("export", ["session_results_export", "program_results_export"])
def test_results_excel_holds_figures_as_numbers_and_dates_as_dates(login, org, export):
    session = finished_session(org["agency"], ended_days_ago=60)
    template = services.template_for_session(session)
    member = attended(session, org["member"])
    for enrolment, score in ((member, 4), (attended(session, org["outsider"]), 3)):
        services.submit_questionnaire(
            enrolment=enrolment,
            scores={q.pk: score for q in template.questions.all()},
            comment="Materi bermanfaat",
        )
    services.submit_follow_up(
        enrolment=member, supervisor=org["supervisor"], score=3, comment="Baik"
    )
    pk = session.pk if export == "session_results_export" else session.program_id
    response = login(org["hr"]).get(reverse(f"training:{export}", args=[pk]))
    workbook = open_export(response)
    summary = workbook["Ringkasan"]
    assert_figures(summary, numbers=["Rata-rata", "Jumlah jawaban", "Nilai 4"])
    assert column(summary, "Rata-rata")[0].number_format == "#,##0.00"
    rate = labelled(summary)["Tingkat respons (%)"]
    assert (rate.value, rate.number_format) == (1, "0.0%")
    assert labelled(summary)["Peserta hadir"].value == 2
    assert_figures(workbook["Jawaban"], numbers=["No. respons", "Skala", "Nilai"])
    assert_figures(workbook["Komentar"], dates=["Tanggal"])
    assert_figures(workbook["Evaluasi lanjutan"], numbers=["Nilai"], dates=["Tanggal"])
    if export == "program_results_export":
        assert_figures(
            workbook["Per sesi"],
            numbers=["Hadir", "Mengisi", "Rata-rata reaksi", "Rata-rata lanjutan"],
            dates=["Mulai", "Selesai"],
        )
