"""Times the busy training pages on PostgreSQL with 20,000 ASN and ~200,000
enrolments, and counts their queries.

    python -m bench.training          # DATABASE_URL defaults to asn_training_bench

When the database has no agencies yet it is built first: with `seed_demo --size
large` when that command exists, otherwise with a bench agency of 20,000 ASN (bulk
inserts) followed by `training.demo.seed(size="large")`. Each page is then opened
through Django's test client (middleware, view and template), RUNS times; the
median and worst times and the query count are printed as a Markdown table."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a module or as a script: never let bench/ shadow the apps' packages.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")
os.environ.setdefault(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/asn_training_bench"
)
os.environ.setdefault("DEBUG", "False")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402
import random  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command, get_commands  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from people import nip as nip_rules  # noqa: E402
from people.models import Agency, Employee, WorkUnit  # noqa: E402
from people.roles import ROLE_GROUPS, Role  # noqa: E402
from training import demo  # noqa: E402
from training.models import Enrolment, JpCredit, TrainingSession  # noqa: E402

N_EMPLOYEES = 20_000
N_UNITS = 40
TEAM_SIZE = 20
RUNS = 15
BUDGET_MS = 300


def _bench_org() -> None:
    """One agency of 20,000 ASN in 40 units, teams of 20 under a supervisor."""
    rng = random.Random(7)  # nosec B311 - synthetic bench data
    agency = Agency.objects.create(
        name="Pemerintah Kabupaten Bench", short_name="Bench", code="bench"
    )
    units = [
        WorkUnit.objects.create(agency=agency, name=f"Unit {i:02d}", code=f"U{i:02d}")
        for i in range(N_UNITS)
    ]
    employees = []
    for i in range(N_EMPLOYEES):
        # (birth date, sequence) differs for every i, so every NIP is unique.
        birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=(i // 1000) * 211)
        gender = nip_rules.MALE if i % 2 else nip_rules.FEMALE
        nip = nip_rules.build_nip(
            birth_date=birth,
            appointment_year=birth.year + 25,
            appointment_month=rng.randint(1, 12),
            gender=gender,
            sequence=i % 1000,
        )
        employees.append(
            Employee(
                agency=agency,
                unit=units[i % N_UNITS],
                nip=nip,
                name=f"ASN Bench {i:05d}",
                jabatan_name="Pelaksana",
                birth_date=birth,
                gender=gender,
                golongan="III/a",
            )
        )
    Employee.objects.bulk_create(employees, batch_size=5000)
    employees = list(Employee.objects.filter(agency=agency).order_by("pk"))
    for start in range(0, len(employees), TEAM_SIZE):
        head, *team = employees[start : start + TEAM_SIZE]
        Employee.objects.filter(pk__in=[e.pk for e in team]).update(supervisor=head)
    users = get_user_model()
    for role, username, employee in [
        (Role.HR, "hr.bench", employees[-1]),
        (None, "asn.bench", employees[1]),
    ]:
        user = users.objects.create_user(
            username=username,
            password="bench-only-1",  # nosec B106 - a throwaway bench database
        )
        if role:
            user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
        Employee.objects.filter(pk=employee.pk).update(user=user)
    demo.seed(agencies=[agency], size="large", rng=rng)


def build_if_empty() -> None:
    if Agency.objects.exists():
        return
    started = time.monotonic()
    if "seed_demo" in get_commands():
        call_command("seed_demo", size="large")
    else:
        with transaction.atomic():
            _bench_org()
    with connection.cursor() as cursor:
        # Fresh planner statistics and visibility map after bulk loading.
        cursor.execute("VACUUM ANALYZE")
    print(f"Data built in {time.monotonic() - started:.0f} s")


def _time(client: Client, url: str) -> tuple[float, float, int]:
    client.get(url)  # warm caches and the connection
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), max(timings), len(queries)


def main() -> None:
    build_if_empty()
    users = get_user_model().objects
    # HR of the biggest agency: the below-target list is longest there.
    hr = (
        users.filter(groups__name=ROLE_GROUPS[Role.HR], employee__isnull=False)
        .annotate(staff=Count("employee__agency__employees"))
        .order_by("-staff", "username")
        .first()
    )
    agency = hr.employee.agency
    asn = (
        Employee.objects.filter(agency=agency, user__isnull=False)
        .annotate(n=Count("enrolments"))
        .order_by("-n")
        .select_related("user")
        .first()
        .user
    )
    biggest = (
        TrainingSession.objects.filter(program__agency=agency)
        .annotate(n=Count("enrolments"))
        .order_by("-n")
        .first()
    )
    unit = (
        WorkUnit.objects.filter(agency=agency)
        .annotate(n=Count("employees"))
        .order_by("-n")
        .first()
    )
    print(
        f"Data: {Employee.objects.count():,} ASN, "
        f"{Enrolment.objects.count():,} enrolments, "
        f"{TrainingSession.objects.count():,} sessions, "
        f"{JpCredit.objects.count():,} JP credits; agency {agency.short_name}"
    )
    as_hr, as_asn = Client(), Client()
    as_hr.force_login(hr)
    as_asn.force_login(asn)
    below = reverse("training:jp_below_target")
    pages = [
        ("Katalog (ASN)", as_asn, reverse("training:catalog")),
        ("Katalog (HR)", as_hr, reverse("training:catalog")),
        (
            f"Sesi + peserta ({biggest.enrolments.count()} peserta, HR)",
            as_hr,
            reverse("training:session_detail", args=[biggest.pk]),
        ),
        ("Di bawah target, semua unit (HR)", as_hr, below),
        ("Di bawah target, halaman 20 (HR)", as_hr, f"{below}?page=20"),
        ("Di bawah target, satu unit (HR)", as_hr, f"{below}?unit={unit.pk}"),
        ("JP saya (ASN)", as_asn, reverse("training:my_jp")),
        ("Kelola sesi (HR)", as_hr, reverse("training:session_list")),
    ]
    load = os.getloadavg()[0]
    print(f"Load average while measuring: {load:.1f} on {os.cpu_count()} CPUs")
    print()
    print(f"| page | median ms | worst ms | queries | within {BUDGET_MS} ms |")
    print("| --- | ---: | ---: | ---: | --- |")
    failed = False
    for label, client, url in pages:
        median, worst, queries = _time(client, url)
        ok = median <= BUDGET_MS
        failed |= not ok
        print(
            f"| {label} | {median:.0f} | {worst:.0f} | {queries} | "
            f"{'yes' if ok else 'NO'} |"
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
