"""Who may open each competency dictionary URL (see tests/access.py for the format).

HR of the agency reads and manages the dictionary, leaders read it; a plain ASN,
supervisor or mentor does not open it (403), and another agency's competency is a
404."""

from tests.access import ASN, HR, LEADER, LOGGED_IN, SUPERVISOR, Rule

MANAGERS = frozenset({HR})
READERS = frozenset({HR, LEADER})


def _competency(org):
    from competencies.models import Competency

    competency, _ = Competency.objects.get_or_create(
        agency=org["agency"],
        code="T9",
        defaults={"kind": Competency.Kind.TECHNICAL, "name": "Pengelolaan Arsip"},
    )
    return [competency.pk]


def _standard(org):
    from competencies.models import JobStandard

    standard, _ = JobStandard.objects.get_or_create(
        agency=org["agency"], jabatan_name="Arsiparis Ahli Pertama"
    )
    return [standard.pk]


def _assessed(org):
    from competencies.models import AssessedLevel, Competency

    competency = Competency.objects.filter(pk=_competency(org)[0]).get()
    record, _ = AssessedLevel.objects.get_or_create(
        employee=org["member"],
        competency=competency,
        defaults={"level": 2, "assessed_on": "2026-01-05", "source": "asesmen"},
    )
    return [record.pk]


def _member(org):
    return [org["member"].pk]


RULES = [
    Rule("competencies:competency_list", allowed=READERS),
    Rule("competencies:competency_detail", allowed=READERS, args=_competency),
    Rule("competencies:competency_create", allowed=MANAGERS),
    Rule(
        "competencies:competency_create",
        allowed=MANAGERS,
        method="POST",
        data=lambda org: {"code": "T7", "name": "Kearsipan", "ordering": "0"},
    ),
    Rule("competencies:competency_edit", allowed=MANAGERS, args=_competency),
    Rule(
        "competencies:competency_edit",
        allowed=MANAGERS,
        args=_competency,
        method="POST",
        data=lambda org: {
            "code": "T9",
            "name": "Pengelolaan Arsip Dinamis",
            "ordering": "0",
            "reason": "nama kurang lengkap",
        },
    ),
    Rule("competencies:competency_history", allowed=MANAGERS, args=_competency),
    Rule("competencies:competency_delete", allowed=MANAGERS, args=_competency),
    Rule(
        "competencies:competency_delete",
        allowed=MANAGERS,
        args=_competency,
        method="POST",
        data=lambda org: {"reason": "tercatat dua kali"},
    ),
    Rule("competencies:load_standard", allowed=MANAGERS, method="POST"),
    Rule("competencies:competency_import", allowed=MANAGERS),
    Rule("competencies:import_template", allowed=MANAGERS),
    Rule("competencies:standard_list", allowed=READERS),
    Rule("competencies:standard_detail", allowed=READERS, args=_standard),
    Rule("competencies:standard_create", allowed=MANAGERS),
    Rule(
        "competencies:standard_create",
        allowed=MANAGERS,
        method="POST",
        data=lambda org: {"jabatan_name": "Pranata Komputer Ahli Muda"},
    ),
    Rule("competencies:standard_edit", allowed=MANAGERS, args=_standard),
    Rule(
        "competencies:standard_edit",
        allowed=MANAGERS,
        args=_standard,
        method="POST",
        data=lambda org: {
            "jabatan_name": "Arsiparis Ahli Pertama",
            "reason": "catatan diperbarui",
        },
    ),
    Rule("competencies:standard_history", allowed=MANAGERS, args=_standard),
    Rule("competencies:standard_delete", allowed=MANAGERS, args=_standard),
    Rule(
        "competencies:standard_delete",
        allowed=MANAGERS,
        args=_standard,
        method="POST",
        data=lambda org: {"reason": "jabatan dihapus"},
    ),
    Rule("competencies:my_competencies", allowed=LOGGED_IN),
    # The member's page: themselves, their supervisor, HR and leaders of the agency.
    Rule(
        "competencies:employee_competencies",
        allowed=frozenset({HR, LEADER, SUPERVISOR, ASN}),
        args=_member,
    ),
    Rule(
        "competencies:employee_competencies",
        allowed=frozenset({HR, SUPERVISOR}),
        args=_member,
        method="POST",
        data=lambda org: {
            "competency": _competency(org)[0],
            "level": "3",
            "assessed_on": "2026-02-01",
            "source": "asesmen",
        },
    ),
    Rule("competencies:assessed_level_delete", allowed=MANAGERS, args=_assessed),
    Rule(
        "competencies:assessed_level_delete",
        allowed=MANAGERS,
        args=_assessed,
        method="POST",
        data=lambda org: {"reason": "salah pegawai"},
    ),
    Rule("competencies:gaps", allowed=READERS),
    Rule("competencies:assessed_level_import", allowed=MANAGERS),
    Rule("competencies:assessed_level_template", allowed=MANAGERS),
]
