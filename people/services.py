"""Writes with side effects for people and organisation: the employee import, and
the per-agency daily run of the reminder jobs."""

import datetime
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
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

from asn_portal.refusals import Refused
from asn_portal.spreadsheets import SheetError, SheetRow
from notifications import services as notification_services
from notifications.models import Notification
from notifications.services import object_key_for
from people import nip as nip_rules
from people.models import Agency, AgencyDailyRun, Employee, WorkUnit

BATCH_SIZE = 2000
# bulk_update writes one CASE per field listing every row of the batch; Django builds
# it slowly in Python, so batches stay small (measured, see README).
UPDATE_BATCH_SIZE = 500
# Lookups by NIP go in chunks so no database meets a 20,000-parameter IN list.
LOOKUP_CHUNK = 1000
IMPORT_REASON = "Impor data pegawai"
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
    applied: bool = False

    @property
    def is_valid(self) -> bool:
        return not self.errors


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
            employee.save(update_fields=["user"])
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
    message = _("%(n)s akun dibuat; undangan dikirim ke email masing-masing.") % {
        "n": result.created
    }
    if result.without_email:
        message += " " + _("%(n)s pegawai belum punya email.") % {
            "n": len(result.without_email)
        }
    if result.username_taken:
        message += " " + _("NIP sudah dipakai akun lain, tidak dibuat: %(nips)s.") % {
            "nips": ", ".join(e.nip for e in result.username_taken[:20])
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


def save_correction(record, *, reason: str):
    """Save what HR corrected in the product; the history keeps who, when and why
    (who from the request, through simple-history's middleware)."""
    record._change_reason = reason[:100]
    record.full_clean()
    record.save()
    return record


def update_own_contacts(*, employee: Employee, email: str, phone: str) -> Employee:
    """The ASN's own email and phone; the login's email follows, so a password
    link goes where the ASN reads it. Kept in the profile's history."""
    with transaction.atomic():
        employee.email, employee.phone = email, phone
        employee._change_reason = "diubah sendiri"
        employee.save(update_fields=["email", "phone"])
        if employee.user_id:
            type(employee.user).objects.filter(pk=employee.user_id).update(email=email)
    return employee


def end_assignment(*, employee: Employee, reason: str) -> Employee:
    """An employee who leaves or moves to another agency: the profile stays (every
    record stays visible to whoever could see it), the login is disabled at once
    (an open session ends at its next request), and the reason is kept in the
    profile's history."""
    with transaction.atomic():
        employee.is_active = False
        employee._change_reason = reason[:100]
        employee.save(update_fields=["is_active"])
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
    *, agency, rows: list[SheetRow], dry_run: bool, actor
) -> ImportResult:
    """Validate every row of an employee list and, when all are valid and this is
    not a dry run, create or update the agency's employees (matched by NIP) in one
    transaction, with a history record for each creation and change.

    Supervisors may appear anywhere in the file: they are resolved after all rows
    are read, and new employees are created top-down so each gets its supervisor
    in its first history record.

    A real import holds the agency's row lock from the first read to the last write,
    so a second confirmation of the same list (a double click, two tabs) waits, then
    finds every NIP already there, instead of failing on the unique NIP."""
    if dry_run:
        return _check_and_import(agency=agency, rows=rows, dry_run=True, actor=actor)
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).exists()
        return _check_and_import(agency=agency, rows=rows, dry_run=False, actor=actor)


def _check_and_import(*, agency, rows, dry_run, actor) -> ImportResult:
    units = _unit_lookup(agency)
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
        elif _differs(existing, item, nip_of_pk):
            to_update.append(item)
        else:
            result.unchanged += 1
    result.created, result.updated = len(to_create), len(to_update)
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        _apply(agency, to_create, to_update, own, actor)
    result.applied = True
    return result


def _report(item: _Incoming, messages: list[str]) -> RowReport:
    name = item.row.values.get("name", "")
    return RowReport(number=item.row.number, nip=item.nip, name=name, messages=messages)


def _unit_lookup(agency) -> dict[str, WorkUnit]:
    lookup = {}
    for unit in WorkUnit.objects.filter(agency=agency):
        lookup[_key(unit.name)] = unit
    for unit in WorkUnit.objects.filter(agency=agency):
        # A code wins over a name that happens to look like it.
        lookup[_key(unit.code)] = unit
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
    nip, status = values["nip"], values["status"]
    fields = {
        key: values[key]
        for key in ("name", "front_title", "back_title", "jabatan_name", "email")
        if key in values
    }

    parsed_nip = _parsed_nip(nip, _("NIP %(nip)s tidak valid: %(reason)s"), errors)
    if status is not None:
        fields["status"] = status
        if parsed_nip is not None:
            warnings += _nip_warnings(parsed_nip, status)
    if "golongan" in values:
        errors += _golongan_into(fields, values["golongan"], status)
    if not row.failed("jabatan_type"):
        errors += _jabatan_type_into(fields, values, status)
    if not row.failed("unit"):
        errors += _unit_into(fields, values["unit"], units)
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
        values["jabatan_type"], values["jabatan_name"]
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


def _unit_into(fields: dict, text: str, units) -> list[str]:
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


def parse_jabatan_type(text: str, jabatan_name: str) -> tuple[str | None, str | None]:
    """(jabatan type, None) or (None, the reason it is not understood)."""
    key = _key(text)
    if not key:
        return None, _("Jenis jabatan kosong.")
    if key in JABATAN_TYPE_WORDS:
        return JABATAN_TYPE_WORDS[key], None
    if key in GENERIC_FUNCTIONAL:
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
        "Keahlian, Fungsional Keterampilan."
    ) % {"value": text}


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


def _differs(existing: Employee, item: _Incoming, nip_of_pk) -> bool:
    for name, value in item.values.items():
        current = existing.unit_id if name == "unit" else getattr(existing, name)
        wanted = value.pk if name == "unit" else value
        if current != wanted:
            return True
    if item.supervisor_nip is not None:
        current = nip_of_pk.get(existing.supervisor_id, "")
        if current != item.supervisor_nip:
            return True
    return not existing.is_active


# --- writing ---------------------------------------------------------------------


def _apply(agency, to_create, to_update, own, actor) -> None:
    pk_of_nip = {nip: employee.pk for nip, employee in own.items()}
    history = {"default_user": actor, "default_change_reason": IMPORT_REASON}
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
        created = bulk_create_with_history(
            objects, Employee, batch_size=BATCH_SIZE, **history
        )
        for employee in created:
            pk_of_nip[employee.nip] = employee.pk
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
                changed.append(name.removesuffix("_id"))
        employee.updated_at = now
        groups.setdefault(tuple(sorted(changed)), []).append(employee)
    for fields, objects in groups.items():
        bulk_update_with_history(
            objects, Employee, list(fields), batch_size=UPDATE_BATCH_SIZE, **history
        )
    pks = [own[item.nip].pk for item in to_update]
    for start in range(0, len(pks), LOOKUP_CHUNK):
        Employee.objects.filter(pk__in=pks[start : start + LOOKUP_CHUNK]).update(
            updated_at=now
        )


# --- the checked rows between preview and confirmation ------------------------------

PENDING_MAX_AGE_SECONDS = 24 * 3600


def pending_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def stash_rows(rows: list[SheetRow]) -> str:
    """Keep the rows read from an upload until HR confirms; returns the token that
    names them. Confirmation validates them again against the database of that
    moment, without parsing the spreadsheet a second time. The file name is random,
    so nothing the user sent reaches a path."""
    folder = pending_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _discard_stale(folder)
    token = uuid.uuid4().hex
    data = [
        [row.number, row.values, [[str(e), e.column] for e in row.errors]]
        for row in rows
    ]
    (folder / f"{token}.json").write_text(json.dumps(data), encoding="utf-8")
    return token


def load_rows(token: str) -> list[SheetRow] | None:
    path = _pending_path(token)
    if path is None:
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        SheetRow(
            number=number,
            values=values,
            errors=[SheetError(m, row=number, column=c) for m, c in errors],
        )
        for number, values, errors in data
    ]


def discard_rows(token: str) -> None:
    path = _pending_path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def _pending_path(token: str) -> Path | None:
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        return None
    path = pending_dir() / f"{token}.json"
    return path if path.is_file() else None


def _discard_stale(folder: Path) -> None:
    cutoff = timezone.now().timestamp() - PENDING_MAX_AGE_SECONDS
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


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
