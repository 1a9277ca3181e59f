"""Learning outside the portal: the ASN records it with a certificate, the supervisor
or HR verifies or rejects it, and a verified activity counts in the JP ledger once."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from training.models import JpCredit, OutsideLearning
from training.models.ledger import year_total
from training.tests.factories import CERTIFICATE_PDF, outside_learning

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
CREATE = reverse("training:outside_create")


def _form(**overrides) -> dict:
    day = TODAY - datetime.timedelta(days=2)
    return {
        "form": "seminar",
        "title": "Seminar Nasional Reformasi Birokrasi",
        "organizer": "Universitas Negeri Medan",
        "start_date": day.isoformat(),
        "end_date": day.isoformat(),
        "hours": "4.5",
        "certificate": SimpleUploadedFile("sertifikat.pdf", CERTIFICATE_PDF),
        **overrides,
    }


def _decide(client, item, decision, reason=""):
    return client.post(
        reverse("training:outside_detail", args=[item.pk]),
        {"decision": decision, "reason": reason},
    )


def test_an_asn_records_it_and_the_supervisor_is_asked(login, org):
    client = login(org["member"])
    response = client.post(CREATE, _form())
    item = OutsideLearning.objects.get()
    assert response.status_code == 302
    assert response.url == item.get_absolute_url()
    assert (item.employee, item.status, item.hours) == (
        org["member"],
        OutsideLearning.Status.SUBMITTED,
        Decimal("4.5"),
    )
    assert Notification.objects.filter(
        recipient=org["supervisor"].user, kind="training.outside_submitted"
    ).exists()
    page = client.get(reverse("training:my_jp")).content.decode()
    assert "Seminar Nasional Reformasi Birokrasi" in page
    assert "Menunggu verifikasi" in page
    # Nothing counts before it is verified.
    assert year_total(org["member"], TODAY.year) == 0


def test_the_supervisor_verifies_and_its_minutes_count_once(login, org):
    """4,5 hours = 270 minutes = 6,00 JP at 45 minutes a JP."""
    item = outside_learning(org["member"], hours=Decimal("4.5"))
    client = login(org["supervisor"])
    assert (
        "Kegiatan belajar di luar portal menunggu verifikasi"
        in client.get(reverse("home")).content.decode()
    )
    response = _decide(client, item, "verify")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == OutsideLearning.Status.VERIFIED
    assert item.decided_by == org["supervisor"]
    credit = JpCredit.objects.get(source_key=f"training.outside:{item.pk}")
    assert (credit.minutes, credit.jp, credit.form) == (270, Decimal("6.00"), "seminar")
    assert year_total(org["member"], item.end_date.year) == Decimal("6.00")
    told = Notification.objects.get(
        recipient=org["member"].user, kind="training.outside_decided"
    )
    assert "6.00 JP" in told.title or "6,00 JP" in told.title
    # Deciding again changes nothing and credits nothing more.
    again = _decide(client, item, "verify")
    assert again.status_code == 200
    assert JpCredit.objects.filter(source_key=credit.source_key).count() == 1


def test_rejecting_needs_a_reason_and_credits_nothing(login, org):
    item = outside_learning(org["member"])
    client = login(org["supervisor"])
    response = _decide(client, item, "reject")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Tuliskan alasan penolakan."]
    _decide(client, item, "reject", "Sertifikat atas nama orang lain.")
    item.refresh_from_db()
    assert item.status == OutsideLearning.Status.REJECTED
    assert not JpCredit.objects.exists()
    page = login(org["member"]).get(item.get_absolute_url()).content.decode()
    assert "Sertifikat atas nama orang lain." in page


def test_hr_verifies_for_anyone_of_the_agency(login, org):
    item = outside_learning(org["outsider"], hours=Decimal("1.5"))
    _decide(login(org["hr"]), item, "verify")
    assert year_total(org["outsider"], item.end_date.year) == Decimal("2.00")


def test_nobody_verifies_their_own_nor_another_supervisors_team(login, org):
    own = outside_learning(org["member"])
    page = login(org["member"]).get(own.get_absolute_url())
    assert page.context["form"] is None
    _decide(login(org["member"]), own, "verify")
    # The mentor is no supervisor of the member: the record is not even shown.
    assert login(org["mentor"]).get(own.get_absolute_url()).status_code == 404
    own.refresh_from_db()
    assert own.status == OutsideLearning.Status.SUBMITTED
    assert not JpCredit.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"end_date": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "end_date",
            "Kegiatan yang belum selesai belum dapat dicatat.",
        ),
        ({"hours": "30"}, "hours", "30 jam tidak muat dalam 1 hari kegiatan."),
        ({"hours": "0"}, None, "Jumlah jam harus lebih dari 0."),
    ],
)
def test_bad_input_is_refused_at_the_field(login, org, overrides, field, message):
    response = login(org["member"]).post(CREATE, _form(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in (errors[field] if field else errors["__all__"])
    assert not OutsideLearning.objects.exists()


def test_a_certificate_that_is_not_a_document_is_refused(login, org):
    fake = SimpleUploadedFile("sertifikat.pdf", b"<html>not a pdf</html>")
    response = login(org["member"]).post(CREATE, _form(certificate=fake))
    assert response.status_code == 200
    assert response.context["form"].errors["certificate"]
    assert not OutsideLearning.objects.exists()


def test_the_asn_corrects_it_while_it_waits_but_not_after(login, org):
    item = outside_learning(org["member"])
    client = login(org["member"])
    edit = reverse("training:outside_edit", args=[item.pk])
    client.post(edit, _form(hours="2", certificate=""))
    item.refresh_from_db()
    assert item.hours == Decimal("2")
    _decide(login(org["supervisor"]), item, "verify")
    client = login(org["member"])
    response = client.post(edit, _form(hours="20", certificate=""))
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.hours == Decimal("2")
