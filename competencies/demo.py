"""Demo data for the competency dictionary: the standard competencies and a few
technical ones for each agency `seed_demo` creates."""

from competencies import services
from competencies.models import Competency

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
