"""The competency-development figures a leader's dashboard shows."""

from decimal import Decimal

from django.db.models import (
    Count,
    Q,
    Sum,
)
from django.urls import reverse
from django.utils.translation import gettext as _

from asn_portal.exports import DECIMAL, INTEGER, PERCENT, RUPIAH, Column
from people.panels import (
    Chart,
    Headline,
    Panel,
    Scope,
    Table,
    drill_url,
    roll_up,
)
from training.jp import exact_jp
from training.models import DevelopmentForm, Program
from training.models.ledger import reached_target, subject_to_target
from training.services.jp_totals import jp_by_form


def panels(scope: Scope) -> list[Panel]:
    target = scope.agency.jp_target_per_year
    # Who reached the target: an index-only range of the yearly JP totals.
    reached = reached_target(agency=scope.agency, year=scope.year)
    per_unit = {
        row["unit_id"]: row
        for row in subject_to_target(scope.employees(), agency=scope.agency)
        .values("unit_id")
        .annotate(total=Count("id"), met=Count("id", filter=Q(pk__in=reached)))
    }
    rows = roll_up(per_unit, scope, ["total", "met"])
    compliance = Table(
        title=_("ASN yang mencapai %(target)s JP tahun %(year)s")
        % {"target": target, "year": scope.year},
        columns=[
            _("Unit kerja"),
            Column(_("ASN"), INTEGER),
            Column(_("Mencapai target"), INTEGER),
            Column(_("Persen (%)"), PERCENT),
            Column(_("Di bawah target"), INTEGER),
        ],
        rows=[
            [
                r.name,
                r.figures["total"],
                r.figures["met"],
                _percent(r.figures["met"], r.figures["total"]),
                r.figures["total"] - r.figures["met"],
            ]
            for r in rows
        ],
        links=[_below_target_url(scope, r.query) for r in rows],
        count_column=4,
    )
    by_form = jp_by_form(scope)
    labels = dict(DevelopmentForm.choices)
    per_jp = scope.agency.minutes_per_jp
    form_rows = [
        [
            str(labels.get(r["form"], r["form"])),
            exact_jp(r["declared"], r["minutes"], minutes_per_jp=per_jp),
            r["people"],
        ]
        for r in by_form
    ]
    forms = Table(
        title=_("JP per bentuk pengembangan"),
        columns=[_("Bentuk"), Column(_("JP"), DECIMAL), Column(_("ASN"), INTEGER)],
        rows=sorted(form_rows, key=lambda row: row[1], reverse=True),
    )
    total = sum(r.figures["total"] for r in rows)
    met = sum(r.figures["met"] for r in rows)
    return [
        Panel(
            key="kompetensi",
            title=_("Pengembangan kompetensi"),
            headlines=[
                Headline(
                    _("ASN mencapai target JP"),
                    _percent(met, total),
                    _below_target_url(scope, scope.unit_query),
                    _("%(met)s dari %(total)s ASN") % {"met": met, "total": total},
                    kind=PERCENT,
                    link_count=total - met,
                ),
            ],
            tables=[compliance, forms],
            charts=[
                Chart(table=compliance, kind="bar", value_columns=[3]),
                Chart(table=forms, kind="doughnut", value_columns=[1]),
            ],
        ),
        *quality_and_budget_panels(scope),
    ]


def _jp(value) -> Decimal:
    """SQLite sums decimals as floats; show JP with two decimals everywhere."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def _percent(part: int, whole: int) -> float:
    return round(part * 100 / whole, 1) if whole else 0.0


def _below_target_url(scope: Scope, unit_query: str) -> str:
    """The below-target list of the scope's year, narrowed by `unit_query`."""
    return drill_url(
        reverse("training:jp_below_target"), f"tahun={scope.year}", unit_query
    )


def quality_and_budget_panels(scope: Scope) -> list[Panel]:
    return [_quality_panel(scope), *_impact_panels(scope), _budget_panel(scope)]


# At most this many programme–unit pairs, the latest completed first.
IMPACT_PAIRS_SHOWN = 200


def _impact_panels(scope: Scope) -> list[Panel]:
    """Per programme whose sessions ended in the period and whose staff in scope
    serve at a service unit: the units' IKM and complaints before the staff
    completed it and after (`training.impact`), all units pooled. Six queries at
    most whatever the number of programmes; no panel when no window has any answer
    or complaint."""
    from django.utils import timezone

    from training.impact import pooled_ikm, programs_impact
    from training.models import Enrolment

    found = programs_impact(
        Enrolment.objects.filter(
            scope.q("employee__"),
            session__program__agency=scope.agency,
            session__end_date__gte=scope.start,
            session__end_date__lte=scope.end,
        ),
        agency_id=scope.agency.pk,
        today=timezone.localdate(),
        limit=IMPACT_PAIRS_SHOWN,
    )
    if not found:
        return []
    titles = dict(Program.objects.filter(pk__in=list(found)).values_list("pk", "title"))
    rows, links = [], []
    for program_id in sorted(found, key=lambda pk: (titles.get(pk, ""), pk)):
        impacts = found[program_id]
        ikm_before, ikm_after = pooled_ikm(impacts)
        complaints_before = sum(i.complaints_before for i in impacts)
        complaints_after = sum(i.complaints_after for i in impacts)
        if not (
            ikm_before.respondents
            or ikm_after.respondents
            or complaints_before
            or complaints_after
        ):
            continue
        rows.append(
            [
                titles.get(program_id, ""),
                len(impacts),
                # The respondents beside each IKM: a reader sees how thin a sample
                # is (the results page says per unit whether it is sufficient).
                ikm_before.respondents,
                ikm_before.ikm_unit_display,
                ikm_after.respondents,
                ikm_after.ikm_unit_display,
                complaints_before,
                complaints_after,
            ]
        )
        links.append(reverse("training:program_results", args=[program_id]))
    if not rows:
        return []
    table = Table(
        title=_("IKM dan pengaduan unit layanan sebelum dan sesudah pelatihan"),
        columns=[
            _("Program"),
            Column(_("Unit layanan"), INTEGER),
            Column(_("Responden sebelum"), INTEGER),
            Column(_("IKM sebelum"), DECIMAL),
            Column(_("Responden sesudah"), INTEGER),
            Column(_("IKM sesudah"), DECIMAL),
            Column(_("Pengaduan sebelum"), INTEGER),
            Column(_("Pengaduan sesudah"), INTEGER),
        ],
        rows=rows,
        links=links,
    )
    return [
        Panel(
            key="dampak_pelatihan",
            title=_("Dampak pelatihan pada layanan"),
            headlines=[Headline(_("Program dengan data dampak"), len(rows))],
            tables=[table],
            charts=[Chart(table=table, kind="bar", value_columns=[3, 5])],
        )
    ]


def _quality_panel(scope: Scope) -> Panel:
    """Reaction (questionnaires), behaviour (supervisors' follow-up) per program of
    the sessions that ended in the period, from the per-session totals
    (`SessionUnitTotal`): one query whatever the number of answers. Scores are a
    share of the scale's maximum, so 1–4 and 1–5 templates compare."""
    from training.models import Aspect, SessionUnitTotal

    aspects = list(Aspect)
    sums = ["attended", "responses", "follow_up_sum", "follow_up_count"]
    for aspect in aspects:
        sums += [f"{aspect.value}_sum", f"{aspect.value}_count"]
    programs = (
        SessionUnitTotal.objects.filter(
            scope.q(),
            program__agency=scope.agency,
            end_date__gte=scope.start,
            end_date__lte=scope.end,
        )
        .order_by()
        .values("program_id", "program__title")
        .annotate(**{name: Sum(name) for name in sums})
    )
    rows, links, answered, attended = [], [], 0, 0
    for program in sorted(
        programs, key=lambda values: (values["program__title"], values["program_id"])
    ):
        if not (program["attended"] or program["responses"]):
            continue  # only follow-ups of people who did not attend: nothing to rate
        answered += program["responses"]
        attended += program["attended"]
        rows.append(
            [
                program["program__title"],
                program["attended"],
                _percent(program["responses"], program["attended"]),
                *[_average(program, aspect.value) for aspect in aspects],
                _average(program, "follow_up"),
            ]
        )
        links.append(reverse("training:program_results", args=[program["program_id"]]))
    table = Table(
        title=_("Nilai kuesioner per program dan aspek (% dari skor maksimum)"),
        columns=[
            _("Program"),
            Column(_("Peserta"), INTEGER),
            Column(_("Tingkat respons (%)"), PERCENT),
            *[Column(str(a.label), PERCENT) for a in aspects],
            Column(_("Penerapan (evaluasi atasan)"), PERCENT),
        ],
        rows=rows,
        links=links,
    )
    return Panel(
        key="kualitas_pelatihan",
        title=_("Kualitas pelatihan"),
        headlines=[
            Headline(_("Program dievaluasi"), len(rows)),
            Headline(
                _("Tingkat respons kuesioner"),
                _percent(answered, attended),
                kind=PERCENT,
            ),
        ],
        tables=[table],
        charts=[
            Chart(
                table=table,
                kind="bar",
                value_columns=[3 + i for i in range(len(aspects))],
            )
        ],
    )


def _budget_panel(scope: Scope) -> Panel:
    """Planned cost and budget available per funding source (the agency's plan of
    the year), beside what the seats taken so far cost: seats in that year's sessions
    only (a plan's programs ran in earlier years too, on earlier years' budgets)."""
    import datetime

    from training.models import DevelopmentPlan, Enrolment, FundingSource

    plan = DevelopmentPlan.objects.filter(agency=scope.agency, year=scope.year).first()
    budget = {row["source"]: row for row in plan.budget_by_source()} if plan else {}
    spent = (
        dict(
            Enrolment.objects.filter(
                scope.q("employee__"),
                session__program__planned_items__plan=plan,
                status__in=Enrolment.SEAT_STATUSES,
                session__start_date__gte=datetime.date(scope.year, 1, 1),
                session__start_date__lte=scope.end,
            )
            .order_by()
            .values("session__program__planned_items__funding_source")
            .annotate(
                total=Sum("session__program__planned_items__cost_per_participant")
            )
            .values_list("session__program__planned_items__funding_source", "total")
        )
        if plan
        else {}
    )
    rows = []
    for source, label in FundingSource.choices:
        row = budget.get(source)
        if row is None and source not in spent:
            continue
        rows.append(
            [
                str(label),
                row["available"] if row else 0,
                row["planned"] if row else 0,
                spent.get(source) or 0,
                row["realised"] if row else 0,
            ]
        )
    table = Table(
        title=_("Anggaran pelatihan %(year)s per sumber dana") % {"year": scope.year},
        columns=[
            _("Sumber dana"),
            *[
                Column(c, RUPIAH)
                for c in (
                    _("Pagu"),
                    _("Rencana"),
                    _("Nilai kursi terisi"),
                    _("Realisasi"),
                )
            ],
        ],
        rows=rows,
        links=[plan.get_absolute_url()] * len(rows) if plan else [],
    )
    exceeded = [r[0] for r in rows if r[2] > r[1]]
    return Panel(
        key="anggaran_pelatihan",
        title=_("Anggaran pelatihan"),
        headlines=[
            Headline(
                _("Sumber dana melebihi pagu"),
                ", ".join(exceeded) if exceeded else _("tidak ada"),
                plan.get_absolute_url() if plan else None,
            )
        ],
        tables=[table],
        charts=[Chart(table=table, kind="bar", value_columns=[1, 2, 4])],
    )


def _average(totals: dict, name: str):
    """A summed percentage's mean over its count, one decimal; None without any."""
    count = totals[f"{name}_count"]
    return _round(totals[f"{name}_sum"] / count) if count else None


def _round(value):
    return round(float(value), 1) if value is not None else None
