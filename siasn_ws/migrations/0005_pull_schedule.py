"""Pull from SIASN: every 15 minutes the task looks for agencies whose daily pull is due
(only agencies that switched the pull on do anything)."""

from django.db import migrations

TASK_NAME = "siasn_ws.tasks.pull_from_siasn_task"
SCHEDULE_NAME = "Tarik data pegawai dari SIASN"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="*/15",
        hour="*",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Jakarta",
    )
    PeriodicTask.objects.update_or_create(
        name=SCHEDULE_NAME,
        defaults={"task": TASK_NAME, "crontab": crontab, "enabled": True},
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=SCHEDULE_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("siasn_ws", "0004_scheduled_pull"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
