"""Training impact on public service: a service unit's IKM and complaints before its
staff completed a programme and after, hand-computed, with honest wording when a
window is not over or has too few respondents."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback.tests.factories import (
    ComplaintFactory,
    ServiceUnitFactory,
    SurveyResponseFactory,
)
from training import impact
from training.models import Enrolment
from training.tests.factories import EnrolmentFactory, ProgramFactory, finished_session

pytestmark = pytest.mark.django_db


def _days_ago(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_default_timezone()
    )


def _completed(session, employee):
    return EnrolmentFactory(
        session=session, employee=employee, status=Enrolment.Status.COMPLETED
    )


def _answers(unit, days_ago: int, score: int, count: int = 2):
    scores = {f"u{n}": score for n in range(1, 10)}
    for _ in range(count):
        SurveyResponseFactory(
            service_unit=unit, submitted_at=_days_ago(days_ago), **scores
        )


def _unit_trained(org, *, users_per_year=4, ended=(200, 180)):
    """A unit whose two staff completed the programme in two sessions, `ended` days
    ago: before = days 290–201 ago, after = days 179–90 ago (for the default)."""
    program = ProgramFactory(agency=org["agency"])
    unit = ServiceUnitFactory(
        work_unit=org["unit"], name="Loket KTP", service_users_per_year=users_per_year
    )
    unit.staff.add(org["member"], org["supervisor"])
    first = finished_session(org["agency"], program=program, ended_days_ago=ended[0])
    last = finished_session(org["agency"], program=program, ended_days_ago=ended[1])
    _completed(first, org["member"])
    _completed(last, org["supervisor"])
    return program, unit


def test_windows_of_the_same_length_around_the_completions():
    before, after = impact.windows_around(
        datetime.date(2030, 3, 10), datetime.date(2030, 3, 20), days=90
    )
    assert (before.start, before.end) == (
        datetime.date(2029, 12, 10),
        datetime.date(2030, 3, 9),
    )
    assert (after.start, after.end) == (
        datetime.date(2030, 3, 21),
        datetime.date(2030, 6, 18),
    )
    assert (before.end - before.start).days == (after.end - after.start).days == 89


@pytest.mark.parametrize(
    ("per_year", "window"), [(0, 0), (4, 1), (365, 90), (1000, 247)]
)
def test_a_windows_share_of_the_yearly_users_rounded_up(per_year, window):
    assert impact.window_population(per_year) == window


def test_ikm_and_complaints_before_and_after_by_hand(org):
    program, unit = _unit_trained(org)
    _answers(unit, 250, score=3)  # before: IKM 75,00
    _answers(unit, 120, score=4)  # after: IKM 100,00
    _answers(unit, 190, score=1)  # between the two completions: in neither window
    _answers(unit, 60, score=1)  # after the after-window
    _answers(ServiceUnitFactory(work_unit=org["unit"]), 250, score=1)  # another unit
    for days in (280, 260, 210):
        ComplaintFactory(service_unit=unit, submitted_at=_days_ago(days))
    ComplaintFactory(service_unit=unit, submitted_at=_days_ago(100))

    [row] = impact.program_impact(program, today=timezone.localdate())
    assert row.unit == unit
    assert row.staff_completed == 2
    assert row.before.start == timezone.localdate() - datetime.timedelta(days=290)
    assert row.after.end == timezone.localdate() - datetime.timedelta(days=90)
    assert (row.ikm_before.respondents, row.ikm_after.respondents) == (2, 2)
    assert (row.ikm_before.ikm_unit_display, row.ikm_after.ikm_unit_display) == (
        75,
        100,
    )
    assert (row.complaints_before, row.complaints_after) == (3, 1)
    assert row.conclusion == "IKM naik 25,00 poin."


def test_too_few_respondents_are_said_and_nothing_concluded(org):
    program, unit = _unit_trained(org, users_per_year=365)
    _answers(unit, 250, score=3)
    _answers(unit, 120, score=4)
    [row] = impact.program_impact(program, today=timezone.localdate())
    # 90 of 365 yearly users in a window: Krejcie–Morgan minimum 73.
    assert row.conclusion == (
        "Responden belum cukup untuk menyimpulkan: 2 sebelum dan 2 sesudah, "
        "minimal 73 per periode."
    )


def test_an_after_window_still_running_is_said(org):
    program, _unit = _unit_trained(org, ended=(20, 10))
    [row] = impact.program_impact(program, today=timezone.localdate())
    end = (timezone.localdate() + datetime.timedelta(days=80)).strftime("%d-%m-%Y")
    assert row.conclusion == f"Periode sesudah pelatihan belum selesai (sampai {end})."


def test_staff_of_no_service_unit_and_unfinished_enrolments_do_not_count(org):
    program = ProgramFactory(agency=org["agency"])
    unit = ServiceUnitFactory(work_unit=org["unit"])
    unit.staff.add(org["member"])
    session = finished_session(org["agency"], program=program, ended_days_ago=100)
    EnrolmentFactory(
        session=session, employee=org["member"], status=Enrolment.Status.NOT_COMPLETED
    )
    _completed(session, org["outsider"])  # serves at no unit
    assert impact.program_impact(program, today=timezone.localdate()) == []


def test_five_queries_whatever_the_number_of_units(org, django_assert_num_queries):
    program, unit = _unit_trained(org)
    _answers(unit, 250, score=3)
    with django_assert_num_queries(5) as one:
        impact.program_impact(program, today=timezone.localdate())
    for n in range(3):
        other = ServiceUnitFactory(work_unit=org["unit"], name=f"Loket {n}")
        other.staff.add(org["hr"], org["leader"])
        _answers(other, 200, score=2)
    session = finished_session(org["agency"], program=program, ended_days_ago=150)
    _completed(session, org["hr"])
    _completed(session, org["leader"])
    with django_assert_num_queries(len(one.captured_queries)):
        rows = impact.program_impact(program, today=timezone.localdate())
    assert len(rows) == 4


def test_hr_reads_the_impact_on_the_programme_results_page(client, org):
    program, unit = _unit_trained(org)
    _answers(unit, 250, score=3)
    _answers(unit, 120, score=4)
    client.force_login(org["hr"].user)
    page = client.get(reverse("training:program_results", args=[program.pk]))
    body = page.content.decode()
    assert 'data-testid="impact"' in body
    assert "Loket KTP" in body
    assert "IKM naik 25,00 poin." in body
    assert "bukan penyebabnya" in body


def _dashboard_scope(org):
    from people.panels import Scope

    today = timezone.localdate()
    return Scope(
        agency=org["agency"], start=today - datetime.timedelta(days=365), end=today
    )


def test_the_dashboard_shows_each_programmes_impact_by_hand(org):
    """Two programmes of one unit whose windows overlap, each counted in full: a day
    in both programmes' windows counts for both."""
    from dashboard.compose import all_panels

    first, unit = _unit_trained(org)  # before: days 290–201 ago, after: 179–90
    first.title = "Budaya Melayani"
    first.save()
    second = ProgramFactory(agency=org["agency"], title="Pelayanan Prima")
    # Ended 150 days ago: before = days 240–151 ago, after = days 149–60 ago.
    _completed(
        finished_session(org["agency"], program=second, ended_days_ago=150),
        org["member"],
    )
    _answers(unit, 250, score=3)  # first's before
    _answers(unit, 230, score=2)  # both programmes' before
    _answers(unit, 120, score=4)  # both programmes' after
    for days in (280, 210):  # first's before; 210 also second's before
        ComplaintFactory(service_unit=unit, submitted_at=_days_ago(days))
    ComplaintFactory(service_unit=unit, submitted_at=_days_ago(100))  # both after
    # A programme whose unit has no answer nor complaint shows no row.
    quiet = ServiceUnitFactory(work_unit=org["unit"], name="Loket Sepi")
    quiet.staff.add(org["hr"])
    _completed(finished_session(org["agency"], ended_days_ago=50), org["hr"])

    panel = next(
        p for p in all_panels(_dashboard_scope(org)) if p.key == "dampak_pelatihan"
    )
    [table] = panel.tables
    # first: before 4 respondents (3+3+2+2)/4 = 2,5 per unsur → IKM 62,50; after 2
    # respondents at 4 → 100,00. second: before 2 at 2 → 50,00; after 2 → 100,00.
    assert table.shown_rows() == [
        ["Budaya Melayani", "1", "4", "62,50", "2", "100,00", "2", "1"],
        ["Pelayanan Prima", "1", "2", "50,00", "2", "100,00", "1", "1"],
    ]
    assert table.links == [
        reverse("training:program_results", args=[first.pk]),
        reverse("training:program_results", args=[second.pk]),
    ]
    assert panel.headlines[0].value == 2


def test_no_impact_panel_without_answers_or_complaints(org):
    from dashboard.compose import all_panels

    _unit_trained(org)
    keys = [p.key for p in all_panels(_dashboard_scope(org))]
    assert "dampak_pelatihan" not in keys
    assert "kualitas_pelatihan" in keys


def test_the_dashboard_panel_runs_the_same_queries_for_more_programmes(
    org, django_assert_num_queries
):
    from training.figures import _impact_panels

    _program, unit = _unit_trained(org)
    _answers(unit, 250, score=3)
    with django_assert_num_queries(6) as one:
        [panel] = _impact_panels(_dashboard_scope(org))
    for n in range(3):
        other = ServiceUnitFactory(work_unit=org["unit"], name=f"Loket {n}")
        other.staff.add(org["hr"], org["leader"])
        _answers(other, 200, score=2)
        session = finished_session(org["agency"], ended_days_ago=150 + n)
        _completed(session, org["hr"])
    with django_assert_num_queries(len(one.captured_queries)):
        [panel] = _impact_panels(_dashboard_scope(org))
    assert len(panel.tables[0].rows) == 4
