"""Reading paper surveys from an Excel sheet: one row a respondent, columns found by
their header (U1..U9 by code, never by position), every bad row reported."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from feedback import ikm
from feedback.models import SurveyResponse

PROFILE_COLUMNS = {
    "TANGGAL": "submitted_at",
    "JENIS_KELAMIN": "gender",
    "USIA": "age",
    "PENDIDIKAN": "education",
    "PEKERJAAN": "occupation",
    "JENIS_LAYANAN": "service_name",
    "SARAN": "suggestion",
}
REQUIRED = ["TANGGAL", "JENIS_KELAMIN", "USIA", "PENDIDIKAN", "PEKERJAAN"]
TEMPLATE_HEADER = [*ikm.UNSUR_CODES, *PROFILE_COLUMNS]
MAX_ROWS = 20_000

_EDUCATION = {c.upper().replace("–", "-"): c for c in SurveyResponse.Education.values}
_OCCUPATION = {c.upper(): c for c in SurveyResponse.Occupation.values}


class ImportFileError(Exception):
    pass


def _header_key(value) -> str:
    return str(value or "").strip().upper().replace(" ", "_")


def read_rows(uploaded) -> list[dict]:
    """Parse the sheet; each row dict carries its own `errors` list."""
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable file is one message
        raise ImportFileError(_("Berkas Excel tidak dapat dibaca.")) from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_header_key(v) for v in next(rows, [])]
    missing = [c for c in [*ikm.UNSUR_CODES, *REQUIRED] if c not in header]
    if missing:
        raise ImportFileError(
            _("Kolom wajib tidak ada: %(cols)s") % {"cols": ", ".join(missing)}
        )
    index = {name: header.index(name) for name in TEMPLATE_HEADER if name in header}
    parsed = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        if len(parsed) >= MAX_ROWS:
            raise ImportFileError(
                _("Paling banyak %(n)s baris per berkas.") % {"n": MAX_ROWS}
            )
        parsed.append(_parse_row(number, values, index))
    workbook.close()
    return parsed


def _cell(values, index, name):
    position = index.get(name)
    if position is None or position >= len(values):
        return None
    value = values[position]
    return value.strip() if isinstance(value, str) else value


def _parse_row(number: int, values, index) -> dict:
    errors = []
    answers = {}
    for code in ikm.UNSUR_CODES:
        raw = _cell(values, index, code)
        if raw in (None, ""):
            answers[code] = None
            continue
        try:
            score = int(raw)
            if score != raw and str(score) != str(raw):
                raise ValueError
        except (TypeError, ValueError):
            score = None
        if score not in ikm.SCORES:
            errors.append(
                _("%(code)s harus 1–4 (isi: %(raw)s)") % {"code": code, "raw": raw}
            )
        answers[code] = score
    if all(v is None for v in answers.values()):
        errors.append(_("tidak ada jawaban U1–U9"))

    profile = {}
    raw_date = _cell(values, index, "TANGGAL")
    submitted_at = None
    if isinstance(raw_date, datetime.datetime):
        submitted_at = (
            timezone.make_aware(raw_date) if timezone.is_naive(raw_date) else raw_date
        )
    elif isinstance(raw_date, datetime.date):
        submitted_at = timezone.make_aware(
            datetime.datetime.combine(raw_date, datetime.time(12))
        )
    elif isinstance(raw_date, str):
        for pattern in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
            try:
                day = datetime.datetime.strptime(raw_date, pattern).date()  # noqa: DTZ007
            except ValueError:
                continue
            submitted_at = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(12))
            )
            break
    if submitted_at is None:
        errors.append(
            _("TANGGAL kosong atau tidak dikenali (%(raw)s)") % {"raw": raw_date}
        )
    elif submitted_at > timezone.now():
        errors.append(_("TANGGAL di masa depan"))

    gender = str(_cell(values, index, "JENIS_KELAMIN") or "").upper()
    if gender not in SurveyResponse.Gender.values:
        errors.append(_("JENIS_KELAMIN harus L atau P"))
    profile["gender"] = gender

    age = _cell(values, index, "USIA")
    try:
        age = int(age)
        if not 10 <= age <= 120:
            raise ValueError
    except (TypeError, ValueError):
        errors.append(_("USIA harus angka 10–120 (isi: %(raw)s)") % {"raw": age})
        age = None
    profile["age"] = age

    education = str(_cell(values, index, "PENDIDIKAN") or "").upper().replace("–", "-")
    if education in ("D1", "D2", "D3", "D4"):
        education = "D1-D4"
    if education not in _EDUCATION:
        errors.append(_("PENDIDIKAN tidak dikenal (%(raw)s)") % {"raw": education})
    profile["education"] = _EDUCATION.get(education, "")

    occupation = str(_cell(values, index, "PEKERJAAN") or "").upper()
    if occupation not in _OCCUPATION:
        errors.append(_("PEKERJAAN tidak dikenal (%(raw)s)") % {"raw": occupation})
    profile["occupation"] = _OCCUPATION.get(occupation, "")
    profile["service_name"] = str(_cell(values, index, "JENIS_LAYANAN") or "")[:200]

    return {
        "row": number,
        "answers": answers,
        "profile": profile,
        "suggestion": str(_cell(values, index, "SARAN") or ""),
        "submitted_at": submitted_at,
        "errors": errors,
    }
