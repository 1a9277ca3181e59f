"""Row-level scope: who sees which modules, progress and attempts (`visible_to`)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from elearning import services
from elearning.models import Module, Progress, TestAttempt
from elearning.tests.factories import answers_for, make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def taken(org, other_org):
    """Agency A's module taken by the team member, the outsider and agency B's ASN
    taking B's own module; each has sent the pre-test."""
    module = make_module(org["agency"])
    foreign = make_module(other_org["agency"])
    for employee, mod in [
        (org["member"], module),
        (org["outsider"], module),
        (other_org["member"], foreign),
    ]:
        progress = services.start_module(employee=employee, module=mod)
        services.submit_test(
            progress=progress, kind="pre", answers=answers_for(mod, "pre")
        )
    return module


def _owners(queryset, user, field="employee"):
    return set(
        queryset.visible_to(user).values_list(f"{field}__name", flat=True).distinct()
    )


def test_asn_sees_only_their_own_progress_and_attempts(org, taken):
    user = org["member"].user
    assert _owners(Progress.objects, user) == {org["member"].name}
    assert _owners(TestAttempt.objects, user, "progress__employee") == {
        org["member"].name
    }


def test_supervisor_sees_their_team(org, taken):
    assert _owners(Progress.objects, org["supervisor"].user) == {org["member"].name}


@pytest.mark.parametrize("role", ["hr", "leader"])
def test_hr_and_leader_see_their_agency_only(org, taken, role):
    assert _owners(Progress.objects, org[role].user) == {
        org["member"].name,
        org["outsider"].name,
    }


def test_drafts_are_for_hr_and_leaders_only(org, other_org):
    draft = make_module(org["agency"], title="Draf", published=False)
    published = make_module(org["agency"], title="Terbit")
    make_module(other_org["agency"], title="Lain")
    assert set(Module.objects.visible_to(org["member"].user)) == {published}
    assert set(Module.objects.visible_to(org["hr"].user)) == {draft, published}
    assert set(Module.objects.visible_to(org["leader"].user)) == {draft, published}
    assert set(Module.objects.managed_by(org["hr"].user)) == {draft, published}
    assert not Module.objects.managed_by(org["leader"].user).exists()
    assert not Module.objects.visible_to(AnonymousUser()).exists()


def test_a_leader_with_a_unit_scope_sees_that_subtree_only(org, taken):
    from people.tests.factories import WorkUnitFactory

    other_unit = WorkUnitFactory(agency=org["agency"], code="LAIN")
    org["outsider"].unit = other_unit
    org["outsider"].save()
    leader = org["leader"]
    leader.dashboard_unit = org["unit"]
    leader.save()
    assert _owners(Progress.objects, leader.user) == {org["member"].name}
