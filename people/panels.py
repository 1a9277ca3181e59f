"""The figure vocabulary: what a dashboard panel is, the scope it is computed for,
and how per-unit counts roll up the unit tree.

Each app computes its own figures (`<app>/figures.py: panels(scope) -> list[Panel]`)
as plain data, fully evaluated, so the same panel renders as HTML, as a PDF page and as
an Excel sheet with identical numbers, and rendering runs no queries. The vocabulary
lives here, below every app, so the apps' figures need nothing from the dashboard,
which only composes them (`dashboard/compose.py`)."""

import datetime
import json
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from asn_portal.exports import GENERAL, INTEGER, Column
from people.models import Agency, Employee, WorkUnit
from people.scope import require_employee, unit_root_of


@dataclass(frozen=True)
class Scope:
    """Whose figures (an agency, or a unit and everything below it) over which dates."""

    agency: Agency
    start: datetime.date
    end: datetime.date
    unit: WorkUnit | None = None

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def label(self) -> str:
        place = self.unit.name if self.unit else self.agency.name
        return _("%(place)s, %(start)s s.d. %(end)s") % {
            "place": place,
            "start": f"{self.start:%d-%m-%Y}",
            "end": f"{self.end:%d-%m-%Y}",
        }

    @property
    def unit_query(self) -> str:
        """The query string that narrows a list to the scope's unit ("" for the
        whole agency)."""
        return f"unit={self.unit.pk}" if self.unit else ""

    def q(self, prefix: str = "") -> Q:
        """A filter on any model that reaches an Employee-like agency and unit by
        `prefix` (e.g. "employee__" or "session__program__")."""
        condition = Q(**{f"{prefix}agency_id": self.agency.pk})
        if self.unit is not None:
            condition &= Q(**{f"{prefix}unit__path__startswith": self.unit.path})
        return condition

    def employees(self):
        return Employee.objects.active().filter(self.q())


@dataclass
class Table:
    title: str
    # A label, or a `Column` that says what the column holds (a count, a
    # percentage), so the Excel download stores numbers with their format.
    columns: list[str | Column]
    rows: list[list]
    # One drill-down URL per row (or None): every figure links to the list behind it.
    links: list[str | None] = field(default_factory=list)
    # The column whose figure the row's link lists: the linked page shows the same
    # count (`data-drill-count`), which the dashboard's drill-down test checks.
    count_column: int | None = None

    def rows_with_links(self) -> list[tuple[list, str | None]]:
        return [
            (row, self.links[i] if i < len(self.links) else None)
            for i, row in enumerate(self.rows)
        ]

    def shown_rows(self) -> list[list[str]]:
        """Each cell as a reader sees it on a page or in a PDF, by its column's
        kind: "1.234", "60,00", "66,7%", "Rp 950.000.000"."""
        columns = [c if isinstance(c, Column) else Column(c) for c in self.columns]
        return [
            [column.shown(value) for column, value in zip(columns, row, strict=False)]
            for row in self.rows
        ]

    def shown_rows_with_links(self) -> list[tuple[list[str], str | None]]:
        return [
            (shown, link)
            for shown, (_row, link) in zip(
                self.shown_rows(), self.rows_with_links(), strict=True
            )
        ]


@dataclass
class Chart:
    """A chart drawn from a table's columns, so its numbers are in the table too."""

    table: Table
    kind: str  # "bar", "line", "doughnut"
    label_column: int = 0
    value_columns: list[int] = field(default_factory=lambda: [1])
    stacked: bool = False

    def chart_json(self) -> str:
        return json.dumps(self.chart_data())

    def chart_data(self) -> dict:
        return {
            "kind": self.kind,
            "stacked": self.stacked,
            "labels": [str(row[self.label_column]) for row in self.table.rows],
            "datasets": [
                {
                    "label": str(self.table.columns[column]),
                    "data": [_number(row[column]) for row in self.table.rows],
                    # The page writes tooltips and axis figures by this kind.
                    "kind": getattr(self.table.columns[column], "kind", GENERAL),
                }
                for column in self.value_columns
            ],
        }


@dataclass
class Headline:
    label: str
    value: object
    link: str | None = None
    note: str = ""
    kind: str = GENERAL  # PERCENT: the value is a percentage, shown with "%"
    of: int | None = None  # "46 / 219": the value is 46 of this 219
    # How many rows the linked list shows (its `data-drill-count`, checked by the
    # dashboard's drill-down test); None when the link opens a summary, not a list.
    link_count: int | None = None

    @property
    def text(self) -> str:
        """The figure as a reader sees it on the dashboard and in documents:
        "66,2%", "46 / 219", "Rp 950.000.000"."""
        text = Column("", self.kind).shown(self.value)
        if self.of is None or self.value is None:
            return text
        return f"{text} / {Column('', INTEGER).shown(self.of)}"


@dataclass
class Panel:
    key: str  # also the Excel sheet name
    title: str
    headlines: list[Headline] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

    def charted_tables(self) -> list[tuple[Table, list[Chart]]]:
        """Each table that has charts, with them, in the tables' order: a page
        draws the charts and folds the table under them."""
        charted = []
        for table in self.tables:
            charts = [chart for chart in self.charts if chart.table is table]
            if charts:
                charted.append((table, charts))
        return charted

    def plain_tables(self) -> list[Table]:
        """The tables no chart draws: shown as they are."""
        drawn = {id(chart.table) for chart in self.charts}
        return [table for table in self.tables if id(table) not in drawn]


@dataclass
class UnitRow:
    pk: int
    name: str
    figures: dict
    # The people placed in the unit itself, not those of the units below it.
    direct: bool = False

    @property
    def query(self) -> str:
        """The query string that narrows a list (`asn_portal.lists.UnitTreeFilter`)
        to the people this row counts."""
        return f"unit={self.pk}&langsung=1" if self.direct else f"unit={self.pk}"


def display_units(scope) -> tuple[list[WorkUnit], list[WorkUnit]]:
    """The units one level below the scope (the agency's top units, or the chosen
    unit's children) and the single units passed on the way down.

    A single unit at the top (a Sekretariat Daerah over every OPD) says nothing, so
    the level below it is shown instead. Bounded by the depth of the tree."""
    units = WorkUnit.objects.filter(agency=scope.agency)
    if scope.unit is None:
        shown = list(units.filter(parent__isnull=True).order_by("name"))
    else:
        shown = [scope.unit]
    passed = []
    while len(shown) == 1:
        children = list(units.filter(parent=shown[0]).order_by("name"))
        if not children:
            break
        passed.append(shown[0])
        shown = children
    return shown, passed


def roll_up(per_unit: dict[int, dict], scope, keys: list[str]) -> list[UnitRow]:
    """Sum per-unit figures ({unit_id: {key: n}}) into the display units; people
    placed directly in a unit passed on the way down get a row of their own.

    Loops over units (a few hundred at most), never over the rows behind the counts."""
    shown, passed = display_units(scope)
    paths = dict(
        WorkUnit.objects.filter(pk__in=list(per_unit)).values_list("pk", "path")
    )
    rows = [UnitRow(u.pk, u.name, dict.fromkeys(keys, 0)) for u in shown]
    direct = {
        u.pk: UnitRow(
            u.pk,
            _("%(unit)s (langsung)") % {"unit": u.name},
            dict.fromkeys(keys, 0),
            direct=True,
        )
        for u in passed
    }
    for unit_id, figures in per_unit.items():
        path = paths.get(unit_id, "")
        target = next(
            (
                row
                for row, unit in zip(rows, shown, strict=True)
                if path.startswith(unit.path)
            ),
            direct.get(unit_id),
        )
        if target is None:
            continue
        for key in keys:
            target.figures[key] += figures.get(key) or 0
    extra = [row for row in direct.values() if any(row.figures.values())]
    return extra + rows


def drill_url(url: str, *queries: str) -> str:
    """`url` with the non-empty query strings joined: the list behind a figure."""
    query = "&".join(part for part in queries if part)
    return f"{url}?{query}" if query else url


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def scope_for(user, *, year: int, unit_id=None, quarter: int | None = None) -> Scope:
    """The scope a user asked for, never wider than the one they are allowed."""
    employee = require_employee(user)
    allowed_root = unit_root_of(user)
    unit = allowed_root
    if unit_id:
        units = WorkUnit.objects.in_agency(employee.agency_id)
        if allowed_root is not None:
            units = units.subtree_of(allowed_root)
        unit = units.filter(pk=unit_id).first()
        if unit is None:
            raise Http404
    start, end = period_bounds(year, quarter)
    return Scope(agency=employee.agency, unit=unit, start=start, end=end)


def period_bounds(
    year: int, quarter: int | None
) -> tuple[datetime.date, datetime.date]:
    if quarter:
        first_month = 3 * (quarter - 1) + 1
        start = datetime.date(year, first_month, 1)
        end = month_end(year, first_month + 2)
        return start, end
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
