"""Assessed levels and the gap they leave against the jabatan's standard: who records
them (HR with a source, the supervisor as theirs), what the employee sees, and the
gap rule computed by hand."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies import rules, services
from competencies.models import AssessedLevel, Competency
from people.tests.factories import EmployeeFactory
from tests.query_pins import assert_constant_queries

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _page(employee):
    return reverse("competencies:employee_competencies", args=[employee.pk])


def _dictionary(agency):
    services.load_standard_competencies(agency=agency)
    return {c.code: c for c in Competency.objects.filter(agency=agency)}


def _standard_for(employee, levels):
    return services.create_standard(
        agency=employee.agency, jabatan_name=employee.jabatan_name, levels=levels
    )


def test_the_gap_rule_by_hand():
    # Required M1 3, M2 2, M3 4; assessed M1 1 (gap 2), M2 3 (met, not -1),
    # M3 never (unknown, not 0), T1 4 beyond the standard.
    found = rules.gaps({1: 3, 2: 2, 3: 4}, {1: 1, 2: 3, 9: 4})

    assert [(g.competency_id, g.required, g.assessed, g.size) for g in found] == [
        (1, 3, 1, 2),
        (2, 2, 3, 0),
        (3, 4, None, None),
        (9, None, 4, 0),
    ]
    assert [g.status for g in found] == ["gap", "met", "unassessed", "met"]


def test_hr_records_an_assessment_and_the_member_sees_the_gap(org, login):
    competencies = _dictionary(org["agency"])
    member = org["member"]
    _standard_for(member, {competencies["M1"].pk: 3, competencies["M5"].pk: 2})
    hr = login(org["hr"])

    response = hr.post(
        _page(member),
        {
            "competency": competencies["M1"].pk,
            "level": "1",
            "assessed_on": TODAY.isoformat(),
            "source": "asesmen",
            "notes": "Uji kompetensi BKPSDM",
        },
        follow=True,
    )

    assert "Level kompetensi dicatat." in response.content.decode()
    own = login(member)
    page = own.get(reverse("competencies:my_competencies"), follow=True)
    rows = page.context["rows"]
    assert [(r["competency"].code, r["gap"].size) for r in rows] == [
        ("M1", 2),
        ("M5", None),
    ]
    text = page.content.decode()
    assert "Hasil asesmen/uji kompetensi" in text
    assert "belum dinilai" in text
    assert 'data-testid="record-level"' not in text  # nobody rates themselves


def test_the_latest_assessment_counts_and_earlier_ones_stay_in_history(org, login):
    competencies = _dictionary(org["agency"])
    member = org["member"]
    _standard_for(member, {competencies["M1"].pk: 3})
    for level, days_ago in ((2, 200), (4, 10), (1, 100)):
        AssessedLevel.objects.create(
            employee=member,
            competency=competencies["M1"],
            level=level,
            assessed_on=TODAY - datetime.timedelta(days=days_ago),
            source="asesmen",
        )

    page = login(member).get(_page(member))

    (row,) = page.context["rows"]
    assert row["gap"].assessed == 4
    assert row["gap"].status == "met"
    assert len(page.context["history"]) == 3


def test_the_supervisor_records_as_supervisor_whatever_source_is_posted(org, login):
    competencies = _dictionary(org["agency"])
    client = login(org["supervisor"])

    client.post(
        _page(org["member"]),
        {
            "competency": competencies["M2"].pk,
            "level": "3",
            "assessed_on": TODAY.isoformat(),
            "source": "asesmen",
        },
    )

    record = AssessedLevel.objects.get()
    assert record.source == AssessedLevel.Source.SUPERVISOR
    assert record.recorded_by == org["supervisor"]
    assert "source" not in client.get(_page(org["member"])).context["form"].fields


def test_refusals_are_shown_at_the_field(org, other_org, login):
    competencies = _dictionary(org["agency"])
    theirs = _dictionary(other_org["agency"])
    client = login(org["hr"])
    tomorrow = TODAY + datetime.timedelta(days=1)

    future = client.post(
        _page(org["member"]),
        {
            "competency": competencies["M1"].pk,
            "level": "3",
            "assessed_on": tomorrow.isoformat(),
            "source": "asesmen",
        },
    )
    foreign = client.post(
        _page(org["member"]),
        {
            "competency": theirs["M1"].pk,
            "level": "3",
            "assessed_on": TODAY.isoformat(),
            "source": "asesmen",
        },
    )

    assert future.context["form"].errors["assessed_on"] == [
        "Tanggal penilaian tidak boleh di masa depan."
    ]
    assert "competency" in foreign.context["form"].errors
    assert not AssessedLevel.objects.exists()


def test_a_colleague_and_another_agency_cannot_see_or_record(org, other_org, login):
    competencies = _dictionary(org["agency"])
    data = {
        "competency": competencies["M1"].pk,
        "level": "3",
        "assessed_on": TODAY.isoformat(),
        "source": "asesmen",
    }

    assert login(org["outsider"]).post(_page(org["member"]), data).status_code == 404
    assert login(other_org["hr"]).post(_page(org["member"]), data).status_code == 404
    # The leader reads but does not record.
    assert login(org["leader"]).post(_page(org["member"]), data).status_code == 403
    assert not AssessedLevel.objects.exists()


def test_a_jabatan_without_standard_says_so_and_offers_hr_to_write_it(org, login):
    page = login(org["hr"]).get(_page(org["member"])).content.decode()

    assert 'data-testid="no-standard"' in page
    assert "Buat standar" in page


def test_the_page_does_not_grow_with_assessments(org, login):
    competencies = list(_dictionary(org["agency"]).values())
    member = org["member"]
    _standard_for(member, {competencies[0].pk: 3})
    AssessedLevel.objects.create(
        employee=member,
        competency=competencies[0],
        level=1,
        assessed_on=TODAY,
        source="asesmen",
        recorded_by=org["hr"],
    )
    client = login(org["hr"])

    def grow():
        for competency in competencies:
            for days_ago in range(3):
                AssessedLevel.objects.create(
                    employee=member,
                    competency=competency,
                    level=2,
                    assessed_on=TODAY - datetime.timedelta(days=days_ago),
                    source="impor",
                    recorded_by=EmployeeFactory(agency=org["agency"], unit=org["unit"]),
                )

    assert_constant_queries(client, _page(member), grow=grow, ceiling=14)
