"""The Excel downloads of performance evaluation: each a plain function returning the
sheets (title, header, rows) that `asn_portal.exports` writes. Rows are iterables,
so the long lists stream from the database."""

from django.utils.translation import gettext as _

from asn_portal.exports import INTEGER, Column
from evaluations import figures, rules
from evaluations.models import EvaluationPeriod


def overview_filename(period: EvaluationPeriod) -> str:
    return f"ikhtisar-kinerja-{period.year}-{period.kind}-{period.number}.xlsx"


def overview_row_count(*, user, period: EvaluationPeriod) -> int:
    """The rows `overview_sheets` writes: each unit's on its first two sheets, and
    one per assessment not final (the size that decides a download's way)."""
    units = figures.overview_unit_count(user=user, period=period)
    not_final = figures.overdue(user=user, period=period, limit=None).count()
    return 2 * units + not_final


def overview_sheets(*, user, period: EvaluationPeriod) -> list:
    """HR's overview of one period: completion and predikat distribution per unit,
    then every assessment not yet final."""
    units = figures.overview(user=user, period=period)["units"]
    completion = [
        (u.name, u.employees, u.planned, u.submitted, u.rated, u.acknowledged)
        for u in units
    ]
    distribution = [
        (
            u.name,
            *[u.predikat.get(p, 0) for p in rules.PREDIKAT_ORDER],
            _("Ya") if u.cap_exceeded else "",
        )
        for u in units
    ]
    not_final = (
        (
            a.employee.nip,
            a.employee.name,
            a.employee.unit.name,
            a.employee.supervisor.name if a.employee.supervisor else "",
            a.get_status_display(),
        )
        for a in figures.overdue(user=user, period=period, limit=None).iterator()
    )
    completion_header = [
        _("Unit kerja"),
        *[
            Column(label, INTEGER)
            for label in (
                _("Pegawai"),
                _("SKP disetujui"),
                _("Diajukan"),
                _("Dinilai"),
                _("Final"),
            )
        ],
    ]
    distribution_header = [
        _("Unit kerja"),
        *[Column(str(p.label), INTEGER) for p in rules.PREDIKAT_ORDER],
        _("Melewati batas Sangat Baik"),
    ]
    not_final_header = ["NIP", _("Nama"), _("Unit kerja"), _("Atasan"), _("Status")]
    return [
        (_("Kelengkapan"), completion_header, completion),
        (_("Distribusi predikat"), distribution_header, distribution),
        (_("Belum final"), not_final_header, not_final),
    ]
