"""The large data set the benchmark runs on, and the users it logs in as.

`manage.py seed_demo --size large` builds it when the people app provides that
command; otherwise (or if it fails) `build_large()` below does, with bulk inserts.
Either way `ensure_bench_users()` adds the four bench accounts to the largest agency."""

import datetime
import logging

# Runs only fixed command lines of our own (bandit B404/B603 reviewed).
import subprocess  # nosec B404
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command, get_commands
from django.db import connection, transaction
from django.utils import timezone

from notifications.models import Notification
from people import nip as nip_rules
from people.models import Agency, Employee, WorkUnit
from people.roles import ROLE_GROUPS, Role

logger = logging.getLogger(__name__)

EMPLOYEES = 10_000  # a large Pemda
OTHER_AGENCY_EMPLOYEES = 1_000  # so that scoping filters real rows out
NOTIFICATIONS_PER_EMPLOYEE = 3
INBOX_OF_BENCH_ASN = 500
TEAM_SIZE = 9
# Which bench user plays which role (see bench.pages.Page.user).
BENCH_USERS = {
    "hr": "bench-hr",
    "leader": "bench-leader",
    "supervisor": "bench-supervisor",
    "asn": "bench-asn",
}
BATCH = 2_000
# The data set's accounts cannot log in (and need no slow hashing to create).
UNUSABLE_PASSWORD = make_password(None)


def ensure_dataset(*, rebuild: bool = False) -> str:
    """Make sure the large data set is there; returns how it was obtained."""
    if rebuild:
        # The bench database is the benchmark's own: start it over from empty.
        call_command("flush", interactive=False, verbosity=0)
    if not rebuild and Employee.objects.count() >= EMPLOYEES:
        how = "kept from an earlier run"
    elif "seed_demo" in get_commands() and _seed_demo_large():
        how = "manage.py seed_demo --size large"
    else:
        build_large()
        how = "bench.dataset.build_large()"
    ensure_bench_users()
    if how != "kept from an earlier run":
        # Fresh bulk inserts leave the planner with no statistics (it guessed 10 rows
        # for 10 000) and the bulk update leaves dead rows: a live database has had
        # autovacuum do this long ago.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return how


def _seed_demo_large() -> bool:
    result = subprocess.run(  # nosec B603
        [sys.executable, "manage.py", "seed_demo", "--size", "large"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        logger.warning("seed_demo --size large failed; building the data set here")
        sys.stderr.write(result.stderr[-2000:])
        return False
    return Employee.objects.count() >= EMPLOYEES // 2


@transaction.atomic
def build_large() -> None:
    _agency("bench", "Pemerintah Kabupaten Bench", EMPLOYEES)
    _agency("bench-lain", "Pemerintah Kota Bench Lain", OTHER_AGENCY_EMPLOYEES)


def _agency(code: str, name: str, size: int) -> Agency:
    agency, _ = Agency.objects.get_or_create(
        code=code, defaults={"name": name, "short_name": name.split(" ", 2)[-1]}
    )
    units = []
    for d in range(8):
        dinas = WorkUnit.objects.create(
            agency=agency, name=f"Dinas {d + 1} {code}", code=f"{code}-D{d}"
        )
        units.append(dinas)
        for b in range(5):
            units.append(
                WorkUnit.objects.create(
                    agency=agency,
                    parent=dinas,
                    name=f"Bidang {b + 1} Dinas {d + 1} {code}",
                    code=f"{code}-D{d}B{b}",
                )
            )
    User = get_user_model()
    offset = Agency.objects.filter(pk__lt=agency.pk).count() * 100_000
    for start in range(0, size, BATCH):
        numbers = range(offset + start, offset + min(size, start + BATCH))
        users = User.objects.bulk_create(
            User(
                username=f"{code}-{n}",
                email=f"{code}-{n}@example.go.id",
                password=UNUSABLE_PASSWORD,
            )
            for n in numbers
        )
        employees = []
        for n, user in zip(numbers, users, strict=True):
            nip = _nip(n)
            parsed = nip_rules.parse_nip(nip)
            employees.append(
                Employee(
                    user=user,
                    agency=agency,
                    unit=units[n % len(units)],
                    nip=nip,
                    name=f"Pegawai {n:06d}",
                    golongan=Employee.Golongan.III_A,
                    jabatan_name="Pengadministrasi Umum",
                    birth_date=parsed.birth_date,
                    gender=parsed.gender,
                )
            )
        Employee.objects.bulk_create(employees)
    # Every tenth employee leads the nine after them.
    members = list(Employee.objects.filter(agency=agency).order_by("pk"))
    for index, member in enumerate(members):
        if index % (TEAM_SIZE + 1):
            member.supervisor = members[index - index % (TEAM_SIZE + 1)]
    Employee.objects.bulk_update(members, ["supervisor"], batch_size=BATCH)
    now = timezone.now()
    Notification.objects.bulk_create(
        (
            Notification(
                recipient_id=member.user_id,
                kind="bench",
                object_key=f"people.employee:{member.pk}",
                step=str(step),
                title=f"Pengingat {step}",
                email_status=Notification.EmailStatus.SENT,
                created_at=now - datetime.timedelta(days=step),
            )
            for member in members
            for step in range(NOTIFICATIONS_PER_EMPLOYEE)
        ),
        batch_size=BATCH,
    )
    return agency


def _nip(n: int) -> str:
    birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=n % 9000)
    return nip_rules.build_nip(
        birth_date=birth,
        appointment_year=birth.year + 25,
        appointment_month=n % 12 + 1,
        gender=nip_rules.MALE if n % 2 else nip_rules.FEMALE,
        sequence=n // 9000 % 1000,
    )


@transaction.atomic
def ensure_bench_users() -> dict:
    """The four accounts the benchmark logs in as, in the largest agency."""
    from django.db.models import Count

    agency = Agency.objects.annotate(size=Count("employees")).order_by("-size")[0]
    unit = WorkUnit.objects.filter(agency=agency).order_by("pk").first()
    User = get_user_model()
    users = {}
    for number, (role, username) in enumerate(BENCH_USERS.items()):
        user, _ = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.go.id"}
        )
        Employee.objects.get_or_create(
            user=user,
            defaults={
                "agency": agency,
                "unit": unit,
                "nip": _nip(900_000 + number),
                "name": f"Bench {role}",
                "jabatan_name": "Bench",
            },
        )
        if role in (Role.HR, Role.LEADER):
            user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
        users[role] = user
    supervisor = users["supervisor"].employee
    team = Employee.objects.filter(agency=agency, supervisor__isnull=True).exclude(
        user__username__in=BENCH_USERS.values()
    )[:TEAM_SIZE]
    Employee.objects.filter(pk__in=[e.pk for e in team]).update(supervisor=supervisor)
    Employee.objects.filter(pk=users["asn"].employee.pk).update(supervisor=supervisor)
    inbox = users["asn"]
    if not Notification.objects.filter(recipient=inbox).exists():
        Notification.objects.bulk_create(
            Notification(
                recipient=inbox,
                kind="bench",
                object_key="bench",
                step=str(step),
                title=f"Pengingat {step}",
                email_status=Notification.EmailStatus.SENT,
            )
            for step in range(INBOX_OF_BENCH_ASN)
        )
    return users
