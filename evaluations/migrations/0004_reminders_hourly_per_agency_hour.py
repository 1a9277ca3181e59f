"""The evaluation reminders run hourly at :00; each agency is handled once a day from its
own reminder hour (Agency.reminder_hour, 7 by default: 07:00 as before)."""

from django.db import migrations
from django.utils import timezone

TASK = "evaluations.tasks.send_evaluation_reminders_task"


def _move_to(apps, hour):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour=hour,
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Jakarta",
    )
    PeriodicTask.objects.filter(task=TASK).update(crontab=crontab)
    # A queryset update sends no signal: tell a running beat to reload its schedule.
    apps.get_model("django_celery_beat", "PeriodicTasks").objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )


def hourly(apps, schema_editor):
    _move_to(apps, "*")


def daily(apps, schema_editor):
    _move_to(apps, "7")


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0003_upload_checked_by_content"),
        ("people", "0002_agency_reminder_settings"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(hourly, daily)]
