"""Demo reports: last month's report of each agency, generated as the worker would,
so that a leader opening Laporan finds one to read and download. Runs after every
other app's demo data (dashboard comes last in INSTALLED_APPS).

In the province the generated agencies' reports are queued for the Celery worker
instead (`request_report`, as a leader's request is): building the PDF and Excel
took a tenth of each agency's seeding time. The two demo agencies keep theirs ready."""

from django.utils import timezone

from dashboard import services
from dashboard.models import Report
from people.demo import AGENCIES


def seed(*, agencies, size: str = "small", rng=None) -> dict:
    start, end = services.last_complete_period(
        Report.Kind.MONTHLY, timezone.localdate()
    )
    demo_codes = {spec.code for spec in AGENCIES}
    reports = []
    for agency in agencies:
        if size == "province" and agency.code not in demo_codes:
            reports.append(
                services.request_report(
                    agency=agency,
                    kind=Report.Kind.MONTHLY,
                    period_start=start,
                    period_end=end,
                )
            )
            continue
        report = Report.objects.create(
            agency=agency,
            kind=Report.Kind.MONTHLY,
            period_start=start,
            period_end=end,
        )
        reports.append(services.generate_report(report_id=report.pk))
    return {"reports": reports}
