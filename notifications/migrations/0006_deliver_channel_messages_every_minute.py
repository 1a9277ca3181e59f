"""Beat runs the WhatsApp/SMS outbox every minute, like the email one; with no
channel configured a run plans nothing and sends nothing."""

from django.db import migrations

from asn_portal.schedules import scheduled


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_whatsapp_and_sms_channels"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        scheduled(
            "notifications: kirim WhatsApp/SMS tertunda (tiap menit)",
            "notifications.tasks.deliver_channel_messages_task",
            every_minutes=1,
            expire_seconds=50,
        )
    ]
