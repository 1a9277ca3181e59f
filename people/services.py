"""Writes with side effects for people and organisation: the employee import, and
the per-agency daily run of the reminder jobs."""

import datetime
import hashlib
import json
import re
import uuid
import zlib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from asn_portal.formats import numbers
from asn_portal.refusals import Refused
from asn_portal.spreadsheets import SheetError, SheetRow
from notifications import services as notification_services
from notifications.models import Notification
from notifications.services import object_key_for
from people import nip as nip_rules
from people import siasn, sync
from people.imports import IMPORT_REASON
from people.models import Agency, AgencyDailyRun, Employee, PendingImport, WorkUnit
from people.signals import employees_moved

BATCH_SIZE = 2000
# bulk_update writes one CASE per field listing every row of the batch; Django builds
# it slowly in Python, so batches stay small (measured, see README).
UPDATE_BATCH_SIZE = 500
# Lookups by NIP go in chunks so no database meets a 20,000-parameter IN list.
LOOKUP_CHUNK = 1000
ACCOUNT_REASON = "Akun dibuat"
User = get_user_model()


@dataclass
class RowReport:
    number: int
    nip: str
    name: str
    messages: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowReport] = field(default_factory=list)
    warnings: list[RowReport] = field(default_factory=list)
    # Each new or changed employee, with what changes (people.sync.Change).
    changes: list[sync.Change] = field(default_factory=list)
    # Active employees of the agency the file does not have: ending their
    # assignment is proposed, never done without HR's choice.
    missing: list[dict] = field(default_factory=list)
    ended: int = 0
    active: int = 0  # the agency's active employees before the import
    applied: bool = False

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        """How many employees each kind of change (people.sync.KINDS) concerns."""
        counts = dict.fromkeys(sync.KINDS, 0)
        for change in self.changes:
            for kind in change.kinds:
                counts[kind] += 1
        counts[sync.MISSING] = len(self.missing)
        return counts


@dataclass
class _Incoming:
    row: SheetRow
    nip: str
    values: dict  # Employee field name → value, only for columns in the file
    supervisor_nip: str | None  # None: no column; "": no supervisor
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def invite_employee(*, employee: Employee, actor) -> Notification:
    """Give an employee a login (username = NIP) if they have none, and send them an
    invitation with a link to set their password (valid PASSWORD_RESET_TIMEOUT,
    once). Sending again sends a new link; the old one still works until used."""
    if not employee.email:
        raise Refused(
            _("Isi dulu email %(name)s: undangan dikirim ke sana.")
            % {"name": employee.name}
        )
    with transaction.atomic():
        user = employee.user
        if user is None:
            if User.objects.filter(username=employee.nip).exists():
                raise Refused(
                    _("Sudah ada akun dengan nama pengguna %(nip)s.")
                    % {"nip": employee.nip}
                )
            user = User.objects.create_user(
                username=employee.nip, email=employee.email, password=None
            )
            employee.user = user
            employee.save(update_fields=["user", "updated_at"])
        elif not user.email:
            user.email = employee.email
            user.save(update_fields=["email"])
        invitation = _invitation(
            user, employee, step=timezone.now().strftime("%Y%m%d%H%M%S%f")
        )
        notification_services.notify_many([invitation])
        return invitation


def _invitation(user, employee: Employee, *, step: str) -> Notification:
    """The invitation to set a password: a signed link that expires after
    PASSWORD_RESET_TIMEOUT and stops working once the password is set."""
    link = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return Notification(
        recipient=user,
        kind="people.account_invite",
        object_key=object_key_for(employee),
        step=step,
        title=_("Undangan ASN Portal: atur kata sandi Anda"),
        body=_(
            "Akun ASN Portal Anda sudah dibuat. Nama pengguna: %(nip)s (atau "
            "email Anda). Buka tautan berikut untuk mengatur kata sandi; "
            "tautan berlaku 3 hari dan hanya sekali pakai."
        )
        % {"nip": user.get_username()},
        url=link,
    )


@dataclass
class AccountsResult:
    """What a bulk account run did: accounts created (each invited once), and the
    employees it had to leave out, with the reason a user can act on."""

    created: int = 0
    without_email: list[Employee] = field(default_factory=list)
    username_taken: list[Employee] = field(default_factory=list)


def accounts_to_create(employees):
    """Active employees of `employees` who have no login yet."""
    return employees.filter(user__isnull=True, is_active=True)


def account_candidates(*, employees, agency: Agency) -> list[int]:
    """The ids of the agency's employees of `employees` a bulk account run would
    consider (active, without a login), in NIP order."""
    return list(
        accounts_to_create(employees.filter(agency=agency))
        .order_by("nip")
        .values_list("pk", flat=True)
    )


def create_accounts(*, employees, agency: Agency) -> AccountsResult:
    """A login (username = NIP, the employee's email) for every active employee of
    `employees` who has none and has an email, each invited to set a password.

    Runs as one transaction under the agency's row lock, so two HR clicks at once
    create each account once; run again, it finds nobody left to create (the
    invitation key is the same, so nobody is invited twice). Employees without an
    email, or whose NIP is already someone's username, are listed, not created."""
    with transaction.atomic():
        Agency.objects.select_for_update().get(pk=agency.pk)
        candidates = list(
            accounts_to_create(employees.filter(agency=agency)).order_by("nip")
        )
        result = AccountsResult(without_email=[e for e in candidates if not e.email])
        with_email = [e for e in candidates if e.email]
        taken = _taken_usernames({e.nip for e in with_email})
        result.username_taken = [e for e in with_email if e.nip in taken]
        to_create = [e for e in with_email if e.nip not in taken]
        users = User.objects.bulk_create(
            [
                User(username=e.nip, email=e.email, password=make_password(None))
                for e in to_create
            ],
            batch_size=BATCH_SIZE,
        )
        for employee, user in zip(to_create, users, strict=True):
            employee.user = user
        _link_logins(to_create)
        Employee.history.bulk_history_create(
            to_create,
            batch_size=BATCH_SIZE,
            update=True,
            default_change_reason=ACCOUNT_REASON,
        )
        notification_services.notify_many(
            [_invitation(e.user, e, step="akun") for e in to_create]
        )
        result.created = len(to_create)
    return result


def employees_of_unit(agency: Agency, unit: WorkUnit | None):
    """The agency's employees in `unit` and every unit below it (all without one)."""
    employees = Employee.objects.filter(agency=agency)
    if unit is not None:
        employees = employees.filter(unit__path__startswith=unit.path)
    return employees


ACCOUNTS_LISTED = 50


def accounts_overview(employees) -> dict:
    """How many of `employees` have a login, how many would get one, and the first
    of those who cannot (no email), counted in one query."""
    waiting = accounts_to_create(employees)
    counts = employees.filter(is_active=True).aggregate(
        with_login=Count("pk", filter=Q(user__isnull=False)),
        to_create=Count("pk", filter=Q(user__isnull=True) & ~Q(email="")),
        without_email=Count("pk", filter=Q(user__isnull=True, email="")),
    )
    return {
        **counts,
        "without_email_listed": waiting.filter(email="")
        .select_related("unit")
        .order_by("name")[:ACCOUNTS_LISTED],
    }


def describe_accounts_result(result: AccountsResult) -> str:
    return accounts_message(
        created=result.created,
        without_email=len(result.without_email),
        taken_nips=[e.nip for e in result.username_taken],
    )


def accounts_message(*, created: int, without_email: int, taken_nips: list[str]) -> str:
    """What a bulk account run did, in words (the counts, and the first NIPs
    already taken by another account)."""
    message = _(
        "%(n)s akun dibuat; undangan dikirim ke email masing-masing."
    ) % numbers(n=created)
    if without_email:
        message += " " + _("%(n)s pegawai belum punya email.") % numbers(
            n=without_email
        )
    if taken_nips:
        message += " " + _("NIP sudah dipakai akun lain, tidak dibuat: %(nips)s.") % {
            "nips": ", ".join(taken_nips[:20])
        }
    return message


def _link_logins(employees: list[Employee]) -> None:
    """employee.user = the login named by its NIP, one UPDATE per chunk (a
    bulk_update's CASE over thousands of rows is slow to build)."""
    login_of_nip = User.objects.filter(username=OuterRef("nip")).values("pk")[:1]
    for start in range(0, len(employees), LOOKUP_CHUNK):
        chunk = [e.pk for e in employees[start : start + LOOKUP_CHUNK]]
        Employee.objects.filter(pk__in=chunk).update(
            user=Subquery(login_of_nip), updated_at=timezone.now()
        )


def _taken_usernames(nips: set[str]) -> set[str]:
    taken: set[str] = set()
    ordered = sorted(nips)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        chunk = ordered[start : start + LOOKUP_CHUNK]
        taken.update(
            User.objects.filter(username__in=chunk).values_list("username", flat=True)
        )
    return taken


def update_own_contacts(
    *, employee: Employee, email: str, phone: str, channels: dict[str, bool]
) -> Employee:
    """The ASN's own email and phone, and the channels their notifications take;
    the login's email follows, so a password link goes where the ASN reads it. Kept
    in the profile's history."""
    with transaction.atomic():
        employee.email, employee.phone = email, phone
        employee._change_reason = "diubah sendiri"
        employee.save(update_fields=["email", "phone", "updated_at"])
        if employee.user_id:
            type(employee.user).objects.filter(pk=employee.user_id).update(email=email)
            notification_services.choose_channels(user=employee.user, **channels)
    return employee


def end_assignment(*, employee: Employee, reason: str, actor=None) -> Employee:
    """An employee who leaves or moves to another agency: the profile stays (every
    record stays visible to whoever could see it), the login is disabled at once
    (an open session ends at its next request), and the reason is kept in the
    profile's history (with `actor` as its author when given; in a request, the
    request's user otherwise)."""
    with transaction.atomic():
        employee.is_active = False
        employee._change_reason = reason[:100]
        if actor is not None:
            employee._history_user = actor
        # updated_at too: the API's incremental sync (updated_since) finds leavers.
        employee.save(update_fields=["is_active", "updated_at"])
        if employee.user_id:
            type(employee.user).objects.filter(pk=employee.user_id).update(
                is_active=False
            )
    return employee


def unlock_account(*, username: str) -> int:
    """Lift the login lock of one account (its failures from every address)."""
    from axes.utils import reset

    return reset(username=username)


def import_employees(
    *,
    agency,
    rows: list[SheetRow],
    dry_run: bool,
    actor,
    source: str = IMPORT_REASON,
    end_nips: Collection[str] = (),
    keep_nips: Collection[str] = (),
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Validate every row of an employee list and, when all are valid and this is
    not a dry run, create or update the agency's employees (matched by NIP) in one
    transaction, with a history record for each creation and change whose reason
    is `source` (e.g. "Unduhan SIASN 07-12-2026 (data.xlsx)").

    The result lists what changes for each employee, and the agency's active
    employees missing from the file. Of those, the ones in `end_nips` have their
    assignment ended (`end_assignment`, which disables the login) in the same
    transaction; the others, and the importing user's own profile, are left as
    they are: an import never deletes anyone. The NIPs in `keep_nips` are not
    missing although the rows do not have them (the SIASN pull leaves out the
    employees SIASN could not give, and proposes no end for them).

    Supervisors may appear anywhere in the file: they are resolved after all rows
    are read, and new employees are created top-down so each gets its supervisor
    in its first history record.

    A real import holds the agency's row lock from the first read to the last write,
    so a second confirmation of the same list (a double click, two tabs) waits, then
    finds every NIP already there, instead of failing on the unique NIP.

    `progress(done, total)`, when given, hears how many of the employees to write
    are written, after each batch."""
    options = {
        "actor": actor,
        "source": source,
        "end_nips": frozenset(end_nips),
        "keep_nips": frozenset(keep_nips),
        "progress": progress or _no_progress,
    }
    if dry_run:
        return _check_and_import(agency=agency, rows=rows, dry_run=True, **options)
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).exists()
        return _check_and_import(agency=agency, rows=rows, dry_run=False, **options)


def _no_progress(done: int, total: int) -> None:
    pass


def _check_and_import(
    *, agency, rows, dry_run, actor, source, end_nips, keep_nips, progress
) -> ImportResult:
    units = _unit_lookup(agency)
    unit_names = {unit.pk: unit.name for unit in units.values()}
    incoming = [_parse_row(row, units) for row in rows]
    by_nip = _flag_duplicates(incoming)

    own = {e.nip: e for e in Employee.objects.filter(agency=agency)}
    nip_of_pk = {e.pk: e.nip for e in own.values()}
    foreign = _foreign_nips(
        agency,
        {i.nip for i in incoming if i.nip}
        | {i.supervisor_nip for i in incoming if i.supervisor_nip},
    )
    for item in incoming:
        if item.nip in foreign:
            item.errors.append(
                _("NIP %(nip)s sudah terdaftar di instansi lain.") % {"nip": item.nip}
            )
        _check_supervisor(item, by_nip, own, foreign)
    _flag_cycles(incoming, by_nip, own, nip_of_pk)

    result = ImportResult(total=len(incoming))
    to_create, to_update = [], []
    for item in incoming:
        if item.errors:
            result.errors.append(_report(item, item.errors))
            continue
        if item.warnings:
            result.warnings.append(_report(item, item.warnings))
        existing = own.get(item.nip)
        if existing is None:
            to_create.append(item)
            result.changes.append(
                sync.new_employee(item.nip, item.values, row=item.row.number)
            )
            continue
        change = sync.compare(
            existing,
            item.values,
            supervisor_nip=item.supervisor_nip,
            current_supervisor_nip=nip_of_pk.get(existing.supervisor_id, ""),
            unit_names=unit_names,
            row=item.row.number,
        )
        if change is None:
            result.unchanged += 1
        else:
            to_update.append(item)
            result.changes.append(change)
    result.created, result.updated = len(to_create), len(to_update)
    present = {item.nip for item in incoming} | keep_nips
    result.missing = _missing(own, present, unit_names, actor)
    result.active = sum(1 for employee in own.values() if employee.is_active)
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        _apply(agency, to_create, to_update, own, actor, source, progress)
        result.ended = _end_missing(own, result.missing, end_nips, actor, source)
    result.applied = True
    return result


def _missing(own, in_file: set[str], unit_names, actor) -> list[dict]:
    """The agency's active employees the file does not have, by name; `self` marks
    the importing user's own profile, whose assignment an import never ends."""
    actor_pk = getattr(actor, "pk", None)
    return [
        {
            "nip": employee.nip,
            "name": employee.name,
            "unit": unit_names.get(employee.unit_id, ""),
            "jabatan": employee.jabatan_name,
            "self": actor_pk is not None and employee.user_id == actor_pk,
        }
        for employee in sorted(own.values(), key=lambda e: (e.name, e.nip))
        if employee.is_active and employee.nip not in in_file
    ]


def ended_reason(source: str) -> str:
    # Stored history text, in the portal's language like every import reason.
    return f"Penugasan berakhir: tidak ada di {source}"


def _end_missing(own, missing, end_nips, actor, source) -> int:
    reason = ended_reason(source)
    ended = 0
    for entry in missing:
        if entry["nip"] in end_nips and not entry["self"]:
            end_assignment(employee=own[entry["nip"]], reason=reason, actor=actor)
            ended += 1
    return ended


def _report(item: _Incoming, messages: list[str]) -> RowReport:
    name = item.row.values.get("name", "")
    return RowReport(number=item.row.number, nip=item.nip, name=name, messages=messages)


def _unit_lookup(agency) -> dict:
    lookup = {}
    for unit in WorkUnit.objects.filter(agency=agency):
        lookup[_key(unit.name)] = unit
    for unit in WorkUnit.objects.filter(agency=agency):
        # A code wins over a name that happens to look like it.
        lookup[_key(unit.code)] = unit
        if unit.siasn_id:
            lookup[("siasn", unit.siasn_id)] = unit
    return lookup


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


# --- one row -------------------------------------------------------------------


def _parse_row(row: SheetRow, units) -> _Incoming:
    """One employee from one row. The reader has already checked every cell's
    kind, length and presence; these are the rules about an employee."""
    values = row.values
    errors = [str(error) for error in row.errors]
    warnings: list[str] = []
    nip = values["nip"]
    fields = {
        key: values[key]
        for key in (
            "name",
            "front_title",
            "back_title",
            "jabatan_name",
            "email",
            "siasn_id",
            "education_level",
            "education",
        )
        if key in values
    }
    if not fields.get("email") and values.get("email_gov"):
        # SIASN's downloads may give only the government address.
        fields["email"] = values["email_gov"]

    parsed_nip = _parsed_nip(nip, _("NIP %(nip)s tidak valid: %(reason)s"), errors)
    status = None
    if not row.failed("status") and values.get("status"):
        try:
            status, fields["employee_type"] = siasn.parse_jenis_pegawai(
                values["status"], column=_("Status/Jenis pegawai")
            )
        except siasn.Unknown as problem:
            errors.append(str(problem))
    if status is not None:
        fields["status"] = status
        if parsed_nip is not None:
            warnings += _nip_warnings(parsed_nip, status)
    if "golongan" in values:
        errors += _golongan_into(fields, values["golongan"], status)
    if not row.failed("jabatan_type") and not row.failed("eselon"):
        errors += _jabatan_type_into(fields, values, status)
    if not row.failed("unit"):
        errors += _unit_into(fields, values, units)
    errors += _siasn_fields_into(fields, values, row, parsed_nip)
    if fields.get("email"):
        try:
            validate_email(fields["email"])
        except ValidationError:
            errors.append(
                _("Email '%(email)s' tidak valid.") % {"email": fields["email"]}
            )

    supervisor_nip = values.get("supervisor_nip")  # None: no column; "": none
    if supervisor_nip:
        _parsed_nip(
            supervisor_nip, _("NIP atasan %(nip)s tidak valid: %(reason)s"), errors
        )
        if supervisor_nip == nip:
            errors.append(_("Pegawai tidak dapat menjadi atasannya sendiri."))
    return _Incoming(
        row=row,
        nip=nip,
        values=fields,
        supervisor_nip=supervisor_nip,
        errors=errors,
        warnings=warnings,
    )


_PHONE_SEPARATORS = re.compile(r"[\s\-.()/]")


def _siasn_fields_into(fields: dict, values: dict, row: SheetRow, parsed) -> list:
    """The columns SIASN's downloads add: phone, kedudukan hukum, TMTs, and birth
    date and gender, which must agree with the NIP (the NIP decides them)."""
    errors = []
    if values.get("phone"):
        phone = _PHONE_SEPARATORS.sub("", values["phone"])
        if phone.startswith("8") and phone.isdigit():
            phone = "0" + phone  # Excel drops a number cell's leading zero
        if re.fullmatch(r"\+?[0-9]{8,19}", phone):
            fields["phone"] = phone
        else:
            errors.append(
                _("Nomor HP '%(value)s' tidak valid; tulis angka saja.")
                % {"value": values["phone"]}
            )
    # An empty NOMOR HP leaves the number alone: the ASN may have entered it.
    if "legal_status" in values and not row.failed("legal_status"):
        fields["legal_status"] = ""
        if values["legal_status"]:
            try:
                fields["legal_status"] = siasn.parse_kedudukan_hukum(
                    values["legal_status"], column=_("Kedudukan hukum")
                )
            except siasn.Unknown as problem:
                errors.append(str(problem))
    for key in ("tmt_cpns", "tmt_golongan", "tmt_jabatan"):
        if key in values and not row.failed(key):
            fields[key] = _as_date(values[key])
    born = _as_date(values.get("birth_date"))
    if parsed is not None and born is not None and born != parsed.birth_date:
        errors.append(
            _(
                "Tanggal lahir %(sheet)s tidak sama dengan tanggal lahir pada NIP "
                "(%(nip)s)."
            )
            % {
                "sheet": born.strftime("%d-%m-%Y"),
                "nip": parsed.birth_date.strftime("%d-%m-%Y"),
            }
        )
    if values.get("gender") and not row.failed("gender"):
        try:
            gender = siasn.parse_gender(values["gender"], column=_("Jenis kelamin"))
        except siasn.Unknown as problem:
            errors.append(str(problem))
        else:
            if parsed is not None and gender != parsed.gender:
                errors.append(
                    _(
                        "Jenis kelamin %(sheet)s tidak sama dengan jenis kelamin "
                        "pada NIP (%(nip)s)."
                    )
                    % {
                        "sheet": Employee.Gender(gender).label,
                        "nip": Employee.Gender(parsed.gender).label,
                    }
                )
    return errors


def _as_date(value) -> datetime.date | None:
    """A date read from the sheet, or its ISO text once the rows were kept as JSON
    between preview and confirmation."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str) and value:
        return datetime.datetime.fromisoformat(value).date()
    return value or None


def _parsed_nip(nip: str, message: str, errors: list[str]):
    if not nip:
        return None
    try:
        return nip_rules.parse_nip(nip)
    except ValidationError as error:
        errors.append(message % {"nip": nip, "reason": " ".join(error.messages)})
        return None


def _jabatan_type_into(fields: dict, values: dict, status) -> list[str]:
    jabatan_type, problem = parse_jabatan_type(
        values["jabatan_type"], values["jabatan_name"], values.get("eselon")
    )
    if problem:
        return [problem]
    fields["jabatan_type"] = jabatan_type
    if status == Employee.Status.PPPK and jabatan_type in STRUCTURAL_TYPES:
        return [
            _("Pegawai PPPK tidak dapat menduduki jabatan %(type)s.")
            % {"type": Employee.JabatanType(jabatan_type).label}
        ]
    return []


def _unit_into(fields: dict, values: dict, units) -> list[str]:
    """The unit by SIASN's UNOR id when the sheet has one and a unit carries it,
    else by code or exact name."""
    text = values["unit"]
    unit = None
    if values.get("unit_siasn_id"):
        unit = units.get(("siasn", values["unit_siasn_id"].strip()))
    if unit is None:
        unit = units.get(_key(text))
    if unit is None:
        return [
            _(
                "Unit kerja '%(unit)s' tidak ditemukan di instansi ini "
                "(isi kode unit atau nama unit yang persis sama)."
            )
            % {"unit": text}
        ]
    fields["unit"] = unit
    return []


def _nip_warnings(parsed, status) -> list[str]:
    warnings = list(nip_rules.plausibility_warnings(parsed))
    # The status decides PNS or PPPK (docs/domain.md); a NIP of the other form is only
    # worth a second look.
    if status == Employee.Status.PNS and parsed.is_pppk_form:
        warnings.append(_("Status PNS tetapi NIP berbentuk NIP PPPK."))
    return warnings


_GOLONGAN_RE = re.compile(r"(?<![a-z])(iv|iii|ii|i)\s*[/\-]?\s*([a-e])(?![a-z])")
_PPPK_RE = re.compile(r"^(?:golongan\s+|gol\s+)?([ivx]+|\d{1,2})$")
_ROMAN = {"i": 1, "v": 5, "x": 10}


def parse_rank(text: str) -> tuple[str, str | int | None]:
    """("golongan", "III/a") for a PNS golongan/ruang, ("pppk", 9) for a PPPK grade,
    ("", None) when empty and ("unknown", None) when it is neither."""
    key = _key(text).replace(".", "")
    if not key:
        return "", None
    pppk = _PPPK_RE.match(key)
    if pppk:
        grade = _roman_to_int(pppk.group(1))
        return ("pppk", grade) if grade and 1 <= grade <= 17 else ("unknown", None)
    match = _GOLONGAN_RE.search(key)
    if match:
        value = f"{match.group(1).upper()}/{match.group(2)}"
        if value in Employee.Golongan.values:
            return "golongan", value
    # A pangkat name alone ("Penata Muda Tk. I"), as some SIASN layouts write it.
    value = siasn.golongan_of_pangkat(text)
    if value:
        return "golongan", value
    return "unknown", None


def _roman_to_int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    total, previous = 0, 0
    for letter in reversed(text):
        value = _ROMAN[letter]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def _golongan_into(fields: dict, text: str, status) -> list[str]:
    kind, value = parse_rank(text)
    fields["golongan"], fields["pppk_grade"] = "", None
    if kind == "unknown":
        return [
            _(
                "Golongan '%(value)s' tidak dikenal; isi golongan/ruang PNS "
                "(mis. III/a) atau golongan PPPK (I–XVII)."
            )
            % {"value": text}
        ]
    if kind == "golongan":
        if status == Employee.Status.PPPK:
            return [
                _(
                    "Pegawai PPPK tidak memiliki golongan/ruang PNS (%(value)s); "
                    "isi golongan PPPK I–XVII."
                )
                % {"value": text}
            ]
        fields["golongan"] = value
    if kind == "pppk":
        if status == Employee.Status.PNS:
            return [
                _(
                    "Pegawai PNS diisi golongan PPPK (%(value)s); isi golongan/ruang "
                    "PNS, mis. III/a."
                )
                % {"value": text}
            ]
        fields["pppk_grade"] = value
    return []


STRUCTURAL_TYPES = {
    Employee.JabatanType.JPT_UTAMA,
    Employee.JabatanType.JPT_MADYA,
    Employee.JabatanType.JPT_PRATAMA,
    Employee.JabatanType.ADMINISTRATOR,
    Employee.JabatanType.PENGAWAS,
}
_J = Employee.JabatanType
JABATAN_TYPE_WORDS = {
    "jpt utama": _J.JPT_UTAMA,
    "jabatan pimpinan tinggi utama": _J.JPT_UTAMA,
    "pimpinan tinggi utama": _J.JPT_UTAMA,
    "jpt madya": _J.JPT_MADYA,
    "jabatan pimpinan tinggi madya": _J.JPT_MADYA,
    "pimpinan tinggi madya": _J.JPT_MADYA,
    "jpt pratama": _J.JPT_PRATAMA,
    "jabatan pimpinan tinggi pratama": _J.JPT_PRATAMA,
    "pimpinan tinggi pratama": _J.JPT_PRATAMA,
    "administrator": _J.ADMINISTRATOR,
    "jabatan administrator": _J.ADMINISTRATOR,
    "pengawas": _J.PENGAWAS,
    "jabatan pengawas": _J.PENGAWAS,
    "pelaksana": _J.PELAKSANA,
    "jabatan pelaksana": _J.PELAKSANA,
    "fungsional umum": _J.PELAKSANA,
    "jfu": _J.PELAKSANA,
    "fungsional keahlian": _J.FUNGSIONAL_KEAHLIAN,
    "jabatan fungsional keahlian": _J.FUNGSIONAL_KEAHLIAN,
    "jft keahlian": _J.FUNGSIONAL_KEAHLIAN,
    "fungsional keterampilan": _J.FUNGSIONAL_KETERAMPILAN,
    "jabatan fungsional keterampilan": _J.FUNGSIONAL_KETERAMPILAN,
    "jft keterampilan": _J.FUNGSIONAL_KETERAMPILAN,
}
JABATAN_TYPE_WORDS.update({_key(str(label)): value for value, label in _J.choices})
JABATAN_TYPE_WORDS.update({value: value for value in _J.values})
GENERIC_FUNCTIONAL = {"fungsional", "fungsional tertentu", "jft", "jabatan fungsional"}
SKILL_LEVELS = ("pemula", "terampil", "mahir", "penyelia")


def parse_jabatan_type(
    text: str, jabatan_name: str, eselon: str | None = None
) -> tuple[str | None, str | None]:
    """(jabatan type, None) or (None, the reason it is not understood). SIASN's
    "Jabatan Struktural" is told apart by the eselon when the sheet has one, else
    by the post's title (people.siasn.STRUCTURAL_TITLES)."""
    key = _key(text)
    if not key:
        return None, _("Jenis jabatan kosong.")
    if key in JABATAN_TYPE_WORDS:
        return JABATAN_TYPE_WORDS[key], None
    kind = siasn.JENIS_JABATAN.get(key)
    if kind == siasn.PELAKSANA:
        return _J.PELAKSANA, None
    if kind == siasn.STRUCTURAL:
        return _structural_type(text, jabatan_name, eselon)
    if key in GENERIC_FUNCTIONAL or kind == siasn.FUNCTIONAL:
        # SIASN often says only "Fungsional"; the level in the title tells which.
        name = _key(jabatan_name)
        if "ahli" in name.split():
            return _J.FUNGSIONAL_KEAHLIAN, None
        if any(level in name.split() for level in SKILL_LEVELS):
            return _J.FUNGSIONAL_KETERAMPILAN, None
        return None, _(
            "Jenis jabatan 'Fungsional' perlu dirinci: Fungsional Keahlian atau "
            "Fungsional Keterampilan."
        )
    return None, _(
        "Jenis jabatan '%(value)s' tidak dikenal; isi salah satu: JPT Utama, "
        "JPT Madya, JPT Pratama, Administrator, Pengawas, Pelaksana, Fungsional "
        "Keahlian, Fungsional Keterampilan, atau jenis jabatan SIASN (Jabatan "
        "Struktural, Jabatan Fungsional, Jabatan Pelaksana)."
    ) % {"value": text}


def _structural_type(text, jabatan_name, eselon) -> tuple[str | None, str | None]:
    if eselon:
        try:
            value = siasn.parse_eselon(eselon, column=_("Eselon"))
        except siasn.Unknown as problem:
            return None, str(problem)
        if value is not None:
            return value, None
    value = siasn.structural_type_of_title(jabatan_name)
    if value is not None:
        return value, None
    return None, _(
        "Jenis jabatan '%(value)s' perlu eselon: jabatan '%(title)s' tidak "
        "menyebut JPT, Administrator atau Pengawas. Sertakan kolom Eselon (mis. "
        "III.a) atau isi jenis jabatan JPT Pratama, Administrator atau Pengawas."
    ) % {"value": text, "title": jabatan_name}


# --- across rows ---------------------------------------------------------------


def _flag_duplicates(incoming: list[_Incoming]) -> dict[str, _Incoming]:
    by_nip: dict[str, _Incoming] = {}
    for item in incoming:
        if not item.nip:
            continue
        first = by_nip.get(item.nip)
        if first is None:
            by_nip[item.nip] = item
        else:
            item.errors.append(
                _("NIP %(nip)s ganda: sudah ada di baris %(row)s.")
                % {"nip": item.nip, "row": first.row.number}
            )
    return by_nip


def _foreign_nips(agency, nips: set[str]) -> set[str]:
    """The NIPs among `nips` that belong to another agency's employees."""
    found: set[str] = set()
    ordered = sorted(nips)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        chunk = ordered[start : start + LOOKUP_CHUNK]
        found.update(
            Employee.objects.filter(nip__in=chunk)
            .exclude(agency=agency)
            .values_list("nip", flat=True)
        )
    return found


def _check_supervisor(item, by_nip, own, foreign) -> None:
    nip = item.supervisor_nip
    if nip and nip in foreign:
        item.errors.append(
            _("Atasan (NIP %(nip)s) terdaftar di instansi lain.") % {"nip": nip}
        )
    elif nip and nip != item.nip and nip not in by_nip and nip not in own:
        item.errors.append(
            _(
                "Atasan dengan NIP %(nip)s tidak ditemukan, baik di berkas ini "
                "maupun di data pegawai instansi."
            )
            % {"nip": nip}
        )


def _flag_cycles(incoming, by_nip, own, nip_of_pk) -> None:
    """Refuse rows whose chain of supervisors, after the import, loops back."""

    def supervisor_of(nip):
        item = by_nip.get(nip)
        if item is not None and item.supervisor_nip is not None:
            return item.supervisor_nip or None
        employee = own.get(nip)
        return nip_of_pk.get(employee.supervisor_id) if employee else None

    acyclic: set[str] = set()
    for item in incoming:
        if not item.nip or item.errors or by_nip.get(item.nip) is not item:
            continue
        chain, seen, current = [], set(), item.nip
        while current and current not in acyclic:
            if current in seen:
                loop = chain[chain.index(current) :]
                if item.nip in loop:
                    item.errors.append(
                        _("Rantai atasan berputar: %(chain)s.")
                        % {"chain": " → ".join([*loop, current])}
                    )
                break
            seen.add(current)
            chain.append(current)
            current = supervisor_of(current)
        else:
            acyclic.update(chain)


# --- writing ---------------------------------------------------------------------


def _apply(agency, to_create, to_update, own, actor, source, progress) -> None:
    total, written = len(to_create) + len(to_update), 0
    progress(written, total)
    pk_of_nip = {nip: employee.pk for nip, employee in own.items()}
    history = {"default_user": actor, "default_change_reason": source[:100]}
    pending = {item.nip for item in to_create}
    remaining = list(to_create)
    # Top-down: a new employee is created only after their new supervisor.
    while remaining:
        ready = [i for i in remaining if i.supervisor_nip not in pending]
        if not ready:  # a loop among new rows; validation refuses these
            raise ValueError("supervisor loop among new employees")
        objects = []
        for item in ready:
            parsed = nip_rules.parse_nip(item.nip)
            employee = Employee(
                agency=agency,
                nip=item.nip,
                birth_date=parsed.birth_date,
                gender=parsed.gender,
                supervisor_id=pk_of_nip.get(item.supervisor_nip or ""),
                **item.values,
            )
            objects.append(employee)
        for start in range(0, len(objects), BATCH_SIZE):
            created = bulk_create_with_history(
                objects[start : start + BATCH_SIZE],
                Employee,
                batch_size=BATCH_SIZE,
                **history,
            )
            for employee in created:
                pk_of_nip[employee.nip] = employee.pk
            written += len(created)
            progress(written, total)
        pending -= {item.nip for item in ready}
        remaining = [i for i in remaining if i.nip in pending]

    if not to_update:
        return
    now = timezone.now()
    # Rows grouped by the fields that really changed: bulk_update's cost grows with
    # the number of fields, and a re-import mostly changes one or two.
    groups: dict[tuple[str, ...], list[Employee]] = {}
    for item in to_update:
        employee = own[item.nip]
        wanted = dict(item.values)
        if item.supervisor_nip is not None:
            wanted["supervisor_id"] = pk_of_nip.get(item.supervisor_nip or "")
        wanted["is_active"] = True
        changed = []
        for name, value in wanted.items():
            attname = "unit_id" if name == "unit" else name
            current = getattr(employee, attname)
            if current != (value.pk if name == "unit" else value):
                setattr(employee, name, value)
                changed.append("supervisor" if name == "supervisor_id" else name)
        employee.updated_at = now
        groups.setdefault(tuple(sorted(changed)), []).append(employee)
    for fields, objects in groups.items():
        for start in range(0, len(objects), BATCH_SIZE):
            batch = objects[start : start + BATCH_SIZE]
            bulk_update_with_history(
                batch, Employee, list(fields), batch_size=UPDATE_BATCH_SIZE, **history
            )
            if "unit" in fields:
                employees_moved.send(Employee, employee_ids=[e.pk for e in batch])
            written += len(batch)
            progress(written, total)
    pks = [own[item.nip].pk for item in to_update]
    for start in range(0, len(pks), LOOKUP_CHUNK):
        Employee.objects.filter(pk__in=pks[start : start + LOOKUP_CHUNK]).update(
            updated_at=now
        )


# --- the unit tree from SIASN's hierarchy download ----------------------------------

UNIT_TREE_REASON = "Unduhan SIASN"


@dataclass
class UnitRowReport:
    number: int
    siasn_id: str
    name: str
    messages: list[str] = field(default_factory=list)


@dataclass
class UnitTreeResult:
    total: int = 0
    created: int = 0
    renamed: int = 0
    moved: int = 0
    linked: int = 0  # an existing unit, matched by its exact name, gets its SIASN id
    unchanged: int = 0
    errors: list[UnitRowReport] = field(default_factory=list)
    applied: bool = False

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass
class _UnitRow:
    row: SheetRow
    siasn_id: str
    name: str
    parent_id: str  # SIASN id of the unit above; "" for a top unit
    unit: WorkUnit | None  # the agency's unit it is, None for a new one
    errors: list[str] = field(default_factory=list)


def import_unit_tree(
    *, agency, rows: list[SheetRow], dry_run: bool, actor
) -> UnitTreeResult:
    """Bring the agency's unit tree in line with SIASN's unit hierarchy download:
    units are matched by their SIASN id (or, the first time, by their exact name),
    then created, renamed or moved under the unit the file names above them. Units
    missing from the file are left alone, never deleted. All or nothing: every bad
    row (unknown parent id, duplicate id or name, a loop) is listed and nothing is
    written. Each change is in the unit's history with the reason "Unduhan SIASN"."""
    if dry_run:
        return _check_unit_tree(agency=agency, rows=rows, dry_run=True, actor=actor)
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).exists()
        return _check_unit_tree(agency=agency, rows=rows, dry_run=False, actor=actor)


def _check_unit_tree(*, agency, rows, dry_run, actor) -> UnitTreeResult:
    units = {unit.pk: unit for unit in WorkUnit.objects.filter(agency=agency)}
    by_siasn = {u.siasn_id: u for u in units.values() if u.siasn_id}
    unlinked_by_name = {_key(u.name): u for u in units.values() if not u.siasn_id}
    codes = {u.code for u in units.values()}

    incoming: list[_UnitRow] = []
    first_of_id: dict[str, _UnitRow] = {}
    first_of_name: dict[str, _UnitRow] = {}
    for row in rows:
        values = row.values
        item = _UnitRow(
            row=row,
            siasn_id=values.get("siasn_id", ""),
            name=values.get("name", ""),
            parent_id=values.get("parent_siasn_id") or "",
            unit=None,
            errors=[str(error) for error in row.errors],
        )
        item.unit = by_siasn.get(item.siasn_id) or unlinked_by_name.get(_key(item.name))
        if item.siasn_id in first_of_id:
            item.errors.append(
                _("ID %(id)s ganda: sudah ada di baris %(row)s.")
                % {"id": item.siasn_id, "row": first_of_id[item.siasn_id].row.number}
            )
        elif item.siasn_id:
            first_of_id[item.siasn_id] = item
        if _key(item.name) in first_of_name:
            item.errors.append(
                _("Nama unit '%(name)s' ganda: sudah ada di baris %(row)s.")
                % {
                    "name": item.name,
                    "row": first_of_name[_key(item.name)].row.number,
                }
            )
        elif item.name:
            first_of_name[_key(item.name)] = item
        incoming.append(item)

    matched = {i.unit.pk: i for i in incoming if i.unit is not None}
    units_by_name = {u.name: u for u in units.values()}
    for item in incoming:
        _check_unit_row(item, first_of_id, by_siasn, units_by_name, matched, codes)
    _flag_unit_cycles(incoming, first_of_id, by_siasn, units, matched)

    result = UnitTreeResult(total=len(incoming))
    for item in incoming:
        if item.errors:
            result.errors.append(
                UnitRowReport(
                    number=item.row.number,
                    siasn_id=item.siasn_id,
                    name=item.name,
                    messages=item.errors,
                )
            )
    plan = [] if result.errors else _unit_changes(incoming, first_of_id, by_siasn)
    for _item, changes in plan:
        if "create" in changes:
            result.created += 1
        result.renamed += "name" in changes
        result.moved += "parent" in changes
        result.linked += "link" in changes
        result.unchanged += not changes
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        _apply_unit_tree(agency, plan, first_of_id, by_siasn, actor)
    result.applied = True
    return result


def _check_unit_row(item, first_of_id, by_siasn, units_by_name, matched, codes):
    parent = item.parent_id
    if parent and parent == item.siasn_id:
        item.errors.append(_("Unit tidak dapat menjadi induknya sendiri."))
    elif parent and parent not in first_of_id and parent not in by_siasn:
        item.errors.append(
            _(
                "ID atasan %(id)s tidak ditemukan, baik di berkas ini maupun di "
                "unit kerja instansi."
            )
            % {"id": parent}
        )
    # A name another unit keeps (one the file does not rename) cannot be taken.
    other = units_by_name.get(item.name)
    if other is not None and other is not item.unit and other.pk not in matched:
        item.errors.append(
            _("Nama '%(name)s' sudah dipakai unit kerja lain (kode %(code)s).")
            % {"name": item.name, "code": other.code}
        )
    if item.unit is None and item.siasn_id in codes:
        item.errors.append(
            _("Kode unit %(code)s sudah dipakai unit kerja lain.")
            % {"code": item.siasn_id}
        )


def _flag_unit_cycles(incoming, first_of_id, by_siasn, units, matched) -> None:
    """Refuse rows whose chain of parent units, after the import, loops back."""

    def node_of_unit(unit):
        item = matched.get(unit.pk)
        return ("file", item.siasn_id) if item is not None else ("db", unit.pk)

    def parent_of(node):
        kind, key = node
        if kind == "file":
            parent = first_of_id[key].parent_id
            if not parent or parent == key:
                return None
            if parent in first_of_id:
                return ("file", parent)
            unit = by_siasn.get(parent)
            return node_of_unit(unit) if unit is not None else None
        unit = units[key]
        return node_of_unit(units[unit.parent_id]) if unit.parent_id else None

    for item in incoming:
        if item.errors or first_of_id.get(item.siasn_id) is not item:
            continue
        chain, current = [], ("file", item.siasn_id)
        while current is not None:
            if current in chain:
                if current == ("file", item.siasn_id):
                    names = [
                        first_of_id[k].siasn_id if kind == "file" else units[k].code
                        for kind, k in chain
                    ]
                    item.errors.append(
                        _("Rantai unit induk berputar: %(chain)s.")
                        % {"chain": " → ".join([*names, item.siasn_id])}
                    )
                break
            chain.append(current)
            current = parent_of(current)


def _unit_changes(incoming, first_of_id, by_siasn) -> list[tuple]:
    """(row, set of changes) for every row, parents before their children."""
    children: dict[str, list[_UnitRow]] = {}
    tops = []
    for item in incoming:
        if item.parent_id in first_of_id:
            children.setdefault(item.parent_id, []).append(item)
        else:
            tops.append(item)
    ordered, queue = [], list(tops)
    while queue:
        item = queue.pop(0)
        ordered.append(item)
        queue.extend(children.get(item.siasn_id, []))
    plan = []
    for item in ordered:
        unit = item.unit
        if unit is None:
            plan.append((item, {"create"}))
            continue
        changes = set()
        if unit.name != item.name:
            changes.add("name")
        if not unit.siasn_id:
            changes.add("link")
        parent = first_of_id.get(item.parent_id)
        if parent is not None:
            # A new parent unit is a move; an existing one moves only if different.
            if parent.unit is None or parent.unit.pk != unit.parent_id:
                changes.add("parent")
        else:
            wanted = by_siasn.get(item.parent_id)
            if (wanted.pk if wanted else None) != unit.parent_id:
                changes.add("parent")
        plan.append((item, changes))
    return plan


def _apply_unit_tree(agency, plan, first_of_id, by_siasn, actor) -> None:
    changed = [item.unit for item, changes in plan if "name" in changes]
    # Names may pass from one unit to another within the file: free them first
    # (a plain UPDATE, so the history gets only the final name).
    for unit in changed:
        WorkUnit.objects.filter(pk=unit.pk).update(name=f"~siasn~{unit.pk}")
    for item, changes in plan:
        if not changes:
            continue
        parent_item = first_of_id.get(item.parent_id)
        parent = parent_item.unit if parent_item else by_siasn.get(item.parent_id)
        if parent is not None:
            # Earlier moves in this run may have changed the parent's path.
            parent.path = WorkUnit.objects.values_list("path", flat=True).get(
                pk=parent.pk
            )
        unit = item.unit
        if unit is None:
            unit = WorkUnit(agency=agency, code=item.siasn_id)
            item.unit = unit
        else:
            unit.path = WorkUnit.objects.values_list("path", flat=True).get(pk=unit.pk)
        unit.name, unit.siasn_id, unit.parent = item.name, item.siasn_id, parent
        unit._change_reason = UNIT_TREE_REASON
        unit._history_user = actor
        unit.save()


# --- the checked rows between preview and confirmation ------------------------------

PENDING_MAX_AGE = datetime.timedelta(days=1)
# Ending everyone missing is proposed ticked only for a SIASN download (the whole
# agency) that leaves out at most this share of its active employees; a bigger
# gap looks like a partial file, and nothing is ticked until HR chooses.
ENDS_TICKED_UP_TO_SHARE = 0.5


def keep_pending_import(
    *,
    kind: str,
    agency,
    user,
    rows: list[SheetRow],
    filename: str = "",
    source: str = "",
    result: ImportResult | None = None,
    siasn_download: bool = False,
) -> PendingImport:
    """Keep the rows read from an upload, and what the preview found, until HR
    confirms. Confirmation validates the rows again against the database of that
    moment, without parsing the spreadsheet a second time. The proposed ends of
    assignment start ticked for a SIASN download that misses at most half the
    agency's active employees (ENDS_TICKED_UP_TO_SHARE), else unticked."""
    PendingImport.objects.filter(
        user__isnull=False, created_at__lt=timezone.now() - PENDING_MAX_AGE
    ).delete()
    preview, to_end = None, []
    if result is not None:
        preview, to_end = _preview_of(result, siasn_download=siasn_download)
    return _pending(kind, agency, user, rows, filename, source, preview, to_end)


def _pending(kind, agency, user, rows, filename, source, preview, to_end):
    data = [
        [row.number, row.values, [[str(e), e.column] for e in row.errors]]
        for row in rows
    ]
    return PendingImport.objects.create(
        token=uuid.uuid4().hex,
        kind=kind,
        agency=agency,
        user=user,
        filename=filename[:120],
        source=source[:100],
        rows=_packed(data),
        preview=_packed(preview) if preview is not None else None,
        to_end=to_end,
        fingerprint=_fingerprint(preview) if preview is not None else "",
    )


def _preview_of(result: ImportResult, *, siasn_download: bool, skipped=()):
    """What the preview pages show, and whose end of assignment starts ticked."""
    preview = {
        "changes": [change.as_json() for change in result.changes],
        "missing": result.missing,
        "counts": result.counts(),
        "total": result.total,
        "unchanged": result.unchanged,
        "active": result.active,
        "siasn": siasn_download,
        "warnings": [[w.number, w.nip, w.name, w.messages] for w in result.warnings],
        "skipped": [list(entry) for entry in skipped],
    }
    endable = [m["nip"] for m in result.missing if not m["self"]]
    if siasn_download and len(endable) <= ENDS_TICKED_UP_TO_SHARE * result.active:
        return preview, endable
    return preview, []


def _fingerprint(preview: dict) -> str:
    """What a preview would change, as a hash: the same changes, missing and left
    out employees give the same fingerprint."""
    what = [preview["changes"], preview["missing"], preview["skipped"]]
    return hashlib.sha256(_packed(what)).hexdigest()


def keep_agency_preview(
    *, agency, rows: list[SheetRow], result: ImportResult, source: str, skipped
) -> tuple[PendingImport | None, bool]:
    """The agency's one preview from the SIASN pull, and whether it is new. The
    same changes as the preview already waiting keep that one (HR may be reading
    it); other changes replace it; nothing to change removes it. `skipped` lists
    the employees the pull left out, (NIP, name, reasons): they are not missing,
    and confirming keeps them as they are. Under the agency's row lock, so two
    pulls at once leave one preview."""
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).exists()
        waiting = PendingImport.objects.filter(
            agency=agency, kind=PendingImport.Kind.EMPLOYEES, user__isnull=True
        ).first()
        if not result.changes and not result.missing and not skipped:
            if waiting is not None:
                waiting.delete()
            return None, False
        preview, to_end = _preview_of(result, siasn_download=True, skipped=skipped)
        if waiting is not None and waiting.fingerprint == _fingerprint(preview):
            return waiting, False
        if waiting is not None:
            waiting.delete()
        kind = PendingImport.Kind.EMPLOYEES
        pending = _pending(kind, agency, None, rows, "", source, preview, to_end)
        return pending, True


def apply_owned_fields(
    *, agency, rows: list[SheetRow], fields: Collection[str], source: str
) -> int:
    """Set at once, on the agency's existing employees, the `fields` (Employee
    field names: the data the agency lets SIASN own) whose value in their row
    differs, with a history record whose reason is `source`; returns how many
    employees changed. A row the import's checks refuse changes nothing, nor does
    one whose status (PNS/PPPK) differs: golongan and jabatan follow the status,
    so that employee waits whole for HR. Everything else waits in the preview."""
    fields = set(fields)
    if not fields:
        return 0
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).exists()
        units = _unit_lookup(agency)
        own = {e.nip: e for e in Employee.objects.filter(agency=agency)}
        groups: dict[tuple[str, ...], list[Employee]] = {}
        for row in rows:
            item = _parse_row(row, units)
            employee = own.get(item.nip)
            if employee is None or item.errors:
                continue
            if item.values.get("status", employee.status) != employee.status:
                continue
            changed = _set_owned(employee, item.values, fields)
            if changed:
                groups.setdefault(tuple(sorted(changed)), []).append(employee)
        history = {"default_user": None, "default_change_reason": source[:100]}
        for names, objects in groups.items():
            for employee in objects:
                employee.updated_at = timezone.now()
            bulk_update_with_history(
                objects,
                Employee,
                [*names, "updated_at"],
                batch_size=UPDATE_BATCH_SIZE,
                **history,
            )
            if "unit" in names:
                employees_moved.send(Employee, employee_ids=[e.pk for e in objects])
        return sum(len(objects) for objects in groups.values())


def _set_owned(employee: Employee, values: dict, fields: set[str]) -> list[str]:
    changed = []
    for name in sorted(fields & values.keys()):
        value = values[name]
        current = employee.unit_id if name == "unit" else getattr(employee, name)
        if current != (value.pk if name == "unit" else value):
            setattr(employee, name, value)
            changed.append(name)
    return changed


def agency_preview(agency) -> PendingImport | None:
    """The agency's preview from the SIASN pull waiting for HR, if any."""
    if agency is None:
        return None
    return (
        PendingImport.objects.filter(
            agency=agency, kind=PendingImport.Kind.EMPLOYEES, user__isnull=True
        )
        .defer("rows", "preview")
        .first()
    )


def _packed(data) -> bytes:
    return zlib.compress(json.dumps(data, default=_json_date).encode("utf-8"))


def unpacked(blob):
    return json.loads(zlib.decompress(bytes(blob)).decode("utf-8"))


def _json_date(value):
    # Dates read from the sheet go as ISO text; _as_date reads them back.
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def pending_import(*, token: str, user, kind: str) -> PendingImport | None:
    """The pending import `token` names, if `user` made it and it is not stale:
    another user, even of the same agency, gets None. The agency's preview from
    the SIASN pull is open to every user of that agency the view lets in (HR)."""
    if not re.fullmatch(r"[0-9a-f]{32}", token or "") or not user.is_authenticated:
        return None
    whose = Q(user=user, created_at__gte=timezone.now() - PENDING_MAX_AGE)
    employee = getattr(user, "employee", None)
    if employee is not None:
        whose |= Q(user__isnull=True, agency_id=employee.agency_id)
    return PendingImport.objects.filter(whose, token=token, kind=kind).first()


def pending_rows(pending: PendingImport) -> list[SheetRow]:
    return [
        SheetRow(
            number=number,
            values=values,
            errors=[SheetError(m, row=number, column=c) for m, c in errors],
        )
        for number, values, errors in unpacked(pending.rows)
    ]


def choose_ends(
    *, pending: PendingImport, shown=(), ticked=(), everyone: bool | None = None
) -> PendingImport:
    """HR's choice of whose assignment ends: `everyone` True or False sets it for
    all proposed; else the `shown` NIPs (one page of the list) end when `ticked`,
    and those on other pages keep their choice. Only NIPs the preview proposed
    count; the importing user's own profile never does."""
    endable = {m["nip"] for m in unpacked(pending.preview)["missing"] if not m["self"]}
    if everyone is not None:
        chosen = endable if everyone else set()
    else:
        shown = set(shown) & endable
        chosen = (set(pending.to_end) - shown) | (set(ticked) & shown)
    pending.to_end = sorted(chosen)
    pending.save(update_fields=["to_end"])
    return pending


def confirm_pending_import(
    *,
    pending: PendingImport,
    actor,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import the pending rows (checked again) and end the chosen assignments, in
    one transaction; the pending import is spent either way. Run by the import job
    (people.jobs), which reports `progress`."""
    result = import_employees(
        agency=pending.agency,
        rows=pending_rows(pending),
        dry_run=False,
        actor=actor,
        source=pending.source,
        end_nips=pending.to_end,
        keep_nips=[nip for nip, *_ in unpacked(pending.preview).get("skipped", [])],
        progress=progress,
    )
    pending.delete()
    return result


# --- Daily jobs per agency ----------------------------------------------------------


def agencies_due(*, job: str, now: datetime.datetime) -> list[Agency]:
    """Agencies whose reminder hour has come today and whose `job` has not yet run
    today (in the server's time zone)."""
    local = timezone.localtime(now)
    done_today = AgencyDailyRun.objects.filter(
        agency=OuterRef("pk"), job=job, run_on=local.date()
    )
    return list(
        Agency.objects.filter(reminder_hour__lte=local.hour)
        .exclude(Exists(done_today))
        .order_by("pk")
    )


def run_daily_for_due_agencies(
    *,
    job: str,
    work: Callable[..., object],
    now: datetime.datetime | None = None,
) -> list:
    """Call `work(agency=..., today=...)` for each agency due (see `agencies_due`),
    then record the day as done. Meant to run hourly: an agency is handled by the first
    run at or after its hour, and a run missed (worker down) is caught up by the next
    one. The day is recorded only after the work finished, so a run that died half-way
    is redone; the work must therefore send each message once by itself (the unique
    notification key), which also keeps two overlapping runs from repeating anything.
    Returns the results of `work`, one per agency handled."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    results = []
    for agency in agencies_due(job=job, now=now):
        results.append(work(agency=agency, today=today))
        AgencyDailyRun.objects.get_or_create(agency=agency, job=job, run_on=today)
    return results
