"""Beat runs the email outbox every minute, so an email left pending (the broker was
down when it was queued, a send failed, a claim expired) goes out without waiting for
other traffic."""

from django.db import migrations
from django.utils import timezone

NAME = "notifications: kirim email tertunda (tiap menit)"
TASK = "notifications.tasks.deliver_emails_task"


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "interval": interval,
            "enabled": True,
            # A run that waited in the queue longer than this is dropped: the next
            # minute's run does the same work, so a stopped worker does not come back
            # to a pile of them.
            "expire_seconds": 50,
        },
    )
    # Created without the model's signals: tell a running beat to reload.
    apps.get_model("django_celery_beat", "PeriodicTasks").objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name=NAME
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_email_lease_and_retries"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
