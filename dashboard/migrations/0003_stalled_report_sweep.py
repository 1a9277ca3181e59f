"""Every 10 minutes, queue reports that were left pending or whose worker died."""

from django.db import migrations

from asn_portal.schedules import scheduled


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0002_report_schedules")]

    operations = [
        scheduled(
            "Antrekan ulang laporan yang tertunda",
            "dashboard.tasks.queue_stalled_reports_task",
            every_minutes=10,
        )
    ]
