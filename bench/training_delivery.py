"""Questionnaire results pages on ~500,000 answers: time and query count.

    DATABASE_URL=postgres://.../asn_tdelivery python manage.py migrate
    DATABASE_URL=postgres://.../asn_tdelivery python bench/training_delivery.py --seed
    DATABASE_URL=postgres://.../asn_tdelivery python bench/training_delivery.py

`--seed` builds one agency of 3,000 ASN (bulk) and runs the delivery demo seed at
size "large". Then each page is opened through Django's test client as an HR user
(the whole middleware, view and template); the median and worst of N runs are
printed as a Markdown table with the page's query count."""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from people import nip as nip_rules  # noqa: E402
from people.models import Agency, Employee, WorkUnit  # noqa: E402
from people.roles import ROLE_GROUPS, Role, sync_role_groups  # noqa: E402
from training.demo import delivery as demo_delivery  # noqa: E402
from training.models import Answer, QuestionnaireResponse  # noqa: E402

AGENCY_CODE = "bench-delivery"


def build(employees: int) -> None:
    agency, _ = Agency.objects.get_or_create(
        code=AGENCY_CODE,
        defaults={"name": "Pemerintah Kabupaten Bench", "short_name": "Kab. Bench"},
    )
    unit, _ = WorkUnit.objects.get_or_create(
        agency=agency, code="BKPSDM", defaults={"name": "BKPSDM Bench"}
    )
    rows = []
    for n in range(employees):
        birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=(n * 37) % 9000)
        nip = nip_rules.build_nip(
            birth_date=birth,
            appointment_year=birth.year + 25,
            appointment_month=(n % 12) + 1,
            gender=nip_rules.MALE if n % 2 else nip_rules.FEMALE,
            sequence=n % 1000,
        )
        nip = nip[:14] + str(1 + n % 2) + f"{n % 1000:03d}"
        parsed = nip_rules.parse_nip(nip)
        rows.append(
            Employee(
                agency=agency,
                unit=unit,
                nip=nip,
                name=f"Pegawai Bench {n}",
                jabatan_name="Pelaksana",
                birth_date=parsed.birth_date,
                gender=parsed.gender,
            )
        )
    Employee.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    staff = list(Employee.objects.filter(agency=agency).order_by("pk"))
    for i, employee in enumerate(staff):
        if i % 10:
            employee.supervisor_id = staff[i - i % 10].pk
    Employee.objects.bulk_update(staff, ["supervisor"], batch_size=2000)
    started = time.perf_counter()
    summary = demo_delivery.seed(agencies=[agency], size="large", rng=random.Random(7))
    print(f"seeded {summary} in {time.perf_counter() - started:.0f} s")


def hr_client() -> Client:
    sync_role_groups()
    agency = Agency.objects.get(code=AGENCY_CODE)
    user, _ = get_user_model().objects.get_or_create(username="bench-delivery-hr")
    employee = Employee.objects.filter(agency=agency, user__isnull=True).first()
    if not hasattr(user, "employee"):
        employee.user = user
        employee.save()
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[Role.HR]))
    client = Client()
    client.force_login(user)
    return client


def measure(client, url, runs):
    samples, queries = [], 0
    for _n in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(samples), max(samples), queries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", action="store_true")
    parser.add_argument("--employees", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if args.seed:
        build(args.employees)
    agency = Agency.objects.get(code=AGENCY_CODE)
    total = Answer.objects.count()
    biggest_program = (
        QuestionnaireResponse.objects.filter(program__agency=agency)
        .values("program")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["program"]
    )
    biggest_session = (
        QuestionnaireResponse.objects.filter(program_id=biggest_program)
        .values("session")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["session"]
    )
    program_answers = Answer.objects.filter(
        response__program_id=biggest_program
    ).count()
    client = hr_client()
    pages = [
        (
            "session results",
            reverse("training:session_results", args=[biggest_session]),
        ),
        (
            f"program results ({program_answers:,} answers)",
            reverse("training:program_results", args=[biggest_program]),
        ),
        ("certificate list (HR)", reverse("training:certificate_list")),
        (
            "program results Excel",
            reverse("training:program_results_export", args=[biggest_program]),
        ),
    ]
    print(f"\n{total:,} answers in the database\n")
    print("| page | median ms | worst ms | queries |")
    print("| --- | ---: | ---: | ---: |")
    for name, url in pages:
        runs = 3 if "Excel" in name else args.runs
        median, worst, queries = measure(client, url, runs)
        print(f"| {name} | {median:.0f} | {worst:.0f} | {queries} |")


if __name__ == "__main__":
    main()
