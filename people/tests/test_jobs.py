"""Background jobs: an import confirmed returns at once and runs in the worker,
with a page its requester (and their agency's HR) may leave and come back to;
delivered twice, it still imports once."""

import datetime
import io
import random

import pytest
from django.urls import reverse

from notifications.services import deliver_pending_emails
from people import exports, jobs, services
from people import nip as nip_rules
from people.imports import read_employee_sheet
from people.models import BackgroundJob, Employee, PendingImport
from people.tasks import run_background_job_task
from people.tests.factories import EmployeeFactory, WorkUnitFactory
from tests.query_pins import assert_constant_queries
from tests.sheets import open_export
from tests.worker import WorkerHandle

HEADER = "NIP Baru;Nama Lengkap;Status;Golongan;Jenis Jabatan;Jabatan;Unit Kerja"


def _nips(count: int) -> list[str]:
    rng, nips = random.Random(15), set()
    while len(nips) < count:
        birth = datetime.date(rng.randint(1966, 2000), rng.randint(1, 12), 1)
        nips.add(
            nip_rules.build_nip(
                birth_date=birth,
                appointment_year=birth.year + 23,
                appointment_month=rng.randint(1, 12),
                gender=rng.choice("LP"),
                sequence=rng.randint(1, 999),
            )
        )
    return sorted(nips)


def _pending(org, count: int) -> PendingImport:
    """A preview of `count` new employees kept for agency A's HR, as the upload
    page keeps it."""
    lines = [HEADER] + [
        f"{nip};Pegawai Uji {n};PNS;III/a;Pelaksana;Pengelola Data;{org['unit'].code}"
        for n, nip in enumerate(_nips(count))
    ]
    sheet = read_employee_sheet(io.BytesIO("\n".join(lines).encode()), "csv")
    preview = services.import_employees(
        agency=org["agency"], rows=sheet.rows, dry_run=True, actor=org["hr"].user
    )
    assert preview.is_valid, preview.errors[:3]
    return services.keep_pending_import(
        kind=PendingImport.Kind.EMPLOYEES,
        agency=org["agency"],
        user=org["hr"].user,
        rows=sheet.rows,
        filename="pegawai.csv",
        source="Impor uji",
        result=preview,
    )


def _job(org, pending, user=None) -> BackgroundJob:
    return BackgroundJob.objects.create(
        kind=BackgroundJob.Kind.EMPLOYEE_IMPORT,
        agency=org["agency"],
        requested_by=user or org["hr"].user,
        params={"pending": pending.pk},
    )


@pytest.mark.django_db
def test_the_page_shows_the_bar_until_done_then_the_outcome_in_indonesian(login, org):
    job = _job(org, _pending(org, 3))
    client = login(org["hr"])
    waiting = client.get(job.get_absolute_url()).content.decode()
    # A static script asks the status and moves the bar (the CSP forbids inline).
    status_url = reverse("job_status", args=[job.pk])
    assert f'data-job-status-url="{status_url}"' in waiting
    assert "js/job-progress.js" in waiting
    assert 'role="progressbar"' in waiting
    assert "Menunggu" in waiting
    assert client.get(status_url).json() == {
        "finished": False,
        "percent": 0,
        "state": "Menunggu",
        "counted": "",
    }
    BackgroundJob.objects.filter(pk=job.pk).update(
        state="diproses", done=2000, total=12345
    )
    assert client.get(status_url).json() == {
        "finished": False,
        "percent": 16,
        "state": "Sedang diproses",
        "counted": "· 2.000 dari 12.345",
    }

    assert jobs.run_job(job_id=job.pk) == "done"

    done = client.get(job.get_absolute_url()).content.decode()
    assert "data-job-status-url" not in done
    assert client.get(status_url).json()["finished"] is True
    assert "Impor selesai: 3 pegawai baru, 0 diperbarui, 0 tidak berubah." in done
    assert 'aria-valuenow="100"' in done
    assert Employee.objects.filter(nip__in=_nips(3)).count() == 3


@pytest.mark.django_db
def test_a_large_count_is_written_the_indonesian_way(org):
    message = jobs.imported_message(
        {"created": 12345, "updated": 1000, "unchanged": 0, "ended": 0}
    )
    assert message.startswith("Impor selesai: 12.345 pegawai baru, 1.000 diperbarui")


@pytest.mark.django_db
def test_a_job_runs_its_work_once_however_often_it_is_run(org):
    job = _job(org, _pending(org, 3))
    assert jobs.run_job(job_id=job.pk) == "done"
    assert jobs.run_job(job_id=job.pk) == "finished before"
    job.refresh_from_db()
    assert (job.state, job.error) == ("selesai", "")
    assert Employee.history.filter(history_type="+", nip__in=_nips(3)).count() == 3


@pytest.mark.django_db
def test_a_spent_preview_fails_the_job_with_a_reason_in_indonesian(login, org):
    pending = _pending(org, 2)
    job = _job(org, pending)
    pending.delete()  # confirmed by another job, or a day old
    assert jobs.run_job(job_id=job.pk) == "refused"
    page = login(org["hr"]).get(job.get_absolute_url()).content.decode()
    assert "Pratinjau ini sudah tidak berlaku; unggah berkas lagi." in page
    assert reverse("people:employee_import") in page


@pytest.mark.django_db
def test_a_job_the_task_gave_up_on_says_so(login, org):
    job = _job(org, _pending(org, 1))
    jobs.mark_failed(job_id=job.pk)
    page = login(org["hr"]).get(job.get_absolute_url()).content.decode()
    assert "Tugas gagal karena kesalahan sistem; tidak ada yang diubah." in page


@pytest.mark.django_db
def test_the_requester_and_hr_of_the_agency_see_a_job_no_one_else(
    client, org, other_org
):
    job = _job(org, _pending(org, 1), user=org["leader"].user)
    url = job.get_absolute_url()
    for who, status in [
        (org["leader"], 200),  # asked for it
        (org["hr"], 200),  # HR of the same agency
        (org["supervisor"], 404),
        (org["member"], 404),
        (other_org["hr"], 404),
        (other_org["leader"], 404),
    ]:
        client.force_login(who.user)
        assert client.get(url).status_code == status, who


@pytest.mark.django_db
def test_confirming_twice_starts_one_job(
    login, org, django_capture_on_commit_callbacks
):
    pending = _pending(org, 1)
    client = login(org["hr"])
    url = reverse("people:employee_import_confirm")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = client.post(url, {"token": pending.token})
        second = client.post(url, {"token": pending.token})
    assert first.url == second.url == BackgroundJob.objects.get().get_absolute_url()
    assert len(queued) == 1


# --- accounts for thousands ---------------------------------------------------


@pytest.fixture
def few_make_a_job(monkeypatch):
    """Here more than 3 accounts go to a job, in steps of 2."""
    monkeypatch.setattr(jobs, "ACCOUNTS_IN_REQUEST", 3)
    monkeypatch.setattr(jobs, "ACCOUNTS_PER_STEP", 2)


def _without_login(org, count, unit=None):
    return [
        EmployeeFactory(
            agency=org["agency"],
            unit=unit or org["unit"],
            user=None,
            email=f"akun{n}@contoh.go.id",
        )
        for n in range(count)
    ]


@pytest.mark.django_db
def test_accounts_for_a_whole_agency_are_made_by_a_job_and_invited_once(
    login, org, run_jobs, few_make_a_job, mailoutbox
):
    newcomers = _without_login(org, 5)
    client = login(org["hr"])
    with run_jobs():
        response = client.post(reverse("people:accounts"), {"unit": ""})
    job = BackgroundJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.kind, job.total, job.state) == ("buat_akun", 5, "selesai")
    page = client.get(response.url).content.decode()
    assert "5 akun dibuat; undangan dikirim ke email masing-masing." in page
    assert reverse("people:accounts") in page
    assert (
        Employee.objects.filter(
            pk__in=[e.pk for e in newcomers], user__isnull=False
        ).count()
        == 5
    )
    deliver_pending_emails()  # here the job's commit already sent them (eager)
    invited = sorted(m.to[0] for m in mailoutbox if m.to[0] != org["hr"].user.email)
    assert invited == [e.email for e in newcomers]
    # ...and the requester is told the job is done.
    assert [m.to[0] for m in mailoutbox].count(org["hr"].user.email) == 1
    # Run again (delivered twice): nothing more, nobody invited twice.
    assert jobs.run_job(job_id=job.pk) == "finished before"
    assert deliver_pending_emails() == 0
    assert len(mailoutbox) == 6


@pytest.mark.django_db
def test_select_all_on_the_list_makes_the_accounts_in_a_job(
    login, org, run_jobs, few_make_a_job
):
    unit = WorkUnitFactory(agency=org["agency"], name="Dinas Akun Massal")
    newcomers = _without_login(org, 4, unit=unit)
    with run_jobs():
        response = login(org["hr"]).post(
            reverse("people:employee_list_accounts"),
            {"semua": "1", "confirmed": "1", "unit": unit.pk, "akun": "belum"},
        )
    job = BackgroundJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert job.result == {"created": 4, "without_email": 0, "taken_nips": []}
    assert all(Employee.objects.get(pk=e.pk).user_id for e in newcomers)


@pytest.mark.django_db
def test_a_few_accounts_are_still_made_at_once(login, org, few_make_a_job):
    _without_login(org, 3)
    response = login(org["hr"]).post(
        reverse("people:accounts"), {"unit": ""}, follow=True
    )
    assert "3 akun dibuat" in response.content.decode()
    assert not BackgroundJob.objects.exists()


# --- large exports ---------------------------------------------------------------


@pytest.fixture
def two_make_a_large_export(monkeypatch):
    """Here an employee list of more than 2 rows is downloaded through a job."""
    monkeypatch.setattr(exports, "IN_REQUEST", 2)


@pytest.mark.django_db
def test_a_large_employee_list_download_is_built_by_a_job_and_stored(
    login, org, run_jobs, two_make_a_large_export, storage_in_memory
):
    unit = WorkUnitFactory(agency=org["agency"], name="Dinas Unduhan Besar")
    for n in range(3):
        EmployeeFactory(agency=org["agency"], unit=unit, name=f"Unduhan {n}")
    client = login(org["hr"])
    with run_jobs():
        response = client.get(
            reverse("people:employee_list"), {"unit": unit.pk, "format": "xlsx"}
        )
    job = BackgroundJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.kind, job.state) == ("ekspor_pegawai", "selesai")
    page = client.get(response.url).content.decode()
    assert "Excel 3 pegawai siap diunduh." in page
    download = reverse("job_download", args=[job.pk])
    assert download in page
    workbook = open_export(client.get(download))
    names = [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Unduhan 0", "Unduhan 1", "Unduhan 2"]


@pytest.mark.django_db
def test_a_small_employee_list_download_comes_at_once(
    login, org, two_make_a_large_export
):
    response = login(org["hr"]).get(
        reverse("people:employee_list"), {"q": org["member"].nip, "format": "xlsx"}
    )
    assert len(list(open_export(response).active.iter_rows())) == 1 + 1
    assert not BackgroundJob.objects.exists()


@pytest.mark.django_db
def test_an_export_keeps_to_the_scope_of_its_requester(
    client, org, other_org, run_jobs, two_make_a_large_export
):
    """A supervisor's download of their team holds their team only, and only they
    and HR of the agency may fetch it."""
    for _n in range(3):
        EmployeeFactory(agency=org["agency"], supervisor=org["supervisor"])
    client.force_login(org["supervisor"].user)
    with run_jobs():
        client.get(reverse("people:employee_list"), {"format": "xlsx"})
    job = BackgroundJob.objects.get()
    download = reverse("job_download", args=[job.pk])
    workbook = open_export(client.get(download))
    nips = {row[1] for row in workbook.active.iter_rows(min_row=2, values_only=True)}
    seen = Employee.objects.visible_to(org["supervisor"].user)
    assert nips == set(seen.values_list("nip", flat=True))
    assert len(nips) < Employee.objects.filter(agency=org["agency"]).count()
    for who, status in [
        (org["hr"], 200),
        (org["member"], 404),
        (org["leader"], 404),
        (other_org["hr"], 404),
    ]:
        client.force_login(who.user)
        assert client.get(download).status_code == status, who


# --- on a real worker ------------------------------------------------------------


def _wait_done(real_worker: WorkerHandle, job: BackgroundJob) -> BackgroundJob:
    real_worker.wait_until(
        lambda: (
            BackgroundJob.objects.get(pk=job.pk).is_finished and real_worker.drained()
        ),
        timeout=120,
    )
    return BackgroundJob.objects.get(pk=job.pk)


@pytest.mark.worker
def test_the_worker_runs_an_import_job_to_the_end(real_worker, org, client):
    pending = _pending(org, 300)
    job = _job(org, pending)
    real_worker.start(concurrency=1)
    real_worker.send(run_background_job_task, job.pk)
    job = _wait_done(real_worker, job)
    assert (job.state, job.done, job.total) == ("selesai", 300, 300)
    assert job.result == {"created": 300, "updated": 0, "unchanged": 0, "ended": 0}
    assert Employee.objects.filter(nip__in=_nips(300)).count() == 300
    assert not PendingImport.objects.filter(pk=pending.pk).exists()
    client.force_login(org["hr"].user)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Impor selesai: 300 pegawai baru" in page


@pytest.mark.worker
def test_an_import_job_delivered_twice_imports_once(real_worker, org):
    job = _job(org, _pending(org, 300))
    real_worker.start(concurrency=2)
    # Both deliveries at once, on two pool processes: the second finds the job
    # running (its lock taken) or finished, and leaves it as the first ends it.
    real_worker.send(run_background_job_task, job.pk)
    real_worker.send(run_background_job_task, job.pk)
    job = _wait_done(real_worker, job)
    real_worker.wait_until(
        lambda: real_worker.log_of(real_worker.processes[0]).count("succeeded") >= 2,
        timeout=60,
    )
    assert (job.state, job.error) == ("selesai", "")
    created = Employee.history.filter(history_type="+", nip__in=_nips(300))
    assert created.count() == 300


@pytest.mark.django_db
def test_the_page_of_a_refused_import_does_not_grow_with_its_bad_rows(login, org):
    job = _job(org, _pending(org, 1))

    def refused(count):
        errors = [
            {"number": n, "nip": "", "name": "", "messages": ["NIP salah"]}
            for n in range(count)
        ]
        BackgroundJob.objects.filter(pk=job.pk).update(
            state=BackgroundJob.State.FAILED,
            result={"error_count": count, "errors": errors},
            error="Data berubah sejak pratinjau; tidak ada yang diimpor.",
        )

    refused(2)
    assert_constant_queries(
        login(org["hr"]), job.get_absolute_url(), grow=lambda: refused(200), ceiling=8
    )


@pytest.mark.django_db
def test_the_requester_is_told_how_the_job_ended_once(org):
    """They may have left the page: the inbox says it, with the job's page."""
    from notifications.models import Notification

    job = _job(org, _pending(org, 3))
    jobs.run_job(job_id=job.pk)
    jobs.run_job(job_id=job.pk)
    told = Notification.objects.get(recipient=org["hr"].user)
    assert told.title == "Selesai: Impor data pegawai"
    assert told.body == "Impor selesai: 3 pegawai baru, 0 diperbarui, 0 tidak berubah."
    assert told.url == job.get_absolute_url()


@pytest.mark.django_db
def test_the_requester_is_told_when_a_job_fails(org):
    from notifications.models import Notification

    pending = _pending(org, 2)
    refused = _job(org, pending)
    pending.delete()
    jobs.run_job(job_id=refused.pk)
    gave_up = _job(org, _pending(org, 1))
    jobs.mark_failed(job_id=gave_up.pk)
    jobs.mark_failed(job_id=gave_up.pk)
    told = Notification.objects.filter(recipient=org["hr"].user).order_by("pk")
    assert [(n.title, n.url) for n in told] == [
        ("Gagal: Impor data pegawai", refused.get_absolute_url()),
        ("Gagal: Impor data pegawai", gave_up.get_absolute_url()),
    ]
    assert told[0].body == "Pratinjau ini sudah tidak berlaku; unggah berkas lagi."
