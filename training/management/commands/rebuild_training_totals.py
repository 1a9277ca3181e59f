"""Recompute the training totals the dashboard reads from what they sum: the quality
totals (`SessionUnitTotal`) from the enrolments, answers and follow-ups, the JP per
form (`JpFormTotal`) from the ledger: after an upgrade that adds them, after a bulk
load that sent no signals, or whenever in doubt. Safe to run at any time."""

from django.core.management.base import BaseCommand

from training.services.jp_totals import rebuild_jp_form_totals
from training.services.rollup import rebuild_session_totals


class Command(BaseCommand):
    help = (
        "Hitung ulang rekap hasil pelatihan (kuesioner, evaluasi atasan) per sesi "
        "dan rekap JP per bentuk pengembangan."
    )

    def handle(self, *args, **options):
        rows = rebuild_session_totals()
        self.stdout.write(f"Rekap hasil pelatihan: {rows} baris.")
        rows = rebuild_jp_form_totals()
        self.stdout.write(f"Rekap JP per bentuk pengembangan: {rows} baris.")
