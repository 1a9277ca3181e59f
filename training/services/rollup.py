"""The training-quality totals (`SessionUnitTotal`) kept in step with what they sum.

A session's rows are recomputed from its enrolments, questionnaire answers and
follow-up evaluations whenever one of them, the session itself or a participant's
unit changes (`refresh_after_commit`, from the signals connected in
`connect_signals`), once per transaction at its commit, so a questionnaire of twelve
answers costs one refresh. Writes that send no signal (bulk loads, the demo) call
`rebuild_session_totals`; the nightly task rebuilds everything, so a refresh lost
with a dying process is mended by the next morning."""

import threading

from django.db import transaction
from django.db.models import Count, ExpressionWrapper, F, FloatField, Sum
from django.db.models.signals import post_delete, post_save

from people.models import Employee
from people.signals import employees_moved
from training.models import (
    Answer,
    Enrolment,
    FollowUpEvaluation,
    QuestionnaireResponse,
    SessionUnitTotal,
    TrainingSession,
)

# Sessions refreshed per statement by a rebuild.
REBUILD_CHUNK = 500
ATTENDED = [Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED]
# A score as a share of its scale's maximum, so 1–4 and 1–5 templates add up.
PERCENT = ExpressionWrapper(F("score") * 100.0 / F("scale"), output_field=FloatField())


def refresh_session_totals(session_ids) -> int:
    """Recompute the rows of these sessions; returns how many rows they now have."""
    ids = sorted(set(session_ids))
    if not ids:
        return 0
    with transaction.atomic():
        # Two refreshes of one session queue on its row instead of both inserting.
        list(
            TrainingSession.objects.select_for_update()
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
        SessionUnitTotal.objects.filter(session_id__in=ids).delete()
        rows = _totals_of(ids)
        # Through the ORM, not COPY: the dashboard notices its figures changed by the
        # statements Django runs (dashboard/freshness.py).
        SessionUnitTotal.objects.bulk_create(rows)
    return len(rows)


def rebuild_session_totals(*, agency=None) -> int:
    """Every session's rows recomputed (of one agency's programmes, or all), a chunk
    of sessions per transaction; idempotent."""
    sessions = TrainingSession.objects.order_by("pk")
    if agency is not None:
        sessions = sessions.filter(program__agency=agency)
    ids = list(sessions.values_list("pk", flat=True))
    if agency is None:
        SessionUnitTotal.objects.exclude(session_id__in=sessions).delete()
    return sum(
        refresh_session_totals(ids[start : start + REBUILD_CHUNK])
        for start in range(0, len(ids), REBUILD_CHUNK)
    )


def _totals_of(session_ids: list[int]) -> list[SessionUnitTotal]:
    sessions = {
        pk: (program_id, end_date)
        for pk, program_id, end_date in TrainingSession.objects.filter(
            pk__in=session_ids
        ).values_list("pk", "program_id", "end_date")
    }
    rows: dict[tuple[int, int], SessionUnitTotal] = {}

    def row(values: dict, prefix: str) -> SessionUnitTotal:
        session_id = values[f"{prefix}session_id"]
        unit_id = values[f"{prefix}employee__unit_id"]
        if (session_id, unit_id) not in rows:
            rows[session_id, unit_id] = SessionUnitTotal(
                session_id=session_id,
                program_id=sessions[session_id][0],
                end_date=sessions[session_id][1],
                agency_id=values[f"{prefix}employee__agency_id"],
                unit_id=unit_id,
            )
        return rows[session_id, unit_id]

    def grouped(queryset, prefix: str, *extra: str):
        keys = [f"{prefix}{name}" for name in _KEYS]
        return queryset.order_by().values(*keys, *extra)

    enrolments = Enrolment.objects.filter(session_id__in=session_ids)
    for values in grouped(enrolments.filter(status__in=ATTENDED), "").annotate(
        n=Count("pk")
    ):
        row(values, "").attended = values["n"]
    responses = QuestionnaireResponse.objects.filter(
        enrolment__session_id__in=session_ids
    )
    for values in grouped(responses, "enrolment__").annotate(n=Count("pk")):
        row(values, "enrolment__").responses = values["n"]
    answers = Answer.objects.filter(response__enrolment__session_id__in=session_ids)
    prefix = "response__enrolment__"
    for values in grouped(answers, prefix, "question__aspect").annotate(
        total=Sum(PERCENT), n=Count("pk")
    ):
        total = row(values, prefix)
        aspect = values["question__aspect"]
        setattr(total, f"{aspect}_sum", values["total"])
        setattr(total, f"{aspect}_count", values["n"])
    follow_ups = FollowUpEvaluation.objects.filter(
        enrolment__session_id__in=session_ids
    )
    for values in grouped(follow_ups, "enrolment__").annotate(
        total=Sum(PERCENT), n=Count("pk")
    ):
        total = row(values, "enrolment__")
        total.follow_up_sum, total.follow_up_count = values["total"], values["n"]
    return list(rows.values())


# What a row is per: the session and its participants' agency and unit.
_KEYS = ["session_id", "employee__agency_id", "employee__unit_id"]


# --- in step with the writes --------------------------------------------------------

_pending = threading.local()


def refresh_after_commit(*, session_ids=(), employee_ids=()) -> None:
    """Refresh these sessions (and those these employees enrolled in) once the
    current transaction commits; all marks of one transaction make one refresh."""
    if not hasattr(_pending, "sessions"):
        _pending.sessions, _pending.employees = set(), set()
    _pending.sessions.update(pk for pk in session_ids if pk)
    _pending.employees.update(pk for pk in employee_ids if pk)
    # Registered each time: a rolled-back transaction drops its callbacks, and the
    # next commit's callback then refreshes what it had marked too (harmless).
    transaction.on_commit(_refresh_pending)


def _refresh_pending() -> None:
    sessions, employees = _pending.sessions, _pending.employees
    _pending.sessions, _pending.employees = set(), set()
    if employees:
        sessions |= set(
            Enrolment.objects.filter(employee_id__in=employees).values_list(
                "session_id", flat=True
            )
        )
    refresh_session_totals(sessions)


def _session_changed(sender, instance, **kwargs):
    refresh_after_commit(session_ids=[instance.session_id])


def _session_saved(sender, instance, **kwargs):
    refresh_after_commit(session_ids=[instance.pk])


def _employee_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or "unit" in update_fields:
        refresh_after_commit(employee_ids=[instance.pk])


def _employees_moved(sender, employee_ids, **kwargs):
    refresh_after_commit(employee_ids=employee_ids)


def connect_signals() -> None:
    for model in (Enrolment, QuestionnaireResponse, Answer, FollowUpEvaluation):
        for signal in (post_save, post_delete):
            signal.connect(
                _session_changed, sender=model, dispatch_uid=f"rollup-{model.__name__}"
            )
    post_save.connect(_session_saved, sender=TrainingSession, dispatch_uid="rollup-s")
    post_save.connect(_employee_saved, sender=Employee, dispatch_uid="rollup-e")
    employees_moved.connect(_employees_moved, dispatch_uid="rollup-moved")
