"""Recompute the training-quality totals the dashboard reads (`SessionUnitTotal`)
from the enrolments, answers and follow-ups: after an upgrade that adds them, after
a bulk load that sent no signals, or whenever in doubt. Safe to run at any time."""

from django.core.management.base import BaseCommand

from training.services.rollup import rebuild_session_totals


class Command(BaseCommand):
    help = "Hitung ulang rekap hasil pelatihan (kuesioner, evaluasi atasan) per sesi."

    def handle(self, *args, **options):
        rows = rebuild_session_totals()
        self.stdout.write(f"Rekap hasil pelatihan: {rows} baris.")
