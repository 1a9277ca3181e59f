"""Pull from SIASN: every 15 minutes the task looks for agencies whose daily pull is due
(only agencies that switched the pull on do anything)."""

from django.db import migrations

from asn_portal.schedules import scheduled


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("siasn_ws", "0004_scheduled_pull"),
    ]

    operations = [
        scheduled(
            "Tarik data pegawai dari SIASN",
            "siasn_ws.tasks.pull_from_siasn_task",
            cron={"minute": "*/15"},
        )
    ]
