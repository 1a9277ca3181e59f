"""The employee list's download: exactly the rows its filter matched, one sheet
through `asn_portal.lists.export_response`. Dates stay dates and the PPPK grade a
number; the NIP stays text (18 digits are more than a spreadsheet number holds).
Above `IN_REQUEST` rows the file is built by a background job (people.jobs)."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from asn_portal.lists import export_response

CHUNK = 2000
# Rows written inside the request; a larger download is built by a job.
IN_REQUEST = 5000
FILENAME = "pegawai.xlsx"


def employees_export(employees):
    return export_response(FILENAME, *employee_sheet(employees))


def employee_sheet(employees, progress: Callable[[int], None] | None = None):
    """(title, header, rows) of the employees, the rows streamed; `progress(done)`
    hears the rows written every CHUNK rows."""
    header = [
        _("Nama"),
        "NIP",
        _("Status"),
        _("Golongan"),
        _("Grade PPPK"),
        _("Jabatan"),
        _("Unit kerja"),
        _("Atasan langsung"),
        _("Tanggal lahir"),
        _("Email"),
        _("Punya akun"),
        _("Aktif"),
    ]
    yes, no = _("ya"), _("tidak")
    rows = (
        [
            e.full_name,
            e.nip,
            e.status,
            e.golongan,
            e.pppk_grade,
            e.jabatan_name,
            e.unit.name if e.unit else "",
            e.supervisor.full_name if e.supervisor else "",
            e.birth_date,
            e.email,
            yes if e.user_id else no,
            yes if e.is_active else no,
        ]
        for e in employees.iterator(chunk_size=CHUNK)
    )
    return _("Pegawai"), header, _reporting(rows, progress) if progress else rows


def _reporting(rows, progress):
    for done, row in enumerate(rows, start=1):
        yield row
        if done % CHUNK == 0:
            progress(done)
