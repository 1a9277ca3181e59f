"""Demo data for competencies: the standard competencies and a few technical ones
for each agency `seed_demo` creates, standards for its most held jabatan (and the demo
ASN's), and assessed levels for some of their holders, so the gap pages have figures."""

import datetime
import random

from django.db.models import Count
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from competencies import services
from competencies.models import AssessedLevel, Competency, JobStandard
from people.demo import demo_username
from people.models import Employee
from people.roles import Role

# Required levels of a demo standard, by code: a plain pattern a reader can check.
REQUIRED = {"M1": 3, "M2": 2, "M5": 3, "SK1": 2, "T1": 2}
STANDARD_JABATAN = 3
ASSESSED_HOLDERS = 150

TECHNICAL = [
    (
        "T1",
        "Pengelolaan Kepegawaian",
        "Kemampuan mengelola data, mutasi dan pengembangan ASN sesuai aturan.",
        (
            "Memahami jenis data kepegawaian dan tata cara pengisiannya.",
            "Memutakhirkan data pegawai unit secara tertib.",
            "Menyusun usulan mutasi dan pengembangan pegawai.",
            "Menganalisis kebutuhan pegawai dan kompetensi instansi.",
            "Merumuskan kebijakan manajemen ASN daerah.",
        ),
    ),
    (
        "T2",
        "Pengelolaan Keuangan Daerah",
        "Kemampuan merencanakan, menatausahakan dan melaporkan anggaran daerah.",
        (
            "Memahami siklus anggaran dan dokumen pelaksanaannya.",
            "Menatausahakan belanja sesuai ketentuan.",
            "Menyusun laporan realisasi anggaran unit.",
            "Mengendalikan anggaran lintas program.",
            "Merumuskan kebijakan pengelolaan keuangan daerah.",
        ),
    ),
]


def seed(*, agencies, size: str = "small", rng=None, **_ignored) -> None:
    for agency in agencies:
        seed_dictionary(agency)
        _standards_and_assessments(agency)


def seed_dictionary(agency) -> None:
    """The agency's dictionary: the standard competencies and the demo's technical
    ones. Apps seeded earlier (training links its demo programmes to them) call it
    too; a second call adds nothing."""
    services.load_standard_competencies(agency=agency)
    for code, name, definition, levels in TECHNICAL:
        if Competency.objects.filter(agency=agency, code=code).exists():
            continue
        services.create_technical_competency(
            agency=agency,
            code=code,
            name=name,
            definition=definition,
            levels=dict(enumerate(levels, start=1)),
        )


def _standards_and_assessments(agency) -> None:
    if JobStandard.objects.filter(agency=agency).exists():
        return
    rng = random.Random(f"competencies-{agency.code}")  # nosec B311 (demo data)
    active = Employee.objects.filter(agency=agency, is_active=True)
    jabatan = list(
        active.values("jabatan_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "jabatan_name")
        .values_list("jabatan_name", flat=True)[:STANDARD_JABATAN]
    )
    demo_asn = active.filter(user__username=demo_username(Role.ASN, agency)).first()
    if demo_asn is not None and demo_asn.jabatan_name not in jabatan:
        jabatan.append(demo_asn.jabatan_name)
    codes = dict(
        Competency.objects.filter(agency=agency, code__in=REQUIRED).values_list(
            "code", "pk"
        )
    )
    required = {codes[code]: level for code, level in REQUIRED.items() if code in codes}
    for name in jabatan:
        services.create_standard(agency=agency, jabatan_name=name, levels=required)
    holders = list(
        active.filter(jabatan_name__in=jabatan).order_by("pk")[:ASSESSED_HOLDERS]
    )
    if demo_asn is not None and demo_asn not in holders:
        holders.append(demo_asn)
    today = timezone.localdate()
    records = [
        AssessedLevel(
            employee=employee,
            competency_id=competency_id,
            level=rng.randint(1, 4),
            assessed_on=today - datetime.timedelta(days=rng.randint(10, 300)),
            source=AssessedLevel.Source.ASSESSMENT,
            notes="Uji kompetensi BKPSDM",
        )
        for employee in holders
        for competency_id in required
        if rng.random() < 0.85  # some not assessed yet: "belum dinilai"
    ]
    bulk_create_with_history(records, AssessedLevel, batch_size=1000)
