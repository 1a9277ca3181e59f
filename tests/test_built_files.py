"""Exports built on request (the employee list, questionnaire answers) hold personal
data: their files are deleted after BUILT_FILES_KEPT_DAYS, the rows stay, and their
pages say the file is gone and how to get a fresh one."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from asn_portal import storage
from people.models import BackgroundJob
from people.tasks import remove_expired_built_files_task
from training.models import ResultsExport
from training.tests.factories import finished_session

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def _job(org, days_ago: int) -> BackgroundJob:
    job = BackgroundJob.objects.create(
        kind=BackgroundJob.Kind.EMPLOYEE_EXPORT,
        agency=org["agency"],
        requested_by=org["hr"].user,
        state=BackgroundJob.State.DONE,
        result={"rows": 1, "filename": "pegawai.xlsx"},
        finished_at=NOW - datetime.timedelta(days=days_ago),
    )
    job.file.save("pegawai.xlsx", ContentFile(b"PK employee list"), save=True)
    return job


def _export(org, days_ago: int) -> ResultsExport:
    session = finished_session(org["agency"])
    export = ResultsExport.objects.create(
        program=session.program,
        requested_by=org["hr"].user,
        status=ResultsExport.Status.DONE,
        rows=12,
        finished_at=NOW - datetime.timedelta(days=days_ago),
    )
    export.file.save("evaluasi.xlsx", ContentFile(b"PK answers"), save=True)
    return export


def test_files_older_than_the_keeping_time_are_deleted_once(org, settings):
    settings.BUILT_FILES_KEPT_DAYS = 7
    old_job, fresh_job, old_export = _job(org, 8), _job(org, 6), _export(org, 8)
    old_names = [old_job.file.name, old_export.file.name]

    assert storage.remove_expired_built_files(now=NOW) == 2
    assert remove_expired_built_files_task.apply().get() == 0, "nothing more to do"

    for row in (old_job, old_export, fresh_job):
        row.refresh_from_db()
    assert (old_job.file.name, old_export.file.name) == ("", "")
    assert not any(default_storage.exists(name) for name in old_names)
    assert default_storage.exists(fresh_job.file.name)


def test_the_pages_say_the_file_is_gone_and_downloads_are_refused(login, org):
    job, export = _job(org, 30), _export(org, 30)
    storage.remove_expired_built_files(now=NOW)
    client = login(org["hr"])

    page = client.get(job.get_absolute_url()).content.decode()
    assert 'data-testid="job-file-removed"' in page
    assert "unduhan disimpan 7 hari" in page
    assert 'data-testid="job-download"' not in page
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404

    page = client.get(export.get_absolute_url()).content.decode()
    assert 'data-testid="export-file-removed"' in page
    assert 'data-testid="export-download"' not in page
    download = reverse("training:results_export_download", args=[export.pk])
    assert client.get(download).status_code == 404
