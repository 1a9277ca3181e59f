"""IKM pages against the bare SQL aggregation, in the same run, on the seeded data.

    DATABASE_URL=postgres://... python manage.py seed_feedback --size large
    DEBUG=False DATABASE_URL=postgres://... python bench/feedback.py [--runs 40]

Prints a Markdown table (copied into feedback/README.md): the median and p95 of N
runs of the unit IKM page and the all-units table (through Django's test client, so
the whole request: middleware, session, queries, template), the bare SQL aggregation
over the response rows, and the same aggregation over the daily totals the pages
actually read, plus the page's query count."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from feedback.models import ServiceUnit, SurveyResponse  # noqa: E402
from feedback.periods import day_bounds  # noqa: E402
from people.models import Employee, WorkUnit  # noqa: E402
from people.roles import ROLE_GROUPS, Role  # noqa: E402

SUMS = ", ".join(f"SUM(u{i}), COUNT(u{i})" for i in range(1, 10))


def timed(fn, runs):
    """Median and 95th percentile in milliseconds."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(runs - 1, int(runs * 0.95))]


def bench_user():
    """An HR user of the seeded agency (created once for the bench)."""
    from django.contrib.auth.models import Group

    from people.nip import MALE, build_nip

    unit = ServiceUnit.objects.select_related("work_unit__agency").first()
    agency = unit.work_unit.agency
    user, created = get_user_model().objects.get_or_create(username="bench-hr")
    if created or not hasattr(user, "employee"):
        import datetime

        Employee.objects.create(
            user=user,
            agency=agency,
            unit=WorkUnit.objects.filter(agency=agency).first(),
            nip=build_nip(
                birth_date=datetime.date(1980, 1, 1),
                appointment_year=2005,
                appointment_month=3,
                gender=MALE,
                sequence=999,
            ),
            name="Bench HR",
            jabatan_name="Analis SDM",
        )
    group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[Role.HR])
    user.groups.add(group)
    return user


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()

    total = SurveyResponse.objects.count()
    unit = ServiceUnit.objects.order_by("pk").first()
    first = SurveyResponse.objects.order_by("submitted_at").values_list(
        "submitted_at", flat=True
    )[:1][0]
    last = SurveyResponse.objects.order_by("-submitted_at").values_list(
        "submitted_at", flat=True
    )[:1][0]
    start, end = first.date(), last.date()
    since, until = day_bounds(start, end)
    query = f"dari={start:%Y-%m-%d}&sampai={end:%Y-%m-%d}"
    year_start = end.replace(month=1, day=1)
    year_query = f"dari={year_start:%Y-%m-%d}&sampai={end:%Y-%m-%d}"
    y_since, _ = day_bounds(year_start, end)

    client = Client()
    client.force_login(bench_user())
    # The server keeps its connection open between requests (CONN_MAX_AGE).

    def page(url):
        def get():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        return get

    def sql(statement, params):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(statement, params)
                cursor.fetchall()

        return run

    # The column lists are this module's constants; every value is a parameter.
    unit_sql = (
        f"SELECT COUNT(id), {SUMS} FROM feedback_surveyresponse "  # nosec B608
        "WHERE service_unit_id = %s AND submitted_at >= %s AND submitted_at < %s"
    )
    all_sql = (
        f"SELECT service_unit_id, COUNT(id), {SUMS} FROM feedback_surveyresponse "  # nosec B608
        "WHERE submitted_at >= %s AND submitted_at < %s GROUP BY service_unit_id"
    )
    daily_sums = ", ".join(f"SUM(s{i}), SUM(n{i})" for i in range(1, 10))
    unit_daily_sql = (
        f"SELECT SUM(respondents), {daily_sums} FROM feedback_dailytotal "  # nosec B608
        "WHERE service_unit_id = %s AND day >= %s AND day <= %s"
    )
    all_daily_sql = (
        f"SELECT service_unit_id, SUM(respondents), {daily_sums} "  # nosec B608
        "FROM feedback_dailytotal WHERE day >= %s AND day <= %s "
        "GROUP BY service_unit_id"
    )
    unit_count = SurveyResponse.objects.filter(
        service_unit=unit, submitted_at__gte=since, submitted_at__lt=until
    ).count()
    cases = [
        (
            f"IKM page, one unit, whole period ({unit_count:,} responses)",
            page(reverse("feedback:unit_report", args=[unit.pk]) + "?" + query),
            sql(unit_sql, [unit.pk, since, until]),
            sql(unit_daily_sql, [unit.pk, start, end]),
        ),
        (
            f"All-units table, whole period ({total:,} responses)",
            page(reverse("feedback:unit_list") + "?" + query),
            sql(all_sql, [since, until]),
            sql(all_daily_sql, [start, end]),
        ),
        (
            "All-units table, this year",
            page(reverse("feedback:unit_list") + "?" + year_query),
            sql(all_sql, [y_since, until]),
            sql(all_daily_sql, [year_start, end]),
        ),
    ]
    print(
        f"{total:,} responses, {ServiceUnit.objects.count()} service units, "
        f"{args.runs} runs each (after one warm-up)\n"
    )
    print(
        "| what | page median | page p95 | page queries "
        "| bare SQL over responses, median / p95 "
        "| bare SQL over daily totals, median / p95 |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for label, page_fn, sql_fn, daily_fn in cases:
        page_fn()
        sql_fn()
        daily_fn()
        executed = []

        def count(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            page_fn()
        p_med, p_max = timed(page_fn, args.runs)
        s_med, s_max = timed(sql_fn, args.runs)
        d_med, d_max = timed(daily_fn, args.runs)
        print(
            f"| {label} | {p_med:.0f} ms | {p_max:.0f} ms | {len(executed)} "
            f"| {s_med:.0f} / {s_max:.0f} ms | {d_med:.1f} / {d_max:.1f} ms |"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (ANALYZE, BUFFERS) " + unit_sql, [unit.pk, since, until]
        )
        plan = [row[0] for row in cursor.fetchall()]
    print("\nPlan of the unit aggregate:\n")
    print("\n".join("    " + line for line in plan))


if __name__ == "__main__":
    main()
