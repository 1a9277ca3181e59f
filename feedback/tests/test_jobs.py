"""Feedback's background jobs: the complaint list's large download is built by a
job (people.jobs runs it; feedback registers it), the same file as at once, in
the requester's scope."""

import pytest
from django.urls import reverse

from feedback.tests.factories import ComplaintFactory
from people import exports
from people.models import BackgroundJob
from tests.sheets import open_export

pytestmark = pytest.mark.django_db
LIST = "feedback:complaint_list"


@pytest.fixture
def three_complaints(service_unit, other_service_unit):
    """Three complaints at agency A's counter, one at agency B's."""
    ComplaintFactory(service_unit=other_service_unit, description="Keluhan loket B")
    return [
        ComplaintFactory(service_unit=service_unit, description=f"Parkir penuh {n}")
        for n in range(3)
    ]


def _rows(workbook) -> list[tuple]:
    return list(workbook.active.iter_rows(values_only=True))


def test_a_small_complaint_download_comes_at_once(
    login, org, three_complaints, monkeypatch
):
    monkeypatch.setattr(exports, "IN_REQUEST", 2)
    wanted = three_complaints[1]
    response = login(org["hr"]).get(
        reverse(LIST), {"q": wanted.reference, "format": "xlsx"}
    )
    assert "pengaduan.xlsx" in response["Content-Disposition"]
    rows = _rows(open_export(response))
    assert [(row[0], row[1], row[7]) for row in rows[1:]] == [
        (wanted.reference, "Loket Dukcapil", "Parkir penuh 1")
    ]
    assert not BackgroundJob.objects.exists()


def test_a_large_complaint_download_is_a_job_with_the_same_rows(
    login, org, three_complaints, run_jobs, storage_in_memory, monkeypatch
):
    client = login(org["hr"])
    query = {"q": "parkir", "format": "xlsx"}
    at_once = _rows(open_export(client.get(reverse(LIST), query)))
    assert not BackgroundJob.objects.exists()
    monkeypatch.setattr(exports, "IN_REQUEST", 2)  # more than 2 rows: a job
    with run_jobs():
        response = client.get(reverse(LIST), query)
    job = BackgroundJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.kind, job.state) == ("ekspor_pengaduan", "selesai")
    page = client.get(response.url).content.decode()
    assert "Excel 3 pengaduan siap diunduh." in page
    assert reverse(LIST) in page  # on to the list
    download = reverse("job_download", args=[job.pk])
    assert download in page
    fetched = client.get(download)
    assert "pengaduan.xlsx" in fetched["Content-Disposition"]
    from_job = _rows(open_export(fetched))
    assert from_job == at_once
    assert sorted(row[7] for row in from_job[1:]) == [
        "Parkir penuh 0",
        "Parkir penuh 1",
        "Parkir penuh 2",
    ]


def test_the_job_holds_the_requesters_scope_only(
    client, org, other_org, three_complaints, run_jobs, storage_in_memory, monkeypatch
):
    """Unfiltered, the job's file holds agency A's complaints and not B's, and only
    the requester and HR of the agency may fetch it."""
    monkeypatch.setattr(exports, "IN_REQUEST", 2)
    client.force_login(org["leader"].user)
    with run_jobs():
        client.get(reverse(LIST), {"format": "xlsx"})
    job = BackgroundJob.objects.get()
    download = reverse("job_download", args=[job.pk])
    references = {row[0] for row in _rows(open_export(client.get(download)))[1:]}
    assert references == {c.reference for c in three_complaints}
    for who, status in [
        (org["hr"], 200),
        (org["member"], 404),
        (other_org["hr"], 404),
    ]:
        client.force_login(who.user)
        assert client.get(download).status_code == status, who


def test_a_second_click_while_waiting_follows_the_same_job(
    login, org, three_complaints, monkeypatch
):
    monkeypatch.setattr(exports, "IN_REQUEST", 2)
    client = login(org["hr"])
    first = client.get(reverse(LIST), {"format": "xlsx"})
    second = client.get(reverse(LIST), {"format": "xlsx"})
    job = BackgroundJob.objects.get()
    assert first.url == second.url == job.get_absolute_url()
    assert job.state == "menunggu"
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Unduhan daftar pengaduan" in page
