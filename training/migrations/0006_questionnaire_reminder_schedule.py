"""Schedule the daily questionnaire and follow-up reminders at 07:30 Asia/Jakarta."""

from django.db import migrations

TASK_NAME = "training.tasks.send_training_reminders_task"
SCHEDULE_NAME = "Pengingat kuesioner dan evaluasi lanjutan pelatihan"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="7",
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
        ("training", "0005_delivery_questionnaires_certificates_internships"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
