"""Writes to the competency dictionary: the standard competencies, the agency's
technical ones (one by one or from a spreadsheet) and corrections."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Min
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from asn_portal.corrections import REASON_MAX_LENGTH, save_correction
from asn_portal.refusals import Refused
from competencies import rules
from competencies.models import (
    LEVELS,
    AssessedLevel,
    Competency,
    CompetencyLevel,
    JobStandard,
    RequiredLevel,
)
from competencies.standard import STANDARD_COMPETENCIES
from people.delegation import authority_over, may_act_as_supervisor
from people.models import Agency, Employee
from people.scope import employee_of


def missing_standard_codes(*, agency: Agency) -> list[str]:
    """The codes of the standard competencies the agency's dictionary lacks."""
    present = set(
        Competency.objects.filter(agency=agency).values_list("code", flat=True)
    )
    return [s.code for s in STANDARD_COMPETENCIES if s.code not in present]


@transaction.atomic
def load_standard_competencies(*, agency: Agency) -> int:
    """Add the standard competencies the agency lacks, with their five levels;
    returns how many were added. A competency already there (by its code) is left
    as HR corrected it, so running this again adds nothing."""
    missing = set(missing_standard_codes(agency=agency))
    added = 0
    for number, standard in enumerate(STANDARD_COMPETENCIES, start=1):
        if standard.code not in missing:
            continue
        competency = Competency.objects.create(
            agency=agency,
            kind=standard.kind,
            code=standard.code,
            name=standard.name,
            definition=standard.definition,
            ordering=number,
        )
        bulk_create_with_history(
            [
                CompetencyLevel(competency=competency, level=level, description=text)
                for level, text in zip(LEVELS, standard.levels, strict=True)
            ],
            CompetencyLevel,
        )
        added += 1
    return added


def _refuse_taken_code(*, agency_id: int, code: str, exclude_pk=None) -> None:
    taken = Competency.objects.filter(agency_id=agency_id, code=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise Refused(
            _("Kode %(code)s sudah dipakai kompetensi lain di instansi ini.")
            % {"code": code},
            field="code",
        )


def _write_levels(
    competency: Competency, levels: dict[int, str], *, reason: str = ""
) -> None:
    """Each level's description as given: a new text is saved, an emptied one
    removed; their history keeps `reason`."""
    _write_rows(
        {level.level: level for level in competency.levels.all()},
        {number: (levels.get(number) or "").strip() for number in LEVELS},
        field="description",
        new=lambda number: CompetencyLevel(competency=competency, level=number),
        reason=reason,
    )


@transaction.atomic
def create_technical_competency(
    *,
    agency: Agency,
    code: str,
    name: str,
    definition: str = "",
    ordering: int = 0,
    levels: dict[int, str],
) -> Competency:
    """A technical competency of the agency with its level descriptions."""
    _refuse_taken_code(agency_id=agency.pk, code=code)
    competency = Competency(
        agency=agency,
        kind=Competency.Kind.TECHNICAL,
        code=code,
        name=name,
        definition=definition,
        ordering=ordering,
    )
    competency.full_clean()
    competency.save()
    _write_levels(competency, levels)
    return competency


@transaction.atomic
def correct_competency(
    *, competency: Competency, levels: dict[int, str], reason: str
) -> Competency:
    """Save what HR corrected of a competency (its fields already set) and of its
    levels; the history of both keeps the reason."""
    _refuse_taken_code(
        agency_id=competency.agency_id, code=competency.code, exclude_pk=competency.pk
    )
    save_correction(competency, reason=reason)
    _write_levels(competency, levels, reason=reason[:REASON_MAX_LENGTH])
    return competency


# --- import ------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row, reason)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_technical_competencies(*, agency: Agency, rows: list[dict]) -> ImportResult:
    """Rows already read (competencies.imports): all or nothing. A row is refused
    when a cell is wrong, its code is already in the agency's dictionary or is
    repeated in the file; every refused row is listed with its reason."""
    result = ImportResult()
    taken = set(Competency.objects.filter(agency=agency).values_list("code", flat=True))
    seen: dict[str, int] = {}
    for row in rows:
        errors = list(row["errors"])
        code = row["code"]
        if code and code in taken:
            errors.append(
                _("kode %(code)s sudah ada di kamus kompetensi") % {"code": code}
            )
        elif code and code in seen:
            errors.append(
                _("kode %(code)s sudah dipakai di baris %(row)s")
                % {"code": code, "row": seen[code]}
            )
        if code:
            seen.setdefault(code, row["row"])
        if errors:
            result.errors.append((row["row"], "; ".join(errors)))
    if not rows:
        result.errors.append((0, _("Berkas tidak berisi baris kompetensi.")))
    if result.errors:
        return result
    with transaction.atomic():
        competencies = bulk_create_with_history(
            [
                Competency(
                    agency=agency,
                    kind=Competency.Kind.TECHNICAL,
                    code=row["code"],
                    name=row["name"],
                    definition=row["definition"],
                    ordering=row["row"],
                )
                for row in rows
            ],
            Competency,
            batch_size=500,
        )
        bulk_create_with_history(
            [
                CompetencyLevel(competency=competency, level=level, description=text)
                for competency, row in zip(competencies, rows, strict=True)
                for level, text in row["levels"].items()
                if text
            ],
            CompetencyLevel,
            batch_size=2000,
        )
    result.created = len(rows)
    return result


def _refuse_standard_taken(*, agency_id: int, jabatan_name: str, exclude_pk=None):
    taken = JobStandard.objects.for_jabatan(agency_id, jabatan_name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise Refused(
            _("Jabatan %(name)s sudah memiliki standar kompetensi.")
            % {"name": jabatan_name},
            field="jabatan_name",
        )


def _write_required_levels(
    standard: JobStandard, levels: dict[int, int | None], *, reason: str = ""
) -> None:
    """Each competency's required level as given: a new level is saved, a changed
    one corrected, an emptied one removed; their history keeps `reason`."""
    _write_rows(
        {row.competency_id: row for row in standard.required_levels.all()},
        levels,
        field="level",
        new=lambda competency_id: RequiredLevel(
            standard=standard, competency_id=competency_id
        ),
        reason=reason,
    )


def _write_rows(current: dict, wanted: dict, *, field: str, new, reason: str) -> None:
    """The rows `current` (by key) brought to `wanted`: a value on a key without a
    row saved on a `new(key)` one, a changed value corrected, an emptied one's row
    removed; their history keeps `reason`."""
    for key, value in wanted.items():
        row = current.get(key)
        if value and row is None:
            row = new(key)
        elif not value and row is not None:
            row._change_reason = reason
            row.delete()
            continue
        if value and getattr(row, field) != value:
            setattr(row, field, value)
            row._change_reason = reason
            row.full_clean()
            row.save()


@transaction.atomic
def create_standard(
    *, agency: Agency, jabatan_name: str, notes: str = "", levels: dict
) -> JobStandard:
    """The competency standard of a jabatan with its required levels
    ({competency pk: level or None})."""
    jabatan_name = jabatan_name.strip()
    _refuse_standard_taken(agency_id=agency.pk, jabatan_name=jabatan_name)
    standard = JobStandard(agency=agency, jabatan_name=jabatan_name, notes=notes)
    standard.full_clean()
    standard.save()
    _write_required_levels(standard, levels)
    return standard


@transaction.atomic
def correct_standard(*, standard: JobStandard, levels: dict, reason: str):
    """Save what HR corrected of a standard (its fields already set) and of its
    required levels; the history of both keeps the reason."""
    standard.jabatan_name = standard.jabatan_name.strip()
    _refuse_standard_taken(
        agency_id=standard.agency_id,
        jabatan_name=standard.jabatan_name,
        exclude_pk=standard.pk,
    )
    save_correction(standard, reason=reason)
    _write_required_levels(standard, levels, reason=reason)
    return standard


def jabatan_without_standard(*, agency: Agency, limit: int = 20) -> list[dict]:
    """The jabatan most held in the agency that have no standard yet, as
    [{"name", "holders"}], most held first."""
    with_standard = JobStandard.objects.filter(agency=agency).values(
        lowered=Lower("jabatan_name")
    )
    return list(
        Employee.objects.filter(agency=agency, is_active=True)
        .annotate(lowered=Lower("jabatan_name"))
        .exclude(lowered__in=with_standard)
        .values("lowered")
        .annotate(name=Min("jabatan_name"), holders=Count("pk"))
        .order_by("-holders", "lowered")
        .values("name", "holders")[:limit]
    )


RECORD_FOR_ANYONE = "competencies.add_assessedlevel"


def may_record_level(user, employee) -> bool:
    """HR records levels for anyone of their agency but themselves; a supervisor
    (or their Plt/Plh) for their team, as the supervisor's assessment."""
    actor = employee_of(user)
    if (
        actor is None
        or actor.pk == employee.pk
        or actor.agency_id != employee.agency_id
    ):
        return False
    return user.has_perm(RECORD_FOR_ANYONE) or may_act_as_supervisor(actor, employee)


@transaction.atomic
def record_assessed_level(
    *,
    user,
    employee: Employee,
    competency: Competency,
    level: int,
    assessed_on,
    source: str,
    notes: str = "",
) -> AssessedLevel:
    """An assessed level of `employee`. HR gives its source; a supervisor's is always
    "penilaian atasan". Nobody assesses themselves, and no date is in the future."""
    actor = employee_of(user)
    if competency.agency_id != employee.agency_id:
        raise Refused(
            _("Kompetensi ini bukan dari kamus instansi pegawai."), field="competency"
        )
    if not user.has_perm(RECORD_FOR_ANYONE):
        authority_over(actor, employee)
        source = AssessedLevel.Source.SUPERVISOR
    elif actor is not None and actor.pk == employee.pk:
        raise Refused(_("Level kompetensi Anda sendiri dicatat oleh orang lain."))
    if assessed_on > timezone.localdate():
        raise Refused(
            _("Tanggal penilaian tidak boleh di masa depan."), field="assessed_on"
        )
    record = AssessedLevel(
        employee=employee,
        competency=competency,
        level=level,
        assessed_on=assessed_on,
        source=source,
        notes=notes,
        recorded_by=actor,
    )
    record.full_clean()
    record.save()
    return record


def employee_gaps(employee: Employee) -> dict:
    """What the employee's competency page shows: the standard of their jabatan (or
    None), each competency's gap (`rules.gaps`) with its competency and latest
    assessment, in three queries."""
    standard = JobStandard.objects.for_jabatan(
        employee.agency_id, employee.jabatan_name
    ).first()
    required = standard.required() if standard else {}
    latest = {
        row.competency_id: row
        for row in AssessedLevel.objects.filter(employee=employee)
        .latest_per_competency()
        .select_related("recorded_by")
    }
    wanted = set(required) | set(latest)
    competencies = Competency.objects.in_bulk(wanted)
    order = sorted(
        wanted,
        key=lambda pk: (
            pk not in required,
            competencies[pk].kind,
            competencies[pk].ordering,
            competencies[pk].code,
        ),
    )
    rows = rules.gaps(
        {pk: required[pk] for pk in order if pk in required},
        {pk: latest[pk].level for pk in order if pk in latest},
    )
    return {
        "standard": standard,
        "rows": [
            {
                "gap": gap,
                "competency": competencies[gap.competency_id],
                "latest": latest.get(gap.competency_id),
            }
            for gap in rows
        ],
    }


def import_assessed_levels(*, user, rows: list[dict]) -> ImportResult:
    """Assessed levels read by `imports.read_level_rows`, all or nothing: a row is
    refused when a cell is wrong, the NIP is not an active employee of HR's agency,
    the code is not in its dictionary, the date is in the future, the person is the
    importer, or the same NIP, code and date came earlier in the file."""
    recorder = employee_of(user)
    agency = recorder.agency
    nips = {row["nip"] for row in rows if row["nip"]}
    employees = {
        e.nip: e
        for e in Employee.objects.filter(agency=agency, is_active=True, nip__in=nips)
    }
    # Codes as HR typed them: "m1" is M1.
    codes = {
        code.upper(): pk
        for code, pk in Competency.objects.filter(agency=agency).values_list(
            "code", "pk"
        )
    }
    today = timezone.localdate()
    result = ImportResult()
    seen: dict[tuple, int] = {}
    records = []
    for row in rows:
        errors = list(row["errors"])
        employee = employees.get(row["nip"])
        if row["nip"] and employee is None:
            errors.append(
                _("NIP %(nip)s bukan pegawai aktif instansi ini") % {"nip": row["nip"]}
            )
        elif employee is not None and employee.pk == recorder.pk:
            errors.append(_("level kompetensi Anda sendiri dicatat oleh orang lain"))
        code = (row["code"] or "").upper()
        if code and code not in codes:
            errors.append(
                _("kode %(code)s tidak ada di kamus kompetensi") % {"code": row["code"]}
            )
        if row["assessed_on"] and row["assessed_on"] > today:
            errors.append(_("tanggal penilaian di masa depan"))
        key = (row["nip"], code, row["assessed_on"])
        if all(key) and key in seen:
            errors.append(_("sama dengan baris %(row)s") % {"row": seen[key]})
        seen.setdefault(key, row["row"])
        if errors:
            result.errors.append((row["row"], "; ".join(errors)))
            continue
        records.append(
            AssessedLevel(
                employee=employee,
                competency_id=codes[code],
                level=row["level"],
                assessed_on=row["assessed_on"],
                source=row["source"],
                notes=row["notes"] or "",
                recorded_by=recorder,
            )
        )
    if not rows:
        result.errors.append((0, _("Berkas tidak berisi baris penilaian.")))
    if result.errors:
        return result
    with transaction.atomic():
        bulk_create_with_history(records, AssessedLevel, batch_size=2000)
    result.created = len(records)
    return result
