"""Periodic tasks are configuration kept in django-celery-beat's tables; each app's
data migration adds its own with `scheduled`, the one way to write one."""

import json

from django.db import migrations
from django.utils import timezone

TIME_ZONE = "Asia/Jakarta"
EVERY = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*"}


def scheduled(
    name: str,
    task: str,
    *,
    cron: dict | None = None,
    every_minutes: int | None = None,
    kwargs: dict | None = None,
    expire_seconds: int | None = None,
) -> migrations.RunPython:
    """A migration operation that creates (or updates) the periodic task `name`
    running `task` on a crontab in Asia/Jakarta (`cron` names the fields that are not
    "*") or every `every_minutes`, and removes it when migrated back."""

    def schedule(apps, schema_editor):
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        if cron is not None:
            CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
            when = CrontabSchedule.objects.get_or_create(
                **{"month_of_year": "*", **EVERY, **cron}, timezone=TIME_ZONE
            )[0]
            timing = {"crontab": when}
        else:
            IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
            when = IntervalSchedule.objects.get_or_create(
                every=every_minutes, period="minutes"
            )[0]
            timing = {"interval": when}
        defaults = {"task": task, "enabled": True, **timing}
        if kwargs is not None:
            defaults["kwargs"] = json.dumps(kwargs)
        if expire_seconds is not None:
            defaults["expire_seconds"] = expire_seconds
        PeriodicTask.objects.update_or_create(name=name, defaults=defaults)
        # Written without the model's signals: tell a running beat to reload.
        apps.get_model("django_celery_beat", "PeriodicTasks").objects.update_or_create(
            ident=1, defaults={"last_update": timezone.now()}
        )

    def unschedule(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
            name=name
        ).delete()

    return migrations.RunPython(schedule, unschedule)
