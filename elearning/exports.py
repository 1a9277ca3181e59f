"""The Excel download of a module's results: a plain function returning the sheets
(title, header, rows) that `asn_portal.exports` writes. The participants stream from
the database."""

from django.utils.translation import gettext as _

from asn_portal.exports import DATETIME, DECIMAL, INTEGER, PERCENT, Column, Value
from elearning.models import Module


def results_filename(module: Module) -> str:
    return f"hasil-elearning-{module.pk}.xlsx"


def results_sheets(module: Module, participants) -> list:
    """One row per participant (`participants`: Progress with `lessons_done`), then
    the module's summary figures."""
    summary = participants.summary()
    rows = (
        [
            p.employee.name,
            p.employee.nip,
            p.employee.unit.name,
            p.started_at,
            p.completed_at,
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
        Column(_("Mulai"), DATETIME),
        Column(_("Selesai"), DATETIME),
        Column(_("Materi selesai"), INTEGER),
        Column(_("Pre-test"), DECIMAL),
        Column(_("Post-test terbaik"), DECIMAL),
        Column(_("Gain (poin)"), DECIMAL),
    ]
    summary_rows = [
        [_("Modul"), module.title],
        [_("Peserta"), Value(summary["participants"], INTEGER)],
        [_("Selesai"), Value(summary["completed"], INTEGER)],
        [_("Tingkat penyelesaian (%)"), Value(summary["completion_rate"], PERCENT)],
        [_("Rata-rata pre-test"), Value(summary["avg_pre"], DECIMAL)],
        [_("Rata-rata post-test"), Value(summary["avg_post"], DECIMAL)],
        [_("Rata-rata gain (poin)"), Value(summary["avg_gain"], DECIMAL)],
    ]
    return [
        (_("Peserta"), header, rows),
        (_("Ringkasan"), [_("Ukuran"), _("Nilai")], summary_rows),
    ]
