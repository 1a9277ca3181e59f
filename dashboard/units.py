"""Roll per-unit counts up to the units a dashboard shows."""

from people.models import WorkUnit


def display_units(scope) -> list[WorkUnit]:
    """The units one level below the scope: the agency's top units, or the chosen
    unit's children (the unit itself if it has none)."""
    units = WorkUnit.objects.filter(agency=scope.agency)
    if scope.unit is None:
        return list(units.filter(parent__isnull=True).order_by("name"))
    children = list(units.filter(parent=scope.unit).order_by("name"))
    return children or [scope.unit]


def roll_up(per_unit: dict[int, dict], scope, keys: list[str]):
    """Sum per-unit figures ({unit_id: {key: n}}) into the display units.

    Loops over units (a few hundred at most), never over the rows behind the counts."""
    targets = display_units(scope)
    paths = dict(
        WorkUnit.objects.filter(pk__in=list(per_unit)).values_list("pk", "path")
    )
    totals = {unit.pk: dict.fromkeys(keys, 0) for unit in targets}
    for unit_id, figures in per_unit.items():
        path = paths.get(unit_id, "")
        for unit in targets:
            if path.startswith(unit.path):
                for key in keys:
                    totals[unit.pk][key] += figures.get(key) or 0
                break
    return [(unit, totals[unit.pk]) for unit in targets]
