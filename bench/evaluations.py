"""Times the supervisor's team page, HR's overview and the 9-box on PostgreSQL with
20,000 ASN and several periods, and counts their queries.

    python -m bench.evaluations            # DATABASE_URL defaults to asn_eval_bench

When the database has no large demo yet, it is built first: with `seed_demo --size
large` when that command exists (it calls evaluations.demo.seed), otherwise with a
bench organisation of 20,000 ASN (40 units, teams of about 20) written by
bulk_create, then evaluations.demo.seed."""

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
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/asn_eval_bench"
)
os.environ.setdefault("DEBUG", "False")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402
import random  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import CommandError, call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from evaluations import demo  # noqa: E402
from evaluations.models import Assessment, EvaluationPeriod  # noqa: E402
from people import nip as nip_rules  # noqa: E402
from people.models import Agency, Employee, WorkUnit  # noqa: E402
from people.roles import ROLE_GROUPS, Role  # noqa: E402

N_EMPLOYEES = 20_000
N_UNITS = 40
TEAM_SIZE = 20
RUNS = 15
BUDGET_MS = 300
SURNAMES = ["Siregar", "Nasution", "Lubis", "Harahap", "Sitompul"]


def _create_bench_org() -> Agency:
    rng = random.Random(7)
    agency = Agency.objects.create(
        name="Pemerintah Kabupaten Bench", short_name="Bench", code="bench"
    )
    units = [
        WorkUnit.objects.create(
            agency=agency, name=f"Dinas Bench {n:02d}", code=f"B{n}"
        )
        for n in range(N_UNITS)
    ]
    per_unit = N_EMPLOYEES // N_UNITS
    counter = 0

    def employee(unit, supervisor_id=None, jabatan="Pelaksana"):
        nonlocal counter
        counter += 1
        birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=counter % 12000)
        gender = nip_rules.MALE if counter % 2 else nip_rules.FEMALE
        nip = nip_rules.build_nip(
            birth_date=birth,
            appointment_year=birth.year + 24,
            appointment_month=(counter % 12) + 1,
            gender=gender,
            sequence=(counter // 12000) + 1,
        )
        return Employee(
            agency=agency,
            unit=unit,
            nip=nip,
            name=f"Pegawai {counter:05d} {rng.choice(SURNAMES)}",
            birth_date=birth,
            gender=gender,
            jabatan_name=jabatan,
            supervisor_id=supervisor_id,
        )

    heads = Employee.objects.bulk_create(
        [employee(unit, jabatan="Kepala Dinas") for unit in units]
    )
    leads = []
    for unit, head in zip(units, heads, strict=True):
        leads += [
            employee(unit, head.pk, "Kepala Seksi")
            for _ in range(per_unit // (TEAM_SIZE + 1))
        ]
    leads = Employee.objects.bulk_create(leads, batch_size=2000)
    staff = []
    lead_by_unit: dict[int, list] = {}
    for lead in leads:
        lead_by_unit.setdefault(lead.unit_id, []).append(lead)
    for unit in units:
        unit_leads = lead_by_unit[unit.pk]
        for n in range(per_unit - 1 - len(unit_leads)):
            staff.append(employee(unit, unit_leads[n % len(unit_leads)].pk))
    Employee.objects.bulk_create(staff, batch_size=2000)

    User = get_user_model()
    for username, role, person in [
        ("bench-hr", Role.HR, heads[0]),
        ("bench-leader", Role.LEADER, heads[1]),
        ("bench-supervisor", None, leads[0]),
    ]:
        user = User.objects.create_user(username=username, password="bench-12345!")
        if role:
            group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[role])
            user.groups.add(group)
        Employee.objects.filter(pk=person.pk).update(user=user)
    return agency


def _ensure_data():
    call_command("migrate", verbosity=0)
    if Employee.objects.count() >= N_EMPLOYEES and Assessment.objects.exists():
        return
    started = time.monotonic()
    # seed_demo makes the people and calls evaluations.demo.seed itself.
    if Employee.objects.exists() or not _seed_demo_large():
        with transaction.atomic():
            agency = Agency.objects.filter(code="bench").first() or _create_bench_org()
            demo.seed(agencies=[agency], size="large", rng=random.Random(2026))
    # Fresh planner statistics, as autovacuum would have them after a bulk load.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Data built in {time.monotonic() - started:.1f} s")


def _seed_demo_large() -> bool:
    """The project's own large demo, when the seed_demo command exists."""
    try:
        call_command("seed_demo", size="large")
    except CommandError:
        return False
    return Employee.objects.count() >= N_EMPLOYEES


def _logins():
    User = get_user_model()
    hr = User.objects.filter(groups__name=ROLE_GROUPS[Role.HR]).first()
    leader = User.objects.filter(groups__name=ROLE_GROUPS[Role.LEADER]).first()
    # The supervisor with the largest team that has a login.
    supervisor = (
        Employee.objects.filter(user__isnull=False)
        .annotate(n=Count("team"))
        .order_by("-n")
        .first()
    )
    return hr, leader, supervisor.user


def _periods(agency_id):
    """The last closed period (full data and an overdue list) and the current one."""
    today = timezone.localdate()
    periods = EvaluationPeriod.objects.filter(agency_id=agency_id).assessable()
    closed = periods.filter(closes_on__lt=today).order_by("-closes_on").first()
    current = (
        periods.filter(starts_on__lte=today, closes_on__gte=today)
        .order_by("-starts_on")
        .first()
    )
    return closed, current


def _time(client, url):
    for _ in range(2):  # warm caches and connections
        client.get(url)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": sorted(timings)[int(0.95 * (len(timings) - 1))],
        "max_ms": max(timings),
        "queries": len(queries),
    }


def main():
    _ensure_data()
    hr, leader, supervisor = _logins()
    closed, current = _periods(hr.employee.agency_id)
    employees = Employee.objects.count()
    assessments = Assessment.objects.count()
    team_size = Employee.objects.filter(supervisor=supervisor.employee).count()
    scope = Employee.objects.filter(agency_id=hr.employee.agency_id).count()
    pages = []
    for period in (closed, current):
        rated = Assessment.objects.filter(period=period).exclude(predikat="").count()
        pages += [
            (
                f"Tim atasan ({team_size} anggota), {period.name}",
                supervisor,
                reverse("evaluations:team") + f"?periode={period.pk}",
            ),
            (
                f"Ikhtisar HR ({scope} ASN), {period.name}",
                hr,
                reverse("evaluations:overview") + f"?periode={period.pk}",
            ),
            (
                f"9-box pimpinan ({rated} berpredikat), {period.name}",
                leader,
                reverse("evaluations:talent_grid") + f"?periode={period.pk}",
            ),
        ]
    print(
        f"\n{employees} ASN, {assessments} penilaian, "
        f"{RUNS} runs per page, {connection.vendor}, {os.cpu_count()} CPU, "
        f"load average {os.getloadavg()[0]:.1f} at start\n"
    )
    print("| halaman | median ms | p95 ms | maks ms | query |")
    print("|---|---:|---:|---:|---:|")
    worst = 0.0
    for label, user, url in pages:
        client = Client()
        client.force_login(user)
        result = _time(client, url)
        worst = max(worst, result["p95_ms"])
        print(
            f"| {label} | {result['median_ms']:.0f} | {result['p95_ms']:.0f} | "
            f"{result['max_ms']:.0f} | {result['queries']} |"
        )
    print(f"Load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"\nBudget {BUDGET_MS} ms p95: {'OK' if worst <= BUDGET_MS else 'OVER'}")
    return 0 if worst <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
