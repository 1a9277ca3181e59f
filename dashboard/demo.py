"""Demo reports: last month's report of each agency, generated as the worker would,
so that a leader opening Laporan finds one to read and download. Runs after every
other app's demo data (dashboard comes last in INSTALLED_APPS)."""

from django.utils import timezone

from dashboard import services
from dashboard.models import Report


def seed(*, agencies, size: str = "small", rng=None) -> dict:
    start, end = services.last_complete_period(
        Report.Kind.MONTHLY, timezone.localdate()
    )
    reports = []
    for agency in agencies:
        report = Report.objects.create(
            agency=agency,
            kind=Report.Kind.MONTHLY,
            period_start=start,
            period_end=end,
        )
        reports.append(services.generate_report(report_id=report.pk))
    return {"reports": reports}
