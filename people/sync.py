"""What a re-import of the employee list changes, employee by employee, sorted into
the kinds of change HR reads in the preview (people/README.md, "A re-import is a
sync"). Pure: it compares values it is given and never touches the database."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from people.models import Employee, is_serving

NEW = "baru"
UNIT = "unit"
GOLONGAN = "golongan"
JABATAN = "jabatan"
STATUS = "status"
LEGAL_STATUS = "kedudukan"
OTHER = "lainnya"
REACTIVATED = "aktif-kembali"
MISSING = "berakhir"

# In the order the preview shows them; the key is the page's ?jenis=.
KINDS = {
    NEW: _("Pegawai baru"),
    UNIT: _("Pindah unit kerja"),
    GOLONGAN: _("Golongan berubah"),
    JABATAN: _("Jabatan berubah"),
    STATUS: _("Status kepegawaian berubah"),
    LEGAL_STATUS: _("Kedudukan hukum berubah"),
    OTHER: _("Data lain berubah"),
    REACTIVATED: _("Aktif kembali"),
    MISSING: _("Tidak ada di berkas: penugasan diusulkan berakhir"),
}

KIND_OF_FIELD = {
    "unit": UNIT,
    "golongan": GOLONGAN,
    "pppk_grade": GOLONGAN,
    "jabatan_name": JABATAN,
    "jabatan_type": JABATAN,
    "status": STATUS,
    "legal_status": LEGAL_STATUS,
}
# The data an agency may let SIASN own: a pull (siasn_ws.pull) applies SIASN's value
# of these at once, and only the rest waits in the preview. Each is the group of
# Employee fields that change together.
OWNED_GROUPS = {
    "golongan": (
        _("Golongan dan TMT golongan"),
        ("golongan", "pppk_grade", "tmt_golongan"),
    ),
    "jabatan": (
        _("Jabatan: nama, jenis dan TMT"),
        ("jabatan_name", "jabatan_type", "tmt_jabatan"),
    ),
    "unit": (_("Unit kerja"), ("unit",)),
    "kedudukan": (_("Kedudukan hukum"), ("legal_status",)),
    "nama": (_("Nama dan gelar"), ("name", "front_title", "back_title")),
}


def owned_fields(groups) -> set[str]:
    """The Employee fields of the owned `groups` (unknown keys are ignored)."""
    return {
        name for key in groups if key in OWNED_GROUPS for name in OWNED_GROUPS[key][1]
    }


# What a new employee's line in the preview shows.
NEW_FIELDS = ("unit", "status", "golongan", "pppk_grade", "jabatan_name")


@dataclass
class Change:
    """One employee's line in the preview: which kinds of change, and each field
    as [field, before, after] in JSON-ready values (`shown` words them)."""

    nip: str
    name: str
    row: int
    kinds: list[str]
    fields: list[list] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "nip": self.nip,
            "name": self.name,
            "row": self.row,
            "kinds": self.kinds,
            "fields": self.fields,
        }


def compare(
    existing: Employee,
    wanted: dict,
    *,
    supervisor_nip: str | None,
    current_supervisor_nip: str,
    unit_names: dict[int, str],
    row: int,
) -> Change | None:
    """What changes when `existing` takes the `wanted` field values (a WorkUnit for
    "unit") and, unless `supervisor_nip` is None (no such column), that supervisor;
    None when nothing does. An inactive employee found in the file is active again."""
    fields, kinds = [], []
    for name, value in wanted.items():
        if name == "unit":
            before, after = existing.unit_id, value.pk
        else:
            before, after = getattr(existing, name), value
        if before == after:
            continue
        if name == "unit":
            before, after = unit_names.get(before, ""), value.name
        fields.append([name, _plain(before), _plain(after)])
        kinds.append(_kind_of(name, before, after))
    if supervisor_nip is not None and supervisor_nip != current_supervisor_nip:
        fields.append(["supervisor", current_supervisor_nip, supervisor_nip])
        kinds.append(OTHER)
    if not existing.is_active:
        kinds.append(REACTIVATED)
    if not kinds:
        return None
    ordered = [kind for kind in KINDS if kind in kinds]
    name = wanted.get("name", existing.name)
    return Change(nip=existing.nip, name=name, row=row, kinds=ordered, fields=fields)


def _kind_of(name: str, before, after) -> str:
    """The kind a field's change is shown under. A kedudukan hukum recorded for the
    first time as serving (a hand-typed profile's first SIASN download) changes
    nothing the portal decides, so it is "other data", like BKN's jenis pegawai
    text beside an unchanged PNS/PPPK status."""
    if name == "legal_status" and not before and is_serving(after):
        return OTHER
    return KIND_OF_FIELD.get(name, OTHER)


def new_employee(nip: str, wanted: dict, *, row: int) -> Change:
    fields = []
    for name in NEW_FIELDS:
        value = wanted.get(name)
        if value in (None, ""):
            continue
        fields.append([name, "", value.name if name == "unit" else _plain(value)])
    return Change(
        nip=nip, name=wanted.get("name", ""), row=row, kinds=[NEW], fields=fields
    )


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else value


LABELS = {"supervisor": _("NIP atasan")}


def label(field_name: str) -> str:
    if field_name in LABELS:
        return str(LABELS[field_name])
    return str(Employee._meta.get_field(field_name).verbose_name)


def shown(field_name: str, value) -> str:
    """A stored value as HR reads it: the jabatan type's name, the PPPK grade in
    roman numerals, a date as dd-mm-yyyy."""
    if value in ("", None):
        return ""
    if field_name == "jabatan_type" and value in Employee.JabatanType.values:
        return str(Employee.JabatanType(value).label)
    if field_name == "pppk_grade":
        return Employee(status=Employee.Status.PPPK, pppk_grade=value).rank_short
    if field_name in {"tmt_cpns", "tmt_golongan", "tmt_jabatan"}:
        return datetime.date.fromisoformat(value).strftime("%d-%m-%Y")
    return str(value)
