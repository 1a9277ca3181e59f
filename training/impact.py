"""Training impact on public service (Kirkpatrick level 4): for each service unit whose
staff completed a programme, the unit's IKM and complaints in a window before the
first of them completed it and in a window of the same length after the last did.

The figures say what changed, not why: the page says so, and says when a window is
not over yet or has too few respondents to conclude anything (the Krejcie–Morgan
minimum for the window's share of the unit's yearly service users)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, CharField, Count, Max, Min, Q, Value, When
from django.utils.translation import gettext as _

from asn_portal.formats import number
from feedback import ikm
from feedback.models import (
    Complaint,
    DailyTotal,
    ServiceUnit,
    daily_aggregates,
    ikm_from_row,
    weight_key_for,
)
from feedback.periods import day_bounds
from training.models import Enrolment

WINDOW_DAYS = 90
UNITS_SHOWN = 50


@dataclass(frozen=True)
class Window:
    start: datetime.date
    end: datetime.date


def windows_around(
    first_done: datetime.date, last_done: datetime.date, days: int = WINDOW_DAYS
) -> tuple[Window, Window]:
    """`days` days before the first completion and `days` days after the last."""
    before = Window(
        first_done - datetime.timedelta(days=days),
        first_done - datetime.timedelta(days=1),
    )
    after = Window(
        last_done + datetime.timedelta(days=1),
        last_done + datetime.timedelta(days=days),
    )
    return before, after


def window_population(users_per_year: int, days: int = WINDOW_DAYS) -> int:
    """The service users of a window: the yearly estimate's share, rounded up."""
    return -(-users_per_year * days // 365)


@dataclass(frozen=True)
class UnitImpact:
    unit: ServiceUnit
    staff_completed: int
    before: Window
    after: Window
    ikm_before: ikm.IkmResult
    ikm_after: ikm.IkmResult
    sample_before: ikm.SampleCheck
    sample_after: ikm.SampleCheck
    complaints_before: int
    complaints_after: int
    after_is_over: bool
    # The summed answers of each window, so several units' IKM can be pooled.
    answers_before: dict = field(default_factory=dict, repr=False, compare=False)
    answers_after: dict = field(default_factory=dict, repr=False, compare=False)
    weight_key: str = field(default=ikm.DEFAULT_WEIGHT, repr=False, compare=False)

    @property
    def ikm_change(self) -> Decimal | None:
        before, after = (
            self.ikm_before.ikm_unit_display,
            self.ikm_after.ikm_unit_display,
        )
        if before is None or after is None:
            return None
        return after - before

    @property
    def conclusion(self) -> str:
        if not self.after_is_over:
            return _("Periode sesudah pelatihan belum selesai (sampai %(date)s).") % {
                "date": self.after.end.strftime("%d-%m-%Y")
            }
        if not (self.sample_before.sufficient and self.sample_after.sufficient):
            return _(
                "Responden belum cukup untuk menyimpulkan: %(before)s sebelum dan "
                "%(after)s sesudah, minimal %(minimum)s per periode."
            ) % {
                "before": self.sample_before.respondents,
                "after": self.sample_after.respondents,
                "minimum": self.sample_after.minimum,
            }
        change = self.ikm_change
        if change is None:
            return _("IKM belum dapat dihitung untuk kedua periode.")
        if change > 0:
            return _("IKM naik %(points)s poin.") % {"points": number(change, 2)}
        if change < 0:
            return _("IKM turun %(points)s poin.") % {"points": number(-change, 2)}
        return _("IKM tidak berubah.")


def program_impact(program, *, today: datetime.date) -> list[UnitImpact]:
    """Every service unit whose staff completed `program`, with its before and after
    figures: five queries whatever the number of units (completions, the units,
    survey answers and complaints per unit and window, the agency's IKM weight)."""
    found = programs_impact(
        Enrolment.objects.filter(session__program=program),
        agency_id=program.agency_id,
        today=today,
        limit=UNITS_SHOWN,
    )
    return found.get(program.pk, [])


def programs_impact(
    enrolments, *, agency_id: int, today: datetime.date, limit: int
) -> dict[int, list[UnitImpact]]:
    """`program_impact` for every programme of `enrolments` at once, keyed by the
    programme's id: the same five queries whatever the number of programmes and
    units (at most `limit` programme–unit pairs, the latest completed first)."""
    completions = list(
        enrolments.filter(
            status=Enrolment.Status.COMPLETED,
            employee__service_units__isnull=False,
        )
        .order_by()
        .values("session__program", "employee__service_units")
        .annotate(
            first=Min("session__end_date"),
            last=Max("session__end_date"),
            staff=Count("employee", distinct=True),
        )
        .order_by("-last", "session__program", "employee__service_units")[:limit]
    )
    if not completions:
        return {}
    units = ServiceUnit.objects.in_bulk(
        {row["employee__service_units"] for row in completions}
    )
    spans: dict[int, dict[int, tuple[Window, Window]]] = {}
    for row in completions:
        spans.setdefault(row["session__program"], {})[
            row["employee__service_units"]
        ] = windows_around(row["first"], row["last"])
    # Survey answers from the daily totals (a row per unit and day, whole local days
    # like the windows), not the responses themselves: a million responses made the
    # dashboard's impact panel take seconds.
    answers = _per_window(
        DailyTotal.objects,
        spans,
        daily_aggregates(),
        lambda window: Q(day__gte=window.start, day__lte=window.end),
    )
    complaints = _per_window(
        Complaint.objects, spans, {"count": Count("id")}, _submitted_within
    )
    weight_key = weight_key_for(agency_id)
    results: dict[int, list[UnitImpact]] = {}
    for row in completions:
        program_id = row["session__program"]
        unit = units[row["employee__service_units"]]
        before, after = spans[program_id][unit.pk]
        key = f"{program_id}:{unit.pk}"
        population = window_population(unit.service_users_per_year)
        ikm_before = ikm_from_row(answers.get(f"{key}:before", {}), weight_key)
        ikm_after = ikm_from_row(answers.get(f"{key}:after", {}), weight_key)
        results.setdefault(program_id, []).append(
            UnitImpact(
                unit=unit,
                staff_completed=row["staff"],
                before=before,
                after=after,
                ikm_before=ikm_before,
                ikm_after=ikm_after,
                sample_before=ikm.check_sample(
                    respondents=ikm_before.respondents, population=population
                ),
                sample_after=ikm.check_sample(
                    respondents=ikm_after.respondents, population=population
                ),
                complaints_before=complaints.get(f"{key}:before", {}).get("count", 0),
                complaints_after=complaints.get(f"{key}:after", {}).get("count", 0),
                after_is_over=after.end < today,
                answers_before=answers.get(f"{key}:before", {}),
                answers_after=answers.get(f"{key}:after", {}),
                weight_key=weight_key,
            )
        )
    return {
        program_id: sorted(impacts, key=lambda impact: impact.unit.name)
        for program_id, impacts in results.items()
    }


def pooled_ikm(impacts: list[UnitImpact]) -> tuple[ikm.IkmResult, ikm.IkmResult]:
    """The IKM of every unit's answers together, before and after."""
    return tuple(
        ikm_from_row(
            _summed([getattr(impact, f"answers_{side}") for impact in impacts]),
            impacts[0].weight_key,
        )
        for side in ("before", "after")
    )


def _summed(rows: list[dict]) -> dict:
    total: dict = {}
    for row in rows:
        for name, value in row.items():
            if name == "window" or value is None:
                continue
            total[name] = total.get(name, 0) + value
    return total


def _submitted_within(window: Window) -> Q:
    since, until = day_bounds(window.start, window.end)
    return Q(submitted_at__gte=since, submitted_at__lt=until)


def _per_window(manager, spans: dict, aggregates: dict, within) -> dict[str, dict]:
    """One query: the aggregates per "<programme id>:<unit id>:before|after", of the
    rows of each unit for which `within(window)` holds.

    A day can lie in the windows of several programmes of one unit, so each
    programme's windows are grouped apart and the groups joined (UNION ALL)."""
    parts = []
    for program_id, per_unit in spans.items():
        cases = []
        for unit_id, windows in per_unit.items():
            for label, window in zip(("before", "after"), windows, strict=True):
                cases.append(
                    When(
                        Q(service_unit_id=unit_id) & within(window),
                        then=Value(f"{program_id}:{unit_id}:{label}"),
                    )
                )
        parts.append(
            manager.filter(service_unit_id__in=list(per_unit))
            .annotate(window=Case(*cases, default=None, output_field=CharField()))
            .exclude(window=None)
            .order_by()
            .values("window")
            .annotate(**aggregates)
        )
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return {row["window"]: row for row in rows}
