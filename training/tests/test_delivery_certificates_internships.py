"""Certificates (issue once, PDF with QR, public check) and internships (logbook,
host sign-off by signed link, completion with JP and certificate); follow-up rules."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from asn_portal.refusals import Refused
from people.pickers import picker_label
from training.certificate_pdf import render_certificate_pdf
from training.models import (
    Certificate,
    DevelopmentForm,
    Enrolment,
    FollowUpEvaluation,
    InternshipPlacement,
    JpCredit,
)
from training.services import delivery as services
from training.tests.factories import (
    EnrolmentFactory,
    attended,
    finished_session,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_certificate_is_issued_once_for_a_completed_participant(org):
    session = finished_session(org["agency"])
    enrolment = EnrolmentFactory(
        session=session, employee=org["member"], status=Enrolment.Status.COMPLETED
    )
    first = services.issue_certificate(enrolment=enrolment)
    again = services.issue_certificate(enrolment=enrolment)
    assert first.pk == again.pk
    assert Certificate.objects.count() == 1
    assert first.holder_nip == org["member"].nip
    assert first.jp == session.program.jp
    assert services.normalise_code(first.code.lower().replace("-", " ")) == first.code


def test_no_certificate_for_a_participant_who_did_not_complete(org):
    enrolment = EnrolmentFactory(
        session=finished_session(org["agency"]),
        employee=org["member"],
        status=Enrolment.Status.NOT_COMPLETED,
    )
    with pytest.raises(Refused, match="lulus"):
        services.issue_certificate(enrolment=enrolment)
    assert not Certificate.objects.exists()


def test_certificate_pdf_is_a_pdf_with_the_code(org):
    enrolment = EnrolmentFactory(
        session=finished_session(org["agency"]),
        employee=org["member"],
        status=Enrolment.Status.COMPLETED,
    )
    certificate = services.issue_certificate(enrolment=enrolment)
    pdf = render_certificate_pdf(certificate)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 2000


def _placement(org, **extra):
    defaults = {
        "agency": org["agency"],
        "employee": org["member"],
        "title": "Tata kelola data kepegawaian",
        "host_institution": "Universitas Gadjah Mada",
        "host_supervisor_name": "Dr. Sri Lestari",
        "internal_supervisor": org["supervisor"],
        "start_date": TODAY - datetime.timedelta(days=10),
        "end_date": TODAY,
        "hours_per_day": Decimal("6"),
    }
    defaults.update(extra)
    return services.create_internship(placement=InternshipPlacement(**defaults))


def test_agreement_quota_is_enforced(org):
    _placement(org, agreement_reference="PKS-01/2026", agreement_quota=1)
    with pytest.raises(Refused, match="Kuota perjanjian"):
        _placement(
            org,
            employee=org["outsider"],
            agreement_reference="PKS-01/2026",
            agreement_quota=1,
        )
    assert InternshipPlacement.objects.count() == 1


def test_internship_logbook_sign_off_and_completion_credit_duration_jp(org):
    placement = _placement(org)
    days = [TODAY - datetime.timedelta(days=n) for n in (3, 2, 1)]
    entries = [
        services.add_logbook_entry(placement=placement, date=d, activities=f"Hari {d}")
        for d in days
    ]
    with pytest.raises(Refused, match="belum diparaf"):
        services.complete_internship(
            placement=placement,
            evaluator=org["supervisor"],
            final_score=85,
            final_evaluation="Baik",
        )
    for entry in entries:
        services.sign_logbook_entry(token=services.logbook_sign_token(entry))
    done = services.complete_internship(
        placement=placement,
        evaluator=org["supervisor"],
        final_score=85,
        final_evaluation="Baik",
    )
    # 3 days × 6 hours = 1080 minutes = 24 JP at 45 minutes per JP.
    assert done.jp_credited == Decimal("24.00")
    credit = JpCredit.objects.get(employee=org["member"])
    assert credit.form == DevelopmentForm.INTERNSHIP
    assert credit.jp == Decimal("24.00")
    assert Certificate.objects.get(placement=placement).jp == Decimal("24.00")
    with pytest.raises(Refused, match="sudah dinyatakan selesai"):
        services.complete_internship(
            placement=placement,
            evaluator=org["supervisor"],
            final_score=90,
            final_evaluation="Lagi",
        )
    assert JpCredit.objects.count() == 1


def test_fixed_jp_internship_uses_the_hr_value(org):
    placement = _placement(org, jp_method="tetap", fixed_jp=Decimal("40"))
    entry = services.add_logbook_entry(
        placement=placement, date=TODAY, activities="Orientasi"
    )
    services.sign_logbook_entry(token=services.logbook_sign_token(entry))
    done = services.complete_internship(
        placement=placement,
        evaluator=org["hr"],
        final_score=80,
        final_evaluation="Cukup",
    )
    assert done.jp_credited == Decimal("40")


def test_a_sign_link_is_one_time_and_breaks_when_the_text_changes(org):
    placement = _placement(org)
    entry = services.add_logbook_entry(
        placement=placement, date=TODAY, activities="Rapat"
    )
    token = services.logbook_sign_token(entry)
    services.add_logbook_entry(placement=placement, date=TODAY, activities="Diubah")
    with pytest.raises(Refused, match="telah berubah"):
        services.sign_logbook_entry(token=token)
    entry.refresh_from_db()
    fresh = services.logbook_sign_token(entry)
    services.sign_logbook_entry(token=fresh)
    with pytest.raises(Refused, match="sudah diparaf"):
        services.sign_logbook_entry(token=fresh)
    with pytest.raises(Refused, match="sudah diparaf"):
        services.add_logbook_entry(placement=placement, date=TODAY, activities="X")
    with pytest.raises(Refused, match="tidak sah"):
        services.sign_logbook_entry(token="forged:token")


def test_logbook_dates_stay_within_the_internship(org):
    placement = _placement(org)
    with pytest.raises(Refused, match="dalam masa magang"):
        services.add_logbook_entry(
            placement=placement,
            date=TODAY - datetime.timedelta(days=30),
            activities="Terlalu awal",
        )


def test_only_the_direct_supervisor_rates_follow_up_once_when_due(org):
    session = finished_session(org["agency"], ended_days_ago=60)
    enrolment = attended(session, org["member"])
    with pytest.raises(Refused, match="atasan langsung"):
        services.submit_follow_up(enrolment=enrolment, supervisor=org["hr"], score=3)
    with pytest.raises(Refused, match="antara 1 dan 4"):
        services.submit_follow_up(
            enrolment=enrolment, supervisor=org["supervisor"], score=5
        )
    services.submit_follow_up(
        enrolment=enrolment, supervisor=org["supervisor"], score=3, comment="Baik"
    )
    with pytest.raises(Refused, match="sudah diisi"):
        services.submit_follow_up(
            enrolment=enrolment, supervisor=org["supervisor"], score=4
        )
    assert FollowUpEvaluation.objects.get().score == 3


def test_follow_up_is_not_open_before_the_weeks_have_passed(org):
    session = finished_session(org["agency"], ended_days_ago=3)
    enrolment = attended(session, org["member"])
    with pytest.raises(Refused, match="dibuka mulai"):
        services.submit_follow_up(
            enrolment=enrolment, supervisor=org["supervisor"], score=3
        )


def test_a_long_title_shrinks_to_fit_the_page(org):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from asn_portal import pdf

    drawn = {}

    class Recorder:
        def setFont(self, font, size):  # noqa: N802 - reportlab's name
            drawn["font"] = (font, size)

        def drawCentredString(self, x, y, text):  # noqa: N802
            drawn["width"] = stringWidth(text, *drawn["font"])

    width = landscape(A4)[0] - 5 * 28.35
    pdf.draw_centred_fit(
        Recorder(),
        "Pelatihan Teknis " * 12,
        x=0,
        y=0,
        font="Helvetica-Bold",
        size=17,
        max_width=width,
        min_size=8,
    )
    assert drawn["width"] <= width


def test_host_supervisor_gets_each_sign_link_by_email_once(org, mailoutbox, client):
    placement = _placement(org, host_supervisor_email="sri@example.ac.id")
    first, second = (
        services.add_logbook_entry(
            placement=placement,
            date=TODAY - datetime.timedelta(days=n),
            activities=f"Kegiatan {n}",
        )
        for n in (2, 1)
    )
    assert services.send_logbook_sign_links(placement_id=placement.pk) == 2
    assert services.send_logbook_sign_links(placement_id=placement.pk) == 0
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["sri@example.ac.id"]
    links = [
        line.split(": ", 1)[1] for line in mail.body.splitlines() if "/paraf/" in line
    ]
    assert len(links) == 2
    path = links[0].split("127.0.0.1:8000", 1)[1]
    response = client.post(path, {"note": "Sesuai"})
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.signed_off_by == "Dr. Sri Lestari"
    # An edited, unsigned day gets a fresh link on the next request.
    services.add_logbook_entry(
        placement=placement, date=second.date, activities="Kegiatan diperbaiki"
    )
    assert services.send_logbook_sign_links(placement_id=placement.pk) == 1
    assert len(mailoutbox) == 2


def test_requesting_sign_off_needs_the_host_email(org):
    placement = _placement(org)
    services.add_logbook_entry(placement=placement, date=TODAY, activities="X")
    with pytest.raises(Refused, match="email pembimbing"):
        services.request_host_sign_off(placement=placement)


def test_hr_sends_the_links_from_the_internship_page(
    org, login, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from training import tasks

    monkeypatch.setattr(
        tasks.send_logbook_sign_links_task,
        "delay",
        lambda placement_id: tasks.send_logbook_sign_links_task(placement_id),
    )
    placement = _placement(org, host_supervisor_email="sri@example.ac.id")
    services.add_logbook_entry(placement=placement, date=TODAY, activities="Rapat")
    url = reverse("training:logbook_send_links", args=[placement.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = login(org["hr"]).post(url)
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert login(org["member"]).post(url).status_code == 403


def _internship_post(org, **extra):
    today = timezone.localdate()
    return {
        "employee": org["member"].nip,
        "title": "Magang pengelolaan data kependudukan",
        "host_supervisor_name": "Dr. Sinaga",
        "host_supervisor_email": "sinaga@usu.ac.id",
        "internal_supervisor": picker_label(org["supervisor"]),
        "start_date": today.isoformat(),
        "end_date": (today + datetime.timedelta(days=10)).isoformat(),
        "hours_per_day": "6",
        "jp_method": "durasi",
        **extra,
    }


def test_internship_under_a_partner_agreement_takes_its_host_and_number(client, org):
    from training.models import Partner, PartnerAgreement

    partner = Partner.objects.create(
        agency=org["agency"], name="Universitas Sumatera Utara", kind="universitas"
    )
    today = timezone.localdate()
    agreement = PartnerAgreement.objects.create(
        partner=partner,
        number="PKS/07/USU/2026",
        start_date=today - datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=5),
        provides_internships=True,
    )
    client.force_login(org["hr"].user)
    url = reverse("training:internship_create")
    # Beyond the agreement's end: refused at the agreement field, nothing saved.
    response = client.post(url, _internship_post(org, agreement=agreement.pk))
    assert "masa berlaku perjanjian" in response.content.decode()
    assert not InternshipPlacement.objects.exists()
    inside = _internship_post(
        org,
        agreement=agreement.pk,
        end_date=(today + datetime.timedelta(days=4)).isoformat(),
    )
    assert client.post(url, inside).status_code == 302
    placement = InternshipPlacement.objects.get()
    assert placement.agreement == agreement
    assert placement.host_institution == "Universitas Sumatera Utara"
    assert placement.agreement_reference == "PKS/07/USU/2026"


def test_internship_needs_a_host_or_an_agreement(client, org):
    client.force_login(org["hr"].user)
    response = client.post(reverse("training:internship_create"), _internship_post(org))
    assert "Isi instansi tujuan" in response.content.decode()
    assert not InternshipPlacement.objects.exists()
