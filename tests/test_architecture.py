"""How the apps depend on each other: every app may build on the ones below it, none
in a circle, and the dashboard only composes (no app imports it).

Read from the source, not from what happens to be imported at run time, so an
import hidden inside a function counts as much as one at the top of a module."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings


def _project_apps() -> dict[str, Path]:
    base = Path(settings.BASE_DIR).resolve()
    return {
        config.name: Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and "site-packages" not in Path(config.path).parts
    }


def _imported_modules(source: Path):
    for node in ast.walk(ast.parse(source.read_text(), filename=str(source))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno


def app_imports() -> dict[str, dict[str, list[str]]]:
    """{app: {other app: ["file:line", ...]}} for the product code of each app
    (tests and migrations left out)."""
    project_apps = _project_apps()
    graph = {name: {} for name in project_apps}
    for name, folder in project_apps.items():
        for source in sorted(folder.rglob("*.py")):
            parts = source.relative_to(folder).parts
            if "tests" in parts or "migrations" in parts:
                continue
            for module, line in _imported_modules(source):
                other = module.split(".")[0]
                if other in graph and other != name:
                    where = f"{name}/{'/'.join(parts)}:{line}"
                    graph[name].setdefault(other, []).append(where)
    return graph


def import_cycles(graph) -> list[list[str]]:
    """The groups of apps that import each other, directly or through others
    (strongly connected components of more than one app, Tarjan's algorithm)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(app):
        index[app] = low[app] = len(index)
        stack.append(app)
        on_stack.add(app)
        for other in graph[app]:
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in on_stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for app in graph:
        if app not in index:
            visit(app)
    return groups


def test_no_app_imports_another_in_a_circle():
    graph = app_imports()
    cycles = import_cycles(graph)
    details = [
        f"{a} -> {b}: {graph[a][b][0]}"
        for group in cycles
        for a in group
        for b in group
        if b in graph[a]
    ]
    assert cycles == [], details


def module_imports(app: str) -> dict[str, dict[str, list[str]]]:
    """{module: {module of the same app it imports: ["file:line", ...]}} for the
    product code of one app, so `from training.services import delivery` and
    `from training import tasks` both count as importing that module."""
    folder = _project_apps()[app]
    modules = {}
    for source in sorted(folder.rglob("*.py")):
        parts = source.relative_to(folder).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join((app, *parts))] = source
    graph = {name: {} for name in modules}
    for name, source in modules.items():
        tree = ast.parse(source.read_text(), filename=str(source))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [
                    f"{node.module}.{alias.name}"
                    if f"{node.module}.{alias.name}" in modules
                    else node.module
                    for alias in node.names
                ]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            for target in targets:
                if target in modules and target != name:
                    where = f"{source.relative_to(folder.parent)}:{node.lineno}"
                    graph[name].setdefault(target, []).append(where)
    return graph


def test_no_training_module_imports_another_in_a_circle():
    """Services, tasks, views and forms of training build on one another one way:
    an import hidden inside a function counts too."""
    graph = module_imports("training")
    cycles = import_cycles(graph)
    details = [
        f"{a} -> {b}: {graph[a][b][0]}"
        for group in cycles
        for a in group
        for b in group
        if b in graph[a]
    ]
    assert cycles == [], details


def test_the_module_graph_sees_imports_of_sibling_modules_and_packages():
    graph = module_imports("training")
    assert "training.services.delivery" in graph["training.tasks"]
    assert "training.services.ledger" in graph["training.services.catalog"]
    assert "training.admin.delivery" in graph["training.admin"]


def test_the_dashboard_only_composes_no_app_imports_it():
    graph = app_imports()
    importers = {
        app: edges["dashboard"] for app, edges in graph.items() if "dashboard" in edges
    }
    assert importers == {}


def test_the_cycle_finder_finds_a_circle_through_three_apps():
    graph = {"a": {"b": []}, "b": {"c": []}, "c": {"a": []}, "d": {"a": []}}
    assert import_cycles(graph) == [["a", "b", "c"]]


def test_every_view_says_who_may_open_it_the_one_way():
    """Access decorators are asn_portal.access.allow only: Django's own login and
    permission decorators are not stacked by hand in any views module."""
    stacked = [
        f"{app}/{source.relative_to(folder)}:{line}"
        for app, folder in _project_apps().items()
        for source in [*folder.glob("views*.py"), *folder.glob("views/*.py")]
        for module, line in _imported_modules(source)
        if module == "django.contrib.auth.decorators"
    ]
    assert stacked == []


def test_a_view_states_its_access_in_one_allow_call():
    """Two stacked `@allow(...)` say in two places what one call says."""
    stacked = []
    for app, folder in _project_apps().items():
        for source in [*folder.glob("views*.py"), *folder.glob("views/*.py")]:
            lines = source.read_text().splitlines()
            stacked += [
                f"{app}/{source.relative_to(folder)}:{n + 1}"
                for n in range(len(lines) - 1)
                if lines[n].startswith("@allow(") and lines[n + 1].startswith("@allow(")
            ]
    assert stacked == []
