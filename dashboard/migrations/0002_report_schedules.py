"""Monthly and quarterly report schedules, editable by HR in the admin."""

import json

from django.db import migrations

SCHEDULES = [
    ("Laporan bulanan instansi", "bulanan", {"minute": "0", "hour": "5", "day_of_month": "1", "month_of_year": "*"}),
    ("Laporan triwulanan instansi", "triwulan", {"minute": "30", "hour": "5", "day_of_month": "1", "month_of_year": "1,4,7,10"}),
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, kind, cron in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            day_of_week="*", timezone="Asia/Jakarta", **cron
        )
        PeriodicTask.objects.get_or_create(
            name=name,
            defaults={
                "task": "dashboard.tasks.generate_scheduled_reports_task",
                "crontab": crontab,
                "kwargs": json.dumps({"kind": kind}),
            },
        )


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _, _ in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0001_reports_and_subscriptions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
