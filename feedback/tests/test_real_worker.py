import pytest
from django.utils import timezone

from feedback import services
from feedback.models import Complaint
from feedback.tasks import escalate_overdue_complaints_task
from notifications.models import Notification

pytestmark = pytest.mark.worker


def test_real_worker_escalates_each_overdue_complaint_once(
    real_worker, service_unit, org
):
    complaint, _code, _ = services.submit_complaint(
        service_unit=service_unit, description="Antrean tidak bergerak dua jam."
    )
    long_ago = timezone.localdate() - timezone.timedelta(days=60)
    Complaint.objects.filter(pk=complaint.pk).update(due_date=long_ago)
    real_worker.start()
    real_worker.send(escalate_overdue_complaints_task)
    real_worker.send(escalate_overdue_complaints_task)
    real_worker.wait_until(
        lambda: (
            Complaint.objects.get(pk=complaint.pk).escalation == Complaint.Escalation.HR
        ),
        timeout=60,
    )
    real_worker.wait_until(
        lambda: (
            "escalate_overdue_complaints_task" in real_worker.log_text()
            and real_worker.log_text().count("succeeded") >= 2
        ),
        timeout=60,
    )
    overdue = Notification.objects.filter(kind="feedback.complaint_overdue")
    assert sorted(overdue.values_list("recipient__username", "step")) == [
        ("a-hr", "hr"),
        ("a-kepala", "unit_head"),
    ]
