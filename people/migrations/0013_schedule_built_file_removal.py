"""Beat deletes exports built on request once their keeping time has passed, every
night at 03:15."""

from django.db import migrations

from asn_portal.schedules import scheduled


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0012_lease"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        scheduled(
            "people: hapus berkas unduhan yang kedaluwarsa (harian)",
            "people.tasks.remove_expired_built_files_task",
            cron={"minute": "15", "hour": "3"},
        )
    ]
