"""seed_demo: two agencies with valid NIPs, one login per role, and a second run that
creates nothing."""

import io
import sys
import types

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from people import nip as nip_rules
from people.demo import DEMO_PASSWORD, demo_username
from people.models import Agency, Employee, Holiday, WorkUnit
from people.roles import Role, roles_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch):
    calls = []
    fake = types.ModuleType("training.demo")
    fake.seed = lambda **kwargs: calls.append(kwargs)
    monkeypatch.setitem(sys.modules, "training.demo", fake)
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return {"calls": calls, "output": out.getvalue()}


def _counts():
    return (
        Agency.objects.count(),
        WorkUnit.objects.count(),
        Employee.objects.count(),
        Holiday.objects.count(),
        get_user_model().objects.count(),
        Employee.history.count(),
    )


def test_two_agencies_with_valid_nips_everywhere(seeded):
    assert Agency.objects.count() == 2
    employees = list(Employee.objects.all())
    assert 250 <= len(employees) <= 450
    for employee in employees:
        parsed = nip_rules.parse_nip(employee.nip)
        assert parsed.birth_date == employee.birth_date
        assert parsed.gender == employee.gender
        assert parsed.is_pppk_form == (employee.status == Employee.Status.PPPK)
        assert nip_rules.plausibility_warnings(parsed) == []
        if employee.status == Employee.Status.PPPK:
            assert employee.pppk_grade
            assert not employee.golongan
        else:
            assert employee.golongan
    pppk_share = sum(e.status == "PPPK" for e in employees) / len(employees)
    assert 0.1 < pppk_share < 0.3


def test_org_chart_has_one_top_per_agency_and_no_foreign_supervisor(seeded):
    for agency in Agency.objects.all():
        tops = Employee.objects.filter(agency=agency, supervisor__isnull=True)
        assert tops.count() == 1
        assert (
            Employee.objects.filter(agency=agency)
            .exclude(supervisor__agency=agency)
            .exclude(supervisor__isnull=True)
            .count()
            == 0
        )
        assert Holiday.objects.filter(agency=agency).count() >= 8


def test_golongan_fits_the_jabatan(seeded):
    for employee in Employee.objects.filter(jabatan_type="jpt_pratama"):
        assert employee.golongan in ("IV/c", "IV/d")
    for employee in Employee.objects.filter(jabatan_type="pelaksana", status="PNS"):
        assert employee.golongan.startswith(("II/", "III/a", "III/b", "III/c"))
        if "S." in employee.back_title:  # a graduate starts at III/a
            assert employee.golongan.startswith("III/")


def test_every_demo_login_exists_with_its_role(seeded):
    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password(DEMO_PASSWORD)
    expected = {
        Role.HR: Role.HR,
        Role.LEADER: Role.LEADER,
        Role.SUPERVISOR: Role.SUPERVISOR,
        Role.ASN: Role.ASN,
        Role.MENTOR: Role.ASN,  # the mentoring demo pairs them, which makes a mentor
    }
    for agency in Agency.objects.all():
        for role, has in expected.items():
            user = User.objects.get(username=demo_username(role, agency))
            assert user.check_password(DEMO_PASSWORD)
            assert user.employee.agency == agency
            assert has in roles_of(user), (user.username, roles_of(user))
        hr = User.objects.get(username=demo_username(Role.HR, agency))
        assert hr.is_staff
        assert hr.has_perm("people.import_employees")
        supervisor = User.objects.get(username=demo_username(Role.SUPERVISOR, agency))
        member = User.objects.get(username=demo_username(Role.ASN, agency))
        assert member.employee.supervisor == supervisor.employee
        mentor = User.objects.get(username=demo_username(Role.MENTOR, agency))
        assert mentor.employee.age >= 45
    assert "hr.siantar" in seeded["output"]
    assert "http://127.0.0.1:8000" in seeded["output"]


def test_each_app_demo_module_is_called_with_the_agencies(seeded):
    (call,) = seeded["calls"]
    assert {a.code for a in call["agencies"]} == {"siantar", "belawan"}
    assert call["size"] == "small"
    assert hasattr(call["rng"], "random")


def test_second_run_creates_nothing_and_prints_the_logins(seeded):
    before = _counts()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert _counts() == before
    assert "pimpinan.belawan" in out.getvalue()
    assert len(seeded["calls"]) == 1


def test_both_agencies_have_a_kop_surat_and_a_signatory_for_every_document(seeded):
    from people.models import DocumentSettings, Signatory

    for agency in Agency.objects.all():
        settings = DocumentSettings.objects.get(agency=agency)
        assert settings.logo
        assert len(settings.lines) == 2
        signatories = Signatory.objects.filter(agency=agency)
        assert {s.kind for s in signatories} == set(Signatory.Kind.values)
        for signatory in signatories:
            nip_rules.parse_nip(signatory.nip)
            assert signatory.name
            assert signatory.jabatan
            if signatory.mark == Signatory.Mark.SCAN:
                assert signatory.signature


def test_the_demo_supervisor_has_360_input_to_read_and_the_demo_asn_one_to_give(
    seeded,
):
    from evaluations.models import Feedback360Request

    for agency in Agency.objects.all():
        requests = Feedback360Request.objects.filter(
            requested_by__user__username=demo_username(Role.SUPERVISOR, agency)
        )
        closed = requests.get(closed_at__isnull=False)
        assert closed.invitations.filter(answered=True).count() == 3
        assert closed.responses.count() == 3
        still_open = requests.get(closed_at__isnull=True)
        assert still_open.invitations.filter(
            respondent__user__username=demo_username(Role.ASN, agency), answered=False
        ).exists()


def test_the_demo_asn_has_gaps_to_read_and_a_plan_for_the_supervisor(seeded):
    from competencies.services import employee_gaps
    from idp.models import IndividualPlan
    from idp.services import may_decide

    for agency in Agency.objects.all():
        asn = Employee.objects.get(user__username=demo_username(Role.ASN, agency))
        gaps = employee_gaps(asn)
        assert gaps["standard"] is not None
        assert {row["gap"].status for row in gaps["rows"]} & {"gap", "unassessed"}
        plan = IndividualPlan.objects.get(employee=asn)
        assert plan.status == IndividualPlan.Status.SUBMITTED
        supervisor = get_user_model().objects.get(
            username=demo_username(Role.SUPERVISOR, agency)
        )
        assert may_decide(plan, supervisor)
