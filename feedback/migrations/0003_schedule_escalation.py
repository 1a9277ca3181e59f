"""Runs the complaint escalation every day at 06:00 (Asia/Jakarta)."""

from django.db import migrations

from asn_portal.schedules import scheduled


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_survey_covering_index"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        scheduled(
            "Eskalasi pengaduan lewat batas waktu (harian)",
            "feedback.tasks.escalate_overdue_complaints_task",
            cron={"minute": "0", "hour": "6"},
        )
    ]
