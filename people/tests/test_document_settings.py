"""HR sets the agency's kop surat, certificate numbering and signatories in the
portal: their own agency only, each change with a reason in the history, mistakes
named at the field in Indonesian, uploads checked by content and shown to HR only."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people import documents
from people.models import DocumentSettings, Signatory
from people.numbering import format_number, validate_number_pattern
from people.tests.factories import make_documents, png_file

pytestmark = pytest.mark.django_db

SETTINGS = {
    "name_lines": "Pemerintah Kota Tebing Tinggi\nBadan Kepegawaian Daerah",
    "address": "Jl. Sutomo No. 14, Tebing Tinggi",
    "phone": "(0621) 21000",
    "email": "bkd@tebingtinggikota.go.id",
    "website": "bkd.tebingtinggikota.go.id",
    "place": "Tebing Tinggi",
    "certificate_number_pattern": "{seq:4}/SERT/BKD/{month}/{year}",
    "reason": "Kop surat baru 2026",
}


def _upload(name="logo.png"):
    return SimpleUploadedFile(name, png_file().read(), content_type="image/png")


def test_hr_sets_the_kop_surat_with_a_logo_and_the_history_keeps_why(client, org):
    agency = org["agency"]
    client.force_login(org["hr"].user)
    url = reverse("people:document_settings", args=[agency.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["name_lines"].value() == agency.name

    response = client.post(url, {**SETTINGS, "logo": _upload("Logo Kota.PNG")})
    assert response.status_code == 302
    saved = DocumentSettings.objects.get(agency=agency)
    assert saved.lines == ("Pemerintah Kota Tebing Tinggi", "Badan Kepegawaian Daerah")
    assert saved.logo.name.startswith("kop/logo-kota-")
    assert saved.logo.name.endswith(".png")
    assert saved.history.first().history_change_reason == "Kop surat baru 2026"
    assert saved.history.first().history_user == org["hr"].user

    logo = client.get(reverse("people:letterhead_logo", args=[agency.pk]))
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"
    history = client.get(reverse("people:document_settings_history", args=[agency.pk]))
    assert "Kop surat baru 2026" in history.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("certificate_number_pattern", "SERT/{year}", "harus memuat {seq}"),
        ("certificate_number_pattern", "{seq}/{tahun}", "hanya boleh memakai"),
        ("name_lines", "A\nB\nC\nD", "1 sampai 3 baris"),
        ("email", "bukan-email", "alamat email yang valid"),
        ("reason", "", "tidak boleh kosong"),
    ],
)
def test_mistakes_are_named_at_the_field_in_indonesian(
    client, org, field, value, message
):
    client.force_login(org["hr"].user)
    url = reverse("people:document_settings", args=[org["agency"].pk])
    response = client.post(url, {**SETTINGS, field: value})
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not DocumentSettings.objects.exists()


def test_a_logo_that_is_not_an_image_is_refused(client, org):
    client.force_login(org["hr"].user)
    fake = SimpleUploadedFile(
        "logo.png", b"\x89PNG\r\n\x1a\n<html>x</html>", content_type="image/png"
    )
    response = client.post(
        reverse("people:document_settings", args=[org["agency"].pk]),
        {**SETTINGS, "logo": fake},
    )
    assert "Jenis berkas tidak diterima" in response.context["form"].errors["logo"][0]


def test_hr_names_a_signatory_with_a_scanned_signature(client, org):
    agency = org["agency"]
    client.force_login(org["hr"].user)
    url = reverse("people:signatory_edit", args=[agency.pk, "sertifikat"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Drs. Parlindungan Siregar, M.AP.",
            "nip": "197003151995031002",
            "jabatan": "Kepala BKPSDM",
            "mark": "pindaian",
            "signature": _upload("ttd.png"),
            "reason": "Kepala baru dilantik",
        },
    )
    assert response.status_code == 302
    signatory = Signatory.objects.get(agency=agency, kind="sertifikat")
    assert signatory.history.first().history_change_reason == "Kepala baru dilantik"
    image = client.get(
        reverse("people:signatory_signature", args=[agency.pk, "sertifikat"])
    )
    assert image.status_code == 200
    page = client.get(reverse("people:document_settings", args=[agency.pk]))
    assert "Drs. Parlindungan Siregar, M.AP." in page.content.decode()


@pytest.mark.parametrize(
    ("kind", "data", "field", "message"),
    [
        ("laporan_ikm", {"mark": "qr"}, "mark", "pilihan yang valid"),
        ("sertifikat", {"mark": "pindaian"}, "signature", "Unggah pindaian"),
        ("sertifikat", {"nip": "12345"}, "nip", "18 angka"),
        ("sertifikat", {"name": ""}, "name", "tidak boleh kosong"),
    ],
)
def test_signatory_mistakes_are_named_at_the_field(
    client, org, kind, data, field, message
):
    client.force_login(org["hr"].user)
    url = reverse("people:signatory_edit", args=[org["agency"].pk, kind])
    base = {
        "name": "Hj. Nurhayati Lubis",
        "nip": "",
        "jabatan": "Sekretaris Daerah",
        "mark": "kosong",
        "reason": "Uji",
    }
    response = client.post(url, {**base, **data})
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field]), (
        response.context["form"].errors
    )
    assert not Signatory.objects.exists()


def test_an_unknown_document_kind_is_not_found(client, org):
    client.force_login(org["hr"].user)
    url = reverse("people:signatory_edit", args=[org["agency"].pk, "surat-cinta"])
    assert client.get(url).status_code == 404


def test_hr_cannot_see_or_change_another_agencys_documents(client, org, other_org):
    other = other_org["agency"]
    make_documents(other)
    client.force_login(org["hr"].user)
    for name, args in [
        ("people:document_settings", [other.pk]),
        ("people:letterhead_logo", [other.pk]),
        ("people:signatory_edit", [other.pk, "sertifikat"]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404
    response = client.post(
        reverse("people:document_settings", args=[other.pk]), SETTINGS
    )
    assert response.status_code == 404
    assert DocumentSettings.objects.get(agency=other).place == "Pematangsiantar"


def test_the_settings_page_reads_in_a_fixed_number_of_queries(
    client, org, django_assert_max_num_queries
):
    make_documents(org["agency"])
    client.force_login(org["hr"].user)
    url = reverse("people:document_settings", args=[org["agency"].pk])
    with django_assert_max_num_queries(13):
        assert client.get(url).status_code == 200


def test_one_place_gives_a_document_its_kop_and_signatory(
    org, django_assert_num_queries
):
    make_documents(org["agency"], logo=False)
    with django_assert_num_queries(2):
        parts = documents.official(
            org["agency"], Signatory.Kind.IKM_REPORT, on=datetime.date(2026, 11, 3)
        )
    assert parts.letterhead.lines[1] == "Badan Kepegawaian Uji"
    assert parts.signature.name == "Hotman Pardede, S.H."
    assert parts.signature.place_date == "Pematangsiantar, 3 November 2026"
    assert parts.signature.qr == ""


@pytest.mark.parametrize(
    ("pattern", "sequence", "expected"),
    [
        ("{seq}/SERT/BKPSDM/{year}", 27, "27/SERT/BKPSDM/2026"),
        ("{seq:3}/SERT/{month}/{year}", 7, "007/SERT/XI/2026"),
        ("800/{seq:4}/BKD/{year}", 12345, "800/12345/BKD/2026"),
    ],
)
def test_number_patterns(pattern, sequence, expected):
    validate_number_pattern(pattern)
    day = datetime.date(2026, 11, 3)
    assert format_number(pattern, sequence=sequence, day=day) == expected
