"""Each role's home starts with what is waiting for them: counts in their own scope,
each a link to where it is done, in the same number of queries however much is
waiting (people/todo.py and each app's todo.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from elearning import services as elearning
from elearning.tests.factories import make_module
from evaluations.models import EvaluationPeriod, FollowUpAction, PerformancePlan
from evaluations.tests.factories import (
    development_action,
    make_development_follow_up,
    make_period,
    make_submitted,
)
from feedback.models import Complaint
from feedback.tests.factories import ComplaintFactory, ServiceUnitFactory
from mentoring import services as mentoring
from mentoring.models import MentorProfile, Pair
from mentoring.tests.factories import ProgramFactory as MentoringProgramFactory
from people.tests.factories import EmployeeFactory
from people.todo import open_tasks_for
from tests.query_pins import assert_constant_queries
from training.models import Enrolment
from training.tests.factories import (
    EnrolmentFactory,
    attended,
    finished_session,
    session_for,
)

HOME = "/"


def tasks_of(employee) -> dict:
    return {task.key: task for task in open_tasks_for(employee.user)}


def waiting_questionnaire(org, employee=None):
    session = finished_session(org["agency"], ended_days_ago=1)
    return attended(session, employee or org["member"])


def test_nothing_waiting_says_so(login, org):
    response = login(org["outsider"]).get(HOME)
    assert tasks_of(org["outsider"]) == {}
    assert b'data-testid="no-tasks"' in response.content


def test_asn_sees_questionnaires_tests_and_the_open_skp_window(login, org, other_org):
    member = org["member"]
    enrolment = waiting_questionnaire(org)
    waiting_questionnaire(other_org, other_org["member"])  # not theirs
    module = make_module(org["agency"])
    elearning.start_module(employee=member, module=module)
    make_period(org["agency"], kind=EvaluationPeriod.Kind.PLAN, number=1)

    tasks = tasks_of(member)
    assert tasks["questionnaires"].count == 1
    assert tasks["questionnaires"].url == reverse(
        "training:questionnaire_answer", args=[enrolment.pk]
    )
    assert tasks["elearning_tests"].count == 1
    assert tasks["elearning_tests"].url == reverse(
        "elearning:take_test", args=[module.pk, "pre"]
    )
    (window,) = [t for k, t in tasks.items() if k.startswith("skp_window_")]
    assert "buat SKP" in window.label
    assert window.url == reverse("evaluations:my")

    page = login(member).get(HOME).content.decode()
    assert page.index('data-testid="open-tasks"') < page.index("home-tiles")
    assert reverse("training:questionnaire_answer", args=[enrolment.pk]) in page


def test_a_second_questionnaire_links_to_the_list(org):
    waiting_questionnaire(org)
    waiting_questionnaire(org)
    task = tasks_of(org["member"])["questionnaires"]
    assert (task.count, task.url) == (2, reverse("training:my_jp"))


def test_the_skp_window_says_what_the_step_is(org):
    member = org["member"]
    period = make_period(org["agency"])
    plan = PerformancePlan.objects.create(employee=member, year=period.year)
    (task,) = tasks_of(member).values()
    assert "ajukan SKP" in task.label
    assert task.url == plan.get_absolute_url()
    assert period.name in task.label

    plan.status = PerformancePlan.Status.AGREED
    plan.save()
    (task,) = tasks_of(member).values()
    assert "isi realisasi" in task.label

    plan.delete()
    make_submitted(member, period)
    assert tasks_of(member) == {}  # the supervisor's turn now


def test_a_closed_window_asks_nothing(org):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    make_period(
        org["agency"],
        opens_on=yesterday - datetime.timedelta(days=10),
        closes_on=yesterday,
    )
    assert tasks_of(org["member"]) == {}


def test_supervisor_sees_approvals_and_realisations_to_rate(org):
    member = org["member"]
    period = make_period(org["agency"])
    EnrolmentFactory(
        session=session_for(org), employee=member, status=Enrolment.Status.APPLIED
    )
    assessment = make_submitted(member, period)

    tasks = tasks_of(org["supervisor"])
    assert tasks["training_approvals"].count == 1
    assert tasks["training_approvals"].url == reverse("training:approvals")
    assert tasks["realisations_to_rate"].count == 1
    assert tasks["realisations_to_rate"].url == assessment.get_absolute_url()
    assert "training_approvals" not in tasks_of(org["hr"])


def test_hr_sees_enrolments_to_confirm_and_complaints_due_and_overdue(
    login, org, other_org
):
    today = timezone.localdate()
    EnrolmentFactory(
        session=session_for(org),
        employee=org["member"],
        status=Enrolment.Status.SUPERVISOR_APPROVED,
    )
    unit = ServiceUnitFactory(work_unit=org["unit"])
    ComplaintFactory(service_unit=unit, due_date=today - datetime.timedelta(days=1))
    ComplaintFactory(service_unit=unit, due_date=today + datetime.timedelta(days=2))
    ComplaintFactory(service_unit=unit, due_date=today + datetime.timedelta(days=9))
    ComplaintFactory(  # answered: nothing left to do
        service_unit=unit,
        due_date=today - datetime.timedelta(days=3),
        status=Complaint.Status.ANSWERED,
    )
    ComplaintFactory(  # another agency's
        service_unit=ServiceUnitFactory(work_unit=other_org["unit"]),
        due_date=today - datetime.timedelta(days=1),
    )

    tasks = tasks_of(org["hr"])
    assert tasks["enrolments_to_confirm"].count == 1
    assert tasks["complaints_overdue"].count == 1
    assert tasks["complaints_overdue"].urgent
    assert tasks["complaints_due"].count == 1
    assert "complaints_overdue" not in tasks_of(org["leader"])  # leaders only read

    listed = login(org["hr"]).get(tasks["complaints_overdue"].url)
    assert listed.context["page"].paginator.count == 1
    sessions = login(org["hr"]).get(tasks["enrolments_to_confirm"].url)
    assert sessions.context["page"].paginator.count == 1


def test_an_overdue_complaint_of_last_year_is_still_listed(login, org):
    last_year = timezone.now() - datetime.timedelta(days=400)
    ComplaintFactory(
        service_unit=ServiceUnitFactory(work_unit=org["unit"]),
        submitted_at=last_year,
        due_date=last_year.date(),
    )
    client = login(org["hr"])
    complaints = reverse("feedback:complaint_list")
    assert client.get(complaints).context["page"].paginator.count == 0  # this year
    overdue = client.get(f"{complaints}?tenggat=lewat")
    assert overdue.context["page"].paginator.count == 1


def test_mentor_sees_pairs_due_a_session_and_sessions_to_confirm(org):
    mentor, mentee = org["mentor"], org["outsider"]
    pair = Pair.objects.get(mentor=mentor, mentee=mentee)
    tasks = tasks_of(mentor)
    assert tasks["mentoring_to_log"].count == 1  # none logged since the start
    assert tasks["mentoring_to_log"].url == pair.get_absolute_url()

    mentoring.log_session(
        pair=pair,
        by=mentee,
        date=timezone.localdate(),
        duration_minutes=60,
        topic="Penyusunan anggaran",
    )
    tasks = tasks_of(mentor)
    assert "mentoring_to_log" not in tasks
    assert tasks["mentoring_to_confirm"].count == 1
    assert "mentoring_to_confirm" not in tasks_of(mentee)  # they logged it


def test_hr_sees_the_mentor_actions_waiting_to_be_paired(login, org, other_org):
    action = development_action(org, "mentor")
    development_action(other_org, "mentor")  # another agency's HR pairs it

    task = tasks_of(org["hr"])["mentor_actions_to_pair"]
    assert (task.count, task.label) == (1, "Usulan mentor menunggu dipasangkan")
    assert task.url == reverse("mentoring:follow_up_pair", args=[action.pk])
    for plain in ("member", "outsider", "supervisor", "mentor"):
        assert "mentor_actions_to_pair" not in tasks_of(org[plain]), plain
    assert "Usulan mentor menunggu dipasangkan" not in (
        login(org["outsider"]).get(HOME).content.decode()
    )

    teammate = EmployeeFactory(
        agency=org["agency"], unit=org["unit"], supervisor=org["supervisor"]
    )
    make_development_follow_up(teammate, action.follow_up.assessment.period)
    task = tasks_of(org["hr"])["mentor_actions_to_pair"]
    assert (task.count, task.url) == (2, reverse("mentoring:follow_up_waiting"))
    client = login(org["hr"])
    home = client.get(HOME).content.decode()
    assert "Usulan mentor menunggu dipasangkan" in home
    assert reverse("mentoring:follow_up_waiting") in home
    waiting = client.get(task.url).content.decode()
    assert 'data-drill-count="2"' in waiting
    assert reverse("mentoring:follow_up_pair", args=[action.pk]) in waiting
    assert teammate.name in waiting

    # Paired: no longer waiting.
    program = MentoringProgramFactory(agency=org["agency"])
    mentoring.pair_for_follow_up(
        action=action,
        program=program,
        mentor=org["mentor"],
        start_date=program.start_date,
        end_date=program.end_date,
        created_by=org["hr"],
    )
    assert tasks_of(org["hr"])["mentor_actions_to_pair"].count == 1


# --- The same queries at two data sizes -------------------------------------------


@pytest.mark.parametrize("role", ["member", "supervisor", "hr", "mentor"])
def test_the_home_runs_the_same_queries_at_two_sizes(login, org, role):
    """Every kind of waiting work grows (more questionnaires, tests, windows,
    approvals, realisations, plans, complaints, pairs and sessions): the home of
    each role still runs the same queries."""
    period = make_period(org["agency"])
    unit = ServiceUnitFactory(work_unit=org["unit"])
    program = Pair.objects.get(mentor=org["mentor"]).program
    MentorProfile.objects.filter(employee=org["mentor"]).update(capacity=20)
    today = timezone.localdate()
    follow_up = make_development_follow_up(
        org["member"], make_period(org["agency"], number=3)
    )

    def add_waiting_work():
        teammate = EmployeeFactory(
            agency=org["agency"], unit=org["unit"], supervisor=org["supervisor"]
        )
        waiting_questionnaire(org)
        elearning.start_module(
            employee=org["member"],
            module=make_module(org["agency"], title=f"Modul {teammate.pk}"),
        )
        for status in (Enrolment.Status.APPLIED, Enrolment.Status.SUPERVISOR_APPROVED):
            EnrolmentFactory(session=session_for(org), employee=teammate, status=status)
        make_submitted(teammate, period)
        PerformancePlan.objects.create(
            employee=teammate,
            year=period.year + 1,
            status=PerformancePlan.Status.SUBMITTED,
        )
        ComplaintFactory(service_unit=unit, due_date=today - datetime.timedelta(1))
        ComplaintFactory(service_unit=unit, due_date=today)
        pair = mentoring.create_pair(
            program=program,
            mentor=org["mentor"],
            mentee=teammate,
            start_date=today - datetime.timedelta(days=60),
            end_date=today + datetime.timedelta(days=60),
        )
        mentoring.log_session(
            pair=pair, by=teammate, date=today, duration_minutes=45, topic="Anggaran"
        )
        FollowUpAction.objects.create(
            follow_up=follow_up,
            kind=FollowUpAction.Kind.MENTOR,
            description=f"Mentor untuk {teammate.name}",
        )

    add_waiting_work()
    client = login(org[role])
    assert tasks_of(org[role])  # something is waiting for every role

    def grow():
        for _ in range(6):
            add_waiting_work()
        make_period(org["agency"], kind=EvaluationPeriod.Kind.PLAN, number=1)
        make_period(org["agency"], number=2)

    assert_constant_queries(client, HOME, grow=grow, ceiling=20)
