from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from elearning.models import Lesson, Module, Progress, Question, TestAttempt
from elearning.tests.access_rules import PDF
from elearning.tests.factories import answers_for, as_post_data, make_module
from tests.sheets import assert_figures, column, labelled, open_export
from training.models import JpCredit

pytestmark = pytest.mark.django_db

CONFIRMED = {"confirmed": "1"}  # past the confirmation step


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def module(org):
    return make_module(org["agency"], lessons=2, questions=5, jp=Decimal("4"))


# Learners ---------------------------------------------------------------------


def test_catalogue_lists_published_modules_of_the_own_agency(login, org, other_org):
    mine = make_module(org["agency"], title="Dasar-dasar Pelayanan Publik")
    make_module(org["agency"], title="Draf rahasia", published=False)
    make_module(other_org["agency"], title="Modul instansi lain")
    body = login(org["member"]).get(reverse("elearning:catalogue")).content.decode()
    assert mine.title in body
    assert "Draf rahasia" not in body
    assert "Modul instansi lain" not in body


def test_anonymous_is_sent_to_login_from_the_catalogue(client):
    response = client.get(reverse("elearning:catalogue"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_draft_is_404_for_the_learner_pages(login, org):
    draft = make_module(org["agency"], published=False)
    url = reverse("elearning:module_detail", args=[draft.pk])
    assert login(org["member"]).get(url).status_code == 404
    assert login(org["hr"]).get(url).status_code == 404


def test_another_agencys_module_is_404(login, org, other_org):
    foreign = make_module(other_org["agency"])
    client = login(org["member"])
    assert (
        client.get(reverse("elearning:module_detail", args=[foreign.pk])).status_code
        == 404
    )
    start = client.post(reverse("elearning:module_start", args=[foreign.pk]))
    assert start.status_code == 404
    assert not Progress.objects.exists()


def test_the_whole_module_from_pre_test_to_jp(login, org, module):
    client = login(org["member"])
    start = client.post(reverse("elearning:module_start", args=[module.pk]))
    assert start.url == reverse("elearning:take_test", args=[module.pk, "pre"])
    lesson = module.lessons.first()
    before = client.get(lesson.get_absolute_url())
    assert before.status_code == 302  # pre-test first
    pre_url = reverse("elearning:take_test", args=[module.pk, "pre"])
    assert client.get(pre_url).status_code == 200
    response = client.post(
        pre_url, as_post_data(answers_for(module, "pre", correct=2)), follow=True
    )
    assert "nilai Anda 40,00" in " ".join(_messages(response))
    for lesson in module.lessons.all():
        assert client.get(lesson.get_absolute_url()).status_code == 200
        client.post(reverse("elearning:lesson_done", args=[module.pk, lesson.pk]))
    post_url = reverse("elearning:take_test", args=[module.pk, "post"])
    client.post(post_url, as_post_data(answers_for(module, "post", correct=5)))
    page = client.get(module.get_absolute_url())
    assert page.context["progress"].gain == Decimal("60.00")
    assert "+60,00" in page.content.decode()
    done = client.post(
        reverse("elearning:module_complete", args=[module.pk]), follow=True
    )
    assert "4 JP dicatat" in " ".join(_messages(done))
    assert JpCredit.objects.get().source_key == f"elearning.module:{module.pk}"
    again = client.post(
        reverse("elearning:module_complete", args=[module.pk]), follow=True
    )
    assert "sudah selesai" in " ".join(_messages(again))
    assert JpCredit.objects.count() == 1


def test_pre_test_submitted_twice_is_refused_with_a_message(login, org, module):
    client = login(org["member"])
    client.post(reverse("elearning:module_start", args=[module.pk]))
    url = reverse("elearning:take_test", args=[module.pk, "pre"])
    client.post(url, as_post_data(answers_for(module, "pre", correct=1)))
    response = client.post(url, as_post_data(answers_for(module, "pre")), follow=True)
    assert "Pre-test hanya dapat dikerjakan satu kali." in _messages(response)
    assert Progress.objects.get().pre_score == Decimal("20.00")
    assert TestAttempt.objects.count() == 1


def test_a_choice_not_of_that_question_is_refused_with_a_message(login, org, module):
    client = login(org["member"])
    client.post(reverse("elearning:module_start", args=[module.pk]))
    answers = answers_for(module, "pre")
    questions = list(answers)
    answers[questions[0]] = answers[questions[1]]
    response = client.post(
        reverse("elearning:take_test", args=[module.pk, "pre"]),
        as_post_data(answers),
        follow=True,
    )
    assert any("bukan pilihan dari soal" in m for m in _messages(response))
    assert not TestAttempt.objects.exists()


def test_an_unknown_test_kind_is_404(login, org, module):
    url = reverse("elearning:take_test", args=[module.pk, "ujian"])
    assert login(org["member"]).get(url).status_code == 404


def test_lesson_text_is_escaped_and_only_allowed_video_hosts_are_embedded(
    login, org, module
):
    client = login(org["member"])
    client.post(reverse("elearning:module_start", args=[module.pk]))
    client.post(
        reverse("elearning:take_test", args=[module.pk, "pre"]),
        as_post_data(answers_for(module, "pre")),
    )
    lesson = module.lessons.first()
    # Written around the form, as an old import might have.
    Lesson.objects.filter(pk=lesson.pk).update(
        body="<script>alert(1)</script>", video_url="https://evil.example/v/1"
    )
    body = client.get(lesson.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
    assert "<iframe" not in body
    assert "evil.example" not in body
    Lesson.objects.filter(pk=lesson.pk).update(video_url="https://youtu.be/dQw4w9WgXcQ")
    body = client.get(lesson.get_absolute_url()).content.decode()
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in body


def test_lesson_file_is_served_to_the_agency_only(login, org, other_org, tmp_path):
    module = make_module(org["agency"], lessons=0)
    lesson = Lesson(module=module, order=1, title="PDF", kind=Lesson.Kind.FILE)
    lesson.attachment.save("panduan.pdf", SimpleUploadedFile("x.pdf", PDF))
    url = reverse("elearning:lesson_file", args=[module.pk, lesson.pk])
    response = login(org["member"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert login(other_org["member"]).get(url).status_code == 404


# Authoring --------------------------------------------------------------------


def test_asn_cannot_author(login, org):
    client = login(org["member"])
    assert client.get(reverse("elearning:manage_list")).status_code == 403
    assert client.post(reverse("elearning:module_create"), {}).status_code == 403


def test_hr_of_another_agency_gets_404_on_a_module(login, org, other_org):
    draft = make_module(org["agency"], published=False)
    client = login(other_org["hr"])
    for name in ["module_manage", "module_edit", "lesson_create"]:
        assert (
            client.get(reverse(f"elearning:{name}", args=[draft.pk])).status_code == 404
        )
    publish = client.post(reverse("elearning:module_publish", args=[draft.pk]))
    assert publish.status_code == 404
    draft.refresh_from_db()
    assert not draft.is_published


def test_hr_authors_and_publishes_a_module(login, org):
    client = login(org["hr"])
    response = client.post(
        reverse("elearning:module_create"),
        {
            "title": "Penyusunan SKP",
            "competency_area": "Manajemen kinerja",
            "jp": "3",
            "pass_mark": "70",
            "requires_all_lessons": "on",
        },
    )
    module = Module.objects.get()
    assert module.agency == org["agency"]
    assert response.url == reverse("elearning:module_manage", args=[module.pk])
    client.post(
        reverse("elearning:lesson_create", args=[module.pk]),
        {"order": 1, "title": "Apa itu SKP", "kind": "teks", "body": "SKP adalah..."},
    )
    assert module.lessons.count() == 1
    for kind in ("pre", "post"):
        client.post(
            reverse("elearning:question_create", args=[module.pk, kind]),
            _question_data("Siapa pejabat penilai kinerja?", correct=[1]),
        )
    assert Question.objects.filter(test__module=module).count() == 2
    published = client.post(
        reverse("elearning:module_publish", args=[module.pk]),
        {"action": "publish"},
        follow=True,
    )
    assert "Modul diterbitkan untuk ASN instansi." in _messages(published)
    module.refresh_from_db()
    assert module.is_published


def _question_data(text, *, correct, choices=("Atasan langsung", "Rekan", "Diri")):
    data = {
        "order": 1,
        "text": text,
        "choices-TOTAL_FORMS": "4",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "8",
    }
    for index, choice in enumerate(choices):
        data[f"choices-{index}-text"] = choice
        if index in correct:
            data[f"choices-{index}-is_correct"] = "on"
    return data


@pytest.mark.parametrize(("correct", "shown"), [([0, 1], "2"), ([], "0")])
def test_a_question_needs_exactly_one_correct_choice(login, org, correct, shown):
    module = make_module(org["agency"], published=False, questions=0)
    response = login(org["hr"]).post(
        reverse("elearning:question_create", args=[module.pk, "pre"]),
        _question_data("Soal?", correct=correct),
    )
    assert response.status_code == 200
    assert f"tepat satu pilihan sebagai jawaban benar (sekarang {shown})" in (
        response.content.decode()
    )
    assert not Question.objects.exists()


def test_editing_a_question_can_move_the_correct_choice(login, org):
    module = make_module(org["agency"], published=False, questions=1)
    question = module.tests.get(kind="pre").questions.get()
    choices = list(question.choices.all())
    data = {
        "order": 1,
        "text": "Soal yang diubah?",
        "choices-TOTAL_FORMS": "3",
        "choices-INITIAL_FORMS": "3",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "8",
    }
    for index, choice in enumerate(choices):
        data[f"choices-{index}-id"] = choice.pk
        data[f"choices-{index}-question"] = question.pk
        data[f"choices-{index}-text"] = choice.text
    data["choices-2-is_correct"] = "on"
    login(org["hr"]).post(
        reverse("elearning:question_edit", args=[module.pk, question.pk]), data
    )
    assert question.choices.get(is_correct=True).pk == choices[2].pk


def test_questions_lock_once_someone_took_the_test(login, org, module):
    client = login(org["member"])
    client.post(reverse("elearning:module_start", args=[module.pk]))
    client.post(
        reverse("elearning:take_test", args=[module.pk, "pre"]),
        as_post_data(answers_for(module, "pre")),
    )
    response = login(org["hr"]).get(
        reverse("elearning:question_create", args=[module.pk, "pre"]), follow=True
    )
    assert any("tidak dapat diubah" in m for m in _messages(response))


def _lesson_post(client, module, **data):
    return client.post(
        reverse("elearning:lesson_create", args=[module.pk]),
        {"order": 1, "title": "Materi", **data},
    )


def test_a_video_lesson_on_another_host_is_refused(login, org):
    module = make_module(org["agency"], published=False, lessons=0)
    response = _lesson_post(
        login(org["hr"]),
        module,
        kind="video",
        video_url="https://www.dailymotion.com/video/x8abc",
    )
    assert response.status_code == 200
    assert "Tautan video harus berupa tautan https" in response.content.decode()
    assert not module.lessons.exists()


def test_a_video_lesson_on_youtube_is_saved(login, org):
    module = make_module(org["agency"], published=False, lessons=0)
    _lesson_post(
        login(org["hr"]),
        module,
        kind="video",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    assert module.lessons.get().embed_url.endswith("/embed/dQw4w9WgXcQ")


def test_a_lesson_file_of_a_bad_type_is_refused_whatever_its_name(login, org):
    module = make_module(org["agency"], published=False, lessons=0)
    fake = SimpleUploadedFile(
        "materi.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "application/pdf"
    )
    response = _lesson_post(login(org["hr"]), module, kind="berkas", attachment=fake)
    assert "Jenis berkas tidak diterima" in response.content.decode()
    assert not module.lessons.exists()


def test_a_pdf_lesson_file_is_accepted(login, org):
    module = make_module(org["agency"], published=False, lessons=0)
    pdf = SimpleUploadedFile("panduan.pdf", PDF, "application/pdf")
    _lesson_post(login(org["hr"]), module, kind="berkas", attachment=pdf)
    assert module.lessons.get().attachment_name.startswith("panduan")


# Results ----------------------------------------------------------------------


def _participant(module, employee, *, pre, post, completed=False):
    from django.utils import timezone

    now = timezone.now()
    return Progress.objects.create(
        module=module,
        employee=employee,
        started_at=now,
        pre_score=pre,
        post_score=post,
        completed_at=now if completed else None,
    )


def test_results_show_completion_and_average_gain(login, org, module):
    _participant(
        module, org["member"], pre=Decimal(40), post=Decimal(80), completed=True
    )
    _participant(module, org["outsider"], pre=Decimal(60), post=Decimal(70))
    _participant(module, org["supervisor"], pre=Decimal(20), post=None)
    response = login(org["hr"]).get(
        reverse("elearning:results_detail", args=[module.pk])
    )
    summary = response.context["summary"]
    assert summary["participants"] == 3
    assert summary["completed"] == 1
    assert summary["completion_rate"] == pytest.approx(33.3)
    assert summary["avg_pre"] == Decimal(40)
    assert summary["avg_post"] == Decimal(75)
    assert summary["avg_gain"] == Decimal(25)  # (40 + 10) / 2; no post, no gain
    listing = login(org["leader"]).get(reverse("elearning:results_list"))
    [row] = listing.context["rows"]
    assert row["avg_gain"] == Decimal(25)


def test_results_export_is_an_excel_file_with_safe_cells(login, org, module):
    org["member"].name = "=HYPERLINK(1)"
    org["member"].save()
    _participant(
        module, org["member"], pre=Decimal(40), post=Decimal(80), completed=True
    )
    _participant(module, org["outsider"], pre=Decimal("62.5"), post=Decimal(70))
    response = login(org["leader"]).get(
        reverse("elearning:results_export", args=[module.pk])
    )
    workbook = open_export(response)
    participants, summary = workbook.worksheets
    rows = list(participants.values)
    member = next(row for row in rows if row[0] == "'=HYPERLINK(1)")
    assert member[-1] == 40
    assert_figures(
        participants,
        numbers=["Materi selesai", "Pre-test", "Post-test terbaik", "Gain (poin)"],
        dates=["Mulai", "Selesai"],
    )
    assert column(participants, "Pre-test")[0].number_format == "#,##0.00"
    figures = labelled(summary)
    assert figures["Peserta"].value == 2
    rate = figures["Tingkat penyelesaian (%)"]
    assert (rate.value, rate.number_format) == (0.5, "0.0%")
    assert figures["Rata-rata pre-test"].value == 51.25


def test_asn_and_supervisor_cannot_read_results(login, org, module):
    for person in ("member", "supervisor"):
        client = login(org[person])
        assert client.get(reverse("elearning:results_list")).status_code == 403


def test_leader_of_another_agency_gets_404_on_results(login, org, other_org, module):
    client = login(other_org["leader"])
    url = reverse("elearning:results_detail", args=[module.pk])
    assert client.get(url).status_code == 404


# Navigation -------------------------------------------------------------------


def test_navigation_and_home_show_each_role_its_entries(login, org):
    asn_home = login(org["member"]).get(reverse("home")).content.decode()
    assert "E-learning" in asn_home
    assert "Kelola e-learning" not in asn_home
    hr_home = login(org["hr"]).get(reverse("home")).content.decode()
    assert "Kelola e-learning" in hr_home
    leader_home = login(org["leader"]).get(reverse("home")).content.decode()
    assert "Hasil e-learning" in leader_home
    assert "Kelola e-learning" not in leader_home


def test_supervisor_sees_the_teams_progress_only(login, org, module):
    for person in ("member", "outsider"):
        Progress.objects.create(module=module, employee=org[person], pre_score=50)
    response = login(org["supervisor"]).get(reverse("elearning:team_progress"))
    assert [p.employee for p in response.context["rows"]] == [org["member"]]
    assert login(org["member"]).get(reverse("elearning:team_progress")).status_code == (
        403
    )


def test_hr_deletes_a_lesson_and_a_question_nobody_used(login, org):
    module = make_module(org["agency"], published=False)
    client = login(org["hr"])
    lesson = module.lessons.first()
    client.post(
        reverse("elearning:lesson_delete", args=[module.pk, lesson.pk]), CONFIRMED
    )
    assert not Lesson.objects.filter(pk=lesson.pk).exists()
    question = module.tests.get(kind="pre").questions.first()
    client.post(
        reverse("elearning:question_delete", args=[module.pk, question.pk]), CONFIRMED
    )
    assert not Question.objects.filter(pk=question.pk).exists()


def test_used_lessons_and_questions_are_kept(login, org, module):
    learner = login(org["member"])
    learner.post(reverse("elearning:module_start", args=[module.pk]))
    learner.post(
        reverse("elearning:take_test", args=[module.pk, "pre"]),
        as_post_data(answers_for(module, "pre")),
    )
    lesson = module.lessons.first()
    learner.post(reverse("elearning:lesson_done", args=[module.pk, lesson.pk]))
    client = login(org["hr"])
    response = client.post(
        reverse("elearning:lesson_delete", args=[module.pk, lesson.pk]),
        CONFIRMED,
        follow=True,
    )
    assert any("tidak dapat dihapus" in m for m in _messages(response))
    assert Lesson.objects.filter(pk=lesson.pk).exists()
    question = module.tests.get(kind="pre").questions.first()
    client.post(
        reverse("elearning:question_delete", args=[module.pk, question.pk]), CONFIRMED
    )
    assert Question.objects.filter(pk=question.pk).exists()


def test_a_duplicate_module_title_in_the_agency_is_refused(login, org, other_org):
    make_module(org["agency"], title="Penyusunan SKP")
    make_module(other_org["agency"], title="Literasi Digital untuk ASN")
    client = login(org["hr"])
    data = {"competency_area": "Kinerja", "jp": "3", "pass_mark": "70"}
    response = client.post(
        reverse("elearning:module_create"), {**data, "title": "penyusunan skp"}
    )
    assert "sudah memiliki modul dengan judul ini" in response.content.decode()
    other_agency_title = client.post(
        reverse("elearning:module_create"),
        {**data, "title": "Literasi Digital untuk ASN"},
    )
    assert other_agency_title.status_code == 302
    second = Module.objects.get(agency=org["agency"], title__startswith="Literasi")
    rename = client.post(
        reverse("elearning:module_edit", args=[second.pk]),
        {**data, "title": "Penyusunan SKP"},
    )
    assert "sudah memiliki modul dengan judul ini" in rename.content.decode()
