"""The daily reminder run at 07:00 Asia/Jakarta, as a django-celery-beat entry."""

from django.db import migrations

from asn_portal.schedules import scheduled


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        scheduled(
            "Pengingat evaluasi kinerja harian",
            "evaluations.tasks.send_evaluation_reminders_task",
            cron={"minute": "0", "hour": "7"},
        )
    ]
