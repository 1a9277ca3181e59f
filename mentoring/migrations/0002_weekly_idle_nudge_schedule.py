"""Schedules the weekly nudge to idle pairs: Mondays 08:00 Asia/Jakarta."""

from django.db import migrations

from asn_portal.schedules import scheduled


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0001_programs_pairs_sessions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        scheduled(
            "mentoring: pengingat pasangan tanpa sesi (mingguan)",
            "mentoring.tasks.nudge_idle_pairs_task",
            cron={"minute": "0", "hour": "8", "day_of_week": "1"},
        )
    ]
