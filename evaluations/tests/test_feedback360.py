"""360 input: the supervisor asks colleagues for anonymous feedback on the seven
BerAKHLAK values; the result shows only as averages, only once the request is
closed with at least three answers, and nothing anywhere says who answered what."""

import datetime
from fractions import Fraction

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from asn_portal.refusals import Refused
from evaluations import services
from evaluations.models import (
    Feedback360Invitation,
    Feedback360Request,
    Feedback360Response,
    Feedback360Score,
)
from evaluations.rules import (
    BerAkhlak,
    Rating,
    Value360,
    reminder_step_360,
    summarise_360,
)
from evaluations.tests.factories import make_period, make_submitted
from notifications.models import Notification
from people.models import Delegation
from people.tests.factories import EmployeeFactory, UserFactory
from tests.pdfs import pdf_text
from tests.query_pins import assert_constant_queries
from tests.sheets import body

pytestmark = pytest.mark.django_db

ENOUGH = "Jawaban sudah cukup"
NOT_ENOUGH = "belum cukup jawaban (minimal 3)"
AVERAGES = "Masukan 360 (1–3)"


def _today():
    return timezone.localdate()


@pytest.fixture
def colleagues(org):
    """Four colleagues of the member, each with an account."""
    return [
        EmployeeFactory(
            agency=org["agency"],
            unit=org["unit"],
            user=UserFactory(username=f"a-colleague-{n}"),
            name=f"Rekan Nomor {n}",
        )
        for n in range(1, 5)
    ]


@pytest.fixture
def assessment(org):
    return make_submitted(org["member"], make_period(org["agency"]))


def _ask(org, assessment, *, days=3, invite=()):
    feedback_request = services.request_feedback360(
        assessment=assessment,
        user=org["supervisor"].user,
        deadline=_today() + datetime.timedelta(days=days),
    )
    for person in invite:
        services.invite_to_feedback360(
            feedback_request=feedback_request,
            user=org["supervisor"].user,
            respondent=person,
            relation=Feedback360Invitation.Relation.PEER,
        )
    return feedback_request


def _answer(feedback_request, person, rating=Rating.MEETS, comment="", **values):
    ratings = dict.fromkeys(BerAkhlak.values, rating) | values
    services.answer_feedback360(
        feedback_request=feedback_request,
        user=person.user,
        ratings=ratings,
        comment=comment,
    )


def _answer_data(rating="sesuai", comment=""):
    return {f"value_{v}": rating for v in BerAkhlak.values} | {"comment": comment}


def _page(client, employee, assessment):
    client.force_login(employee.user)
    response = client.get(
        reverse("evaluations:assessment_detail", args=[assessment.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


# ---------------------------------------------------------------- the figures


def test_each_value_averages_its_ratings_exactly():
    """1 Di Bawah, 1 Sesuai and 2 Di Atas: (1 + 2 + 3 + 3) / 4 = 2,25."""
    values = summarise_360(
        {
            "pelayanan": {"dibawah": 1, "sesuai": 1, "diatas": 2},
            "kompeten": {"dibawah": 2, "diatas": 1},
        }
    )
    assert [v.value for v in values] == list(BerAkhlak.values)
    by_value = {v.value: v for v in values}
    assert by_value["pelayanan"].average == Fraction(9, 4)
    assert by_value["pelayanan"].display_average == "2,25"
    assert by_value["kompeten"].average == Fraction(5, 3)
    assert by_value["kompeten"].display_average == "1,67"
    assert by_value["loyal"].average is None
    assert by_value["loyal"].display_average == "–"


def test_an_average_rounds_half_up_only_when_written():
    # 401 / 200 = 2,005: exactly half, up to 2,01 (a float would give 2,00).
    value = Value360(value="loyal", label="Loyal", below=0, meets=199, above=1)
    assert value.average == Fraction(401, 200)
    assert value.display_average == "2,01"


@pytest.mark.parametrize(
    ("day", "step"),
    [(0, None), (1, None), (2, None), (3, "d3"), (5, "d3"), (8, "last"), (9, "last")],
)
def test_reminders_come_three_days_after_the_invitation_and_the_day_before_the_deadline(
    day, step
):
    invited = datetime.date(2026, 3, 2)
    deadline = invited + datetime.timedelta(days=9)
    today = invited + datetime.timedelta(days=day)
    assert reminder_step_360(invited_on=invited, deadline=deadline, today=today) == step
    after = deadline + datetime.timedelta(days=1)
    assert reminder_step_360(invited_on=invited, deadline=deadline, today=after) is None


def test_the_page_shows_each_value_average_beside_the_behaviour_rating(
    client, org, colleagues, assessment
):
    """Hand-computed: pelayanan (3 + 2 + 1) / 3 = 2,00; akuntabel (3 + 2 + 3) / 3 =
    2,67; every other value (3 + 2 + 2) / 3 = 2,33."""
    feedback_request = _ask(org, assessment, invite=colleagues)
    _answer(feedback_request, colleagues[0], Rating.ABOVE, "Sangat membantu warga")
    _answer(feedback_request, colleagues[1], Rating.MEETS)
    _answer(
        feedback_request,
        colleagues[2],
        Rating.MEETS,
        "Akurat dalam laporan",
        pelayanan=Rating.BELOW,
        akuntabel=Rating.ABOVE,
    )
    services.close_feedback360(
        feedback_request=feedback_request, user=org["supervisor"].user
    )
    for viewer in ("supervisor", "member", "hr", "leader"):
        page = _page(client, org[viewer], assessment)
        assert AVERAGES in page
        assert 'data-testid="feedback360-pelayanan">2,00<' in page
        assert 'data-testid="feedback360-akuntabel">2,67<' in page
        assert 'data-testid="feedback360-kolaboratif">2,33<' in page
        assert "3 jawaban" in page
        # The comments by their text, not in the order given.
        assert page.index("Akurat dalam laporan") < page.index("Sangat membantu")
    # Input beside the rating, never the rating: the assessment is still unrated.
    assessment.refresh_from_db()
    assert assessment.perilaku_kerja == ""
    assert not assessment.behaviour_ratings.exists()
    client.force_login(org["supervisor"].user)
    rate_page = client.get(reverse("evaluations:assessment_rate", args=[assessment.pk]))
    assert 'data-testid="feedback360-akuntabel">2,67<' in rate_page.content.decode()


# ---------------------------------------------------------------- fewer than three


def test_fewer_than_three_answers_show_nothing_on_any_page_or_export(
    client, org, colleagues, assessment
):
    feedback_request = _ask(org, assessment, invite=colleagues)
    _answer(feedback_request, colleagues[0], Rating.ABOVE, "Komentar rahasia satu")
    _answer(feedback_request, colleagues[1], Rating.BELOW, "Komentar rahasia dua")
    # The deadline passes with two answers.
    Feedback360Request.objects.filter(pk=feedback_request.pk).update(
        deadline=_today() - datetime.timedelta(days=1)
    )
    for viewer in ("supervisor", "member", "hr", "leader"):
        page = _page(client, org[viewer], assessment)
        assert NOT_ENOUGH in page
        assert AVERAGES not in page
        assert "Komentar rahasia" not in page
        assert "2 jawaban" not in page
    client.force_login(org["supervisor"].user)
    for name in ("evaluations:assessment_rate", "evaluations:feedback360"):
        page = client.get(reverse(name, args=[assessment.pk])).content.decode()
        assert NOT_ENOUGH in page
        assert AVERAGES not in page
        assert "Komentar rahasia" not in page
    pdf = client.get(reverse("evaluations:assessment_pdf", args=[assessment.pk]))
    assert "Komentar rahasia" not in pdf_text(pdf.content)
    client.force_login(org["hr"].user)
    sheet = client.get(
        reverse("evaluations:overview_xlsx"), {"periode": assessment.period_id}
    )
    assert sheet.status_code == 200
    assert b"Komentar rahasia" not in body(sheet)


def test_the_result_stays_hidden_while_open_even_with_enough_answers(
    client, org, colleagues, assessment
):
    """Seen while answers still come, each new answer's ratings could be read off
    the change of the averages: they show only once the request is closed."""
    feedback_request = _ask(org, assessment, invite=colleagues)
    for person in colleagues[:3]:
        _answer(feedback_request, person, Rating.ABOVE, "Tepat waktu")
    page = _page(client, org["supervisor"], assessment)
    assert ENOUGH in page
    assert AVERAGES not in page
    assert "Tepat waktu" not in page
    response = client.post(
        reverse("evaluations:feedback360_close", args=[assessment.pk])
    )
    assert response.status_code == 302
    page = _page(client, org["supervisor"], assessment)
    assert 'data-testid="feedback360-loyal">3,00<' in page
    assert "Tepat waktu" in page
    # Closed: nobody more is invited and nobody more answers.
    with pytest.raises(Refused):
        _answer(feedback_request, colleagues[3])
    with pytest.raises(Refused):
        services.invite_to_feedback360(
            feedback_request=feedback_request,
            user=org["supervisor"].user,
            respondent=org["outsider"],
            relation=Feedback360Invitation.Relation.STAKEHOLDER,
        )


# ---------------------------------------------------------------- anonymity


def test_an_answer_is_stored_with_nothing_that_leads_back_to_its_respondent():
    """No person, no account and no time on an answer; an invitation says whether,
    never when; and no permission to read answers exists to be granted."""

    def fields(model):
        return {f.name for f in model._meta.concrete_fields}

    assert fields(Feedback360Response) == {"id", "request", "comment"}
    assert fields(Feedback360Score) == {"id", "response", "value", "rating"}
    assert fields(Feedback360Invitation) == {
        "id",
        "request",
        "respondent",
        "relation",
        "invited_on",
        "answered",
    }
    assert not Permission.objects.filter(
        content_type__app_label="evaluations",
        content_type__model__in=["feedback360response", "feedback360score"],
    ).exists()
    assert Feedback360Response._meta.ordering == ["request", "comment"]


def test_no_page_tells_who_has_answered(client, org, colleagues, assessment):
    """The supervisor's list of those asked reads the same before and after three
    of the four answered; the closing, by the last answer, is recorded by no one."""
    feedback_request = _ask(org, assessment, invite=colleagues[:3])
    client.force_login(org["supervisor"].user)
    url = reverse("evaluations:feedback360", args=[assessment.pk])

    def asked_list():
        page = client.get(url).content.decode()
        start = page.index('data-testid="feedback360-invited"')
        return page[start : page.index("</table>", start)]

    before = asked_list()
    for person in colleagues[:3]:
        client.force_login(person.user)
        response = client.post(
            reverse("evaluations:feedback360_answer", args=[feedback_request.pk]),
            _answer_data(comment=f"Catatan {person.name}"),
        )
        assert response.status_code == 302
    client.force_login(org["supervisor"].user)
    assert asked_list() == before
    feedback_request.refresh_from_db()
    assert feedback_request.closed_at is not None  # everyone asked has answered
    respondents = {p.user_id for p in colleagues}
    history_users = set(feedback_request.history.values_list("history_user", flat=True))
    assert history_users.isdisjoint(respondents)
    assert history_users == {org["supervisor"].user_id, None}


def test_the_back_office_shows_no_answer_and_no_invitation(
    client, org, colleagues, assessment, admin_user
):
    feedback_request = _ask(org, assessment, invite=colleagues[:3])
    for person in colleagues[:3]:
        _answer(feedback_request, person, comment=f"Catatan {person.name}")
    registered = {model._meta.label for model in admin.site._registry}
    assert (
        not {
            "evaluations.Feedback360Request",
            "evaluations.Feedback360Invitation",
            "evaluations.Feedback360Response",
            "evaluations.Feedback360Score",
        }
        & registered
    )
    hr = org["hr"].user
    hr.is_staff = True
    hr.save(update_fields=["is_staff"])
    for user in (admin_user, hr):
        client.force_login(user)
        index = client.get(reverse("admin:index")).content.decode()
        assert "360" not in index
        # The assessment's own back-office page holds nothing of it either.
        change = client.get(
            reverse("admin:evaluations_assessment_change", args=[assessment.pk])
        ).content.decode()
        assert "Catatan" not in change
        assert colleagues[0].name not in change


def test_reminders_go_to_everyone_asked_once_per_step_even_when_run_twice(
    org, colleagues, assessment
):
    """Those who answered are reminded like the others: a reminder only to those
    who have not would tell whoever reads the notifications who has."""
    feedback_request = _ask(org, assessment, days=5, invite=colleagues)
    _answer(feedback_request, colleagues[0])

    def reminders(step):
        return set(
            Notification.objects.filter(
                kind="evaluations.feedback360_reminder", step=step
            ).values_list("recipient_id", flat=True)
        )

    everyone = {p.user_id for p in colleagues}
    services.send_evaluation_reminders(today=_today() + datetime.timedelta(days=2))
    assert reminders("d3") == set()
    for _run in range(2):
        services.send_evaluation_reminders(today=_today() + datetime.timedelta(days=3))
    assert reminders("d3") == everyone
    assert Notification.objects.filter(
        kind="evaluations.feedback360_reminder"
    ).count() == len(everyone)
    titles = set(
        Notification.objects.filter(
            kind="evaluations.feedback360_reminder"
        ).values_list("title", "body")
    )
    assert len(titles) == 1  # the same words for all
    for _run in range(2):
        services.send_evaluation_reminders(today=_today() + datetime.timedelta(days=4))
    assert reminders("last") == everyone
    assert Notification.objects.filter(
        kind="evaluations.feedback360_reminder"
    ).count() == 2 * len(everyone)
    # After the deadline: no more reminders; the supervisor is told once.
    for _run in range(2):
        services.send_evaluation_reminders(today=_today() + datetime.timedelta(days=6))
    assert Notification.objects.filter(
        kind="evaluations.feedback360_reminder"
    ).count() == 2 * len(everyone)
    closed = Notification.objects.filter(kind="evaluations.feedback360_closed")
    assert [(n.recipient_id, n.title) for n in closed] == [
        (
            org["supervisor"].user_id,
            f"Masukan 360 untuk {org['member'].name}: {NOT_ENOUGH}",
        )
    ]


def test_invited_colleagues_are_told_and_see_it_among_their_tasks(
    client, org, colleagues, assessment
):
    feedback_request = _ask(org, assessment, invite=colleagues[:1])
    person = colleagues[0]
    told = Notification.objects.get(
        recipient=person.user, kind="evaluations.feedback360_invited"
    )
    answer_url = reverse("evaluations:feedback360_answer", args=[feedback_request.pk])
    assert told.url == answer_url
    client.force_login(person.user)
    home = client.get(reverse("home")).content.decode()
    assert "Masukan 360 diminta dari Anda" in home
    assert answer_url in home
    inbox = client.get(reverse("evaluations:feedback360_inbox")).content.decode()
    assert org["member"].name in inbox
    client.post(answer_url, _answer_data())
    home = client.get(reverse("home")).content.decode()
    assert "Masukan 360 diminta dari Anda" not in home
    page = client.get(answer_url).content.decode()
    assert 'data-testid="feedback360-answered"' in page
    assert 'data-testid="feedback360-answer-form"' not in page


# ---------------------------------------------------------------- refusals


def test_the_person_rated_and_their_rater_cannot_be_invited(client, org, assessment):
    feedback_request = _ask(org, assessment)
    client.force_login(org["supervisor"].user)
    url = reverse("evaluations:feedback360_invite", args=[assessment.pk])
    for person in (org["member"], org["supervisor"]):
        response = client.post(url, {"respondent": person.nip, "relation": "rekan"})
        assert response.status_code == 200
        assert (
            "tidak dapat memberi masukan 360 atas dirinya"
            in (response.content.decode())
            or "tidak menjadi responden" in response.content.decode()
        )
    assert not feedback_request.invitations.exists()


def test_another_agencys_employee_cannot_be_invited_by_a_forged_post(
    client, org, other_org, assessment
):
    feedback_request = _ask(org, assessment)
    client.force_login(org["supervisor"].user)
    response = client.post(
        reverse("evaluations:feedback360_invite", args=[assessment.pk]),
        {"respondent": other_org["outsider"].nip, "relation": "rekan"},
    )
    assert response.status_code == 200
    assert "responden harus pegawai instansi yang sama" in response.content.decode()
    assert not feedback_request.invitations.exists()
    with pytest.raises(Refused, match="instansi yang sama"):
        services.invite_to_feedback360(
            feedback_request=feedback_request,
            user=org["supervisor"].user,
            respondent=other_org["outsider"],
            relation=Feedback360Invitation.Relation.PEER,
        )


def test_a_colleague_answers_once(client, org, colleagues, assessment):
    feedback_request = _ask(org, assessment, invite=colleagues[:2])
    client.force_login(colleagues[0].user)
    url = reverse("evaluations:feedback360_answer", args=[feedback_request.pk])
    assert client.post(url, _answer_data("diatas")).status_code == 302
    response = client.post(url, _answer_data("dibawah"))
    assert response.status_code == 200
    assert "jawaban hanya sekali" in response.content.decode()
    assert feedback_request.responses.count() == 1
    assert not Feedback360Score.objects.filter(rating="dibawah").exists()


def test_no_answer_after_the_deadline(client, org, colleagues, assessment):
    feedback_request = _ask(org, assessment, invite=colleagues[:1])
    Feedback360Request.objects.filter(pk=feedback_request.pk).update(
        deadline=_today() - datetime.timedelta(days=1)
    )
    client.force_login(colleagues[0].user)
    url = reverse("evaluations:feedback360_answer", args=[feedback_request.pk])
    assert 'data-testid="feedback360-closed"' in client.get(url).content.decode()
    response = client.post(url, _answer_data())
    assert "sudah ditutup" in response.content.decode()
    assert not feedback_request.responses.exists()
    assert not feedback_request.invitations.filter(answered=True).exists()


def test_someone_not_invited_cannot_open_or_answer(client, org, colleagues, assessment):
    feedback_request = _ask(org, assessment, invite=colleagues[:1])
    client.force_login(colleagues[1].user)
    url = reverse("evaluations:feedback360_answer", args=[feedback_request.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _answer_data()).status_code == 404
    with pytest.raises(Refused):
        _answer(feedback_request, colleagues[1])
    assert not feedback_request.responses.exists()


def test_the_deadline_falls_within_the_period(org, assessment):
    too_late = assessment.period.closes_on + datetime.timedelta(days=1)
    with pytest.raises(Refused, match="penutupan periode"):
        services.request_feedback360(
            assessment=assessment, user=org["supervisor"].user, deadline=too_late
        )
    with pytest.raises(Refused, match="sudah lewat"):
        services.request_feedback360(
            assessment=assessment,
            user=org["supervisor"].user,
            deadline=_today() - datetime.timedelta(days=1),
        )


def test_only_the_supervisor_or_their_plt_asks(org, assessment):
    with pytest.raises(Refused):
        services.request_feedback360(
            assessment=assessment, user=org["hr"].user, deadline=_today()
        )
    delegation = Delegation.objects.create(
        delegator=org["supervisor"],
        delegate=org["outsider"],
        kind=Delegation.Kind.PLT,
        start_date=_today(),
        end_date=_today() + datetime.timedelta(days=3),
        decree_number="800/12/BKPSDM/2026",
    )
    feedback_request = services.request_feedback360(
        assessment=assessment, user=org["outsider"].user, deadline=_today()
    )
    assert feedback_request.requested_by == org["outsider"]
    assert feedback_request.requested_as == delegation
    with pytest.raises(Refused, match="sudah diminta"):
        services.request_feedback360(
            assessment=assessment, user=org["supervisor"].user, deadline=_today()
        )


# ---------------------------------------------------------------- queries


def test_the_pages_of_360_input_run_the_same_queries_with_more_people(
    client, org, assessment
):
    feedback_request = _ask(org, assessment)
    people = iter(
        EmployeeFactory(
            agency=org["agency"],
            unit=org["unit"],
            user=UserFactory(username=f"a-asked-{n}"),
        )
        for n in range(40)
    )

    def invite(count):
        for _n in range(count):
            person = next(people)
            services.invite_to_feedback360(
                feedback_request=feedback_request,
                user=org["supervisor"].user,
                respondent=person,
                relation=Feedback360Invitation.Relation.SUBORDINATE,
            )
            _answer(feedback_request, person, comment=f"Komentar {person.pk}")

    # One who does not answer keeps the request open.
    services.invite_to_feedback360(
        feedback_request=feedback_request,
        user=org["supervisor"].user,
        respondent=org["outsider"],
        relation=Feedback360Invitation.Relation.PEER,
    )
    invite(3)
    client.force_login(org["supervisor"].user)
    assert_constant_queries(
        client,
        reverse("evaluations:feedback360", args=[assessment.pk]),
        grow=lambda: invite(15),
        ceiling=25,
    )
    services.close_feedback360(
        feedback_request=feedback_request, user=org["supervisor"].user
    )
    assert_constant_queries(
        client,
        reverse("evaluations:assessment_detail", args=[assessment.pk]),
        grow=lambda: Feedback360Response.objects.bulk_create(
            Feedback360Response(request=feedback_request, comment=f"Tambahan {n}")
            for n in range(15)
        ),
        ceiling=40,
    )
