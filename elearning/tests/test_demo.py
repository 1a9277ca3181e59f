import random

import pytest

from elearning import demo, services
from elearning.models import Module, Progress, TestAttempt
from people.tests.factories import EmployeeFactory
from training.models import JpCredit

pytestmark = pytest.mark.django_db


def test_demo_seeds_publishable_modules_and_consistent_progress(org):
    EmployeeFactory.create_batch(30, agency=org["agency"], unit=org["unit"])
    counts = demo.seed(agencies=[org["agency"]], size="large", rng=random.Random(7))
    modules = Module.objects.filter(agency=org["agency"])
    assert counts["modules"] == modules.count() == 4
    assert "Etika dan Integritas ASN (BerAKHLAK)" in {m.title for m in modules}
    for module in modules:
        assert services.publishing_problems(module) == []
        for test in module.tests.all():
            assert test.questions.count() == 5
    assert Progress.objects.count() == counts["progress"] > 0
    assert TestAttempt.objects.count() == counts["attempts"]
    completed = Progress.objects.completed()
    assert completed.count() == counts["completed"] > 0
    for progress in completed.select_related("module"):
        assert progress.post_score >= progress.module.pass_mark
        assert JpCredit.objects.filter(
            employee=progress.employee, source_key=progress.module.jp_source_key
        ).exists()
    assert JpCredit.objects.count() == completed.count()
    for attempt in TestAttempt.objects.select_related("test").iterator():
        assert attempt.kind == attempt.test.kind
        assert len(attempt.answers) == attempt.question_count
    # Stored scores agree with the attempts they summarise.
    for progress in Progress.objects.filter(post_score__isnull=False)[:20]:
        best = max(a.score for a in progress.attempts.filter(kind="post"))
        assert progress.post_score == best


def test_a_seeded_progress_continues_through_the_services(org):
    EmployeeFactory.create_batch(10, agency=org["agency"], unit=org["unit"])
    demo.seed(agencies=[org["agency"]], size="small", rng=random.Random(1))
    module = Module.objects.filter(agency=org["agency"]).first()
    progress = services.start_module(employee=org["member"], module=module)
    assert progress.module == module


def test_seeding_twice_adds_nothing(org):
    EmployeeFactory.create_batch(5, agency=org["agency"], unit=org["unit"])
    demo.seed(agencies=[org["agency"]], size="small", rng=random.Random(2))
    before = (Module.objects.count(), Progress.objects.count())
    again = demo.seed(agencies=[org["agency"]], size="small", rng=random.Random(2))
    assert again["modules"] == 0
    assert (Module.objects.count(), Progress.objects.count()) == before
