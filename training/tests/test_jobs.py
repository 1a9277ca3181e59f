"""Training's background jobs: the below-target list's large download is built by
a job (people.jobs runs it; training registers it), the same file as at once."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from people import exports, jobs
from people.models import BackgroundJob
from people.tests.factories import EmployeeFactory, WorkUnitFactory
from tests.sheets import open_export
from training.services.ledger import credit_jp

pytestmark = pytest.mark.django_db
BELOW = "training:jp_below_target"


@pytest.fixture
def below_target_unit(org):
    """Three below target in a unit of their own, one with 7.5 JP this year."""
    unit = WorkUnitFactory(agency=org["agency"], name="Dinas Unduhan Besar")
    people = [
        EmployeeFactory(agency=org["agency"], unit=unit, name=f"Kurang Target {n}")
        for n in range(3)
    ]
    credit_jp(
        employee=people[0],
        on_date=datetime.date(timezone.localdate().year, 2, 1),
        jp=Decimal("7.5"),
        form="teknis",
        source_key=f"test:{people[0].pk}",
        description="Bimtek",
    )
    return unit


def _rows(workbook) -> list[tuple]:
    return list(workbook.active.iter_rows(values_only=True))


def test_a_large_below_target_download_is_a_job_with_the_same_rows(
    login, org, below_target_unit, run_jobs, storage_in_memory, monkeypatch
):
    client = login(org["hr"])
    query = {"unit": below_target_unit.pk, "format": "xlsx"}
    at_once = _rows(open_export(client.get(reverse(BELOW), query)))
    assert not BackgroundJob.objects.exists()
    monkeypatch.setattr(exports, "IN_REQUEST", 2)  # more than 2 rows: a job
    with run_jobs():
        response = client.get(reverse(BELOW), query)
    job = BackgroundJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.kind, job.state) == ("ekspor_bawah_target", "selesai")
    page = client.get(response.url).content.decode()
    year = timezone.localdate().year
    assert f"Excel 3 pegawai di bawah target JP {year} siap diunduh." in page
    download = reverse("job_download", args=[job.pk])
    assert download in page
    fetched = client.get(download)
    assert f"di-bawah-target-jp-{year}.xlsx" in fetched["Content-Disposition"]
    from_job = _rows(open_export(fetched))
    assert from_job == at_once
    assert len(from_job) == 1 + 3
    by_name = {row[0]: row for row in from_job[1:]}
    assert by_name["Kurang Target 0"][4:] == (7.5, 20, 12.5, 37)
    for row in from_job[1:]:
        assert all(isinstance(value, int | float) for value in row[4:]), row


def test_the_requester_and_hr_of_the_agency_open_the_job_another_agency_not(
    client,
    org,
    other_org,
    below_target_unit,
    run_jobs,
    storage_in_memory,
    monkeypatch,
):
    monkeypatch.setattr(exports, "IN_REQUEST", 2)
    client.force_login(org["leader"].user)
    with run_jobs():
        client.get(reverse(BELOW), {"format": "xlsx"})
    job = BackgroundJob.objects.get()
    assert job.requested_by == org["leader"].user
    download = reverse("job_download", args=[job.pk])
    for who, status in [
        (org["leader"], 200),  # asked for it
        (org["hr"], 200),  # HR of the same agency
        (org["member"], 404),
        (other_org["hr"], 404),
        (other_org["leader"], 404),
    ]:
        client.force_login(who.user)
        assert client.get(job.get_absolute_url()).status_code == status, who
        assert client.get(download).status_code == status, who


def test_a_small_below_target_download_still_comes_at_once(
    login, org, below_target_unit, monkeypatch
):
    monkeypatch.setattr(exports, "IN_REQUEST", 2)
    response = login(org["hr"]).get(
        reverse(BELOW),
        {"unit": below_target_unit.pk, "q": "Kurang Target 1", "format": "xlsx"},
    )
    rows = _rows(open_export(response))
    assert [row[0] for row in rows[1:]] == ["Kurang Target 1"]
    assert not BackgroundJob.objects.exists()


def test_only_a_kind_of_background_job_can_be_registered():
    assert BackgroundJob.Kind.BELOW_TARGET_EXPORT in jobs.KINDS
    with pytest.raises(ValueError, match="not a BackgroundJob.Kind"):
        jobs.register("tidak_ada", jobs.KINDS[BackgroundJob.Kind.ACCOUNTS])
