import pytest
from django.utils import timezone

from feedback import services
from feedback.models import Complaint
from feedback.tasks import escalate_overdue_complaints_task
from notifications.models import Notification
from notifications.tasks import deliver_emails_task

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


def test_real_worker_emails_the_complainant_the_answer_once(real_worker, service_unit):
    """The answer's notice goes through the outbox on a real worker and broker:
    queued twice (a task rerun, a second beat), sent once."""
    complaint, _code, _ = services.submit_complaint(
        service_unit=service_unit,
        description="Antrean tidak bergerak dua jam.",
        contact_email="warga@example.com",
    )
    services.verify_complaint(complaint=complaint, actor=None, accept=True)
    services.answer_complaint(
        complaint=complaint, actor=None, answer="Loket kedua kini dibuka pagi hari."
    )
    real_worker.start()
    real_worker.send(deliver_emails_task)
    real_worker.send(deliver_emails_task)
    notice = Notification.objects.filter(kind=services.COMPLAINANT_NOTICE)
    real_worker.wait_until(
        lambda: notice.filter(email_status=Notification.EmailStatus.SENT).exists(),
        timeout=60,
    )
    real_worker.wait_until(
        lambda: real_worker.log_text().count("succeeded") >= 2, timeout=60
    )
    sent = notice.get()
    assert sent.to_email == "warga@example.com"
    assert sent.email_attempts == 1
