"""What a dashboard panel is, and the scope it is computed for.

Each app computes its own figures (`<app>/figures.py: panels(scope) -> list[Panel]`)
as plain data, fully evaluated, so the same panel renders as HTML, as a PDF page and as
an Excel sheet with identical numbers, and rendering runs no queries."""

import datetime
import json
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from people.models import Agency, Employee, WorkUnit


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
    columns: list[str]
    rows: list[list]
    # One drill-down URL per row (or None): every figure links to the list behind it.
    links: list[str | None] = field(default_factory=list)

    def rows_with_links(self) -> list[tuple[list, str | None]]:
        return [
            (row, self.links[i] if i < len(self.links) else None)
            for i, row in enumerate(self.rows)
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


@dataclass
class Panel:
    key: str  # also the Excel sheet name
    title: str
    headlines: list[Headline] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
