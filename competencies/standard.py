"""The managerial and socio-cultural competencies every agency's dictionary holds
(PermenPANRB 38/2017; docs/domain.md, "Competency dictionary"). The names are the
regulation's; the definitions and the one line per level are short paraphrases
written for the portal, not the regulation's text. Pure data, no database."""

from dataclasses import dataclass


@dataclass(frozen=True)
class StandardCompetency:
    code: str
    kind: str  # a Competency.Kind value
    name: str
    definition: str
    levels: tuple[str, str, str, str, str]  # levels 1 to 5


MANAGERIAL = "manajerial"
SOCIOCULTURAL = "sosial_kultural"

STANDARD_COMPETENCIES = (
    StandardCompetency(
        code="M1",
        kind=MANAGERIAL,
        name="Integritas",
        definition=(
            "Bertindak konsisten dengan nilai, norma dan etika organisasi, jujur "
            "dalam hubungan kerja, dan berani menegakkan aturan."
        ),
        levels=(
            "Jujur, mematuhi aturan, dan menyadari dampak perilakunya sendiri.",
            "Mengingatkan rekan agar bertindak sesuai nilai dan kode etik.",
            "Menjaga nilai organisasi secara konsisten meski ada tekanan.",
            "Menciptakan situasi kerja yang membuat bawahan taat pada nilai.",
            "Menjadi teladan dan menegakkan integritas di seluruh instansi.",
        ),
    ),
    StandardCompetency(
        code="M2",
        kind=MANAGERIAL,
        name="Kerja Sama",
        definition=(
            "Membangun dan menjaga kerja sama yang produktif dengan orang lain dan "
            "lintas unit untuk mencapai tujuan bersama."
        ),
        levels=(
            "Berpartisipasi aktif dan mendukung keputusan kelompok.",
            "Menghargai masukan rekan dan berbagi informasi dengan tim.",
            "Membangun kerja sama efektif antarunit dan mengelola perbedaan.",
            "Membangun komitmen tim dan jejaring kerja sama lintas instansi.",
            "Menciptakan budaya kolaborasi dan sinergi di tingkat pemerintahan.",
        ),
    ),
    StandardCompetency(
        code="M3",
        kind=MANAGERIAL,
        name="Komunikasi",
        definition=(
            "Menyampaikan dan menerima informasi secara jelas, lisan maupun "
            "tertulis, sehingga dipahami dan mendorong tindakan."
        ),
        levels=(
            "Menyampaikan informasi dengan jelas dan mendengarkan dengan baik.",
            "Menyesuaikan cara berkomunikasi dengan lawan bicara.",
            "Berkomunikasi secara persuasif untuk meyakinkan pihak lain.",
            "Mengelola komunikasi yang kompleks dan berisiko bagi unit kerja.",
            "Menyampaikan arah kebijakan strategis kepada publik dan pemangku "
            "kepentingan.",
        ),
    ),
    StandardCompetency(
        code="M4",
        kind=MANAGERIAL,
        name="Orientasi pada Hasil",
        definition=(
            "Berusaha mencapai hasil kerja yang melebihi standar dan terus "
            "memperbaiki cara kerja."
        ),
        levels=(
            "Menyelesaikan tugas sesuai standar dan tepat waktu.",
            "Menetapkan target kerja sendiri dan memantau kemajuannya.",
            "Memperbaiki cara kerja untuk hasil yang lebih baik dan efisien.",
            "Menetapkan target yang menantang bagi unit dan mengawal capaiannya.",
            "Mendorong kinerja unggul instansi dengan ukuran keberhasilan yang jelas.",
        ),
    ),
    StandardCompetency(
        code="M5",
        kind=MANAGERIAL,
        name="Pelayanan Publik",
        definition=(
            "Memberikan layanan yang berkualitas, adil dan tanggap terhadap "
            "kebutuhan masyarakat."
        ),
        levels=(
            "Melayani masyarakat dengan sopan sesuai standar pelayanan.",
            "Menanggapi keluhan dan kebutuhan pengguna layanan dengan cepat.",
            "Memperbaiki proses layanan berdasarkan umpan balik masyarakat.",
            "Merancang perbaikan layanan unit yang berdampak luas.",
            "Menetapkan kebijakan pelayanan publik yang berpihak pada masyarakat.",
        ),
    ),
    StandardCompetency(
        code="M6",
        kind=MANAGERIAL,
        name="Pengembangan Diri dan Orang Lain",
        definition=(
            "Meningkatkan pengetahuan dan kemampuan diri sendiri serta membantu "
            "orang lain berkembang."
        ),
        levels=(
            "Mengenali kelebihan dan kekurangan diri serta mau belajar.",
            "Merencanakan pengembangan diri dan berbagi ilmu dengan rekan.",
            "Membimbing dan memberi umpan balik untuk pengembangan bawahan.",
            "Menyusun program pengembangan pegawai di unitnya.",
            "Membangun budaya belajar dan kaderisasi di seluruh instansi.",
        ),
    ),
    StandardCompetency(
        code="M7",
        kind=MANAGERIAL,
        name="Mengelola Perubahan",
        definition=(
            "Menyesuaikan diri dengan perubahan dan menggerakkan orang lain agar "
            "perubahan berhasil."
        ),
        levels=(
            "Menerima perubahan dan menyesuaikan cara kerjanya.",
            "Memahami alasan perubahan dan ikut mewujudkannya.",
            "Membantu rekan dan bawahan menjalani perubahan.",
            "Memimpin perubahan di unitnya dan mengatasi penolakan.",
            "Menjadi penggerak perubahan besar di tingkat instansi.",
        ),
    ),
    StandardCompetency(
        code="M8",
        kind=MANAGERIAL,
        name="Pengambilan Keputusan",
        definition=(
            "Memilih tindakan terbaik dari berbagai pilihan berdasarkan data dan "
            "pertimbangan risiko, tepat waktu."
        ),
        levels=(
            "Mengambil keputusan sesuai prosedur yang berlaku.",
            "Menimbang beberapa pilihan sebelum memutuskan.",
            "Memutuskan dengan analisis data dan risiko yang memadai.",
            "Memutuskan persoalan kompleks dengan dampak lintas unit.",
            "Membuat keputusan strategis berdampak luas bagi daerah.",
        ),
    ),
    StandardCompetency(
        code="SK1",
        kind=SOCIOCULTURAL,
        name="Perekat Bangsa",
        definition=(
            "Menghargai keberagaman dan menjaga persatuan dalam bekerja bersama "
            "orang dari latar belakang yang berbeda."
        ),
        levels=(
            "Menghormati perbedaan agama, suku, budaya dan pandangan orang lain.",
            "Bekerja sama dengan baik bersama orang yang berbeda latar belakang.",
            "Menjembatani perbedaan dan mencegah konflik di lingkungan kerja.",
            "Mengelola keberagaman menjadi kekuatan bagi unit kerjanya.",
            "Mempromosikan persatuan dan toleransi dalam kebijakan instansi.",
        ),
    ),
)
