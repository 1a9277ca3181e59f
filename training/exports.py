"""The downloads of training's HR lists (below target, approvals, a session's
enrolments): exactly the rows the list's filter matched, as one sheet through
`asn_portal.lists.export_response`. JP, targets and scores stay numbers, dates stay
dates, so a spreadsheet can sum and sort them. Rows stream from the database."""

from django.utils.translation import gettext as _

from asn_portal.lists import export_response
from training.jp import jp_progress_percent, jp_shortfall

CHUNK = 2000


def below_target_export(employees, *, agency, year: int):
    target = agency.jp_target_per_year
    header = [
        _("Nama"),
        "NIP",
        _("Status"),
        _("Unit kerja"),
        _("JP %(year)s") % {"year": year},
        _("Target JP"),
        _("Kekurangan JP"),
        _("Capaian (%)"),
    ]
    rows = (
        [
            e.full_name,
            e.nip,
            e.status,
            e.unit.name if e.unit else "",
            e.jp_total,
            target,
            jp_shortfall(e.jp_total, target=target),
            jp_progress_percent(e.jp_total, target=target),
        ]
        for e in employees.order_by("unit__path", "jp_total", "name").iterator(
            chunk_size=CHUNK
        )
    )
    return export_response(
        f"di-bawah-target-jp-{year}.xlsx", _("Di bawah target"), header, rows
    )


def approvals_export(enrolments):
    header = [
        _("Nama"),
        "NIP",
        _("Sesi"),
        _("Tanggal mulai"),
        _("Tanggal selesai"),
        "JP",
    ]
    rows = (
        [
            e.employee.full_name,
            e.employee.nip,
            str(e.session),
            e.session.start_date,
            e.session.end_date,
            e.session.program.jp,
        ]
        for e in enrolments.iterator(chunk_size=CHUNK)
    )
    return export_response("persetujuan-pelatihan.xlsx", _("Persetujuan"), header, rows)


def enrolments_export(session, enrolments):
    header = [
        _("Nama"),
        "NIP",
        _("Unit kerja saat mendaftar"),
        _("Status"),
        _("No. daftar tunggu"),
        _("Nilai post-test"),
    ]
    rows = (
        [
            e.employee.full_name,
            e.employee.nip,
            e.unit.name,
            e.get_status_display(),
            e.waitlist_position,
            e.post_test_score,
        ]
        for e in enrolments.iterator(chunk_size=CHUNK)
    )
    return export_response(
        f"peserta-sesi-{session.pk}.xlsx", _("Peserta"), header, rows
    )
