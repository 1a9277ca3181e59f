"""Evaluations' background jobs: the performance overview's Excel of a large
agency is built by a job (people.jobs runs it; evaluations registers it), the same
file as at once, in the requester's scope."""

import pytest
from django.urls import reverse

from evaluations.tests.factories import make_period, make_submitted
from people import exports
from people.models import BackgroundJob
from people.tests.factories import EmployeeFactory, UserFactory
from tests.sheets import open_export

pytestmark = pytest.mark.django_db
XLSX = "evaluations:overview_xlsx"


@pytest.fixture
def period(org, other_org):
    """Agency A's period with three assessments submitted, not final (2 unit
    rows + 3 rows: 5 in all); agency B's own period with one."""
    period = make_period(org["agency"])
    make_submitted(org["member"], period)
    for n in range(2):
        member = EmployeeFactory(
            agency=org["agency"],
            unit=org["unit"],
            supervisor=org["supervisor"],
            user=UserFactory(username=f"a-dinilai-{n}"),
            name=f"Belum Final {n}",
        )
        make_submitted(member, period)
    make_submitted(other_org["member"], make_period(other_org["agency"]))
    return period


def _not_final(workbook) -> list[tuple]:
    return list(workbook["Belum final"].iter_rows(min_row=2, values_only=True))


def _sheets(workbook) -> dict:
    return {
        sheet.title: list(sheet.iter_rows(values_only=True))
        for sheet in workbook.worksheets
    }


def test_a_small_overview_download_comes_at_once(login, org, period):
    response = login(org["hr"]).get(reverse(XLSX), {"periode": period.pk})
    workbook = open_export(response)
    names = sorted(row[1] for row in _not_final(workbook))
    assert names == sorted(["Belum Final 0", "Belum Final 1", org["member"].full_name])
    assert not BackgroundJob.objects.exists()


def test_a_large_overview_download_is_a_job_with_the_same_sheets(
    login, org, other_org, period, run_jobs, storage_in_memory, monkeypatch
):
    client = login(org["hr"])
    at_once = _sheets(open_export(client.get(reverse(XLSX), {"periode": period.pk})))
    monkeypatch.setattr(exports, "IN_REQUEST", 4)  # 5 rows: a job
    with run_jobs():
        response = client.get(reverse(XLSX), {"periode": period.pk})
    job = BackgroundJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.kind, job.state) == ("ekspor_ikhtisar_skp", "selesai")
    assert job.result["rows"] == 5
    page = client.get(response.url).content.decode()
    assert f"Excel ikhtisar kinerja {period.name} siap diunduh." in page
    download = reverse("job_download", args=[job.pk])
    assert download in page
    fetched = client.get(download)
    assert (
        f"ikhtisar-kinerja-{period.year}-{period.kind}-1.xlsx"
        in fetched["Content-Disposition"]
    )
    from_job = _sheets(open_export(fetched))
    assert from_job == at_once
    names = {row[1] for row in from_job["Belum final"][1:]}
    assert "Belum Final 0" in names
    assert other_org["member"].full_name not in names


def test_a_small_overview_stays_at_once_at_the_threshold(
    login, org, period, monkeypatch
):
    monkeypatch.setattr(exports, "IN_REQUEST", 5)  # the 5 rows still fit
    response = login(org["hr"]).get(reverse(XLSX), {"periode": period.pk})
    assert len(_not_final(open_export(response))) == 3
    assert not BackgroundJob.objects.exists()


def test_the_overview_job_is_fetched_by_its_requester_and_hr_only(
    client, org, other_org, period, run_jobs, storage_in_memory, monkeypatch
):
    monkeypatch.setattr(exports, "IN_REQUEST", 2)
    client.force_login(org["leader"].user)
    with run_jobs():
        client.get(reverse(XLSX), {"periode": period.pk})
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
    login, org, period, monkeypatch
):
    monkeypatch.setattr(exports, "IN_REQUEST", 2)
    client = login(org["hr"])
    first = client.get(reverse(XLSX), {"periode": period.pk})
    second = client.get(reverse(XLSX), {"periode": period.pk})
    job = BackgroundJob.objects.get()
    assert first.url == second.url == job.get_absolute_url()
    assert "Unduhan ikhtisar kinerja" in client.get(first.url).content.decode()


def test_a_job_for_another_agencys_period_writes_nothing(
    org, other_org, period, storage_in_memory
):
    """A period the requester cannot see (a forged job) refuses, with no file."""
    from people import jobs

    job = jobs.start_job(
        kind=BackgroundJob.Kind.OVERVIEW_EXPORT,
        agency=org["agency"],
        user=org["hr"].user,
        params={"period": other_org["member"].assessments.get().period_id},
    )
    assert jobs.run_job(job_id=job.pk) == "refused"
    job.refresh_from_db()
    assert job.state == "gagal"
    assert not job.file
