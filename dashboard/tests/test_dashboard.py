import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.template.loader import render_to_string
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard.compose import all_panels
from people.models import Employee
from people.panels import Scope, scope_for
from people.tests.factories import EmployeeFactory, WorkUnitFactory
from tests.query_pins import assert_constant_queries
from training.models import DevelopmentForm
from training.services.ledger import credit_jp

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:dashboard")


def _credit(employee, jp, key="x"):
    # Committed, as a page's credit is: the JP totals follow at commit.
    with TestCase.captureOnCommitCallbacks(execute=True):
        credit_jp(
            employee=employee,
            jp=Decimal(jp),
            form=DevelopmentForm.TECHNICAL,
            source_key=f"test:{key}",
            on_date=datetime.date(2026, 3, 1),
            description="Pelatihan teknis",
        )


def _scope(org, unit=None):
    return Scope(
        agency=org["agency"],
        unit=unit,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )


def _panel(panels, key):
    return next(p for p in panels if p.key == key)


def test_jp_compliance_counts_who_reached_the_target(org):
    _credit(org["member"], 20)
    _credit(org["outsider"], 12)
    competency = _panel(all_panels(_scope(org)), "kompetensi")
    unit_row = competency.tables[0].rows[0]
    assert unit_row[0] == org["unit"].name
    assert unit_row[1] == Employee.objects.filter(agency=org["agency"]).count()
    assert unit_row[2] == 1
    forms = competency.tables[1].rows
    assert forms == [["Pelatihan teknis", Decimal("32.00"), 2]]


def test_jp_compliance_counts_credits_earned_at_a_previous_agency(org, other_org):
    """Reaching the target on this agency's credits is one hashed pass; the rest
    are still summed over all their credits of the year, wherever earned."""
    from training.models import JpCredit

    _credit(org["member"], 12, key="here")
    _credit(org["member"], 10, key="before")
    JpCredit.objects.filter(source_key="test:before").update(agency=other_org["agency"])
    _credit(org["outsider"], 20)
    _credit(org["supervisor"], 19)
    competency = _panel(all_panels(_scope(org)), "kompetensi")
    assert sum(row[2] for row in competency.tables[0].rows) == 2


def test_pppk_left_out_of_the_target_when_the_agency_says_so(org):
    org["agency"].jp_target_applies_to_pppk = False
    org["agency"].save()
    Employee.objects.filter(pk=org["member"].pk).update(
        status=Employee.Status.PPPK, golongan=""
    )
    competency = _panel(all_panels(_scope(org)), "kompetensi")
    total_pns = Employee.objects.filter(
        agency=org["agency"], status=Employee.Status.PNS
    ).count()
    assert competency.tables[0].rows[0][1] == total_pns


def test_a_single_top_unit_is_opened_up_to_the_level_below(org):
    child = WorkUnitFactory(agency=org["agency"], parent=org["unit"], code="SEKSI")
    EmployeeFactory(agency=org["agency"], unit=child)
    people = _panel(all_panels(_scope(org)), "pegawai")
    rows = people.tables[0].rows
    direct = Employee.objects.filter(unit=org["unit"]).count()
    assert rows == [
        [f"{org['unit'].name} (langsung)", direct, 0, direct],
        [child.name, 1, 0, 1],
    ]
    assert people.headlines[0].value == direct + 1
    narrowed = _panel(all_panels(_scope(org, unit=child)), "pegawai")
    assert [r[0] for r in narrowed.tables[0].rows] == [child.name]


def test_only_hr_and_leaders_open_the_dashboard(client, login, org):
    assert client.get(URL).status_code == 302
    assert login(org["member"]).get(URL).status_code == 403
    assert login(org["supervisor"]).get(URL).status_code == 403
    assert login(org["leader"]).get(URL).status_code == 200
    assert login(org["hr"]).get(URL).status_code == 200


def test_each_agency_sees_its_own_figures(login, org, other_org):
    for _ in range(3):
        EmployeeFactory(agency=other_org["agency"], unit=other_org["unit"])
    response = login(org["leader"]).get(URL)
    people = _panel(response.context["panels"], "pegawai")
    assert (
        people.headlines[0].value
        == Employee.objects.filter(agency=org["agency"]).count()
    )
    assert other_org["unit"].name not in response.content.decode()


def test_leader_cannot_widen_their_unit_scope(login, org):
    other_unit = WorkUnitFactory(agency=org["agency"], code="LAIN")
    leader = org["leader"]
    leader.dashboard_unit = org["unit"]
    leader.save()
    client = login(leader)
    assert client.get(URL, {"unit": other_unit.pk}).status_code == 200
    # An out-of-scope unit is not a choice: the form falls back to the whole scope.
    scope_label = client.get(URL, {"unit": other_unit.pk}).context["scope"].label
    assert org["unit"].name in scope_label
    with pytest.raises(Http404):
        scope_for(leader.user, year=2026, unit_id=other_unit.pk)


def test_filter_by_unit_and_quarter_changes_the_scope(login, org):
    child = WorkUnitFactory(agency=org["agency"], parent=org["unit"], code="SEKSI")
    response = login(org["hr"]).get(URL, {"year": 2026, "quarter": 2, "unit": child.pk})
    scope = response.context["scope"]
    assert scope.unit == child
    assert (scope.start, scope.end) == (
        datetime.date(2026, 4, 1),
        datetime.date(2026, 6, 30),
    )


def test_drill_down_links_lead_to_the_list_behind_the_figure(login, org):
    client = login(org["hr"])
    people = _panel(client.get(URL).context["panels"], "pegawai")
    link = people.tables[0].links[0]
    listing = client.get(link)
    assert listing.status_code == 200
    assert listing.context["page"].paginator.count == people.tables[0].rows[0][3]


def _plan_and_training_impact(org, employee):
    """An agreed IDP with one activity, and a programme `employee` completed whose
    service unit had answers before: the IDP and training-impact panels show."""
    from django.utils import timezone

    from feedback.tests.factories import ServiceUnitFactory, SurveyResponseFactory
    from idp.models import IndividualPlan, PlanActivity
    from training.models import Enrolment
    from training.tests.factories import EnrolmentFactory, finished_session

    plan = IndividualPlan.objects.create(
        employee=employee,
        year=timezone.localdate().year,
        status=IndividualPlan.Status.AGREED,
    )
    PlanActivity.objects.create(
        plan=plan, form="belajar_mandiri", description="Belajar", quarter=1
    )
    unit = ServiceUnitFactory(work_unit=employee.unit, name=f"Loket {employee.pk}")
    unit.staff.add(employee)
    EnrolmentFactory(
        session=finished_session(org["agency"], ended_days_ago=1),
        employee=employee,
        status=Enrolment.Status.COMPLETED,
    )
    SurveyResponseFactory(
        service_unit=unit,
        submitted_at=timezone.now() - datetime.timedelta(days=30),
        **{f"u{n}": 3 for n in range(1, 10)},
    )


def test_dashboard_runs_constant_queries(login, org):
    client = login(org["hr"])
    _plan_and_training_impact(org, org["member"])

    def grow():
        for i in range(30):
            unit = WorkUnitFactory(
                agency=org["agency"], parent=org["unit"], code=f"G{i}"
            )
            employee = EmployeeFactory(agency=org["agency"], unit=unit, user=None)
            _credit(employee, 5 + i, key=f"g{i}")
            if i < 5:
                _plan_and_training_impact(org, employee)

    assert_constant_queries(client, URL, grow=grow, ceiling=45)
    shown = {panel.key for panel in client.get(URL).context["panels"]}
    assert {"idp", "dampak_pelatihan"} <= shown


def test_rendering_the_dashboard_runs_no_queries(org):
    panels = all_panels(_scope(org))
    with CaptureQueriesContext(connection) as queries:
        render_to_string(
            "dashboard/_panels.html",
            {"panels": panels, "scope": _scope(org), "form": None},
        )
    assert [q["sql"] for q in queries] == []


def test_elearning_panel_shows_gain_per_module(org):
    from elearning.models import Module, Progress

    module = Module.objects.create(
        agency=org["agency"], title="Literasi Digital", competency_area="Digital", jp=4
    )
    Progress.objects.create(
        module=module, employee=org["member"], pre_score=40, post_score=90
    )
    Progress.objects.create(
        module=module, employee=org["outsider"], pre_score=60, post_score=None
    )
    panel = _panel(all_panels(_scope(org)), "elearning")
    assert panel.tables[0].rows == [["Literasi Digital", 2, 0, 0.0, 50.0, 90.0, 50.0]]


def test_mentoring_panel_counts_the_pairs_in_scope(org):
    panel = _panel(all_panels(_scope(org)), "mentoring")
    # The org fixture has one active pair (org["mentor"] mentoring org["outsider"]).
    assert panel.headlines[0].value == 1
    assert panel.tables[0].rows[0][1] == 1


def test_superuser_without_employee_profile_is_refused_not_a_server_error(client):
    """A bare superuser (the demo `admin`) has every permission but no agency: the
    dashboard and report pages answered 500 (User has no employee)."""
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(admin)
    for name in ("dashboard:dashboard", "dashboard:report_list"):
        assert client.get(reverse(name)).status_code == 403
    # ...and neither the menu nor the home page offers it a link to them.
    home = client.get(reverse("home")).content.decode()
    assert reverse("dashboard:dashboard") not in home
    assert reverse("dashboard:report_list") not in home


def test_a_figure_without_data_shows_a_dash_not_none(org):
    """Programs nobody has rated yet showed "None" in every aspect column of the
    training-quality table."""
    from people.panels import Headline, Panel, Table

    panel = Panel(
        key="kualitas",
        title="Kualitas pelatihan",
        headlines=[Headline(label="Skor rata-rata", value=None)],
        tables=[
            Table(
                title="Per program",
                columns=["Program", "Materi"],
                rows=[["Bimtek", None]],
            )
        ],
    )
    html = render_to_string(
        "dashboard/_panels.html",
        {"panels": [panel], "scope": _scope(org), "form": None},
    )
    assert "None" not in html
    assert ">–</td>" in html


def test_budget_spent_counts_only_the_plan_years_seats(org):
    """A planned program ran in earlier years too: those seats were paid from
    earlier years' budgets, not this plan's."""
    from training.models import PlannedProgram
    from training.tests.factories import (
        EnrolmentFactory,
        PlanFactory,
        ProgramFactory,
        SessionFactory,
    )

    program = ProgramFactory(agency=org["agency"])
    plan = PlanFactory(agency=org["agency"], year=2026)
    PlannedProgram.objects.create(
        plan=plan,
        program=program,
        title=program.title,
        form="teknis",
        competency_area="Keuangan",
        batches=1,
        participants_per_batch=30,
        cost_per_participant=Decimal("150000"),
        funding_source="apbd",
    )
    this_year = SessionFactory(program=program, start_date=datetime.date(2026, 3, 2))
    last_year = SessionFactory(program=program, start_date=datetime.date(2025, 3, 3))
    for employee in (org["member"], org["outsider"]):
        EnrolmentFactory(session=this_year, employee=employee)
    EnrolmentFactory(session=last_year, employee=org["member"])
    budget = _panel(all_panels(_scope(org)), "anggaran_pelatihan")
    assert budget.tables[0].rows[0][3] == Decimal("300000")


def test_figures_are_written_in_the_readers_style(org):
    """One formatting helper for the page and the PDF: grouped thousands and a
    decimal comma in Indonesian, the English style in English."""
    from django.utils import translation

    from asn_portal.exports import INTEGER, PERCENT, Column
    from people.panels import Headline, Panel, Table

    reached = Headline("ASN mencapai target JP", 66.25, kind=PERCENT)
    done = Headline("Penilaian selesai", 1234, of=21900)
    table = Table(
        title="Per unit",
        columns=["Unit", Column("ASN", INTEGER), Column("Persen", PERCENT)],
        rows=[["Dinas Pendidikan", 12345, 7.5]],
    )
    assert (reached.text, done.text) == ("66,3%", "1.234 / 21.900")
    assert table.shown_rows() == [["Dinas Pendidikan", "12.345", "7,5%"]]
    html = render_to_string(
        "dashboard/_panels.html",
        {
            "panels": [Panel("x", "X", headlines=[reached, done], tables=[table])],
            "scope": _scope(org),
            "form": None,
        },
    )
    assert "66,3%" in html
    assert "1.234 / 21.900" in html
    assert "12.345" in html
    with translation.override("en"):
        assert (reached.text, done.text) == ("66.3%", "1,234 / 21,900")
