"""HR corrects what was typed wrong in partners, agreements, the plan, programmes
and sessions: every edit
and deletion says why, the history keeps it, and what something depends on blocks
its deletion."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from notifications.models import Notification
from training.models import (
    Enrolment,
    FundingSource,
    Partner,
    PartnerAgreement,
    PlannedProgram,
    Program,
    TrainingNeed,
    TrainingSession,
)
from training.tests.factories import (
    EnrolmentFactory,
    NeedFactory,
    PartnerFactory,
    PlanFactory,
    ProgramFactory,
    session_for,
)

pytestmark = pytest.mark.django_db


def _item(plan, **fields):
    values = {
        "title": "Bimtek SIPD",
        "form": "bimtek",
        "competency_area": "Keuangan",
        "batches": 1,
        "participants_per_batch": 10,
        "cost_per_participant": Decimal("500"),
        "funding_source": FundingSource.APBD,
    }
    return PlannedProgram.objects.create(plan=plan, **{**values, **fields})


def _item_data(item, **changes):
    data = {
        "title": item.title,
        "form": item.form,
        "competency_area": item.competency_area,
        "batches": item.batches,
        "participants_per_batch": item.participants_per_batch,
        "cost_per_participant": item.cost_per_participant,
        "funding_source": item.funding_source,
        "partner": item.partner_id or "",
        "reason": "salah ketik biaya",
    }
    return {**data, **changes}


def test_partner_edit_keeps_the_reason_and_the_change_in_history(login, org):
    partner = PartnerFactory(agency=org["agency"], name="Universitas Sumatra Utara")
    client = login(org["hr"])
    response = client.post(
        reverse("training:partner_edit", args=[partner.pk]),
        {
            "name": "Universitas Sumatera Utara",
            "kind": partner.kind,
            "contact": "humas@usu.ac.id",
            "is_active": "on",
            "reason": "nama salah eja",
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name == "Universitas Sumatera Utara"
    history = client.get(
        reverse("training:record_history", args=["mitra", partner.pk])
    ).content.decode()
    assert "nama salah eja" in history
    assert "Universitas Sumatra Utara → Universitas Sumatera Utara" in history
    assert org["hr"].user.username in history


def test_an_edit_without_a_reason_is_refused_at_the_field(login, org):
    partner = PartnerFactory(agency=org["agency"], name="Politeknik Medan")
    response = login(org["hr"]).post(
        reverse("training:partner_edit", args=[partner.pk]),
        {"name": "Politeknik Negeri Medan", "kind": partner.kind, "reason": ""},
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    partner.refresh_from_db()
    assert partner.name == "Politeknik Medan"


def test_a_partner_renamed_to_another_partners_name_is_refused(login, org):
    PartnerFactory(agency=org["agency"], name="LAN RI")
    partner = PartnerFactory(agency=org["agency"], name="BPSDM Provinsi")
    response = login(org["hr"]).post(
        reverse("training:partner_edit", args=[partner.pk]),
        {"name": "LAN RI", "kind": partner.kind, "reason": "gabung"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    partner.refresh_from_db()
    assert partner.name == "BPSDM Provinsi"


def test_a_partner_with_programmes_cannot_be_deleted(login, org):
    partner = PartnerFactory(agency=org["agency"])
    ProgramFactory(agency=org["agency"], partner=partner)
    client = login(org["hr"])
    url = reverse("training:partner_delete", args=[partner.pk])
    page = client.get(url)
    assert 'data-testid="blocking"' in page.content.decode()
    assert "1 program di katalog" in page.content.decode()
    client.post(url, {"reason": "tidak jadi"})
    assert Partner.objects.filter(pk=partner.pk).exists()


def test_an_unused_partner_is_deleted_with_its_reason_kept(login, org):
    partner = PartnerFactory(agency=org["agency"], name="Yayasan Salah Input")
    client = login(org["hr"])
    url = reverse("training:partner_delete", args=[partner.pk])
    refused = client.post(url, {"reason": ""})
    assert "reason" in refused.context["form"].errors
    assert Partner.objects.filter(pk=partner.pk).exists()
    response = client.post(url, {"reason": "tercatat dua kali"})
    assert response.url == reverse("training:partner_list")
    assert not Partner.objects.filter(pk=partner.pk).exists()
    deleted = Partner.history.get(id=partner.pk, history_type="-")
    assert deleted.history_change_reason == "tercatat dua kali"
    assert deleted.history_user == org["hr"].user


def test_agreement_edit_and_its_dates_rule(login, org):
    partner = PartnerFactory(agency=org["agency"])
    agreement = PartnerAgreement.objects.create(
        partner=partner,
        number="PKS/01/2026",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    client = login(org["hr"])
    url = reverse("training:agreement_edit", args=[agreement.pk])
    data = {
        "number": "PKS/001/2026",
        "start_date": "2026-01-01",
        "end_date": "2025-12-31",
        "funding_amount": "0",
        "reason": "nomor salah",
    }
    assert "end_date" in client.post(url, data).context["form"].errors
    response = client.post(url, {**data, "end_date": "2027-12-31"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.number == "PKS/001/2026"
    assert agreement.end_date == datetime.date(2027, 12, 31)


def test_plan_year_cannot_take_another_plans_year(login, org):
    PlanFactory(agency=org["agency"], year=2027)
    plan = PlanFactory(agency=org["agency"], year=2028)
    response = login(org["hr"]).post(
        reverse("training:plan_edit", args=[plan.pk]),
        {"year": "2027", "title": plan.title, "reason": "tahun salah"},
    )
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.year == 2028


def test_a_plan_with_programmes_cannot_be_deleted_an_empty_one_can(login, org):
    full = PlanFactory(agency=org["agency"], year=2027)
    _item(full)
    empty = PlanFactory(agency=org["agency"], year=2028)
    client = login(org["hr"])
    client.post(reverse("training:plan_delete", args=[full.pk]), {"reason": "x"})
    client.post(reverse("training:plan_delete", args=[empty.pk]), {"reason": "ganda"})
    assert full.__class__.objects.filter(pk=full.pk).exists()
    assert not empty.__class__.objects.filter(pk=empty.pk).exists()


def test_editing_the_cost_clears_the_over_budget_warning(login, org):
    plan = PlanFactory(agency=org["agency"])
    plan.allocations.create(source=FundingSource.APBD, amount=1000)
    item = _item(plan, cost_per_participant=Decimal("500"))  # 5.000 > 1.000
    client = login(org["hr"])
    assert (
        'data-testid="budget-warning"'
        in client.get(plan.get_absolute_url()).content.decode()
    )
    response = client.post(
        reverse("training:planned_program_edit", args=[item.pk]),
        _item_data(item, cost_per_participant="100"),
    )
    assert response.status_code == 302
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="budget-warning"' not in page
    assert item.history.first().history_change_reason == "salah ketik biaya"


def test_needs_follow_the_planned_programme_through_edit_and_deletion(login, org):
    plan = PlanFactory(agency=org["agency"])
    kept = NeedFactory(proposed_by=org["supervisor"], competency="Arsip digital")
    dropped = NeedFactory(proposed_by=org["supervisor"], competency="Tata naskah")
    item = _item(plan)
    TrainingNeed.objects.filter(pk__in=[kept.pk, dropped.pk]).update(
        planned_program=item, status=TrainingNeed.Status.PLANNED
    )
    client = login(org["hr"])
    client.post(
        reverse("training:planned_program_edit", args=[item.pk]),
        _item_data(item, needs=[kept.pk]),
    )
    dropped.refresh_from_db()
    assert dropped.status == TrainingNeed.Status.PROPOSED
    assert dropped.planned_program is None
    client.post(
        reverse("training:planned_program_delete", args=[item.pk]),
        {"reason": "program digabung"},
    )
    kept.refresh_from_db()
    assert not PlannedProgram.objects.filter(pk=item.pk).exists()
    assert kept.status == TrainingNeed.Status.PROPOSED


def test_a_planned_programme_already_in_the_catalogue_is_not_deleted(login, org):
    plan = PlanFactory(agency=org["agency"])
    need = NeedFactory(proposed_by=org["supervisor"])
    item = _item(plan, program=ProgramFactory(agency=org["agency"]))
    TrainingNeed.objects.filter(pk=need.pk).update(
        planned_program=item, status=TrainingNeed.Status.PLANNED
    )
    login(org["hr"]).post(
        reverse("training:planned_program_delete", args=[item.pk]),
        {"reason": "batal"},
    )
    need.refresh_from_db()
    assert PlannedProgram.objects.filter(pk=item.pk).exists()
    assert need.status == TrainingNeed.Status.PLANNED, "nothing changed on refusal"


def test_quota_of_zero_takes_the_unit_out(login, org):
    item = _item(PlanFactory(agency=org["agency"]))
    client = login(org["hr"])
    url = reverse("training:quota_save", args=[item.pk])
    client.post(url, {"unit": org["unit"].pk, "seats": "4"})
    assert item.quotas.get().seats == 4
    client.post(url, {"unit": org["unit"].pk, "seats": "0"})
    assert not item.quotas.exists()


def test_another_agencys_records_are_not_found(login, org, other_org):
    partner = PartnerFactory(agency=other_org["agency"])
    item = _item(PlanFactory(agency=other_org["agency"]))
    client = login(org["hr"])
    for url in [
        reverse("training:partner_edit", args=[partner.pk]),
        reverse("training:partner_delete", args=[partner.pk]),
        reverse("training:record_history", args=["mitra", partner.pk]),
        reverse("training:planned_program_edit", args=[item.pk]),
        reverse("training:record_history", args=["program-rencana", item.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.get(
            reverse("training:record_history", args=["bukan-jenis", partner.pk])
        ).status_code
        == 404
    )


# Programmes and sessions ---------------------------------------------------------


def _session_data(session, **changes):
    data = {
        "name": session.name,
        "start_date": session.start_date.isoformat(),
        "end_date": session.end_date.isoformat(),
        "venue": session.venue,
        "capacity": session.capacity,
        "status": session.status,
        "reason": "tempat pindah",
    }
    return {**data, **changes}


def test_session_edit_needs_a_reason_and_keeps_it(login, org):
    session = session_for(org, venue="Aula Lama")
    client = login(org["hr"])
    url = reverse("training:session_edit", args=[session.pk])
    refused = client.post(url, _session_data(session, venue="Aula Baru", reason=""))
    assert "reason" in refused.context["form"].errors
    client.post(url, _session_data(session, venue="Aula Baru"))
    session.refresh_from_db()
    assert session.venue == "Aula Baru"
    history = client.get(
        reverse("training:record_history", args=["sesi", session.pk])
    ).content.decode()
    assert "tempat pindah" in history


def test_cancelling_is_not_a_status_the_edit_form_offers(login, org):
    session = session_for(org)
    form = (
        login(org["hr"])
        .get(reverse("training:session_edit", args=[session.pk]))
        .context["form"]
    )
    offered = [value for value, _label in form.fields["status"].choices]
    assert TrainingSession.Status.CANCELLED not in offered


def test_cancelling_a_session_tells_each_participant_why(login, org):
    session = session_for(org)
    confirmed = EnrolmentFactory(
        session=session, employee=org["member"], status=Enrolment.Status.CONFIRMED
    )
    withdrawn = EnrolmentFactory(
        session=session, employee=org["outsider"], status=Enrolment.Status.WITHDRAWN
    )
    client = login(org["hr"])
    url = reverse("training:session_cancel", args=[session.pk])
    page = client.get(url).content.decode()
    assert "1 peserta terkonfirmasi" in page
    assert "reason" in client.post(url, {"reason": " "}).context["form"].errors
    client.post(url, {"reason": "Narasumber berhalangan; dijadwal ulang Januari"})
    session.refresh_from_db()
    assert session.status == TrainingSession.Status.CANCELLED
    told = Notification.objects.filter(title__contains="dibatalkan")
    assert [n.recipient for n in told] == [confirmed.employee.user]
    assert told.get().body == "Narasumber berhalangan; dijadwal ulang Januari"
    assert withdrawn.employee.user not in [n.recipient for n in told]
    assert session.history.first().history_change_reason.startswith("Narasumber")
    again = client.post(url, {"reason": "dua kali"})
    assert "tidak dapat dibatalkan" in again.content.decode()


def test_a_session_with_enrolments_is_cancelled_not_deleted(login, org):
    session = session_for(org)
    EnrolmentFactory(session=session, employee=org["member"])
    client = login(org["hr"])
    client.post(
        reverse("training:session_delete", args=[session.pk]), {"reason": "salah"}
    )
    assert TrainingSession.objects.filter(pk=session.pk).exists()


def test_an_empty_session_and_then_its_programme_are_deleted(login, org):
    session = session_for(org)
    program = session.program
    client = login(org["hr"])
    blocked = client.get(reverse("training:program_delete", args=[program.pk]))
    assert "1 sesi" in blocked.content.decode()
    client.post(
        reverse("training:session_delete", args=[session.pk]),
        {"reason": "angkatan dobel"},
    )
    response = client.post(
        reverse("training:program_delete", args=[program.pk]),
        {"reason": "program dobel"},
    )
    assert response.url == reverse("training:catalog")
    assert not Program.objects.filter(pk=program.pk).exists()


def test_programme_edit_keeps_the_reason(login, org):
    program = ProgramFactory(agency=org["agency"], title="Bimtek Arsip")
    client = login(org["hr"])
    form = client.get(reverse("training:program_edit", args=[program.pk])).context[
        "form"
    ]
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update(title="Bimtek Kearsipan Digital", reason="judul diperbaiki")
    response = client.post(reverse("training:program_edit", args=[program.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    program.refresh_from_db()
    assert program.title == "Bimtek Kearsipan Digital"
    assert program.history.first().history_change_reason == "judul diperbaiki"
