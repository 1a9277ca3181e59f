"""Demo data for training, called by `manage.py seed_demo` after the people app made
the agencies and their ASN: `catalog` (partners, needs, plans with budgets, programs,
sessions, enrolments, attendance and JP credits), then `delivery` (questionnaires,
follow-up, certificates and internships of those sessions), then the dashboard's
training totals of what they wrote in bulk."""

import random

from training.demo import catalog, delivery
from training.services.rollup import rebuild_session_totals


def seed(*, agencies, size: str, rng: random.Random) -> None:
    catalog.seed(agencies=agencies, size=size, rng=rng)
    delivery.seed(agencies=agencies, size=size, rng=rng)
    for agency in agencies:
        rebuild_session_totals(agency=agency)
