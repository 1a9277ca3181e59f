"""The training-quality totals (`SessionUnitTotal`) say what the answers say: the
dashboard's quality panel read from them equals the same figures aggregated from
every enrolment, answer and follow-up, on random data, after edits and deletes."""

import datetime
import io
import random

import pytest
from django.core.management import call_command
from django.db.models import Avg, Count, ExpressionWrapper, F, FloatField
from django.utils import timezone

from people.panels import Scope
from people.signals import employees_moved
from people.tests.factories import EmployeeFactory, WorkUnitFactory
from training.figures import _quality_panel
from training.models import (
    Answer,
    Aspect,
    Enrolment,
    FollowUpEvaluation,
    Program,
    QuestionnaireResponse,
    SessionUnitTotal,
    TemplateQuestion,
)
from training.services.delivery import template_for_session
from training.services.rollup import rebuild_session_totals
from training.tasks import rebuild_training_totals_task
from training.tests.factories import ProgramFactory, finished_session

pytestmark = pytest.mark.django_db

S = Enrolment.Status
STATUSES = [S.COMPLETED, S.COMPLETED, S.NOT_COMPLETED, S.CONFIRMED, S.WITHDRAWN]


def _raw_rows(scope: Scope) -> list[list]:
    """The quality table aggregated from the raw rows, the way it was computed
    before the totals existed: the reference the totals must match."""
    ended = {"session__end_date__gte": scope.start, "session__end_date__lte": scope.end}
    enrolments = Enrolment.objects.filter(
        scope.q("employee__"), session__program__agency=scope.agency, **ended
    )
    percent = ExpressionWrapper(
        F("score") * 100.0 / F("scale"), output_field=FloatField()
    )
    per_aspect = {
        (r["program_id"], r["question__aspect"]): r["value"]
        for r in Answer.objects.filter(response__enrolment__in=enrolments)
        .order_by()
        .values("program_id", "question__aspect")
        .annotate(value=Avg(percent))
    }
    responses = dict(
        QuestionnaireResponse.objects.filter(enrolment__in=enrolments)
        .order_by()
        .values("program_id")
        .annotate(n=Count("pk"))
        .values_list("program_id", "n")
    )
    attended = dict(
        enrolments.filter(status__in=[S.COMPLETED, S.NOT_COMPLETED])
        .order_by()
        .values("session__program_id")
        .annotate(n=Count("pk"))
        .values_list("session__program_id", "n")
    )
    follow_up = dict(
        FollowUpEvaluation.objects.filter(enrolment__in=enrolments)
        .order_by()
        .values("program_id")
        .annotate(value=Avg(percent))
        .values_list("program_id", "value")
    )
    titles = dict(Program.objects.values_list("pk", "title"))

    def rounded(value):
        return round(value, 1) if value is not None else None

    rows = []
    for pk in sorted(set(attended) | set(responses), key=lambda pk: (titles[pk], pk)):
        answered, came = responses.get(pk, 0), attended.get(pk, 0)
        rows.append(
            [
                titles[pk],
                came,
                round(answered * 100 / came, 1) if came else 0.0,
                *[rounded(per_aspect.get((pk, a.value))) for a in Aspect],
                rounded(follow_up.get(pk)),
            ]
        )
    return rows


def _panel_rows(scope: Scope) -> list[list]:
    return _quality_panel(scope).tables[0].rows


def _respond(enrolment, rng, *, scale=None):
    template = template_for_session(enrolment.session)
    scale = scale or template.scale
    response = QuestionnaireResponse.objects.create(
        enrolment=enrolment,
        session_id=enrolment.session_id,
        program_id=enrolment.session.program_id,
        template=template,
        submitted_at=timezone.now(),
    )
    for question in template.questions.all():
        Answer.objects.create(
            response=response,
            session_id=enrolment.session_id,
            program_id=enrolment.session.program_id,
            question=question,
            scale=scale,
            score=rng.randint(1, scale),
        )
    return response


@pytest.fixture
def world(org):
    """An agency with a unit tree (a root, a child, a grandchild, a sibling), a dozen
    ASN spread over them, three programs, six sessions ended on several days and
    random enrolments, answers (scales 4 and 5) and follow-ups."""
    rng = random.Random(2026)
    agency = org["agency"]
    root = WorkUnitFactory(agency=agency, name="Dinas A")
    child = WorkUnitFactory(agency=agency, parent=root, name="Bidang A1")
    grandchild = WorkUnitFactory(agency=agency, parent=child, name="Seksi A1a")
    sibling = WorkUnitFactory(agency=agency, name="Dinas B")
    units = [root, child, grandchild, sibling]
    people = [
        EmployeeFactory(agency=agency, unit=units[i % 4], supervisor=org["supervisor"])
        for i in range(12)
    ]
    programs = [
        ProgramFactory(agency=agency, title=t) for t in ("Beta", "Alfa", "Beta")
    ]
    sessions = [
        finished_session(agency, ended_days_ago=days, program=programs[i % 3])
        for i, days in enumerate([3, 10, 40, 80, 120, 400])
    ]
    with_follow_up = 0
    for session in sessions:
        for person in rng.sample(people, 7):
            enrolment = Enrolment.objects.create(
                session=session,
                employee=person,
                unit=person.unit,
                status=rng.choice(STATUSES),
            )
            if (
                enrolment.status in (S.COMPLETED, S.NOT_COMPLETED)
                and rng.random() < 0.7
            ):
                _respond(enrolment, rng, scale=rng.choice([4, 5]))
            if enrolment.status == S.COMPLETED and rng.random() < 0.5:
                with_follow_up += 1
                FollowUpEvaluation.objects.create(
                    enrolment=enrolment,
                    session=session,
                    program=session.program,
                    supervisor=org["supervisor"],
                    scale=4,
                    score=rng.randint(1, 4),
                    submitted_at=timezone.now(),
                )
    assert with_follow_up
    assert Answer.objects.exists()
    return {"agency": agency, "units": units, "people": people, "sessions": sessions}


def _scopes(world) -> list[Scope]:
    today = timezone.localdate()
    agency, units = world["agency"], world["units"]
    year_ago = today - datetime.timedelta(days=365)
    return [
        Scope(agency=agency, start=year_ago, end=today),
        Scope(agency=agency, start=year_ago, end=today, unit=units[0]),
        Scope(agency=agency, start=year_ago, end=today, unit=units[2]),
        Scope(agency=agency, start=today - datetime.timedelta(days=60), end=today),
        Scope(agency=agency, start=today - datetime.timedelta(days=500), end=today),
    ]


def _assert_same(world):
    for scope in _scopes(world):
        assert _panel_rows(scope) == _raw_rows(scope), scope.label


def test_rebuilt_totals_equal_the_raw_figures_in_every_scope(world):
    rebuild_session_totals()
    everything = _raw_rows(_scopes(world)[4])
    assert [row[0] for row in everything] == ["Alfa", "Beta", "Beta"]
    assert sum(row[1] for row in everything) > 10
    _assert_same(world)
    rows = SessionUnitTotal.objects.count()
    assert rebuild_session_totals() == rows  # again: the same rows, nothing doubled
    assert SessionUnitTotal.objects.count() == rows


def test_totals_follow_each_write_edit_and_delete_at_commit(
    world, django_capture_on_commit_callbacks
):
    rng = random.Random(7)
    rebuild_session_totals()
    sessions, people, units = world["sessions"], world["people"], world["units"]

    def step(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()
        _assert_same(world)

    newcomer = EmployeeFactory(agency=world["agency"], unit=units[3])
    step(
        lambda: _respond(
            Enrolment.objects.create(
                session=sessions[0],
                employee=newcomer,
                unit=units[3],
                status=S.COMPLETED,
            ),
            rng,
        )
    )
    answer = Answer.objects.filter(session=sessions[0]).first()
    answer.score = 1 if answer.score > 1 else answer.scale
    step(answer.save)
    step(QuestionnaireResponse.objects.filter(session=sessions[1]).first().delete)
    enrolment = Enrolment.objects.filter(
        session=sessions[2], status=S.COMPLETED
    ).first()
    enrolment.status = S.CONFIRMED
    step(enrolment.save)
    moved = people[0]
    moved.unit = units[2]
    step(moved.save)
    # An import moves people with a bulk update and says so with employees_moved.
    bulk = [p.pk for p in people[1:4]]

    def bulk_move():
        type(moved).objects.filter(pk__in=bulk).update(unit=units[3])
        employees_moved.send(type(moved), employee_ids=bulk)

    step(bulk_move)
    follow_up = FollowUpEvaluation.objects.first()
    follow_up.score = 4 if follow_up.score != 4 else 1
    step(follow_up.save)
    later = sessions[3]
    later.end_date = timezone.localdate() - datetime.timedelta(days=2)
    later.start_date = later.end_date - datetime.timedelta(days=2)
    step(later.save)
    unanswered = Enrolment.objects.filter(
        questionnaire_response__isnull=True, status=S.COMPLETED
    ).order_by("pk")
    step(unanswered.first().delete)
    step(FollowUpEvaluation.objects.first().delete)


def test_a_rolled_back_write_changes_nothing_and_its_mark_is_kept_for_the_next(
    world, django_capture_on_commit_callbacks
):
    """A refresh asked for in a transaction that rolls back is dropped with it; the
    next commit refreshes that session too, from what is really stored."""
    from django.db import transaction

    rebuild_session_totals()
    enrolment = Enrolment.objects.filter(status=S.COMPLETED).order_by("pk").first()
    session = enrolment.session
    kept = SessionUnitTotal.objects.filter(session=session).order_by("unit_id")
    before = list(kept.values())
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                enrolment.status = S.WITHDRAWN
                enrolment.save()
                raise RuntimeError
        except RuntimeError:
            pass
    assert list(kept.values()) == before
    with django_capture_on_commit_callbacks(execute=True):
        Enrolment.objects.exclude(session=session).order_by("pk").first().save()
    after = list(kept.values())
    # Its rows were written again (new ids) by the next commit, with the same figures.
    assert {row.pop("id") for row in after}.isdisjoint(row.pop("id") for row in before)
    assert after == before
    _assert_same(world)


def test_the_dashboard_panel_shows_hand_computed_figures(
    org, django_capture_on_commit_callbacks
):
    """Two attended, one answered six questions at 3 of 4 (75,0 %) and was rated
    4 of 5 by the supervisor (80,0 %); one enrolled and absent; response 50,0 %."""
    agency = org["agency"]
    program = ProgramFactory(agency=agency, title="Bimtek SAKIP")
    session = finished_session(agency, ended_days_ago=5, program=program)
    rng = random.Random(1)
    with django_capture_on_commit_callbacks(execute=True):
        first = Enrolment.objects.create(
            session=session,
            employee=org["member"],
            unit=org["member"].unit,
            status=S.COMPLETED,
        )
        Enrolment.objects.create(
            session=session,
            employee=org["supervisor"],
            unit=org["supervisor"].unit,
            status=S.NOT_COMPLETED,
        )
        Enrolment.objects.create(
            session=session,
            employee=org["hr"],
            unit=org["hr"].unit,
            status=S.CONFIRMED,
        )
        response = _respond(first, rng)
        response.answers.update(score=3)
    with django_capture_on_commit_callbacks(execute=True):
        # The update above sent no signal; a correction through the model does.
        response.answers.first().save()
        FollowUpEvaluation.objects.create(
            enrolment=first,
            session=session,
            program=session.program,
            supervisor=org["supervisor"],
            scale=5,
            score=4,
            submitted_at=timezone.now(),
        )
    today = timezone.localdate()
    start = today - datetime.timedelta(days=30)
    panel = _quality_panel(Scope(agency=agency, start=start, end=today))
    aspects = TemplateQuestion.objects.filter(
        template=template_for_session(session)
    ).values_list("aspect", flat=True)
    expected_aspects = [75.0 if a.value in set(aspects) else None for a in Aspect]
    assert panel.tables[0].rows == [["Bimtek SAKIP", 2, 50.0, *expected_aspects, 80.0]]
    assert [h.value for h in panel.headlines] == [1, 50.0]


def test_the_command_and_the_nightly_task_rebuild_from_the_answers(world):
    SessionUnitTotal.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_training_totals", stdout=out)
    assert "Rekap hasil pelatihan" in out.getvalue()
    _assert_same(world)
    SessionUnitTotal.objects.update(attended=999)
    assert rebuild_training_totals_task.apply().get() > 0
    _assert_same(world)
