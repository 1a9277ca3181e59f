"""Monthly and quarterly report schedules, editable by HR in the admin."""

from django.db import migrations

from asn_portal.schedules import scheduled


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0001_reports_and_subscriptions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        scheduled(
            "Laporan bulanan instansi",
            "dashboard.tasks.generate_scheduled_reports_task",
            cron={"minute": "0", "hour": "5", "day_of_month": "1"},
            kwargs={"kind": "bulanan"},
        ),
        scheduled(
            "Laporan triwulanan instansi",
            "dashboard.tasks.generate_scheduled_reports_task",
            cron={
                "minute": "30",
                "hour": "5",
                "day_of_month": "1",
                "month_of_year": "1,4,7,10",
            },
            kwargs={"kind": "triwulan"},
        ),
    ]
