"""Files in S3-compatible object storage (STORAGE_BUCKET): what an ASN uploads and
what a worker generates land in the bucket, never on the web server's disk, and come
back only through the portal's access-checked views; backups read and restore the
bucket like the local folder."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from asn_portal import backups
from dashboard import services as reports
from dashboard.models import Report
from training.models import OutsideLearning
from training.tests.factories import CERTIFICATE_PDF

pytestmark = pytest.mark.django_db


def _files_on_disk(settings) -> list[Path]:
    media = Path(settings.MEDIA_ROOT)
    return (
        [path for path in media.rglob("*") if path.is_file()] if media.exists() else []
    )


def test_an_uploaded_certificate_is_kept_in_the_bucket_and_served_by_the_portal(
    login, org, other_org, object_storage, settings
):
    day = timezone.localdate() - datetime.timedelta(days=2)
    login(org["member"]).post(
        reverse("training:outside_create"),
        {
            "form": "seminar",
            "title": "Seminar Pelayanan Publik",
            "organizer": "Universitas Sumatera Utara",
            "start_date": day.isoformat(),
            "end_date": day.isoformat(),
            "hours": "3",
            "certificate": SimpleUploadedFile("sertifikat.pdf", CERTIFICATE_PDF),
        },
    )
    item = OutsideLearning.objects.get()
    assert object_storage.names() == [item.certificate.name]
    assert _files_on_disk(settings) == []

    url = reverse("training:outside_certificate", args=[item.pk])
    download = login(org["supervisor"]).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == CERTIFICATE_PDF
    assert login(other_org["hr"]).get(url).status_code == 404


def test_a_report_is_written_to_the_bucket_and_replaced_there(
    login, org, object_storage, settings, django_capture_on_commit_callbacks
):
    def generate():
        with django_capture_on_commit_callbacks(execute=False):
            report = reports.request_report(
                agency=org["agency"],
                kind=Report.Kind.MONTHLY,
                period_start=datetime.date(2026, 1, 1),
                period_end=datetime.date(2026, 1, 31),
            )
        return reports.generate_report(report_id=report.pk)

    first = generate()
    assert object_storage.names() == sorted([first.pdf.name, first.xlsx.name])
    second = generate()
    assert object_storage.names() == sorted([second.pdf.name, second.xlsx.name])
    assert first.pdf.name != second.pdf.name
    assert _files_on_disk(settings) == []

    download = login(org["leader"]).get(
        reverse("dashboard:report_download", args=[second.pk, "pdf"])
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_read_and_write_the_bucket(org, object_storage, tmp_path):
    default_storage.save("pengaduan/2026/12/foto.png", ContentFile(b"\x89PNG x"))
    default_storage.save("kop/logo.png", ContentFile(b"\x89PNG logo"))
    files_before = backups.media_files()
    call_command("backup", to=str(tmp_path / "backups"), stdout=io.StringIO())
    folder = next((tmp_path / "backups").glob("backup-*"))

    default_storage.delete("kop/logo.png")
    default_storage.save("ditambah-setelah-cadangan.txt", ContentFile(b"later"))
    call_command("restore", str(folder), yes=True, stdout=io.StringIO())

    assert backups.media_files() == files_before
    assert object_storage.names() == ["kop/logo.png", "pengaduan/2026/12/foto.png"]
