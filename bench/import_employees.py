"""Times the employee import at 20,000 rows: reading the file, the preview (dry run),
the first import (the confirmation request, which starts a background job, then the
job's work as the worker runs it), logins with invitations for every imported
employee (and a second run that must invite nobody), an unchanged re-import, and a
re-import as a sync that changes 10% and leaves 5% out (their assignments ended on
confirmation).

    DATABASE_URL=postgres://... .venv/bin/python bench/import_employees.py [--rows N]

Runs inside one transaction that is rolled back at the end, so the database is left
as it was. Prints one line per step."""

import argparse
import datetime
import io
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from notifications.models import Notification  # noqa: E402
from people import nip as nip_rules  # noqa: E402
from people.imports import TEMPLATE_HEADER, read_employee_sheet  # noqa: E402
from people.jobs import create_accounts_now_or_later, run_job  # noqa: E402
from people.models import (  # noqa: E402
    Agency,
    Employee,
    PendingImport,
    WorkUnit,
)
from people.services import (  # noqa: E402
    confirm_pending_import,
    create_accounts,
    employees_of_unit,
    import_employees,
    keep_pending_import,
    pending_rows,
)


class Rollback(Exception):
    pass


def make_rows(count: int, unit_codes: list[str], rng: random.Random) -> list[list]:
    nips: list[str] = []
    # NIPs already in the database (e.g. the large demo) belong to other agencies.
    seen: set[str] = set(Employee.objects.values_list("nip", flat=True))
    while len(nips) < count:
        birth = datetime.date(
            rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28)
        )
        nip = nip_rules.build_nip(
            birth_date=birth,
            appointment_year=birth.year + rng.randint(22, 25),
            appointment_month=rng.randint(1, 12),
            gender=rng.choice("LP"),
            sequence=rng.randint(1, 999),
        )
        if nip not in seen:
            seen.add(nip)
            nips.append(nip)
    rows = []
    for index, nip in enumerate(nips):
        # A tree eight wide: row i reports to row (i-1)//8.
        boss = nips[(index - 1) // 8] if index else ""
        rows.append(
            [
                nip,
                f"Pegawai Uji {index}",
                "Ir." if index % 50 == 0 else "",
                "S.Kom.",
                "PNS",
                rng.choice(["II/c", "III/a", "III/b", "III/c"]),
                "Pelaksana",
                "Pengelola Data",
                rng.choice(unit_codes),
                boss,
                f"pegawai.uji.{index}@contoh.go.id",
            ]
        )
    rng.shuffle(rows)  # supervisors land after their staff, too
    return rows


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data pegawai")
    sheet.append(TEMPLATE_HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(label, func):
    started = time.perf_counter()
    value = func()
    print(f"{label:<48}{time.perf_counter() - started:7.2f} s", flush=True)
    return value


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1024 / 1024


def job_step(hr, pending) -> None:
    """HR presses "Impor sekarang": the request starts the job and returns; the
    job's work (run here as the worker runs it) checks again and creates all."""
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()  # the test client's host name
    client = Client()
    client.force_login(hr)
    url = reverse("people:employee_import_confirm")
    response = timed(
        "confirm request (starts the job)",
        lambda: client.post(url, {"token": pending.token}),
    )
    assert response.status_code == 302, response.status_code
    job_id = int(response.url.rstrip("/").rsplit("/", 1)[1])
    peak_before, rss_before = peak_rss_mb(), current_rss_mb()
    outcome = timed("the job: check again + create all", lambda: run_job(job_id=job_id))
    assert outcome == "done", outcome
    print(f"{'  peak memory growth (RSS)':<48}{peak_rss_mb() - peak_before:7.1f} MB")
    after = current_rss_mb()
    print(f"{'  RSS before / after the job':<48}{rss_before:7.0f} / {after:.0f} MB")


def accounts_step(agency, hr, count: int) -> None:
    """Every imported employee gets a login and one invitation, once: HR's
    request starts a job (thousands), whose work is run here as the worker runs
    it."""
    employees = employees_of_unit(agency, None)
    job = timed(
        "accounts: the request's part (starts the job)",
        lambda: create_accounts_now_or_later(
            employees=employees, agency=agency, user=hr
        ),
    )
    peak_before = peak_rss_mb()
    outcome = timed(
        "accounts job: logins + invitations for everyone",
        lambda: run_job(job_id=job.pk),
    )
    print(f"{'  peak memory growth (RSS)':<48}{peak_rss_mb() - peak_before:7.1f} MB")
    job.refresh_from_db()
    assert (outcome, job.result["created"]) == ("done", count), job.result
    invitations = Notification.objects.filter(
        kind="people.account_invite", email_status=Notification.EmailStatus.PENDING
    ).filter(recipient__employee__agency=agency)
    assert invitations.count() == count
    again = timed(
        "accounts again (nobody left to invite)",
        lambda: create_accounts(employees=employees, agency=agency),
    )
    assert again.created == 0
    print(f"{'invitation emails queued':<48}{invitations.count():7d}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    count = parser.parse_args().rows
    rng = random.Random(20)
    print(
        f"database: {connection.vendor}, rows: {count}, "
        f"employees already there: {Employee.objects.count()}"
    )
    try:
        with transaction.atomic():
            agency = Agency.objects.create(
                name="Instansi Uji Beban", short_name="Uji", code="bench-import"
            )
            codes = []
            for n in range(40):
                unit = WorkUnit(agency=agency, name=f"Unit Uji {n}", code=f"U{n:02d}")
                unit.save()
                codes.append(unit.code)
            rows = make_rows(count, codes, rng)
            content = timed("build the .xlsx", lambda: xlsx_bytes(rows))
            print(f"{'file size':<48}{len(content) / 1024 / 1024:7.2f} MB")
            sheet = timed(
                "read the .xlsx",
                lambda: read_employee_sheet(io.BytesIO(content), "xlsx"),
            )

            def run(dry_run):
                return import_employees(
                    agency=agency, rows=sheet.rows, dry_run=dry_run, actor=None
                )

            preview = timed("preview (validate, dry run)", lambda: run(True))
            assert not preview.errors, preview.errors[:3]
            assert preview.created == count
            from django.contrib.auth import get_user_model

            hr = get_user_model().objects.create_superuser("bench-import-hr")
            pending = timed(
                "keep rows + preview (zlib JSON, database)",
                lambda: keep_pending_import(
                    kind=PendingImport.Kind.EMPLOYEES,
                    agency=agency,
                    user=hr,
                    rows=sheet.rows,
                    result=preview,
                ),
            )
            timed("load them at confirmation", lambda: pending_rows(pending))
            job_step(hr, pending)
            assert Employee.objects.filter(agency=agency).count() == count
            accounts_step(agency, hr, count)
            again = timed(
                "re-import unchanged (validate + compare)", lambda: run(False)
            )
            assert again.unchanged == count
            for row in rows[: count // 10]:
                row[7] = "Analis Data"
            gone = count // 20
            # Left out: the first 5% (staff who report to them stay, as in life).
            kept_rows = rows[gone:]
            sheet = read_employee_sheet(io.BytesIO(xlsx_bytes(kept_rows)), "xlsx")
            synced = timed("sync preview: 10% changed, 5% left out", lambda: run(True))
            assert synced.missing, "the rows left out are proposed to end"
            pending = timed(
                "keep rows + preview of the sync",
                lambda: keep_pending_import(
                    kind=PendingImport.Kind.EMPLOYEES,
                    agency=agency,
                    user=hr,
                    rows=sheet.rows,
                    result=synced,
                    siasn_download=True,
                    source="Unduhan SIASN (bench)",
                ),
            )
            kept_kb = (len(pending.rows) + len(pending.preview)) / 1024
            print(f"{'  kept in the database (compressed)':<48}{kept_kb:7.0f} KB")
            changed = timed(
                "confirm: update + end assignments",
                lambda: confirm_pending_import(pending=pending, actor=hr),
            )
            assert changed.ended == len(synced.missing), changed.ended
            print(f"{'  assignments ended':<48}{changed.ended:7d}")
            history = Employee.history.filter(agency_id=agency.pk).count()
            print(f"{'history records written':<48}{history:7d}")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
