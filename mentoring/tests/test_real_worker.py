import pytest

from mentoring import services
from mentoring.tasks import nudge_idle_pairs_task
from notifications.models import Notification

pytestmark = pytest.mark.worker


def test_real_worker_nudges_an_idle_pair_once_when_the_task_is_sent_twice(
    real_worker, org
):
    real_worker.start()
    first = real_worker.send(nudge_idle_pairs_task)
    second = real_worker.send(nudge_idle_pairs_task)
    assert first.id != second.id
    nudges = Notification.objects.filter(kind=services.NUDGE_KIND)
    real_worker.wait_until(lambda: nudges.count() == 2, timeout=60)
    real_worker.wait_until(
        lambda: real_worker.log_text().count("nudge_idle_pairs_task") >= 4,
        timeout=60,
    )
    assert nudges.count() == 2
    assert {n.recipient_id for n in nudges} == {
        org["mentor"].user_id,
        org["outsider"].user_id,
    }
