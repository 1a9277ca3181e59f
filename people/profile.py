"""The employee profile: the one page HR and the supervisor go to for a person.

Each app that knows something about an employee has a `profile.py` with
`sections(employee, viewer) -> list[ProfileSection]`. A section is computed inside the
viewer's own scope (each app's `visible_to`), so it shows exactly what the viewer
could open elsewhere, and an empty section is left out. The sections are plain data
with a template of their own, so this module needs nothing from the apps and the
apps need nothing from each other."""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps

# The order of the sections on the page.
PROFILE_APPS = ["training", "evaluations", "mentoring"]


@dataclass(frozen=True)
class Action:
    label: str
    url: str


@dataclass(frozen=True)
class ProfileSection:
    key: str  # the anchor of the section on the page
    title: str
    template: str
    context: dict
    actions: list[Action] = field(default_factory=list)


def sections_for(employee, viewer) -> list[ProfileSection]:
    sections = []
    for label in PROFILE_APPS:
        if not apps.is_installed(label):
            continue
        try:
            module = import_module(f"{label}.profile")
        except ModuleNotFoundError:
            continue
        sections.extend(module.sections(employee, viewer))
    return sections
