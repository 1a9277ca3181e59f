"""Send to SIASN every 15 minutes (only agencies whose web service is on do anything)."""

from django.db import migrations

from asn_portal.schedules import scheduled


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("siasn_ws", "0001_outbox"),
    ]

    operations = [
        scheduled(
            "Kirim riwayat pelatihan ke SIASN",
            "siasn_ws.tasks.push_to_siasn_task",
            cron={"minute": "*/15"},
        )
    ]
