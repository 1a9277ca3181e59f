"""Schedules the daily mentoring reminders (unconfirmed sessions, reviews coming
due): every day 07:30 Asia/Jakarta."""

from django.db import migrations

from asn_portal.schedules import scheduled


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0002_weekly_idle_nudge_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        scheduled(
            "mentoring: pengingat konfirmasi sesi dan tinjauan (harian)",
            "mentoring.tasks.send_mentoring_reminders_task",
            cron={"minute": "30", "hour": "7"},
        )
    ]
