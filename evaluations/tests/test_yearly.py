"""The yearly assessment starts from the periodic ones: each item not rated yet is
pre-filled from the periodic assessment that ended last and says so, and every
page shows the ratings each work result and value received in the year's earlier
periodic assessments."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations import rules, services
from evaluations.models import BehaviourRating, EvaluationPeriod
from evaluations.rules import BerAkhlak, PeriodRating, Rating
from evaluations.tests.factories import make_agreed_plan, rating_kwargs, while_open
from people.models import Delegation
from people.tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

ABOVE, MEETS, BELOW = Rating.ABOVE, Rating.MEETS, Rating.BELOW


def _period(agency, kind, number, *, year, ends_month):
    today = timezone.localdate()
    ends_on = (
        datetime.date(year, 12, 31)
        if ends_month == 12
        else datetime.date(year, ends_month + 1, 1) - datetime.timedelta(days=1)
    )
    label = {"quarterly": "Triwulan", "annual": "Tahunan", "monthly": "Bulan"}[kind]
    return EvaluationPeriod.objects.create(
        agency=agency,
        year=year,
        kind=kind,
        number=number,
        name=f"{label} {number} {year}",
        starts_on=ends_on.replace(
            month=1 if kind == "annual" else ends_on.month, day=1
        ),
        ends_on=ends_on,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=5),
    )


def _submitted(plan, period):
    employee = plan.employee
    assessment = services.open_assessment(plan=plan, period=period, user=employee.user)
    with while_open(period):
        services.save_realisation(
            assessment=assessment,
            user=employee.user,
            entries={r.pk: {"realisation": "Selesai"} for r in plan.results.all()},
        )
        return services.submit_assessment(assessment=assessment, user=employee.user)


def _rated(plan, period, *, results, values=MEETS):
    """A periodic assessment rated with `results` (one rating per work result, in
    order) and every value `values` (or a dict per value)."""
    assessment = _submitted(plan, period)
    kwargs = rating_kwargs(assessment)
    kwargs["result_ratings"] = dict(
        zip(plan.results.values_list("pk", flat=True), results, strict=True)
    )
    if isinstance(values, dict):
        kwargs["value_ratings"] |= values
    else:
        kwargs["value_ratings"] = dict.fromkeys(BerAkhlak.values, values)
    with while_open(period):
        return services.rate_assessment(
            assessment=assessment, user=plan.employee.supervisor.user, **kwargs
        )


@pytest.fixture
def year():
    return timezone.localdate().year


@pytest.fixture
def plan(org, year):
    return make_agreed_plan(org["member"], year=year, results=2)


@pytest.fixture
def annual(org, year):
    return _period(org["agency"], "annual", 1, year=year, ends_month=12)


def _rate_page(client, assessment):
    return client.get(reverse("evaluations:assessment_rate", args=[assessment.pk]))


def _initials(page):
    form = page.context["form"]
    return {
        name: form[name].value()
        for name in form.fields
        if name.startswith(("result_", "value_"))
    }


# ---------------------------------------------------------------- the rule


def test_carried_rating_is_the_period_that_ended_last_whatever_the_order():
    q1 = PeriodRating("Triwulan 1", datetime.date(2026, 3, 31), ABOVE)
    q2 = PeriodRating("Triwulan 2", datetime.date(2026, 6, 30), BELOW)
    q3_unrated = PeriodRating("Triwulan 3", datetime.date(2026, 9, 30), "")
    assert rules.carried_rating([q2, q1]) == q2
    assert rules.carried_rating([q1, q2, q3_unrated]) == q2
    assert rules.carried_rating([q3_unrated]) is None
    assert rules.carried_rating([]) is None
    assert q2.rating_label == "Di Bawah Ekspektasi"


# ---------------------------------------------------------------- pre-fill


def test_without_periodic_assessments_the_yearly_form_starts_empty(
    client, org, plan, annual
):
    yearly = _submitted(plan, annual)
    client.force_login(org["supervisor"].user)
    page = _rate_page(client, yearly)
    assert page.status_code == 200
    assert set(_initials(page).values()) <= {"", None}
    assert "diisi dari penilaian periodik" not in page.content.decode()
    assert "Rating periodik" not in page.content.decode()


def test_yearly_form_takes_each_item_from_the_periodic_that_ended_last(
    client, org, plan, annual, year
):
    q1 = _period(org["agency"], "quarterly", 1, year=year, ends_month=3)
    q2 = _period(org["agency"], "quarterly", 2, year=year, ends_month=6)
    # Rated out of order: Triwulan 2 first, so the pick is by the period's end.
    _rated(plan, q2, results=[BELOW, MEETS], values={BerAkhlak.LOYAL: ABOVE})
    _rated(plan, q1, results=[ABOVE, ABOVE], values=BELOW)
    yearly = _submitted(plan, annual)
    first, second = plan.results.all()
    client.force_login(org["supervisor"].user)
    page = _rate_page(client, yearly)
    initial = _initials(page)
    assert initial[f"result_{first.pk}"] == BELOW
    assert initial[f"result_{second.pk}"] == MEETS
    assert initial["value_loyal"] == ABOVE
    assert initial["value_kompeten"] == MEETS
    body = page.content.decode()
    assert body.count(f"diisi dari penilaian periodik Triwulan 2 {year}") == 9
    # The overall suggestions follow what the form now shows.
    assert page.context["suggested_perilaku"] == MEETS
    # Nothing is saved by opening the page.
    assert not yearly.results.exclude(rating="").exists()
    assert not BehaviourRating.objects.filter(assessment=yearly).exists()


def test_a_rating_already_given_in_the_yearly_assessment_is_kept(
    client, org, plan, annual, year
):
    q1 = _period(org["agency"], "quarterly", 1, year=year, ends_month=3)
    _rated(plan, q1, results=[BELOW, BELOW], values=BELOW)
    yearly = _submitted(plan, annual)
    kwargs = rating_kwargs(yearly, hasil=ABOVE, perilaku=ABOVE)
    with while_open(annual):
        services.rate_assessment(
            assessment=yearly, user=org["supervisor"].user, **kwargs
        )
    client.force_login(org["supervisor"].user)
    page = _rate_page(client, yearly)
    assert set(_initials(page).values()) == {ABOVE}
    assert "diisi dari penilaian periodik" not in page.content.decode()
    # The history is still there beside the kept rating.
    assert f"Triwulan 1 {year}: Di Bawah Ekspektasi" in page.content.decode()


def test_a_periodic_assessment_is_not_prefilled_from_another(client, org, plan, year):
    q1 = _period(org["agency"], "quarterly", 1, year=year, ends_month=3)
    q2 = _period(org["agency"], "quarterly", 2, year=year, ends_month=6)
    _rated(plan, q1, results=[ABOVE, ABOVE], values=ABOVE)
    second = _submitted(plan, q2)
    client.force_login(org["supervisor"].user)
    page = _rate_page(client, second)
    assert set(_initials(page).values()) <= {"", None}
    # Its history shows the earlier quarter all the same.
    assert f"Triwulan 1 {year}: Di Atas Ekspektasi" in page.content.decode()


def test_a_plt_opening_the_yearly_form_sees_the_same_prefill(
    client, org, plan, annual, year
):
    q1 = _period(org["agency"], "quarterly", 1, year=year, ends_month=3)
    _rated(plan, q1, results=[ABOVE, BELOW], values=ABOVE)
    yearly = _submitted(plan, annual)
    today = timezone.localdate()
    Delegation.objects.create(
        delegator=org["supervisor"],
        delegate=org["outsider"],
        start_date=today,
        end_date=today + datetime.timedelta(days=3),
        decree_number="800/12/BKPSDM/2026",
    )
    client.force_login(org["outsider"].user)
    page = _rate_page(client, yearly)
    first = plan.results.first()
    assert _initials(page)[f"result_{first.pk}"] == ABOVE
    assert f"diisi dari penilaian periodik Triwulan 1 {year}" in page.content.decode()


def test_submitting_the_prefilled_form_saves_the_suggestions(
    client, org, plan, annual, year
):
    q1 = _period(org["agency"], "quarterly", 1, year=year, ends_month=3)
    _rated(plan, q1, results=[ABOVE, BELOW], values=ABOVE)
    yearly = _submitted(plan, annual)
    client.force_login(org["supervisor"].user)
    form = _rate_page(client, yearly).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data |= {"hasil_kerja": MEETS, "perilaku_kerja": ABOVE, "feedback": "Baik."}
    response = client.post(
        reverse("evaluations:assessment_rate", args=[yearly.pk]), data
    )
    assert response.status_code == 302
    assert sorted(yearly.results.values_list("rating", flat=True)) == sorted(
        [ABOVE, BELOW]
    )
    assert set(
        BehaviourRating.objects.filter(assessment=yearly).values_list(
            "rating", flat=True
        )
    ) == {ABOVE}


# ---------------------------------------------------------------- history


def test_detail_page_shows_each_items_periodic_ratings_in_period_order(
    client, org, plan, annual, year
):
    q1 = _period(org["agency"], "quarterly", 1, year=year, ends_month=3)
    q2 = _period(org["agency"], "quarterly", 2, year=year, ends_month=6)
    _rated(plan, q2, results=[BELOW, MEETS], values={BerAkhlak.ADAPTIF: BELOW})
    _rated(plan, q1, results=[ABOVE, MEETS], values=ABOVE)
    yearly = _submitted(plan, annual)
    client.force_login(org["member"].user)
    page = client.get(yearly.get_absolute_url())
    first = plan.results.first()
    rows = {row["result"].pk: row["periodic"] for row in page.context["rows"]}
    assert [(h.period_name, h.rating) for h in rows[first.pk]] == [
        (f"Triwulan 1 {year}", ABOVE),
        (f"Triwulan 2 {year}", BELOW),
    ]
    values = {b["value"]: b["periodic"] for b in page.context["behaviour"]}
    assert [h.rating for h in values[BerAkhlak.ADAPTIF]] == [ABOVE, BELOW]
    assert [h.rating for h in values[BerAkhlak.LOYAL]] == [ABOVE, MEETS]
    body = page.content.decode()
    assert "Rating periodik" in body
    assert f"Triwulan 2 {year}: Di Bawah Ekspektasi" in body
    # The yearly page only shows the ratings: it pre-fills nothing by itself.
    assert "diisi dari penilaian periodik" not in body


def test_history_leaves_out_another_years_and_another_employees_ratings(
    client, org, plan, annual, year
):
    last_year = _period(org["agency"], "quarterly", 1, year=year - 1, ends_month=3)
    old_plan = make_agreed_plan(org["member"], year=year - 1, results=2)
    _rated(old_plan, last_year, results=[BELOW, BELOW], values=BELOW)
    q1 = _period(org["agency"], "quarterly", 1, year=year, ends_month=3)
    colleague = EmployeeFactory(
        agency=org["agency"],
        unit=org["unit"],
        supervisor=org["supervisor"],
        user=UserFactory(username="a-colleague"),
    )
    _rated(make_agreed_plan(colleague, year=year), q1, results=[BELOW, BELOW])
    yearly = _submitted(plan, annual)
    client.force_login(org["supervisor"].user)
    page = _rate_page(client, yearly)
    assert not page.context["has_periodic"]
    assert "Di Bawah Ekspektasi</div>" not in page.content.decode()


def test_history_costs_the_same_queries_for_one_or_four_quarters(
    client, org, plan, annual, year, django_assert_max_num_queries
):
    quarters = [
        _period(org["agency"], "quarterly", n, year=year, ends_month=3 * n)
        for n in range(1, 5)
    ]
    _rated(plan, quarters[0], results=[ABOVE, MEETS])
    yearly = _submitted(plan, annual)
    client.force_login(org["supervisor"].user)
    urls = [
        yearly.get_absolute_url(),
        reverse("evaluations:assessment_rate", args=[yearly.pk]),
    ]
    small = []
    for url in urls:
        client.get(url)  # the session and permissions are cached from here on
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        small.append(len(queries))
    for quarter in quarters[1:]:
        _rated(plan, quarter, results=[BELOW, ABOVE], values=ABOVE)
    for url, count in zip(urls, small, strict=True):
        with django_assert_max_num_queries(count):
            page = client.get(url)
        assert len(page.context["rows"][0]["periodic"]) == 4
