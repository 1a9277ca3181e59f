"""Paper surveys as the spreadsheet reader sees them: one row a respondent, columns
found by their header code (U1..U9 and the profile, never by position), and the
rules of one row. Every bad row is reported; the service imports all or nothing."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from asn_portal.spreadsheets import Choice, Date, Integer, Text, read_sheet
from feedback import ikm
from feedback.models import SurveyResponse

MAX_ROWS = 20_000


def _words(choices, **more) -> dict:
    return {**{value: value for value in choices.values}, **more}


COLUMNS = [
    *[
        Integer(key=code, label=code, expected=True, minimum=1, maximum=4)
        for code in ikm.UNSUR_CODES
    ],
    Date(key="submitted_at", label="TANGGAL", required=True),
    Choice(
        key="gender",
        label="JENIS_KELAMIN",
        required=True,
        words=_words(SurveyResponse.Gender),
    ),
    Integer(key="age", label="USIA", required=True, minimum=10, maximum=120),
    Choice(
        key="education",
        label="PENDIDIKAN",
        required=True,
        words=_words(
            SurveyResponse.Education, D1="D1-D4", D2="D1-D4", D3="D1-D4", D4="D1-D4"
        ),
        listed=tuple(SurveyResponse.Education.values),
    ),
    Choice(
        key="occupation",
        label="PEKERJAAN",
        required=True,
        words=_words(SurveyResponse.Occupation),
    ),
    Text(key="service_name", label="JENIS_LAYANAN"),
    Text(key="suggestion", label="SARAN"),
]
TEMPLATE_HEADER = [column.label for column in COLUMNS]


def read_rows(uploaded, kind: str = "xlsx") -> list[dict]:
    """Each row as the service takes it, carrying its own `errors` list; raises
    SheetError when the file itself cannot be used."""
    sheet = read_sheet(
        uploaded,
        kind,
        COLUMNS,
        max_rows=MAX_ROWS,
        # Survey sheets may compute a cell; the value Excel saved is what counts.
        formula_values=True,
    )
    return [_parse_row(row) for row in sheet.rows]


def _parse_row(row) -> dict:
    values = row.values
    errors = [str(error) for error in row.errors]
    answers = {code: values[code] for code in ikm.UNSUR_CODES}
    if all(answers[code] is None and not row.failed(code) for code in answers):
        errors.append(_("tidak ada jawaban U1–U9"))
    submitted_at = _moment(values["submitted_at"])
    if _in_the_future(values["submitted_at"]):
        errors.append(_("TANGGAL di masa depan"))
    profile = {
        "gender": values["gender"] or "",
        "age": values["age"],
        "education": values["education"] or "",
        "occupation": values["occupation"] or "",
        "service_name": values.get("service_name", "")[:200],
    }
    return {
        "row": row.number,
        "answers": answers,
        "profile": profile,
        "suggestion": values.get("suggestion", ""),
        "submitted_at": submitted_at,
        "errors": errors,
    }


def _in_the_future(day) -> bool:
    """A date alone is in the future only from tomorrow: today's paper forms are
    entered all day long (its stored noon is no later than the form)."""
    if isinstance(day, datetime.datetime):
        return _moment(day) > timezone.now()
    return day is not None and day > timezone.localdate()


def _moment(day) -> datetime.datetime | None:
    """A paper form has a date, not a time: noon keeps it inside that day (today's,
    no later than now)."""
    if day is None:
        return None
    if isinstance(day, datetime.datetime):
        return timezone.make_aware(day) if timezone.is_naive(day) else day
    noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return min(noon, timezone.now())
