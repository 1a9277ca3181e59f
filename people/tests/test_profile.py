"""The employee profile gathers JP, trainings and certificates, SKP and predikat,
the talent box and mentoring, each shown only as far as the viewer may see it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import services as evaluation_services
from evaluations.tests.factories import make_period, make_rated
from mentoring.tests.factories import make_pair
from people.tests.factories import EmployeeFactory, UserFactory
from tests.query_pins import assert_constant_queries
from training.services.catalog import complete_session
from training.services.delivery import issue_certificate
from training.services.ledger import credit_jp
from training.tests.factories import ProgramFactory, attended, finished_session

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _credit(employee, jp, year=YEAR, key="test"):
    credit_jp(
        employee=employee,
        on_date=datetime.date(year, 3, 1),
        jp=Decimal(jp),
        form="teknis",
        source_key=f"{key}:{year}:{jp}",
        description="Pelatihan",
    )


def _trained(org, employee, title="Bimtek Tata Naskah Dinas"):
    program = ProgramFactory(agency=org["agency"], title=title)
    session = finished_session(org["agency"], program=program)
    enrolment = attended(session, employee)
    complete_session(session=session)
    enrolment.refresh_from_db()
    return issue_certificate(enrolment=enrolment)


def test_hr_sees_every_section_of_an_employee(login, org):
    member = org["member"]
    certificate = _trained(org, member)
    _credit(member, "6", year=YEAR - 1)
    period = make_period(org["agency"])
    rated = make_rated(member, period, hasil="diatas", perilaku="diatas")
    evaluation_services.acknowledge_assessment(assessment=rated, user=member.user)
    evaluation_services.record_potential(
        employee=member, user=org["hr"].user, year=YEAR, score=95
    )
    page = login(org["hr"]).get(reverse("people:employee_detail", args=[member.pk]))
    body = page.content.decode()
    titles = [s.title for s in page.context["sections"]]
    assert titles == ["JP dan pelatihan", "Kinerja dan talenta"]  # no mentoring
    assert certificate.code in body
    assert "Bimtek Tata Naskah Dinas" in body
    years = page.context["sections"][0].context["years"]
    assert [(r["year"], r["total"]) for r in years][:2] == [
        (YEAR, certificate.jp),
        (YEAR - 1, Decimal("6")),
    ]
    assert "Sangat Baik" in body
    assert 'data-testid="profile-talent-box"' in body
    assert "Kotak talenta 9" in body
    assert f"?pegawai={member.pk}" in body  # HR: record the potential from here
    form = login(org["hr"]).get(
        reverse("evaluations:potential_list") + f"?pegawai={member.pk}"
    )
    assert member.nip in form.content.decode()  # that employee already chosen


def test_the_supervisor_sees_the_team_members_record_not_their_certificates(login, org):
    member = org["member"]
    certificate = _trained(org, member)
    make_rated(member, make_period(org["agency"]))
    page = login(org["supervisor"]).get(
        reverse("people:employee_detail", args=[member.pk])
    )
    body = page.content.decode()
    assert "Bimtek Tata Naskah Dinas" in body  # the enrolment, on the team's ledger
    assert "Baik" in body
    assert certificate.code not in body  # certificates: HR and the holder only
    assert "?pegawai=" not in body


def test_mentoring_shows_both_sides(login, org):
    mentor, mentee = org["mentor"], org["outsider"]  # paired by the org fixture
    client = login(org["hr"])
    mentor_page = client.get(reverse("people:employee_detail", args=[mentor.pk]))
    mentee_page = client.get(reverse("people:employee_detail", args=[mentee.pk]))
    assert f"Membimbing {mentee.full_name}" in mentor_page.content.decode()
    assert f"Dibimbing oleh {mentor.full_name}" in mentee_page.content.decode()


def test_the_asn_sees_their_own_profile_with_a_link_to_their_jp(login, org):
    member = org["member"]
    _credit(member, "4")
    page = login(member).get(reverse("people:employee_detail", args=[member.pk]))
    assert reverse("training:my_jp") in page.content.decode()


def test_profile_queries_do_not_grow_with_the_record(client, org):
    member = org["member"]
    _trained(org, member)
    period = make_period(org["agency"])
    make_rated(member, period)
    make_pair(mentor=org["mentor"], mentee=member)
    client.force_login(org["hr"].user)

    def grow():
        for n in range(6):
            _trained(org, member, title=f"Pelatihan tambahan {n}")
            _credit(member, "2", year=YEAR - 1, key=f"grow{n}")
        for years_ago in range(1, 4):
            make_rated(member, make_period(org["agency"], year=YEAR - years_ago))
        other_mentor = EmployeeFactory(
            agency=org["agency"], user=UserFactory(username="a-mentor-2")
        )
        make_pair(mentor=other_mentor, mentee=org["supervisor"])

    assert_constant_queries(
        client,
        reverse("people:employee_detail", args=[member.pk]),
        grow=grow,
        ceiling=30,
    )
