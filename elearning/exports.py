"""The Excel download of a module's results: a plain function returning the sheets
(title, header, rows) that `asn_portal.exports` writes. The participants stream from
the database."""

from django.utils import timezone
from django.utils.translation import gettext as _

from elearning.models import Module


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") if moment else ""


def results_sheets(module: Module, participants) -> list:
    """One row per participant (`participants`: Progress with `lessons_done`), then
    the module's summary figures."""
    summary = participants.summary()
    rows = (
        [
            p.employee.name,
            p.employee.nip,
            p.employee.unit.name,
            _when(p.started_at),
            _when(p.completed_at),
            p.lessons_done,
            p.pre_score,
            p.post_score,
            p.gain,
        ]
        for p in participants.iterator(chunk_size=500)
    )
    header = [
        _("Nama"),
        "NIP",
        _("Unit kerja"),
        _("Mulai"),
        _("Selesai"),
        _("Materi selesai"),
        _("Pre-test"),
        _("Post-test terbaik"),
        _("Gain (poin)"),
    ]
    summary_rows = [
        [_("Modul"), module.title],
        [_("Peserta"), summary["participants"]],
        [_("Selesai"), summary["completed"]],
        [_("Tingkat penyelesaian (%)"), summary["completion_rate"]],
        [_("Rata-rata pre-test"), summary["avg_pre"]],
        [_("Rata-rata post-test"), summary["avg_post"]],
        [_("Rata-rata gain (poin)"), summary["avg_gain"]],
    ]
    return [
        (_("Peserta"), header, rows),
        (_("Ringkasan"), [_("Ukuran"), _("Nilai")], summary_rows),
    ]
