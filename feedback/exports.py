"""The raw-data downloads of SKM (each survey response) and of complaints: plain
functions returning a header and rows for `asn_portal.exports`. Rows stream from the
database. The IKM report's own downloads are in `feedback.reports`."""

from asn_portal.exports import DATE, DATETIME, Column
from feedback import ikm
from feedback.models import ServiceUnit, SurveyResponse
from feedback.periods import Period

RESPONSE_HEADER = [
    "Waktu",
    *ikm.UNSUR_CODES,
    "Jenis kelamin",
    "Usia",
    "Pendidikan",
    "Pekerjaan",
    "Jenis layanan",
    "Saran",
    "Sumber",
]
COMPLAINTS_FILENAME = "pengaduan.xlsx"
COMPLAINT_HEADER = [
    "Nomor",
    "Unit layanan",
    "Jenis",
    Column("Diterima", DATETIME),
    Column("Batas waktu", DATE),
    "Status",
    "Ditugaskan",
    "Isi",
    "Jawaban",
]


def response_rows(unit: ServiceUnit, period: Period):
    """Every survey response of `unit` submitted in `period`, oldest first."""
    responses = (
        SurveyResponse.objects.filter(service_unit=unit)
        .in_period(period.start, period.end)
        .order_by("submitted_at")
    )
    return (
        [
            r.submitted_at,
            *[r.score(code) or "" for code in ikm.UNSUR_CODES],
            r.gender,
            r.age,
            r.education,
            r.occupation,
            r.service_name,
            r.suggestion,
            r.source,
        ]
        for r in responses.iterator(chunk_size=2000)
    )


def complaint_sheet(complaints) -> tuple:
    """(title, header, rows) of the complaint list's download, at once or from a
    job (feedback.jobs)."""
    return "Pengaduan", COMPLAINT_HEADER, complaint_rows(complaints)


def complaint_rows(complaints):
    """One row per complaint of `complaints` (with service_unit and assigned_to);
    the dates are spreadsheet dates, so the sheet sorts and filters by them."""
    return (
        [
            c.reference,
            c.service_unit.name,
            c.get_kind_display(),
            c.submitted_at,
            c.due_date,
            c.get_status_display(),
            c.assigned_to.full_name if c.assigned_to else "",
            c.description,
            c.answer,
        ]
        for c in complaints.iterator(chunk_size=1000)
    )
