import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")

app = Celery("asn_portal")
# Every Celery setting lives in settings.py under the CELERY_ prefix, with the reasons.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
