"""Each mentoring page: anonymous, wrong role, other agency, right role, and what the
right role gets done through it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring import services
from mentoring.models import (
    CompetencyArea,
    Goal,
    MenteeRating,
    MentorAssessment,
    MentorProfile,
    Pair,
    Program,
    Session,
)
from mentoring.tests.access_rules import member_pair
from mentoring.tests.factories import CompetencyAreaFactory, make_mentor, make_pair
from people.pickers import picker_label
from people.tests.factories import EmployeeFactory, WorkUnitFactory
from training.models import JpCredit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def get(client, who, url, data=None):
    client.logout()
    if who is not None:
        client.force_login(who.user)
    return client.get(url, data or {})


def post(client, who, url, data=None):
    client.logout()
    if who is not None:
        client.force_login(who.user)
    return client.post(url, data or {})


def is_login_or_403(response):
    return response.status_code == 403 or (
        response.status_code == 302 and response.url.startswith(reverse("login"))
    )


def errors_of(response, field):
    return response.context["form"].errors[field]


@pytest.fixture
def pair(org):
    return member_pair(org)


@pytest.fixture
def program(pair):
    return pair.program


def logged_session(pair, by, **kwargs):
    values = {"date": TODAY, "duration_minutes": 90, "topic": "Penyusunan RKA"}
    values.update(kwargs)
    return services.log_session(pair=pair, by=by, **values)


# My pairs --------------------------------------------------------------------------


def test_my_pairs(client, org, other_org, pair):
    url = reverse("mentoring:my_pairs")
    assert is_login_or_403(get(client, None, url))
    mentee_page = get(client, org["member"], url).content.decode()
    assert org["mentor"].name in mentee_page
    assert "Mentee" in mentee_page
    mentor_page = get(client, org["mentor"], url)
    assert {p.pk for p in mentor_page.context["pairs"]} == {
        pair.pk,
        org["mentor"].mentor_pairs.get(mentee=org["outsider"]).pk,
    }
    foreign = get(client, other_org["mentor"], url)
    assert pair.pk not in {p.pk for p in foreign.context["pairs"]}
    assert list(get(client, org["hr"], url).context["pairs"]) == []


def test_my_pairs_shows_jp_earned_from_mentoring_this_year(client, org, pair):
    session = logged_session(pair, org["mentor"], duration_minutes=135)
    services.confirm_session(session=session, by=org["member"])
    page = get(client, org["member"], reverse("mentoring:my_pairs")).content.decode()
    assert "JP mentoring tahun ini" in page
    assert "3,00 JP" in page or "3.00 JP" in page


# Programs --------------------------------------------------------------------------


def test_program_list(client, org, other_org, program):
    url = reverse("mentoring:program_list")
    assert is_login_or_403(get(client, None, url))
    assert get(client, org["member"], url).status_code == 403
    assert get(client, org["mentor"], url).status_code == 403
    assert program not in get(client, other_org["hr"], url).context["programs"]
    response = get(client, org["hr"], url)
    shown = {p.pk: p for p in response.context["programs"]}
    assert shown[program.pk].active_pairs == 2
    assert get(client, org["leader"], url).status_code == 200


def test_program_create(client, org):
    url = reverse("mentoring:program_create")
    assert is_login_or_403(get(client, None, url))
    assert post(client, org["member"], url, {"name": "X"}).status_code == 403
    data = {
        "name": "Orientasi CPNS/PPPK 2026",
        "goals": "Mengenal tugas dan budaya kerja.",
        "start_date": "2026-03-01",
        "end_date": "2026-02-01",
        "idle_weeks_before_nudge": 3,
    }
    refused = post(client, org["hr"], url, data)
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in errors_of(
        refused, "end_date"
    )
    data["end_date"] = "2026-08-31"
    response = post(client, org["hr"], url, data)
    program = Program.objects.get(name="Orientasi CPNS/PPPK 2026")
    assert response.url == program.get_absolute_url()
    assert program.agency == org["agency"]


def test_program_update(client, org, other_org, program):
    url = reverse("mentoring:program_update", args=[program.pk])
    assert is_login_or_403(get(client, None, url))
    assert get(client, org["leader"], url).status_code == 403
    assert get(client, other_org["hr"], url).status_code == 404
    data = {
        "name": program.name,
        "start_date": program.start_date.isoformat(),
        "end_date": program.end_date.isoformat(),
        "fixed_jp_per_session": "2",
        "idle_weeks_before_nudge": 4,
    }
    post(client, org["hr"], url, data)
    program.refresh_from_db()
    assert program.fixed_jp_per_session == Decimal("2")
    assert program.idle_weeks_before_nudge == 4


def test_program_detail_shows_hr_the_figures(client, org, other_org, pair, program):
    services.add_goal(pair=pair, title="RKA")
    goal = services.add_goal(pair=pair, title="DPA")
    services.set_goal_status(goal=goal, status=Goal.Status.MET)
    services.confirm_session(
        session=logged_session(pair, org["mentor"]), by=org["member"]
    )
    services.rate_pair(pair=pair, by=org["member"], phase="final", score=4)
    url = reverse("mentoring:program_detail", args=[program.pk])
    assert is_login_or_403(get(client, None, url))
    assert get(client, org["mentor"], url).status_code == 403
    assert get(client, other_org["hr"], url).status_code == 404
    response = get(client, org["hr"], url)
    shown = response.context["program"]
    assert (shown.active_pairs, shown.confirmed_sessions) == (2, 1)
    assert (shown.goals_met, shown.goals_total) == (1, 2)
    assert shown.average_rating == 4
    assert shown.sessions_per_pair == 0.5
    row = next(p for p in response.context["pairs"] if p.pk == pair.pk)
    assert (row.confirmed_sessions, row.goals_met, row.average_rating) == (1, 1, 4)
    assert get(client, org["leader"], url).status_code == 200


# Mentors ---------------------------------------------------------------------------


def test_mentor_list_and_competency_areas(client, org, other_org):
    url = reverse("mentoring:mentor_list")
    assert is_login_or_403(get(client, None, url))
    assert get(client, org["mentor"], url).status_code == 403
    assert list(get(client, other_org["hr"], url).context["profiles"]) == [
        other_org["mentor"].mentor_profile
    ]
    profile = get(client, org["hr"], url).context["profiles"][0]
    assert (profile.active_pairs, profile.capacity) == (1, 3)
    area_url = reverse("mentoring:competency_area_create")
    assert post(client, org["member"], area_url, {"name": "A"}).status_code == 403
    post(client, org["hr"], area_url, {"name": "Perencanaan"})
    assert CompetencyArea.objects.get(name="Perencanaan").agency == org["agency"]


def test_mentor_create_and_update(client, org, other_org):
    area = CompetencyAreaFactory(agency=org["agency"], name="Keuangan")
    url = reverse("mentoring:mentor_create")
    assert is_login_or_403(get(client, None, url))
    assert get(client, org["leader"], url).status_code == 403
    foreign = post(
        client, org["hr"], url, {"employee": other_org["member"].nip, "capacity": 2}
    )
    assert "employee" in foreign.context["form"].errors
    post(
        client,
        org["hr"],
        url,
        {
            "employee": picker_label(org["supervisor"]),
            "capacity": 2,
            "competency_areas": [area.pk],
            "is_active": "on",
        },
    )
    profile = MentorProfile.objects.get(employee=org["supervisor"])
    assert profile.capacity == 2
    assert list(profile.competency_areas.all()) == [area]
    update = reverse("mentoring:mentor_update", args=[profile.pk])
    assert get(client, other_org["hr"], update).status_code == 404
    post(client, org["hr"], update, {"capacity": 5, "is_active": "on"})
    profile.refresh_from_db()
    assert profile.capacity == 5


# Pairing ---------------------------------------------------------------------------


def test_pair_create_suggests_then_pairs(client, org, other_org, program):
    area = CompetencyAreaFactory(agency=org["agency"], name="Keuangan")
    senior = EmployeeFactory(agency=org["agency"], golongan="IV/c", name="Bu Senior")
    make_mentor(senior, areas=[area])
    mentee = EmployeeFactory(agency=org["agency"], unit=org["unit"], name="Pak Baru")
    url = reverse("mentoring:pair_create", args=[program.pk])
    assert is_login_or_403(get(client, None, url))
    assert get(client, org["mentor"], url).status_code == 403
    assert get(client, other_org["hr"], url).status_code == 404
    page = get(
        client,
        org["hr"],
        url,
        {"mentee": mentee.nip, "competency_area": area.pk, "mentor": senior.nip},
    )
    suggestions = page.context["suggestions"]
    assert suggestions[0].employee == senior
    assert "Bidang kompetensi sama (Keuangan)" in page.content.decode()
    assert page.context["form"].initial["mentor"] == senior
    response = post(
        client,
        org["hr"],
        url,
        {
            "mentee": picker_label(mentee),
            "mentor": senior.nip,
            "competency_area": area.pk,
            "start_date": program.start_date.isoformat(),
            "end_date": program.end_date.isoformat(),
        },
    )
    created = Pair.objects.get(mentee=mentee)
    assert response.url == created.get_absolute_url()
    assert (created.mentor, created.created_by) == (senior, org["hr"])


def test_pair_create_shows_the_capacity_refusal_at_the_mentor_field(
    client, org, program
):
    MentorProfile.objects.filter(employee=org["mentor"]).update(capacity=2)
    response = post(
        client,
        org["hr"],
        reverse("mentoring:pair_create", args=[program.pk]),
        {
            "mentee": org["leader"].nip,
            "mentor": picker_label(org["mentor"]),
            "start_date": program.start_date.isoformat(),
            "end_date": program.end_date.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Kapasitas mentor sudah penuh (2 dari 2 mentee aktif)." in errors_of(
        response, "mentor"
    )
    assert not Pair.objects.filter(mentee=org["leader"]).exists()


def test_pair_end(client, org, other_org, pair):
    url = reverse("mentoring:pair_end", args=[pair.pk])
    assert is_login_or_403(post(client, None, url))
    assert post(client, org["mentor"], url).status_code == 403
    assert post(client, other_org["hr"], url).status_code == 404
    post(client, org["hr"], url, {"confirmed": "1"})
    pair.refresh_from_db()
    assert pair.status == Pair.Status.COMPLETED


# The pair's pages ------------------------------------------------------------------


def test_pair_detail(client, org, other_org, pair):
    url = pair.get_absolute_url()
    assert is_login_or_403(get(client, None, url))
    assert get(client, org["supervisor"], url).status_code == 404
    assert get(client, other_org["hr"], url).status_code == 404
    logged_session(pair, org["mentor"])
    mentee_page = get(client, org["member"], url).content.decode()
    assert "Konfirmasi sesi" in mentee_page
    mentor_page = get(client, org["mentor"], url).content.decode()
    assert "Konfirmasi sesi" not in mentor_page
    assert "Menunggu konfirmasi" in mentor_page
    hr_page = get(client, org["hr"], url).content.decode()
    assert "Catat sesi" not in hr_page


def test_goal_create_status_and_milestones(client, org, other_org, pair):
    url = reverse("mentoring:goal_create", args=[pair.pk])
    assert is_login_or_403(get(client, None, url))
    assert get(client, org["leader"], url).status_code == 403
    assert get(client, other_org["mentor"], url).status_code == 404
    post(
        client,
        org["mentor"],
        url,
        {"title": "Menyusun RKA", "milestones": "Draf RKA\n\nRKA final\n"},
    )
    goal = pair.goals.get()
    assert [m.title for m in goal.milestones.all()] == ["Draf RKA", "RKA final"]
    status_url = reverse("mentoring:goal_status", args=[goal.pk])
    assert post(client, org["leader"], status_url, {"status": "met"}).status_code == 403
    post(client, org["member"], status_url, {"status": "met"})
    goal.refresh_from_db()
    assert goal.status == Goal.Status.MET
    milestone = goal.milestones.first()
    toggle = reverse("mentoring:milestone_toggle", args=[milestone.pk])
    assert post(client, org["hr"], toggle).status_code == 403
    assert post(client, other_org["hr"], toggle).status_code == 404
    post(client, org["member"], toggle)
    milestone.refresh_from_db()
    assert milestone.done_on == TODAY


def test_a_600_minute_session_is_refused_in_words_not_by_constraint_name(
    client, org, pair
):
    url = reverse("mentoring:session_create", args=[pair.pk])
    data = {"date": TODAY.isoformat(), "duration_minutes": 600, "topic": "Rapat"}
    refused = post(client, org["mentor"], url, data)
    page = refused.content.decode()
    assert "Durasi sesi antara 1 dan 480 menit." in page
    assert "mentoringsession_duration_range" not in page
    assert not pair.sessions.exists()


def test_session_create(client, org, other_org, pair):
    url = reverse("mentoring:session_create", args=[pair.pk])
    assert is_login_or_403(get(client, None, url))
    assert get(client, org["hr"], url).status_code == 403
    assert get(client, other_org["mentor"], url).status_code == 404
    data = {
        "date": (TODAY + datetime.timedelta(days=2)).isoformat(),
        "duration_minutes": 60,
        "topic": "Belanja daerah",
    }
    refused = post(client, org["mentor"], url, data)
    assert errors_of(refused, "date") == ["Tanggal sesi tidak boleh di masa depan."]
    data["date"] = TODAY.isoformat()
    post(client, org["mentor"], url, data)
    session = pair.sessions.get()
    assert (session.logged_by, session.status) == (org["mentor"], "pending")


def test_session_confirm_credits_jp_to_both(client, org, other_org, pair):
    session = logged_session(pair, org["mentor"], duration_minutes=45)
    url = reverse("mentoring:session_confirm", args=[session.pk])
    assert is_login_or_403(post(client, None, url))
    assert post(client, org["mentor"], url).status_code == 403
    assert post(client, org["hr"], url).status_code == 403
    assert post(client, other_org["hr"], url).status_code == 404
    response = post(client, org["member"], url)
    assert response.url == pair.get_absolute_url()
    session.refresh_from_db()
    assert session.status == Session.Status.CONFIRMED
    assert sorted(
        JpCredit.objects.filter(
            source_key__startswith="mentoring.session:"
        ).values_list("employee_id", "jp")
    ) == sorted(
        [(org["mentor"].pk, Decimal("1.00")), (org["member"].pk, Decimal("1.00"))]
    )


def test_rating_create(client, org, other_org, pair):
    url = reverse("mentoring:rating_create", args=[pair.pk])
    assert is_login_or_403(get(client, None, url))
    assert get(client, org["mentor"], url).status_code == 403
    assert get(client, other_org["member"], url).status_code == 404
    early = post(client, org["member"], url, {"phase": "final", "score": 5})
    assert "setelah ada sesi yang dikonfirmasi" in str(early.context["form"].errors)
    services.confirm_session(
        session=logged_session(pair, org["mentor"]), by=org["member"]
    )
    post(client, org["member"], url, {"phase": "final", "score": 5, "comment": "Bagus"})
    assert MenteeRating.objects.get(pair=pair).score == 5


def test_assessment_create(client, org, other_org, pair):
    url = reverse("mentoring:assessment_create", args=[pair.pk])
    assert is_login_or_403(get(client, None, url))
    assert get(client, org["member"], url).status_code == 403
    assert get(client, other_org["mentor"], url).status_code == 404
    services.confirm_session(
        session=logged_session(pair, org["mentor"]), by=org["member"]
    )
    post(client, org["mentor"], url, {"phase": "midway", "text": "Cepat belajar."})
    assert MentorAssessment.objects.get(pair=pair).phase == "midway"


def test_mentor_role_is_derived_from_the_data(org):
    from people.roles import Role, roles_of

    assert Role.MENTOR in roles_of(org["mentor"].user)
    assert Role.MENTOR not in roles_of(org["member"].user)


def test_back_office_lists_only_the_own_agency(client, org, other_org):
    from django.contrib.auth.models import Permission

    hr_user = org["hr"].user
    hr_user.is_staff = True
    hr_user.save()
    hr_user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="mentoring", codename__startswith="view_"
        )
    )
    client.force_login(hr_user)
    for model in ["program", "mentorprofile", "pair", "session", "competencyarea"]:
        response = client.get(reverse(f"admin:mentoring_{model}_changelist"))
        assert response.status_code == 200, model
    pairs = client.get(reverse("admin:mentoring_pair_changelist"))
    shown = set(pairs.context["cl"].queryset)
    assert shown == set(Pair.objects.filter(program__agency=org["agency"]))


def test_a_leader_narrowed_to_a_unit_sees_only_its_pairs_and_figures(client, org, pair):
    other_unit = WorkUnitFactory(agency=org["agency"], code="FAR")
    far_mentee = EmployeeFactory(agency=org["agency"], unit=other_unit)
    make_pair(mentor=org["mentor"], mentee=far_mentee, program=pair.program)
    leader = org["leader"]
    leader.dashboard_unit = org["unit"]
    leader.save()
    url = reverse("mentoring:program_detail", args=[pair.program_id])
    response = get(client, leader, url)
    assert far_mentee not in {p.mentee for p in response.context["pairs"]}
    assert response.context["program"].active_pairs == 2
    assert get(client, org["hr"], url).context["program"].active_pairs == 3
