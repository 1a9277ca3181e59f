"""E-learning's background jobs: the results download of a module followed by a
large agency is built by a job (people.jobs runs it; elearning registers it), the
same file as at once, in the requester's scope."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from elearning.models import Progress
from elearning.tests.factories import make_module
from people import exports, jobs
from people.models import BackgroundJob
from tests.sheets import open_export

pytestmark = pytest.mark.django_db
EXPORT = "elearning:results_export"


@pytest.fixture
def module(org, other_org):
    """Agency A's module with three participants, and (forged) one of agency B."""
    module = make_module(org["agency"], lessons=2, questions=5, jp=Decimal("4"))
    for who, pre in [("member", 40), ("outsider", 50), ("supervisor", 60)]:
        _participant(module, org[who], pre)
    _participant(module, other_org["member"], 70)
    return module


def _participant(module, employee, pre):
    Progress.objects.create(
        module=module,
        employee=employee,
        started_at=timezone.now(),
        pre_score=Decimal(pre),
    )


def _sheets(workbook) -> dict:
    return {
        sheet.title: list(sheet.iter_rows(values_only=True))
        for sheet in workbook.worksheets
    }


def test_a_small_results_download_comes_at_once(login, org, other_org, module):
    response = login(org["hr"]).get(reverse(EXPORT, args=[module.pk]))
    participants = _sheets(open_export(response))["Peserta"][1:]
    by_name = {row[0]: row for row in participants}
    assert set(by_name) == {org[w].name for w in ("member", "outsider", "supervisor")}
    assert by_name[org["member"].name][6] == 40  # the pre-test
    assert not BackgroundJob.objects.exists()


def test_a_large_results_download_is_a_job_with_the_same_sheets(
    login, org, other_org, module, run_jobs, storage_in_memory, monkeypatch
):
    client = login(org["hr"])
    at_once = _sheets(open_export(client.get(reverse(EXPORT, args=[module.pk]))))
    monkeypatch.setattr(exports, "IN_REQUEST", 2)  # 3 participants: a job
    with run_jobs():
        response = client.get(reverse(EXPORT, args=[module.pk]))
    job = BackgroundJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.kind, job.state) == ("ekspor_elearning", "selesai")
    page = client.get(response.url).content.decode()
    assert f"Excel hasil e-learning {module.title} siap diunduh." in page
    download = reverse("job_download", args=[job.pk])
    assert download in page
    fetched = client.get(download)
    assert f"hasil-elearning-{module.pk}.xlsx" in fetched["Content-Disposition"]
    from_job = _sheets(open_export(fetched))
    assert from_job == at_once
    names = {row[0] for row in from_job["Peserta"][1:]}
    assert len(names) == 3
    assert other_org["member"].name not in names


def test_the_results_job_is_fetched_by_its_requester_and_hr_only(
    client, org, other_org, module, run_jobs, storage_in_memory, monkeypatch
):
    monkeypatch.setattr(exports, "IN_REQUEST", 2)
    client.force_login(org["leader"].user)
    with run_jobs():
        client.get(reverse(EXPORT, args=[module.pk]))
    job = BackgroundJob.objects.get()
    download = reverse("job_download", args=[job.pk])
    for who, status in [
        (org["leader"], 200),
        (org["hr"], 200),
        (org["member"], 404),
        (other_org["hr"], 404),
    ]:
        client.force_login(who.user)
        assert client.get(download).status_code == status, who


def test_a_second_click_while_waiting_follows_the_same_job(
    login, org, module, monkeypatch
):
    monkeypatch.setattr(exports, "IN_REQUEST", 2)
    client = login(org["hr"])
    first = client.get(reverse(EXPORT, args=[module.pk]))
    second = client.get(reverse(EXPORT, args=[module.pk]))
    job = BackgroundJob.objects.get()
    assert first.url == second.url == job.get_absolute_url()
    assert "Unduhan hasil e-learning" in client.get(first.url).content.decode()


def test_a_job_for_a_module_out_of_sight_writes_nothing(
    org, other_org, storage_in_memory
):
    foreign = make_module(other_org["agency"], lessons=1, questions=1)
    job = jobs.start_job(
        kind=BackgroundJob.Kind.ELEARNING_RESULTS_EXPORT,
        agency=org["agency"],
        user=org["hr"].user,
        params={"module": foreign.pk},
    )
    assert jobs.run_job(job_id=job.pk) == "refused"
    job.refresh_from_db()
    assert (job.state, job.error) == ("gagal", "Modul ini tidak ditemukan lagi.")
    assert not job.file
