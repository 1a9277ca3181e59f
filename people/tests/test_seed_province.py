"""seed_demo --size province, shrunk to four small agencies: every agency gets its
logins and every app's demo data, a second run adds nothing, and an interrupted run
leaves whole agencies behind that the next run completes."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from competencies.models import JobStandard
from dashboard.models import Report
from elearning.models import Module
from evaluations.models import PerformancePlan
from feedback.demo import PROVINCE_RESPONSES_PER_ASN
from feedback.models import Complaint, SurveyResponse
from idp import demo as idp_demo
from idp.models import IndividualPlan
from mentoring.models import Program as MentoringProgram
from people import demo
from people.demo import DEMO_PASSWORD, demo_username
from people.models import Agency, Employee, WorkUnit
from people.roles import Role, roles_of
from training.models import Answer, TrainingSession

pytestmark = pytest.mark.django_db

EXPECTED_CODES = ["siantar", "belawan", "deliserdang", "langkat"]


@pytest.fixture(autouse=True)
def small_province(monkeypatch):
    monkeypatch.setattr(
        demo,
        "PROVINCE",
        demo.ProvinceScale(generated_agencies=2, asn_per_agency=30, unit_tree="small"),
    )


def _seed_province():
    out = io.StringIO()
    call_command("seed_demo", size="province", stdout=out)
    return out.getvalue()


def _counts():
    return (
        Agency.objects.count(),
        WorkUnit.objects.count(),
        Employee.objects.count(),
        get_user_model().objects.count(),
        TrainingSession.objects.count(),
        SurveyResponse.objects.count(),
        Complaint.objects.count(),
    )


def test_every_agency_gets_logins_and_each_apps_demo_data_and_a_rerun_adds_nothing():
    output = _seed_province()

    agencies = list(Agency.objects.order_by("pk"))
    assert [a.code for a in agencies] == EXPECTED_CODES
    assert agencies[2].name == "Pemerintah Kabupaten Deli Serdang"
    assert "[3/4] Kabupaten Deli Serdang: " in output
    assert "perkiraan selesai" in output
    assert "hr.langkat" in output
    User = get_user_model()
    for agency in agencies:
        assert Employee.objects.filter(agency=agency).count() >= 30
        for role in (Role.HR, Role.LEADER, Role.SUPERVISOR, Role.ASN):
            user = User.objects.get(username=demo_username(role, agency))
            assert user.check_password(DEMO_PASSWORD)
            assert user.employee.agency == agency
            assert role in roles_of(user)
        mentor = User.objects.get(username=demo_username(Role.MENTOR, agency))
        assert mentor.employee.agency == agency
        assert TrainingSession.objects.filter(program__agency=agency).exists()
        assert Answer.objects.filter(response__session__program__agency=agency).exists()
        responses = SurveyResponse.objects.filter(
            service_unit__work_unit__agency=agency
        )
        assert responses.count() >= 30 * PROVINCE_RESPONSES_PER_ASN
        assert Complaint.objects.filter(service_unit__work_unit__agency=agency).exists()
        assert PerformancePlan.objects.filter(employee__agency=agency).exists()
        assert Module.objects.filter(agency=agency).exists()
        assert MentoringProgram.objects.filter(agency=agency).exists()
        assert JobStandard.objects.filter(agency=agency).exists()
        assert IndividualPlan.objects.filter(employee__agency=agency).exists()
        assert Report.objects.filter(agency=agency).exists()

    before = _counts()
    again = _seed_province()
    assert _counts() == before
    assert "[4/4] Kabupaten Langkat: sudah ada, dilewati" in again


def test_an_interrupted_run_keeps_whole_agencies_and_the_next_run_completes_it(
    monkeypatch,
):
    real_seed = idp_demo.seed

    def seed_failing_for_langkat(*, agencies, **kwargs):
        if agencies[0].code == "langkat":
            raise RuntimeError("listrik padam")
        return real_seed(agencies=agencies, **kwargs)

    monkeypatch.setattr(idp_demo, "seed", seed_failing_for_langkat)
    with pytest.raises(CommandError, match="listrik padam"):
        _seed_province()

    assert (
        list(Agency.objects.order_by("pk").values_list("code", flat=True))
        == (EXPECTED_CODES[:3])
    )
    assert not WorkUnit.objects.filter(agency__code="langkat").exists()
    assert not get_user_model().objects.filter(username="hr.langkat").exists()
    assert not TrainingSession.objects.filter(program__agency__code="langkat").exists()
    deliserdang = IndividualPlan.objects.filter(employee__agency__code="deliserdang")
    assert deliserdang.exists()
    before = Employee.objects.filter(agency__code__in=EXPECTED_CODES[:3]).count()

    monkeypatch.setattr(idp_demo, "seed", real_seed)
    output = _seed_province()

    assert "[3/4] Kabupaten Deli Serdang: sudah ada, dilewati" in output
    assert "[4/4] Kabupaten Langkat: " in output
    langkat = Agency.objects.get(code="langkat")
    assert IndividualPlan.objects.filter(employee__agency=langkat).exists()
    assert get_user_model().objects.filter(username="hr.langkat").exists()
    assert SurveyResponse.objects.filter(service_unit__work_unit__agency=langkat)
    assert (
        Employee.objects.filter(agency__code__in=EXPECTED_CODES[:3]).count() == before
    )
