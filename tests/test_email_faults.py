"""The email outbox on a real worker, Redis and PostgreSQL (`-m worker`): the worker
killed in the middle of an SMTP exchange loses no email, sends at most one twice
(under the same Message-ID), and leaves none "sending" past its lease."""

import json
import time

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from notifications import services
from notifications.models import Notification
from people.tests.factories import EmployeeFactory
from tests import fault_tasks

pytestmark = pytest.mark.worker

DUE = 8
KIND = "fault-test-mail"
# Short, so a killed send is retried within the test; longer than one live send
# (two phases of tests.fault_mail), so no live send is ever repeated.
LEASE_SECONDS = 5


def _pool_process_in(real_worker, worker, phase: str, *, not_for: str | None = None):
    """(pid, Message-ID) of a live pool process of `worker` in `phase` of a send."""
    found = []

    def seen():
        raw = real_worker.redis().hgetall(
            fault_tasks.key("mail-phase", real_worker.queue)
        )
        live = set(real_worker.child_pids(worker))
        found[:] = [
            (int(pid), current.decode().partition(":")[2])
            for pid, current in raw.items()
            if int(pid) in live
            and current.decode().startswith(phase)
            and (not_for is None or not_for not in current.decode())
        ]
        return bool(found)

    real_worker.wait_until(seen, timeout=60, interval=0.02)
    return found[0]


def test_worker_killed_mid_smtp_exchange_loses_no_email(real_worker, org, monkeypatch):
    # Only the every-second outbox run below delivers: that run is the point here.
    monkeypatch.setattr(services, "_queue_email_delivery", lambda: None)
    people = [EmployeeFactory(agency=org["agency"]) for _ in range(DUE - 1)]
    for person in people:
        services.notify(recipient=person.user, kind=KIND, obj=person, title="Info")
    # One to an address outside the portal (a complainant): the same outbox.
    services.notify_address(
        email="warga@example.com", kind=KIND, obj=org["agency"], title="Jawaban"
    )
    real_worker.env.update(
        TEST_EMAIL_BACKEND="tests.fault_mail.KillableSmtpBackend",
        EMAIL_CLAIM_LEASE_SECONDS=str(LEASE_SECONDS),
    )
    every_second, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.SECONDS
    )
    PeriodicTask.objects.create(
        name="fault-test email outbox",
        task="notifications.tasks.deliver_emails_task",
        interval=every_second,
        queue=real_worker.queue,
    )
    worker = real_worker.start(concurrency=2)
    real_worker.start_beat()

    # Killed while transmitting: the receiver has nothing; the email must come back.
    pid, cut_in_transit = _pool_process_in(real_worker, worker, "transmitting:")
    real_worker.kill_child(worker, pid)
    # Killed after the receiver accepted, before the worker could record it: the
    # email is sent again once its lease ends, the one duplicate this allows.
    pid, cut_after_accept = _pool_process_in(
        real_worker, worker, "accepted:", not_for=cut_in_transit
    )
    real_worker.kill_child(worker, pid)
    killed_at = time.monotonic()

    mails = Notification.objects.filter(kind=KIND)
    real_worker.wait_until(
        lambda: mails.filter(email_status=Notification.EmailStatus.SENT).count() == DUE,
        timeout=LEASE_SECONDS + 60,
    )
    settled_after = time.monotonic() - killed_at

    mailbox = [
        json.loads(raw)
        for raw in real_worker.redis().lrange(
            fault_tasks.key("mailbox", real_worker.queue), 0, -1
        )
    ]
    received = [mail["message_id"] for mail in mailbox]
    expected = {mail.email_message_id for mail in mails}
    delivered = len(expected & set(received))
    lost = DUE - delivered
    duplicates = sorted({mid for mid in received if received.count(mid) > 1})
    duplicated = len(received) - len(set(received))
    print(
        f"\nSMTP kill: due {DUE}, delivered {delivered}, lost {lost}, "
        f"duplicated {duplicated}; all sent {settled_after:.1f} s after the kills "
        f"(lease {LEASE_SECONDS} s)"
    )
    assert set(received) <= expected, "every copy carries its notification's id"
    assert lost == 0
    assert duplicated == 1, "only the send cut after acceptance is repeated"
    assert duplicates == [cut_after_accept], "the copy is recognisable by Message-ID"
    assert received.count(cut_in_transit) == 1
    assert settled_after < LEASE_SECONDS + 30, "no claim outlives its lease for long"
    assert not mails.exclude(email_status=Notification.EmailStatus.SENT).exists()
    attempts = {mail.email_message_id: mail.email_attempts for mail in mails}
    assert attempts[cut_in_transit] == attempts[cut_after_accept] == 2
