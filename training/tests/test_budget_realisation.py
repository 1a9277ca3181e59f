"""HR records what was actually spent (invoice lines per funding source) beside the
plan; the plan and the dashboard show planned against realised."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from dashboard.compose import all_panels
from people.panels import scope_for
from training.models import Expenditure, FundingSource, PlannedProgram
from training.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _plan_with_item(org):
    plan = PlanFactory(agency=org["agency"], year=YEAR)
    plan.allocations.create(source=FundingSource.APBD, amount=Decimal("10000000"))
    item = PlannedProgram.objects.create(
        plan=plan,
        title="Bimtek Pengadaan Barang/Jasa",
        form="bimtek",
        competency_area="Pengadaan",
        batches=1,
        participants_per_batch=20,
        cost_per_participant=Decimal("400000"),
        funding_source=FundingSource.APBD,
    )
    return plan, item


def _line(item, **changes):
    data = {
        "planned_program": item.pk,
        "source": "apbd",
        "amount": "2500000",
        "spent_on": f"{YEAR}-03-15",
        "invoice_number": "SPJ-014/III",
        "description": "Honor narasumber",
    }
    return {**data, **changes}


def test_hr_records_spending_and_the_plan_shows_it(login, org):
    plan, item = _plan_with_item(org)
    client = login(org["hr"])
    url = reverse("training:expenditure_create", args=[plan.pk])
    client.post(url, _line(item))
    client.post(url, _line(item, amount="1250000", description="Konsumsi"))
    page = client.get(plan.get_absolute_url())
    body = page.content.decode()
    apbd = next(r for r in page.context["budget"] if r["source"] == "apbd")
    assert apbd["realised"] == Decimal("3750000")
    assert apbd["unspent"] == Decimal("6250000")
    assert "3.750.000" in body
    assert "Honor narasumber" in body
    assert list(page.context["items"])[0].realised == Decimal("3750000")


def test_bad_lines_are_refused_at_the_field(login, org, other_org):
    plan, item = _plan_with_item(org)
    _other_plan, other_item = _plan_with_item(other_org)
    client = login(org["hr"])
    url = reverse("training:expenditure_create", args=[plan.pk])
    for changes, field in [
        ({"amount": "0"}, "amount"),
        ({"spent_on": f"{YEAR - 1}-12-31"}, "spent_on"),
        ({"planned_program": other_item.pk}, "planned_program"),
        ({"description": ""}, "description"),
    ]:
        response = client.post(url, _line(item, **changes))
        assert field in response.context["form"].errors, changes
    assert not Expenditure.objects.exists()


def test_a_line_is_corrected_and_deleted_with_a_reason(login, org):
    plan, item = _plan_with_item(org)
    client = login(org["hr"])
    client.post(reverse("training:expenditure_create", args=[plan.pk]), _line(item))
    line = Expenditure.objects.get()
    client.post(
        reverse("training:expenditure_edit", args=[line.pk]),
        {**_line(item, amount="2000000"), "reason": "salah ketik nominal"},
    )
    line.refresh_from_db()
    assert line.amount == Decimal("2000000")
    history = client.get(
        reverse("training:record_history", args=["realisasi", line.pk])
    ).content.decode()
    assert "salah ketik nominal" in history
    blocked = client.get(reverse("training:planned_program_delete", args=[item.pk]))
    assert "1 realisasi anggaran" in blocked.content.decode()
    client.post(
        reverse("training:expenditure_delete", args=[line.pk]), {"reason": "dobel"}
    )
    assert not Expenditure.objects.exists()


def test_the_dashboard_shows_planned_against_realised(org):
    plan, item = _plan_with_item(org)
    Expenditure.objects.create(
        plan=plan,
        planned_program=item,
        source=FundingSource.APBD,
        amount=Decimal("4000000"),
        spent_on=datetime.date(YEAR, 2, 1),
        description="Sewa aula",
    )
    scope = scope_for(org["leader"].user, year=YEAR)
    panel = next(p for p in all_panels(scope) if p.key == "anggaran_pelatihan")
    table = panel.tables[0]
    assert str(table.columns[4]) == "Realisasi"
    row = table.rows[0]
    assert (row[1], row[2], row[4]) == (
        Decimal("10000000"),
        Decimal("8000000"),
        Decimal("4000000"),
    )
    # Written as rupiah in the reader's language; stored as numbers in Excel.
    assert table.shown_rows()[0][1:3] == ["Rp 10.000.000", "Rp 8.000.000"]
    with translation.override("en"):
        assert table.shown_rows()[0][4] == "Rp 4,000,000"
    assert table.columns[1].number_format == '"Rp "#,##0'
