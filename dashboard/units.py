"""Roll per-unit counts up to the units a dashboard shows."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from people.models import WorkUnit


@dataclass
class UnitRow:
    pk: int
    name: str
    figures: dict


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
            u.pk, _("%(unit)s (langsung)") % {"unit": u.name}, dict.fromkeys(keys, 0)
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
