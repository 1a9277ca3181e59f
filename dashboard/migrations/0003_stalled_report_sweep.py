"""Every 10 minutes, queue reports that were left pending or whose worker died."""

from django.db import migrations

NAME = "Antrekan ulang laporan yang tertunda"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={"task": "dashboard.tasks.queue_stalled_reports_task", "interval": interval},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0002_report_schedules")]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
