import random

import pytest

from notifications.models import Notification
from training import demo_delivery
from training.models import (
    Answer,
    Certificate,
    InternshipPlacement,
    QuestionnaireResponse,
)

pytestmark = pytest.mark.django_db


def test_small_demo_seeds_answers_certificates_internships_and_an_invitation(org):
    summary = demo_delivery.seed(
        agencies=[org["agency"]], size="small", rng=random.Random(3)
    )
    assert summary["answers"] == Answer.objects.count() > 0
    assert QuestionnaireResponse.objects.exists()
    assert Certificate.objects.filter(placement__isnull=False).count() == 1
    assert InternshipPlacement.objects.count() == 2
    assert Notification.objects.filter(kind="training.questionnaire").exists()
    # Every stored answer is within its scale (the database checks it, too).
    assert not Answer.objects.filter(score__gt=5).exists()
