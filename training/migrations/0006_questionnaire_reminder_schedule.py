"""Schedule the daily questionnaire and follow-up reminders at 07:30 Asia/Jakarta."""

from django.db import migrations

from asn_portal.schedules import scheduled


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("training", "0005_delivery_questionnaires_certificates_internships"),
    ]

    operations = [
        scheduled(
            "Pengingat kuesioner dan evaluasi lanjutan pelatihan",
            "training.tasks.send_training_reminders_task",
            cron={"minute": "30", "hour": "7"},
        )
    ]
