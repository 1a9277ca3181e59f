import pytest
from django.urls import reverse

from notifications import services
from notifications.models import Notification
from notifications.tasks import deliver_emails_task

pytestmark = pytest.mark.worker


def test_real_worker_delivers_each_email_once_even_when_queued_twice(real_worker, org):
    for step in ["1", "3", "7"]:
        services.notify(
            recipient=org["member"].user,
            kind="worker-test",
            obj=org["member"],
            step=step,
            title=f"Pengingat {step}",
            url=reverse("home"),
        )
    real_worker.start()
    real_worker.send(deliver_emails_task)
    real_worker.send(deliver_emails_task)
    real_worker.wait_until(
        lambda: (
            Notification.objects.filter(
                email_status=Notification.EmailStatus.SENT
            ).count()
            == 3
        ),
        timeout=60,
    )
    sent = Notification.objects.filter(email_sent_at__isnull=False)
    assert sent.count() == 3
    assert all(n.email_attempts == 1 for n in sent)
