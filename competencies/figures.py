"""Competency gaps of a scope (an agency, or a unit and everything below it), for the
gap page and the leader's dashboard (docs/domain.md, "Competency gap").

The standard of a jabatan is matched to employees by name, which no foreign key
expresses, so the gaps are grouped in one SQL statement of our own; it is written in
SQL that PostgreSQL and SQLite (the development database) both run."""

from dataclasses import dataclass

from django.db import connections, router
from django.urls import reverse
from django.utils.translation import gettext as _

from asn_portal.exports import DECIMAL, INTEGER, Column
from competencies.models import AssessedLevel, Competency, JobStandard, RequiredLevel
from people.models import Employee, WorkUnit
from people.panels import Chart, Headline, Panel, Scope, Table, drill_url, roll_up

TOP_EMPLOYEES = 20
TOP_COMPETENCIES = 10


# Each active employee of the scope joined with every level their jabatan's standard
# requires and the latest assessment of that competency (or none).
FROM_REQUIRED = """
    FROM {employee} e
    JOIN {unit} u ON u.id = e.unit_id
    JOIN {standard} s
      ON s.agency_id = e.agency_id AND LOWER(s.jabatan_name) = LOWER(e.jabatan_name)
    JOIN {required} r ON r.standard_id = s.id
    LEFT JOIN {assessed} a ON a.id = (
        SELECT x.id FROM {assessed} x
        WHERE x.employee_id = e.id AND x.competency_id = r.competency_id
        ORDER BY x.assessed_on DESC, x.id DESC LIMIT 1)
    WHERE e.agency_id = %s AND e.is_active = %s AND u.path LIKE %s
"""


def _from_required(scope: Scope) -> tuple[str, list]:
    # Only the models' own table names are put into the text; values are parameters.
    sql = FROM_REQUIRED.format(  # nosec B608
        employee=Employee._meta.db_table,
        unit=WorkUnit._meta.db_table,
        standard=JobStandard._meta.db_table,
        required=RequiredLevel._meta.db_table,
        assessed=AssessedLevel._meta.db_table,
    )
    path = scope.unit.path if scope.unit else ""
    return sql, [scope.agency.pk, True, f"{path}%"]


GAP_COLUMNS = """
    COUNT(*),
    COUNT(a.level),
    SUM(CASE WHEN a.level < r.level THEN 1 ELSE 0 END),
    SUM(CASE WHEN a.level < r.level THEN r.level - a.level ELSE 0 END)
"""


@dataclass
class GapCount:
    required: int = 0  # employee × competency pairs the standards require
    assessed: int = 0  # of which the competency was assessed
    with_gap: int = 0  # of which the latest level is below the requirement
    levels: int = 0  # the levels still to climb, summed

    def add(self, required, assessed, with_gap, levels):
        self.required += required
        self.assessed += assessed
        self.with_gap += with_gap or 0
        self.levels += levels or 0

    @property
    def average(self) -> float | None:
        """Levels to climb per assessed requirement."""
        return round(self.levels / self.assessed, 2) if self.assessed else None


def _cursor():
    """A cursor on the database the ORM would read these tables from: the read
    replica inside `asn_portal.replica.read_on_replica` (the dashboard)."""
    return connections[router.db_for_read(AssessedLevel)].cursor()


def gaps_by_unit_and_competency(scope: Scope) -> dict[tuple[int, int], GapCount]:
    source, params = _from_required(scope)
    with _cursor() as cursor:
        cursor.execute(
            f"SELECT e.unit_id, r.competency_id, {GAP_COLUMNS} {source} "
            "GROUP BY e.unit_id, r.competency_id",
            params,
        )
        found = {}
        for unit_id, competency_id, *counts in cursor.fetchall():
            found.setdefault((unit_id, competency_id), GapCount()).add(*counts)
    return found


def employees_with_largest_gaps(scope: Scope, limit: int = TOP_EMPLOYEES) -> list:
    """[(employee pk, name, jabatan, unit name, requirements with a gap, levels)],
    the most levels first."""
    source, params = _from_required(scope)
    with _cursor() as cursor:
        cursor.execute(
            "SELECT e.id, e.name, e.jabatan_name, u.name, "
            "SUM(CASE WHEN a.level < r.level THEN 1 ELSE 0 END) AS gaps, "
            "SUM(CASE WHEN a.level < r.level THEN r.level - a.level ELSE 0 END) "
            f"AS levels {source} "
            "GROUP BY e.id, e.name, e.jabatan_name, u.name "
            "HAVING SUM(CASE WHEN a.level < r.level THEN 1 ELSE 0 END) > 0 "
            "ORDER BY levels DESC, e.name LIMIT %s",
            [*params, limit],
        )
        return cursor.fetchall()


def below_standard(scope: Scope) -> list[tuple[int, int, str, int]]:
    """[(employee pk, competency pk, the standard's jabatan name, levels short)] for
    every requirement of the scope's active employees whose latest level is below
    it, in one query (for training: needs from gaps, the gaps a plan closes)."""
    source, params = _from_required(scope)
    with _cursor() as cursor:
        cursor.execute(
            "SELECT e.id, r.competency_id, s.jabatan_name, r.level - a.level "
            f"{source} AND a.level < r.level ORDER BY r.competency_id, e.id",
            params,
        )
        return cursor.fetchall()


def competency_gap_summary(scope: Scope) -> dict:
    """What the gap page and the dashboard panel show, in four queries: totals, the
    competencies with the most levels to climb, the display units, the people."""
    by_pair = gaps_by_unit_and_competency(scope)
    total = GapCount()
    per_competency: dict[int, GapCount] = {}
    per_unit: dict[int, dict] = {}
    for (unit_id, competency_id), count in by_pair.items():
        counts = (count.required, count.assessed, count.with_gap, count.levels)
        total.add(*counts)
        per_competency.setdefault(competency_id, GapCount()).add(*counts)
        figures = per_unit.setdefault(unit_id, {"with_gap": 0, "levels": 0})
        figures["with_gap"] += count.with_gap
        figures["levels"] += count.levels
    names = Competency.objects.in_bulk(list(per_competency))
    competencies = sorted(
        ((names[pk], count) for pk, count in per_competency.items()),
        key=lambda item: (-item[1].levels, -item[1].with_gap, item[0].code),
    )
    return {
        "total": total,
        "competencies": competencies,
        "units": roll_up(per_unit, scope, ["with_gap", "levels"]) if per_unit else [],
    }


def panels(scope: Scope) -> list[Panel]:
    summary = competency_gap_summary(scope)
    total = summary["total"]
    if not total.required:
        return []
    page = reverse("competencies:gaps")
    table = Table(
        title=_("Kompetensi dengan kesenjangan terbesar"),
        columns=[
            _("Kompetensi"),
            Column(_("Dipersyaratkan"), INTEGER),
            Column(_("Sudah dinilai"), INTEGER),
            Column(_("Di bawah standar"), INTEGER),
            Column(_("Rata-rata kesenjangan (level)"), DECIMAL),
        ],
        rows=[
            [str(c), n.required, n.assessed, n.with_gap, n.average]
            for c, n in summary["competencies"][:TOP_COMPETENCIES]
        ],
    )
    units = Table(
        title=_("Kesenjangan kompetensi per unit"),
        columns=[
            _("Unit"),
            Column(_("Di bawah standar"), INTEGER),
            Column(_("Jumlah level kesenjangan"), INTEGER),
        ],
        rows=[
            [row.name, row.figures["with_gap"], row.figures["levels"]]
            for row in summary["units"]
        ],
        links=[drill_url(page, row.query) for row in summary["units"]],
    )
    return [
        Panel(
            key="kesenjangan_kompetensi",
            title=_("Kesenjangan kompetensi"),
            headlines=[
                Headline(
                    _("Persyaratan sudah dinilai"),
                    total.assessed,
                    drill_url(page, scope.unit_query),
                    of=total.required,
                ),
                Headline(_("Di bawah standar"), total.with_gap),
                Headline(
                    _("Rata-rata kesenjangan (level)"), total.average, kind=DECIMAL
                ),
            ],
            tables=[table, units],
            charts=[Chart(table=table, kind="bar", value_columns=[3])],
        )
    ]
