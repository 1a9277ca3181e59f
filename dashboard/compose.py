"""The dashboard composes the figures each app owns; it computes none itself."""

from importlib import import_module

from django.apps import apps

from people.panels import Panel, Scope

# The order panels appear in, on screen and in reports.
FIGURE_APPS = [
    "people",
    "training",
    "competencies",
    "idp",
    "elearning",
    "evaluations",
    "mentoring",
    "feedback",
]


def all_panels(scope: Scope) -> list[Panel]:
    panels = []
    for label in FIGURE_APPS:
        if not apps.is_installed(label):
            continue
        try:
            module = import_module(f"{label}.figures")
        except ModuleNotFoundError:
            continue
        panels.extend(module.panels(scope))
    return panels
