"""The public pages: no login, the exact questionnaire, and the abuse defences."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from feedback import abuse, ikm, services
from feedback.models import Complaint, ComplaintEvent, SurveyResponse

pytestmark = pytest.mark.django_db


def _token(client, url):
    page = client.get(url).content.decode()
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def survey_data(token, **overrides):
    data = dict.fromkeys(ikm.UNSUR_CODES, "3")
    data.update(
        token=token,
        gender="L",
        age="41",
        education="SMA",
        occupation="WIRAUSAHA",
        service_name="Rekam KTP-el",
        suggestion="Tambah kursi ruang tunggu",
    )
    data.update(overrides)
    return data


def test_survey_page_needs_no_login_and_shows_every_answer_label(client, service_unit):
    response = client.get(reverse("feedback:survey", args=[service_unit.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    for code, (name, labels) in ikm.UNSUR.items():
        assert name in body, code
        for label in labels:
            assert label in body
    assert 'lang="id"' in body
    assert "bootstrap" not in body  # the public page stays light


def test_a_submitted_survey_is_stored_with_scores_by_code(client, service_unit):
    url = reverse("feedback:survey", args=[service_unit.slug])
    data = survey_data(_token(client, url), U4="4", U3="1")
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url == reverse("feedback:survey_thanks", args=[service_unit.slug])
    stored = SurveyResponse.objects.get()
    assert (stored.u3, stored.u4, stored.u1) == (1, 4, 3)
    assert stored.gender == "L"
    assert stored.source == SurveyResponse.Source.ONLINE
    thanks = client.get(response.url).content.decode()
    assert "Terima kasih" in thanks
    assert "wa.me" in thanks


def test_a_double_submit_of_the_same_form_is_counted_once(client, service_unit):
    url = reverse("feedback:survey", args=[service_unit.slug])
    data = survey_data(_token(client, url))
    client.post(url, data)
    client.post(url, data)
    assert SurveyResponse.objects.count() == 1


def test_a_missing_answer_shows_an_error_in_indonesian(client, service_unit):
    url = reverse("feedback:survey", args=[service_unit.slug])
    data = survey_data(_token(client, url))
    del data["U7"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "belum lengkap" in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_a_forged_token_is_refused(client, service_unit):
    url = reverse("feedback:survey", args=[service_unit.slug])
    response = client.post(url, survey_data("not-a-signed-token"))
    assert "kedaluwarsa" in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_the_honeypot_pretends_success_and_stores_nothing(client, service_unit):
    url = reverse("feedback:survey", args=[service_unit.slug])
    data = survey_data(_token(client, url), **{abuse.HONEYPOT_FIELD: "http://spam"})
    response = client.post(url, data)
    assert response.status_code == 302
    assert SurveyResponse.objects.count() == 0


def test_public_posts_are_rate_limited_per_address(client, service_unit, settings):
    settings.RATE_LIMITS = {"survey": (2, 600)}
    url = reverse("feedback:survey", args=[service_unit.slug])
    statuses = [
        client.post(url, survey_data(_token(client, url))).status_code for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert SurveyResponse.objects.count() == 2


def test_an_inactive_or_unknown_unit_is_404(client, service_unit):
    service_unit.is_active = False
    service_unit.save()
    assert (
        client.get(reverse("feedback:survey", args=["loket-dukcapil"])).status_code
        == 404
    )
    assert client.get(reverse("feedback:survey", args=["tidak-ada"])).status_code == 404


def _png(size=(20, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


def complaint_data(token, **overrides):
    data = {
        "token": token,
        "kind": "pengaduan",
        "service_name": "Akta kelahiran",
        "description": "Sudah tiga kali datang, berkas selalu dinyatakan hilang.",
        # A name the factories never make: staff names on the page must not match it.
        "contact_name": "Pelapor Xaverius Qurniawan",
        "contact_phone": "081234567890",
        "contact_email": "budi@example.com",
    }
    data.update(overrides)
    return data


def test_complaint_gives_a_code_once_and_tracking_never_shows_contact(
    client, service_unit
):
    url = reverse("feedback:complaint_new", args=[service_unit.slug])
    photo = SimpleUploadedFile("bukti.png", _png(), content_type="image/png")
    response = client.post(url, complaint_data(_token(client, url), photo=photo))
    assert response.status_code == 302
    sent = client.get(response.url).content.decode()
    code = re.search(r'data-testid="tracking-code">([A-Z0-9-]+)<', sent).group(1)
    # Shown once only.
    assert code not in client.get(response.url).content.decode()

    complaint = Complaint.objects.get()
    assert complaint.tracking_hash != code
    assert code not in complaint.tracking_hash
    assert complaint.photo.name.startswith("pengaduan/")
    assert complaint.events.get().kind == ComplaintEvent.Kind.SUBMITTED

    tracked = client.post(reverse("feedback:track"), {"code": code.lower()})
    body = tracked.content.decode()
    assert "Diterima" in body
    for secret in ["Xaverius", "081234567890", "budi@example.com"]:
        assert secret not in body


def test_anonymous_complaint_keeps_no_name(client, service_unit):
    url = reverse("feedback:complaint_new", args=[service_unit.slug])
    client.post(
        url,
        complaint_data(
            _token(client, url), is_anonymous="on", contact_phone="", contact_email=""
        ),
    )
    complaint = Complaint.objects.get()
    assert complaint.is_anonymous
    assert complaint.contact_name == ""


def test_an_anonymous_complaints_contact_is_shown_to_no_one(
    client, login, org, service_unit
):
    url = reverse("feedback:complaint_new", args=[service_unit.slug])
    client.post(url, complaint_data(_token(client, url), is_anonymous="on"))
    complaint = Complaint.objects.get()
    detail = reverse("feedback:complaint_detail", args=[complaint.pk])
    body = login(org["hr"]).get(detail).content.decode()
    assert "Sudah tiga kali datang" in body
    assert 'data-testid="anonymous"' in body
    for contact in ("Xaverius", "081234567890", "budi@example.com"):
        assert contact not in body


def test_a_double_submitted_complaint_is_stored_once(client, service_unit):
    url = reverse("feedback:complaint_new", args=[service_unit.slug])
    data = complaint_data(_token(client, url))
    client.post(url, data)
    client.post(url, data)
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("foto.png", b"%PDF-1.4 not an image", "Jenis berkas"),
        (
            "besar.png",
            b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024 + 1),
            "terlalu besar",
        ),
    ],
)
def test_photo_is_checked_by_content_and_size(
    client, service_unit, name, content, message
):
    url = reverse("feedback:complaint_new", args=[service_unit.slug])
    photo = SimpleUploadedFile(name, content, content_type="image/png")
    response = client.post(url, complaint_data(_token(client, url), photo=photo))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Complaint.objects.count() == 0


def test_complaint_honeypot_stores_nothing_but_looks_fine(client, service_unit):
    url = reverse("feedback:complaint_new", args=[service_unit.slug])
    data = complaint_data(_token(client, url), **{abuse.HONEYPOT_FIELD: "x"})
    response = client.post(url, data)
    assert response.status_code == 302
    assert "tracking-code" in client.get(response.url).content.decode()
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.lower(),
        lambda code: code.replace("-", ""),
        lambda code: " " + code.replace("-", " ").lower() + " ",
        lambda code: code.replace("-", "").lower(),
    ],
)
def test_the_tracking_code_is_found_however_it_is_typed(client, service_unit, typed):
    _complaint, code, _ = services.submit_complaint(
        service_unit=service_unit, description="Antrean loket terlalu lama."
    )
    body = client.post(reverse("feedback:track"), {"code": typed(code)})
    assert "Antrean loket terlalu lama." in body.content.decode()


def test_the_code_shown_once_can_be_copied(client, service_unit):
    url = reverse("feedback:complaint_new", args=[service_unit.slug])
    response = client.post(url, complaint_data(_token(client, url)))
    sent = client.get(response.url).content.decode()
    code = re.search(r'data-testid="tracking-code">([A-Z0-9-]+)<', sent).group(1)
    assert f'data-copy="{code}"' in sent


def test_unknown_tracking_code_says_not_found(client, service_unit):
    response = client.post(reverse("feedback:track"), {"code": "AAAA-BBBB-CCCC"})
    assert "tidak ditemukan" in response.content.decode()


def test_tracking_shows_the_answer_and_public_steps_only(client, service_unit, org):
    complaint, code, _ = services.submit_complaint(
        service_unit=service_unit, description="Toilet umum rusak sejak sebulan."
    )
    hr = org["hr"].user
    services.verify_complaint(complaint=complaint, actor=hr, accept=True)
    services.answer_complaint(
        complaint=complaint, actor=hr, answer="Toilet sudah diperbaiki 20 November."
    )
    ComplaintEvent.objects.create(
        complaint=complaint, kind=ComplaintEvent.Kind.ESCALATED_HEAD, note="a-kepala"
    )
    body = client.post(reverse("feedback:track"), {"code": code}).content.decode()
    assert "Toilet sudah diperbaiki" in body
    assert "Dijawab" in body
    assert "Eskalasi" not in body
    assert "a-kepala" not in body


def test_public_index_lists_active_units(client, service_unit):
    body = client.get(reverse("feedback:public_index")).content.decode()
    assert service_unit.name in body
    assert service_unit.get_survey_url() in body


def test_the_same_complaint_sent_again_within_seconds_is_stored_once(
    client, service_unit
):
    url = reverse("feedback:complaint_new", args=[service_unit.slug])
    client.post(url, complaint_data(_token(client, url)))
    client.post(url, complaint_data(_token(client, url)))  # a reloaded form
    assert Complaint.objects.count() == 1


def test_a_survey_post_costs_a_handful_of_queries(
    client, service_unit, django_assert_max_num_queries
):
    url = reverse("feedback:survey", args=[service_unit.slug])
    data = survey_data(_token(client, url))
    # unit, savepoint, insert, daily-total upsert, release; session untouched.
    with django_assert_max_num_queries(6):
        assert client.post(url, data).status_code == 302


def test_public_index_names_the_agency_of_each_unit(client, service_unit):
    """Two agencies may both run a "Loket Dukcapil": the public list grouped only by
    unit name left a citizen guessing which one was theirs."""
    body = client.get(reverse("feedback:public_index")).content.decode()
    agency = service_unit.work_unit.agency
    assert f"<h2>{agency.name}</h2>" in body
    survey = client.get(service_unit.get_survey_url()).content.decode()
    assert agency.name in survey


def test_html_with_a_png_signature_never_reaches_hr_as_html(
    client, login, org, service_unit, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("feedback:complaint_new", args=[service_unit.slug])
    script = b"\x89PNG\r\n\x1a\n<html><script>alert(document.cookie)</script></html>"
    photo = SimpleUploadedFile("bukti.html", script, content_type="text/html")
    response = client.post(url, complaint_data(_token(client, url), photo=photo))
    assert response.status_code == 200
    assert "Jenis berkas tidak diterima" in response.content.decode()
    assert Complaint.objects.count() == 0

    # A real photo with the same name is kept as pixels, under our name.
    photo = SimpleUploadedFile("bukti.html", _png(), content_type="text/html")
    client.post(url, complaint_data(_token(client, url), photo=photo))
    complaint = Complaint.objects.get()
    assert re.search(r"/bukti-[0-9a-f]{12}\.png$", complaint.photo.name)
    served = login(org["hr"]).get(
        reverse("feedback:complaint_photo", args=[complaint.pk])
    )
    assert served["Content-Type"] == "image/png"
    assert served["Content-Disposition"].startswith("inline")


def test_files_stored_before_the_checks_are_renamed_or_quarantined(
    service_unit, settings, tmp_path
):
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    good, _code, _ = services.submit_complaint(
        service_unit=service_unit, description="Foto antrean yang panjang."
    )
    bad, _code, _ = services.submit_complaint(
        service_unit=service_unit, description="Foto yang bukan foto."
    )
    script = b"\x89PNG\r\n\x1a\n<script>alert(1)</script>"
    for complaint, name, content in [(good, "a.png", _png()), (bad, "b.html", script)]:
        stored = default_storage.save(f"pengaduan/{name}", io.BytesIO(content))
        Complaint.objects.filter(pk=complaint.pk).update(photo=stored)

    call_command("recheck_uploads", stdout=io.StringIO())
    good.refresh_from_db()
    bad.refresh_from_db()
    assert re.search(r"/a-[0-9a-f]{12}\.png$", good.photo.name)
    assert re.search(r"/b-[0-9a-f]{12}\.bin$", bad.photo.name)
    assert bad.photo.read() == script, "a refused file is kept, not lost"
    assert not default_storage.exists("pengaduan/b.html")

    names = (good.photo.name, bad.photo.name)
    call_command("recheck_uploads", stdout=io.StringIO())
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.photo.name, bad.photo.name) == names, "a second run changes nothing"


def _answered(service_unit, org):
    complaint, code, _ = services.submit_complaint(
        service_unit=service_unit, description="Lampu ruang tunggu mati."
    )
    services.verify_complaint(complaint=complaint, actor=None, accept=True)
    services.answer_complaint(
        complaint=complaint, actor=org["hr"].user, answer="Lampu sudah diganti."
    )
    return complaint, code


def test_the_complainant_rates_the_answer_once_and_the_unit_reads_it(
    client, login, org, service_unit
):
    from notifications.models import Notification

    service_unit.head = org["supervisor"]
    service_unit.save()
    complaint, code = _answered(service_unit, org)
    page = client.post(reverse("feedback:track"), {"code": code}).content.decode()
    assert 'data-testid="respond"' in page

    respond = reverse("feedback:track_respond")
    missing = client.post(respond, {"code": code, "reply": "Terima kasih"})
    assert "Pilih salah satu penilaian." in missing.content.decode()
    assert "Terima kasih" in missing.content.decode()  # what was typed is kept

    done = client.post(respond, {"code": code.lower(), "rating": 5, "reply": "Cepat!"})
    body = done.content.decode()
    assert 'data-testid="responded"' in body
    assert "Sangat puas" in body
    complaint.refresh_from_db()
    assert (complaint.complainant_rating, complaint.complainant_reply) == (5, "Cepat!")
    assert complaint.events.filter(kind=ComplaintEvent.Kind.RESPONDED).count() == 1
    told = Notification.objects.get(kind="feedback.complaint_response")
    assert told.recipient == org["supervisor"].user

    again = client.post(respond, {"code": code, "rating": 1, "reply": "Ubah"})
    assert "sudah Anda tanggapi" in again.content.decode()
    complaint.refresh_from_db()
    assert complaint.complainant_rating == 5

    detail = login(org["hr"]).get(
        reverse("feedback:complaint_detail", args=[complaint.pk])
    )
    assert "Sangat puas" in detail.content.decode()
    assert "Cepat!" in detail.content.decode()


def test_an_answer_not_yet_given_cannot_be_rated(client, service_unit):
    complaint, code, _ = services.submit_complaint(
        service_unit=service_unit, description="Parkir penuh."
    )
    page = client.post(reverse("feedback:track"), {"code": code}).content.decode()
    assert 'data-testid="respond"' not in page
    refused = client.post(
        reverse("feedback:track_respond"), {"code": code, "rating": 3}
    )
    assert "belum dijawab" in refused.content.decode()
    complaint.refresh_from_db()
    assert complaint.complainant_rating is None
    assert (
        client.post(
            reverse("feedback:track_respond"), {"code": "ZZZZ-ZZZZ-ZZZZ", "rating": 3}
        ).status_code
        == 404
    )


def test_a_units_ikm_is_published_for_the_public(client, service_unit):
    """The SKM results are published: anyone reads a unit's IKM, its grade and
    each unsur, for the year or a quarter, from the public index."""

    from django.utils import timezone

    from feedback.tests.test_staff import HAND_ROWS, seed_hand_example

    today = timezone.localdate()
    seed_hand_example(service_unit)
    index = client.get(reverse("feedback:public_index")).content.decode()
    url = reverse("feedback:public_results", args=[service_unit.slug])
    assert url in index

    body = client.get(url).content.decode()
    assert f"Tahun {today.year}" in body
    assert 'data-testid="ikm-unit">78,47<' in body  # the hand-computed example
    assert f"Dari {len(HAND_ROWS)} responden" in body
    assert body.count("<tr>") == 1 + len(ikm.UNSUR_CODES)

    quarter = (today.month - 1) // 3 + 1
    names = ["I", "II", "III", "IV"]
    in_quarter = client.get(url, {"tahun": today.year, "triwulan": quarter})
    assert f"Triwulan {names[quarter - 1]} {today.year}" in in_quarter.content.decode()
    last_year = client.get(url, {"tahun": today.year - 1}).content.decode()
    assert "Belum cukup jawaban" in last_year
    assert "Dari 0 responden" in last_year
    service_unit.is_active = False
    service_unit.save()
    assert client.get(url).status_code == 404
