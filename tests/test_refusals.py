"""One refusal dialect: services refuse with `Refused`, and no database constraint
reaches a user by its name."""

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import CheckConstraint, UniqueConstraint

from asn_portal.refusals import (
    CONSTRAINT_MESSAGES,
    RefusalMiddleware,
    Refused,
    refusal_from,
)
from mentoring.tests.access_rules import member_pair


def _project_constraints():
    base = Path(settings.BASE_DIR).resolve()
    for model in apps.get_models():
        if Path(model._meta.app_config.path).resolve().is_relative_to(base):
            yield from model._meta.constraints


def test_every_rule_a_constraint_states_has_a_message_in_words():
    """A CHECK or a conditional UNIQUE says nothing Django could word itself."""
    unworded = [
        c.name
        for c in _project_constraints()
        if isinstance(c, CheckConstraint)
        or (isinstance(c, UniqueConstraint) and (c.condition or c.expressions))
        if c.name not in CONSTRAINT_MESSAGES
    ]
    assert unworded == []


def test_a_refusal_names_its_field_for_the_form():
    refusal = Refused("Tanggal salah.", field="date")
    assert (refusal.field, refusal.message_dict) == (
        "date",
        {"date": ["Tanggal salah."]},
    )


@pytest.mark.django_db
def test_a_constraint_the_database_enforces_becomes_a_refusal_in_words(org):
    pair = member_pair(org)
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        pair.sessions.create(
            logged_by=pair.mentor,
            date=datetime.date(2026, 1, 5),
            duration_minutes=600,
            topic="Rapat",
        )
    assert refusal_from(caught.value).message == "Durasi sesi antara 1 dan 480 menit."


def test_a_refusal_that_escapes_a_view_is_a_403_page_with_its_reason(rf):
    """Any view: the reason is shown, with the same page everywhere."""
    request = rf.post("/", HTTP_REFERER="/back/")
    request.user = AnonymousUser()
    middleware = RefusalMiddleware(lambda request: None)
    response = middleware.process_exception(request, Refused("Periode sudah ditutup."))
    assert response.status_code == 403
    assert "Periode sudah ditutup." in response.content.decode()
    assert middleware.process_exception(request, ValueError("bug")) is None
