import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from people.models import Employee
from people.tests.factories import EmployeeFactory
from training.models import (
    BudgetAllocation,
    Enrolment,
    FundingSource,
    JpCredit,
    PlannedProgram,
    Program,
    TrainingNeed,
    TrainingSession,
)
from training.services import catalog as services
from training.services.ledger import credit_jp
from training.tests.factories import (
    EnrolmentFactory,
    NeedFactory,
    PlanFactory,
    ProgramFactory,
    past_session_for,
    session_for,
)

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_catalogue_needs_login_and_shows_only_own_agency(client, login, org, other_org):
    own = ProgramFactory(agency=org["agency"], title="Pelayanan Publik Prima")
    ProgramFactory(agency=other_org["agency"], title="Program Instansi Lain")
    url = reverse("training:catalog")
    assert client.get(url).status_code == 302
    body = login(org["member"]).get(url).content.decode()
    assert own.title in body
    assert "Program Instansi Lain" not in body


def test_session_of_another_agency_is_404(login, org, other_org):
    foreign = session_for(other_org)
    response = login(org["member"]).get(
        reverse("training:session_detail", args=[foreign.pk])
    )
    assert response.status_code == 404


def test_asn_cannot_open_management_pages(login, org):
    client = login(org["member"])
    for name in [
        "training:plan_list",
        "training:session_list",
        "training:program_create",
    ]:
        assert client.get(reverse(name)).status_code == 403


def test_asn_applies_in_the_browser_flow(login, org):
    session = session_for(org)
    client = login(org["member"])
    response = client.post(
        reverse("training:session_apply", args=[session.pk]), follow=True
    )
    assert "menunggu persetujuan atasan" in " ".join(_messages(response))
    assert session.enrolments.get().status == Status.APPLIED


def test_clash_is_refused_with_a_clear_message_and_nothing_changes(login, org):
    held = session_for(org, name="Angkatan Pertama")
    EnrolmentFactory(session=held, employee=org["member"])
    clashing = session_for(org, start_date=held.start_date)
    response = login(org["member"]).post(
        reverse("training:session_apply", args=[clashing.pk]), follow=True
    )
    text = " ".join(_messages(response))
    assert "Angkatan Pertama" in text
    assert "bentrok" in text
    assert not clashing.enrolments.exists()


def test_supervisor_sees_and_approves_only_their_team(login, org):
    session = session_for(org)
    enrolment = services.apply_for_session(employee=org["member"], session=session)
    client = login(org["supervisor"])
    page = client.get(reverse("training:approvals")).content.decode()
    assert org["member"].name in page
    client.post(
        reverse("training:approval_decide", args=[enrolment.pk]),
        {"decision": "approve"},
    )
    enrolment.refresh_from_db()
    assert enrolment.status == Status.SUPERVISOR_APPROVED


def test_hr_confirming_into_a_full_session_puts_on_waiting_list(login, org):
    session = session_for(org, capacity=1)
    EnrolmentFactory(session=session, employee=org["outsider"])
    pending = EnrolmentFactory(
        session=session, employee=org["member"], status=Status.NOMINATED
    )
    response = login(org["hr"]).post(
        reverse("training:enrolment_decide", args=[pending.pk]),
        {"decision": "confirm"},
        follow=True,
    )
    assert "daftar tunggu" in " ".join(_messages(response))
    pending.refresh_from_db()
    assert pending.status == Status.WAITLISTED


def test_capacity_below_seats_taken_is_refused(login, org):
    session = session_for(org, capacity=2)
    EnrolmentFactory(session=session, employee=org["outsider"])
    EnrolmentFactory(session=session, employee=org["member"])
    url = reverse("training:session_edit", args=[session.pk])
    response = login(org["hr"]).post(
        url,
        {
            "name": session.name,
            "start_date": session.start_date.isoformat(),
            "end_date": session.end_date.isoformat(),
            "capacity": "1",
            "status": session.status,
            "reason": "kapasitas ruangan berkurang",
        },
    )
    assert response.status_code == 200
    assert "2 kursi sudah terisi" in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 2


def test_hr_creates_a_session_with_its_days(login, org):
    program = ProgramFactory(agency=org["agency"])
    response = login(org["hr"]).post(
        reverse("training:session_create", args=[program.pk]),
        {
            "name": "Angkatan I",
            "start_date": "2026-12-01",
            "end_date": "2026-12-03",
            "venue": "Aula Kantor Wali Kota",
            "capacity": "25",
            "status": TrainingSession.Status.OPEN,
            "days": "2026-12-01\n2026-12-03, Hotel Sapadia",
        },
    )
    session = TrainingSession.objects.get(program=program)
    assert response.status_code == 302
    assert [(d.date.day, d.place) for d in session.days.all()] == [
        (1, "Aula Kantor Wali Kota"),
        (3, "Hotel Sapadia"),
    ]


def test_a_day_outside_the_session_dates_is_refused(login, org):
    program = ProgramFactory(agency=org["agency"])
    response = login(org["hr"]).post(
        reverse("training:session_create", args=[program.pk]),
        {
            "name": "Angkatan I",
            "start_date": "2026-12-01",
            "end_date": "2026-12-02",
            "capacity": "25",
            "status": TrainingSession.Status.OPEN,
            "days": "2026-12-09",
        },
    )
    assert response.status_code == 200
    assert "di luar jadwal sesi" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_unit_head_proposes_a_need_and_bad_input_is_refused(login, org):
    client = login(org["supervisor"])
    url = reverse("training:need_create")
    data = {
        "year": "2027",
        "unit": org["unit"].pk,
        "competency": "Pengelolaan keuangan daerah",
        "target_group": "Bendahara pengeluaran",
        "participants": "0",
        "priority": "1",
        "reason": "Temuan BPK",
    }
    assert client.post(url, data).status_code == 200
    assert not TrainingNeed.objects.exists()
    data["participants"] = "12"
    assert client.post(url, data).status_code == 302
    need = TrainingNeed.objects.get()
    assert need.proposed_by == org["supervisor"]
    assert need.agency == org["agency"]


def test_plan_page_warns_when_a_source_is_exceeded(login, org):
    plan = PlanFactory(agency=org["agency"])
    BudgetAllocation.objects.create(plan=plan, source=FundingSource.APBD, amount=1000)
    PlannedProgram.objects.create(
        plan=plan,
        title="Bimtek SIPD",
        form="bimtek",
        competency_area="Keuangan",
        batches=1,
        participants_per_batch=10,
        cost_per_participant=Decimal("500"),
        funding_source=FundingSource.APBD,
    )
    body = login(org["hr"]).get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="budget-warning"' in body
    assert "terlampaui" in body


def test_planned_program_marks_its_needs_and_goes_to_catalogue(login, org):
    plan = PlanFactory(agency=org["agency"])
    need = NeedFactory(proposed_by=org["supervisor"])
    client = login(org["hr"])
    client.post(
        reverse("training:planned_program_create", args=[plan.pk]),
        {
            "title": "Pengelolaan Keuangan Daerah",
            "form": "teknis",
            "competency_area": "Keuangan daerah",
            "batches": "2",
            "participants_per_batch": "30",
            "cost_per_participant": "1500000",
            "funding_source": "apbd",
            "needs": [need.pk],
        },
    )
    item = plan.items.get()
    need.refresh_from_db()
    assert need.planned_program == item
    assert need.status == TrainingNeed.Status.PLANNED
    client.post(
        reverse("training:program_from_plan", args=[item.pk]),
        {"jp": "32", "delivery_mode": "tatap_muka"},
    )
    program = Program.objects.get()
    assert program.title == "Pengelolaan Keuangan Daerah"
    assert program.jp == 32


def test_quota_over_the_planned_participants_is_refused(login, org):
    plan = PlanFactory(agency=org["agency"])
    item = PlannedProgram.objects.create(
        plan=plan,
        title="Bimtek SIPD",
        form="bimtek",
        competency_area="Keuangan",
        batches=1,
        participants_per_batch=10,
        cost_per_participant=Decimal("500"),
        funding_source=FundingSource.APBD,
    )
    response = login(org["hr"]).post(
        reverse("training:quota_save", args=[item.pk]),
        {"unit": org["unit"].pk, "seats": "11"},
        follow=True,
    )
    assert "melebihi" in " ".join(_messages(response))
    assert not item.quotas.exists()


def _credit(employee, jp, year=None, key=None):
    year = year or timezone.localdate().year
    credit_jp(
        employee=employee,
        on_date=datetime.date(year, 3, 1),
        jp=Decimal(jp),
        form="teknis",
        source_key=key or f"test:{employee.pk}:{jp}:{year}",
        description="Pelatihan",
    )


def test_my_jp_shows_this_years_total_and_history(login, org):
    member = org["member"]
    _credit(member, "12")
    _credit(member, "30", year=timezone.localdate().year - 1)
    response = login(member).get(reverse("training:my_jp"))
    assert response.context["total"] == Decimal("12")
    assert response.context["percent"] == 60
    assert response.context["shortfall"] == Decimal("8")
    assert len(response.context["credits"]) == 2


def test_below_target_lists_only_those_under_target(login, org, other_org):
    _credit(org["member"], "25")
    _credit(org["outsider"], "10")
    response = login(org["hr"]).get(reverse("training:jp_below_target"))
    shown = {e.pk for e in response.context["page"]}
    assert org["outsider"].pk in shown
    assert org["member"].pk not in shown
    assert other_org["outsider"].pk not in shown
    outsider = next(e for e in response.context["page"] if e.pk == org["outsider"].pk)
    assert outsider.jp_total == Decimal("10")


def test_below_target_skips_pppk_when_the_agency_says_so(login, org):
    pppk = EmployeeFactory(
        agency=org["agency"], unit=org["unit"], status="PPPK", golongan=""
    )
    client = login(org["hr"])
    url = reverse("training:jp_below_target")
    assert pppk.pk in {e.pk for e in client.get(url).context["page"]}
    org["agency"].jp_target_applies_to_pppk = False
    org["agency"].save()
    assert pppk.pk not in {e.pk for e in client.get(url).context["page"]}


def test_hr_nominates_from_the_below_target_list(login, org):
    session = session_for(org)
    response = login(org["hr"]).post(
        reverse("training:jp_below_target_nominate"),
        {"session": session.pk, "employee": [org["member"].pk, org["outsider"].pk]},
        follow=True,
    )
    assert "2 pegawai dinominasikan" in " ".join(_messages(response))
    assert set(session.enrolments.values_list("status", flat=True)) == {
        Status.NOMINATED
    }


def test_leader_reads_the_below_target_list_but_cannot_nominate(login, org):
    client = login(org["leader"])
    assert client.get(reverse("training:jp_below_target")).status_code == 200
    response = client.post(
        reverse("training:jp_below_target_nominate"),
        {"session": session_for(org).pk, "employee": [org["member"].pk]},
    )
    assert response.status_code == 403
    assert not Enrolment.objects.exists()


def test_hr_records_attendance_and_completion_credits_jp(login, org):
    session = past_session_for(org, program__jp=Decimal("16"))
    enrolment = EnrolmentFactory(session=session, employee=org["member"])
    client = login(org["hr"])
    for day in session.days.all():
        client.post(
            reverse("training:session_attendance", args=[session.pk]),
            {"day": day.pk, "present": [enrolment.pk]},
        )
    client.post(
        reverse("training:session_complete", args=[session.pk]), {"confirmed": "1"}
    )
    enrolment.refresh_from_db()
    assert enrolment.status == Status.COMPLETED
    assert JpCredit.objects.get(employee=org["member"]).jp == Decimal("16")
    body = login(org["member"]).get(reverse("training:my_jp")).content.decode()
    assert str(session) in body


def test_below_target_pages_count_in_the_same_query(login, org):
    for _ in range(55):
        EmployeeFactory(agency=org["agency"], unit=org["unit"], user=None)
    client = login(org["hr"])
    url = reverse("training:jp_below_target")
    # Nobody has JP yet: the 55 and the org's own people are all below target.
    total = Employee.objects.filter(agency=org["agency"]).count()
    first = client.get(url).context["page"]
    assert first.paginator.count == total
    assert len(first.object_list) == 50
    second = client.get(url, {"page": 2}).context["page"]
    assert len(second.object_list) == total - 50
    assert not {e.pk for e in first} & {e.pk for e in second}
    beyond = client.get(url, {"page": 99}).context["page"]
    assert beyond.number == 2
    assert client.get(url, {"page": "x"}).context["page"].number == 1


def test_hr_records_post_test_scores_and_out_of_scale_is_refused(login, org):
    session = past_session_for(org, program__requires_post_test=True)
    enrolment = EnrolmentFactory(session=session, employee=org["member"])
    client = login(org["hr"])
    url = reverse("training:session_attendance", args=[session.pk])
    response = client.post(url, {"score": "1", f"score-{enrolment.pk}": "120"})
    assert "antara 0 dan 100" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.post_test_score is None
    client.post(url, {"score": "1", f"score-{enrolment.pk}": "85,5"})
    enrolment.refresh_from_db()
    assert enrolment.post_test_score == Decimal("85.5")
    for day in session.days.all():
        services.record_attendance(day=day, present_enrolment_ids={enrolment.pk})
    services.complete_session(session=session)
    enrolment.refresh_from_db()
    assert enrolment.status == Status.COMPLETED


def test_unit_head_cannot_propose_for_another_unit(login, org):
    from people.tests.factories import WorkUnitFactory

    other_unit = WorkUnitFactory(agency=org["agency"])
    response = login(org["supervisor"]).post(
        reverse("training:need_create"),
        {
            "year": "2027",
            "unit": other_unit.pk,
            "competency": "Pengadaan barang/jasa",
            "target_group": "Pejabat pengadaan",
            "participants": "3",
            "priority": "2",
            "reason": "Rotasi pegawai",
        },
    )
    assert response.status_code == 200
    assert not TrainingNeed.objects.exists()


def test_below_target_counts_per_unit_link_to_the_filtered_list(login, org):
    from people.tests.factories import WorkUnitFactory

    lab = WorkUnitFactory(agency=org["agency"], name="UPTD Laboratorium")
    for _ in range(3):
        EmployeeFactory(agency=org["agency"], unit=lab, user=None)
    client = login(org["hr"])
    url = reverse("training:jp_below_target")
    per_unit = {
        r["unit__name"]: r["below"] for r in client.get(url).context["per_unit"]
    }
    assert per_unit["UPTD Laboratorium"] == 3
    filtered = client.get(url, {"unit": lab.pk}).context["page"]
    assert {e.unit_id for e in filtered} == {lab.pk}
    assert filtered.paginator.count == 3


def test_inactive_programs_are_hidden_from_asn_but_shown_to_hr(login, org):
    ProgramFactory(agency=org["agency"], title="Program Lama", is_active=False)
    url = reverse("training:catalog")
    assert "Program Lama" not in login(org["member"]).get(url).content.decode()
    assert "Program Lama" in login(org["hr"]).get(url).content.decode()


def test_hr_declines_a_need_and_the_unit_head_is_told(login, org):
    from notifications.models import Notification

    need = NeedFactory(proposed_by=org["supervisor"])
    login(org["hr"]).post(reverse("training:need_decline", args=[need.pk]))
    need.refresh_from_db()
    assert need.status == TrainingNeed.Status.DECLINED
    assert Notification.objects.filter(
        recipient=org["supervisor"].user, kind="training.need"
    ).exists()
    response = login(org["hr"]).post(
        reverse("training:need_decline", args=[need.pk]), follow=True
    )
    assert "sudah diproses" in " ".join(_messages(response))


def test_team_jp_shows_the_target_only_where_it_applies(client, org):
    from people.models import Agency

    Agency.objects.filter(pk=org["agency"].pk).update(jp_target_applies_to_pppk=False)
    contract = EmployeeFactory(
        agency=org["agency"],
        unit=org["unit"],
        supervisor=org["supervisor"],
        status=Employee.Status.PPPK,
        golongan="",
        pppk_grade=9,
        name="Pegawai Kontrak",
    )
    client.force_login(org["supervisor"].user)
    body = client.get(reverse("training:team_jp")).content.decode()
    row_of = {
        name: body[body.index(name) : body.index("</tr>", body.index(name))]
        for name in (org["member"].name, contract.name)
    }
    assert "target tidak berlaku" in row_of[contract.name]
    assert "target tidak berlaku" not in row_of[org["member"].name]


def test_a_refusal_needs_a_reason_the_asn_reads_and_the_request_is_read(client, org):
    from notifications.models import Notification

    session = session_for(org)
    client.force_login(org["member"].user)
    client.post(reverse("training:session_apply", args=[session.pk]))
    enrolment = Enrolment.objects.get(session=session, employee=org["member"])
    request = Notification.objects.get(
        recipient=org["supervisor"].user, kind="training.application"
    )
    assert request.read_at is None

    client.force_login(org["supervisor"].user)
    url = reverse("training:approval_decide", args=[enrolment.pk])
    page = client.post(url, {"decision": "reject", "reason": " "}, follow=True)
    assert "Tulis alasan penolakan" in page.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.APPLIED

    client.post(url, {"decision": "reject", "reason": "Bentrok dengan audit BPK"})
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.REJECTED
    told = Notification.objects.get(
        recipient=org["member"].user, step="rejected-by-supervisor"
    )
    assert told.body == "Bentrok dengan audit BPK"
    request.refresh_from_db()
    assert request.read_at is not None, "the acted-upon request is marked read"
    client.force_login(org["member"].user)
    assert (
        "Bentrok dengan audit BPK"
        in client.get(reverse("training:my_jp")).content.decode()
    )
