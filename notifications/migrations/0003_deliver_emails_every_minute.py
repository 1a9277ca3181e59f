"""Beat runs the email outbox every minute, so an email left pending (the broker was
down when it was queued, a send failed, a claim expired) goes out without waiting for
other traffic."""

from django.db import migrations

from asn_portal.schedules import scheduled


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_email_lease_and_retries"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        # A run that waited in the queue longer than 50 s is dropped: the next
        # minute's run does the same work, so a stopped worker does not come back
        # to a pile of them.
        scheduled(
            "notifications: kirim email tertunda (tiap menit)",
            "notifications.tasks.deliver_emails_task",
            every_minutes=1,
            expire_seconds=50,
        )
    ]
