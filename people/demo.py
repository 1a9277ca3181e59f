"""Demo organisations for `manage.py seed_demo`: two agencies with a real org chart,
valid NIPs, golongan that fits each jabatan, national holidays and one login per role.

The province size (`province_plan`) adds 28 generated kabupaten/kota of Sumatera
Utara with the same shape, built one agency at a time by the command.

Other apps add their own demo data through `<app>.demo.seed(agencies=..., size=...,
rng=...)`; they find the demo logins by the usernames in `demo_username()`."""

import datetime
import io
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw
from simple_history.utils import bulk_create_with_history

from people import nip as nip_rules
from people.models import (
    Agency,
    DocumentSettings,
    Employee,
    Holiday,
    Signatory,
    WorkUnit,
)
from people.roles import ROLE_GROUPS, Role

# A published demo password: demo accounts never exist in production.
DEMO_PASSWORD = "asnportal2026"  # nosec B105
BATCH_SIZE = 2000
# Target ASN per agency (before the few fixed demo people).
SIZES = {
    "small": {"siantar": 220, "belawan": 90},
    "large": {"siantar": 14000, "belawan": 6000},
}
# Large mode gives accounts to heads of units and a sample of staff, not to all.
LARGE_MODE_ACCOUNTS = 200  # per agency
LOGIN_PREFIX = {
    Role.HR: "hr",
    Role.LEADER: "pimpinan",
    Role.SUPERVISOR: "atasan",
    Role.ASN: "asn",
    Role.MENTOR: "mentor",
}

J = Employee.JabatanType


def demo_username(role: Role, agency: Agency) -> str:
    """hr.siantar, pimpinan.belawan...: the demo login of a role in an agency."""
    return f"{LOGIN_PREFIX[role]}.{agency.code}"


# --- organisation ----------------------------------------------------------------


@dataclass
class UnitSpec:
    code: str
    name: str
    kind: str  # decides the head's jabatan, see HEADS
    profile: str = "umum"  # decides the staff's jabatan, see PROFILES
    staff: int = 3  # relative number of staff
    children: list["UnitSpec"] = field(default_factory=list)
    repeat_large: int = 0  # in large mode, this many more units like it


def _units(text: str) -> UnitSpec:
    """A unit tree from an indented table: code | name | kind | profile | staff
    [| more units like it in large mode]. Two spaces of indent per level; in a name,
    {parent} and {opd} stand for the parent's and the grandparent's names."""
    root: UnitSpec | None = None
    stack: list[tuple[int, UnitSpec]] = []
    for line in text.strip("\n").splitlines():
        indent = (len(line) - len(line.lstrip())) // 2
        code, name, kind, profile, staff, *repeat = (
            part.strip() for part in line.split("|")
        )
        while stack and stack[-1][0] >= indent:
            stack.pop()
        ancestors = [spec.name for _level, spec in stack]
        name = name.format(
            parent=ancestors[-1] if ancestors else "",
            opd=ancestors[-2] if len(ancestors) > 1 else "",
        )
        repeat_large = int(repeat[0]) if repeat else 0
        unit = UnitSpec(code, name, kind, profile, int(staff), [], repeat_large)
        if stack:
            stack[-1][1].children.append(unit)
        else:
            root = unit
        stack.append((indent, unit))
    return root


# fmt: off
SIANTAR_TABLE = """
SETDA | Sekretariat Daerah | setda | umum | 1
  SETDA-ORG | Bagian Organisasi | bagian | umum | 3
  SETDA-HKM | Bagian Hukum | bagian | umum | 3
  SETDA-UMUM | Bagian Umum | bagian | umum | 5
  BKPSDM | Badan Kepegawaian dan Pengembangan Sumber Daya Manusia | badan | sdm | 0
    BKPSDM-SEK | Sekretariat {parent} | sekretariat | umum | 2
      BKPSDM-UMPEG | Subbagian Umum dan Kepegawaian {opd} | subbag | umum | 3
      BKPSDM-KEU | Subbagian Keuangan {opd} | subbag | umum | 2
    BKPSDM-PK | Bidang Pengembangan Kompetensi | bidang | sdm | 4
    BKPSDM-MUT | Bidang Mutasi dan Promosi | bidang | sdm | 4
    BKPSDM-PKA | Bidang Penilaian Kinerja Aparatur dan Penghargaan | bidang | sdm | 3
  DINKES | Dinas Kesehatan | dinas | kesehatan | 0
    DINKES-SEK | Sekretariat {parent} | sekretariat | umum | 2
      DINKES-UMPEG | Subbagian Umum dan Kepegawaian {opd} | subbag | umum | 3
      DINKES-KEU | Subbagian Keuangan {opd} | subbag | umum | 2
    DINKES-YANKES | Bidang Pelayanan Kesehatan | bidang | kesehatan | 1
      YANKES-PRIMER | Seksi Pelayanan Kesehatan Primer | seksi | kesehatan | 4
      YANKES-RUJUKAN | Seksi Pelayanan Kesehatan Rujukan | seksi | kesehatan | 3
    DINKES-P2P | Bidang Pencegahan dan Pengendalian Penyakit | bidang | kesehatan | 1
      P2P-SURV | Seksi Surveilans dan Imunisasi | seksi | kesehatan | 3
      P2P-PTM | Seksi Pengendalian Penyakit Tidak Menular | seksi | kesehatan | 3
    DINKES-KESMAS | Bidang Kesehatan Masyarakat | bidang | kesehatan | 1
      KESMAS-GIZI | Seksi Kesehatan Keluarga dan Gizi Masyarakat | seksi | kesehatan | 3
    PKM-KESATRIA | UPTD Puskesmas Kesatria | uptd | kesehatan | 9 | 6
    PKM-SUKADAME | UPTD Puskesmas Sukadame | uptd | kesehatan | 8
    PKM-RAKYAT | UPTD Puskesmas Rakyat | uptd | kesehatan | 8
    PKM-BANE | UPTD Puskesmas Bane | uptd | kesehatan | 7
  DISDIK | Dinas Pendidikan | dinas | pendidikan | 0
    DISDIK-SEK | Sekretariat {parent} | sekretariat | umum | 2
      DISDIK-UMPEG | Subbagian Umum dan Kepegawaian {opd} | subbag | umum | 3
      DISDIK-KEU | Subbagian Keuangan {opd} | subbag | umum | 2
    DISDIK-SD | Bidang Pembinaan Sekolah Dasar | bidang | pendidikan | 2
      SDN-122350 | SD Negeri 122350 Pematangsiantar | sekolah | guru | 8 | 110
      SDN-122351 | SD Negeri 122351 Pematangsiantar | sekolah | guru | 7
    DISDIK-SMP | Bidang Pembinaan Sekolah Menengah Pertama | bidang | pendidikan | 2
      SMPN-1 | SMP Negeri 1 Pematangsiantar | sekolah | guru | 12 | 14
  DISHUB | Dinas Perhubungan | dinas | perhubungan | 0
    DISHUB-SEK | Sekretariat {parent} | sekretariat | umum | 2
      DISHUB-UMPEG | Subbagian Umum dan Kepegawaian {opd} | subbag | umum | 3
      DISHUB-KEU | Subbagian Keuangan {opd} | subbag | umum | 2
    DISHUB-LLAJ | Bidang Lalu Lintas dan Angkutan Jalan | bidang | perhubungan | 6
    DISHUB-PKB | UPTD Pengujian Kendaraan Bermotor | uptd | perhubungan | 4
  DISDUKCAPIL | Dinas Kependudukan dan Pencatatan Sipil | dinas | dukcapil | 0
    DUKCAPIL-SEK | Sekretariat {parent} | sekretariat | umum | 2
      DUKCAPIL-UMPEG | Subbagian Umum dan Kepegawaian {opd} | subbag | umum | 3
      DUKCAPIL-KEU | Subbagian Keuangan {opd} | subbag | umum | 2
    DUKCAPIL-DAFDUK | Bidang Pelayanan Pendaftaran Penduduk | bidang | dukcapil | 5
    DUKCAPIL-CAPIL | Bidang Pelayanan Pencatatan Sipil | bidang | dukcapil | 4
  DPMPTSP | Dinas Penanaman Modal dan PTSP | dinas | perizinan | 0
    DPMPTSP-SEK | Sekretariat {parent} | sekretariat | umum | 2
      DPMPTSP-UMPEG | Subbagian Umum dan Kepegawaian {opd} | subbag | umum | 3
      DPMPTSP-KEU | Subbagian Keuangan {opd} | subbag | umum | 2
    DPMPTSP-YAN | Bidang Pelayanan Perizinan dan Nonperizinan | bidang | perizinan | 5
    DPMPTSP-PM | Bidang Penanaman Modal | bidang | perizinan | 3
"""
SIANTAR = _units(SIANTAR_TABLE)

BELAWAN = _units("""
KEC-BELAWAN | Kecamatan Medan Belawan | kecamatan | kewilayahan | 0
  KEC-SEKCAM | Sekretariat {parent} | sekcam | umum | 3
    KEC-UMPEG | Subbagian Umum dan Kepegawaian {opd} | subbag | sdm | 3
    KEC-KEU | Subbagian Keuangan {opd} | subbag | umum | 2
  KEC-PEM | Seksi Pemerintahan | seksi | kewilayahan | 3
  KEC-TRANTIB | Seksi Ketenteraman dan Ketertiban Umum | seksi | trantib | 5
  KEC-YANUM | Seksi Pelayanan Umum | seksi | kewilayahan | 4
  KEC-PMD | Seksi Pemberdayaan Masyarakat | seksi | kewilayahan | 3
  KEL-BELAWAN-1 | Kelurahan Belawan I | kelurahan | kewilayahan | 4
  KEL-BELAWAN-2 | Kelurahan Belawan II | kelurahan | kewilayahan | 4
  KEL-BAHARI | Kelurahan Belawan Bahari | kelurahan | kewilayahan | 3
  KEL-BAHAGIA | Kelurahan Belawan Bahagia | kelurahan | kewilayahan | 3
  KEL-SICANANG | Kelurahan Belawan Sicanang | kelurahan | kewilayahan | 3
  KEL-BAGANDELI | Kelurahan Bagan Deli | kelurahan | kewilayahan | 3
  PKM-BELAWAN | UPT Puskesmas Belawan | uptd | kesehatan | 9 | 8
  SDN-060918 | SD Negeri 060918 Medan Belawan | sekolah | guru | 7 | 60
""")
# fmt: on


@dataclass
class AgencySpec:
    code: str
    name: str
    short_name: str
    root: UnitSpec
    hr_unit: str  # where the HR login works
    team_unit: str  # the supervisor login heads it; the ASN login works in it
    mentor_unit: str
    mentor_jabatan: str
    leader_jabatan: str
    seat: str = ""  # where a generated agency sits, for its kop surat


AGENCIES = [
    AgencySpec(
        code="siantar",
        name="Pemerintah Kota Pematangsiantar",
        short_name="Kota Pematangsiantar",
        root=SIANTAR,
        hr_unit="BKPSDM-PK",
        team_unit="YANKES-PRIMER",
        mentor_unit="DINKES-YANKES",
        mentor_jabatan="Administrator Kesehatan Ahli Madya",
        leader_jabatan="Sekretaris Daerah",
    ),
    AgencySpec(
        code="belawan",
        name="Kecamatan Medan Belawan, Pemerintah Kota Medan",
        short_name="Kec. Medan Belawan",
        root=BELAWAN,
        hr_unit="KEC-UMPEG",
        team_unit="KEC-YANUM",
        mentor_unit="KEC-SEKCAM",
        mentor_jabatan="Analis Kebijakan Ahli Madya",
        leader_jabatan="Camat Medan Belawan",
    ),
]

# --- province: the two demo agencies and generated kabupaten/kota -------------------

# Kabupaten/kota of Sumatera Utara with their seat (for the kop surat). Kota Medan is
# left out because Belawan is one of its kecamatan; Pematangsiantar is a demo agency.
# fmt: off
PROVINCE_PLACES = [
    ("Kabupaten", "Deli Serdang", "Lubuk Pakam"),
    ("Kabupaten", "Langkat", "Stabat"),
    ("Kabupaten", "Simalungun", "Raya"),
    ("Kabupaten", "Asahan", "Kisaran"),
    ("Kabupaten", "Serdang Bedagai", "Sei Rampah"),
    ("Kabupaten", "Karo", "Kabanjahe"),
    ("Kabupaten", "Labuhanbatu", "Rantauprapat"),
    ("Kabupaten", "Mandailing Natal", "Panyabungan"),
    ("Kabupaten", "Tapanuli Utara", "Tarutung"),
    ("Kabupaten", "Tapanuli Selatan", "Sipirok"),
    ("Kabupaten", "Tapanuli Tengah", "Pandan"),
    ("Kabupaten", "Toba", "Balige"),
    ("Kabupaten", "Dairi", "Sidikalang"),
    ("Kabupaten", "Batu Bara", "Limapuluh"),
    ("Kabupaten", "Humbang Hasundutan", "Dolok Sanggul"),
    ("Kabupaten", "Samosir", "Pangururan"),
    ("Kabupaten", "Padang Lawas", "Sibuhuan"),
    ("Kabupaten", "Padang Lawas Utara", "Gunung Tua"),
    ("Kabupaten", "Labuhanbatu Utara", "Aek Kanopan"),
    ("Kabupaten", "Labuhanbatu Selatan", "Kotapinang"),
    ("Kabupaten", "Nias", "Gido"),
    ("Kabupaten", "Nias Selatan", "Teluk Dalam"),
    ("Kota", "Binjai", "Binjai"),
    ("Kota", "Tebing Tinggi", "Tebing Tinggi"),
    ("Kota", "Tanjungbalai", "Tanjungbalai"),
    ("Kota", "Sibolga", "Sibolga"),
    ("Kota", "Padangsidimpuan", "Padangsidimpuan"),
    ("Kota", "Gunungsitoli", "Gunungsitoli"),
]
# fmt: on
GENERATED_AGENCY_ASN = 6000


@dataclass(frozen=True)
class ProvinceScale:
    """How much `seed_demo --size province` builds; tests shrink it."""

    generated_agencies: int = len(PROVINCE_PLACES)
    # None: the demo agencies at their large sizes, GENERATED_AGENCY_ASN for the others.
    asn_per_agency: int | None = None
    unit_tree: str = "large"  # "small": without the repeated schools and puskesmas


PROVINCE = ProvinceScale()


def province_plan() -> list[tuple[AgencySpec, int]]:
    """Every agency of the province with its target number of ASN, in build order."""
    scale = PROVINCE
    plan = [
        (spec, scale.asn_per_agency or SIZES["large"][spec.code]) for spec in AGENCIES
    ]
    for kind, name, seat in PROVINCE_PLACES[: scale.generated_agencies]:
        spec = AgencySpec(
            code=name.lower().replace(" ", ""),
            name=f"Pemerintah {kind} {name}",
            short_name=f"{kind} {name}",
            # A city's org chart fits a kabupaten's offices well enough for a demo.
            root=_units(SIANTAR_TABLE.replace("Pematangsiantar", name)),
            hr_unit="BKPSDM-PK",
            team_unit="YANKES-PRIMER",
            mentor_unit="DINKES-YANKES",
            mentor_jabatan="Administrator Kesehatan Ahli Madya",
            leader_jabatan="Sekretaris Daerah",
            seat=seat,
        )
        plan.append((spec, scale.asn_per_agency or GENERATED_AGENCY_ASN))
    return plan


# --- jabatan, golongan, people -----------------------------------------------------

# kind → (jabatan type, jabatan name pattern, golongan range, age range)
HEADS = {
    "setda": (J.JPT_PRATAMA, "Sekretaris Daerah", ("IV/c", "IV/d"), (50, 57)),
    "badan": (J.JPT_PRATAMA, "Kepala {name}", ("IV/c", "IV/d"), (48, 57)),
    "dinas": (J.JPT_PRATAMA, "Kepala {name}", ("IV/c", "IV/d"), (48, 57)),
    "kecamatan": (J.ADMINISTRATOR, "Camat Medan Belawan", ("IV/a", "IV/b"), (44, 55)),
    "sekretariat": (J.ADMINISTRATOR, "Sekretaris {parent}", ("IV/a", "IV/b"), (43, 56)),
    "sekcam": (
        J.ADMINISTRATOR,
        "Sekretaris Kecamatan Medan Belawan",
        ("III/d", "IV/a"),
        (42, 55),
    ),
    "bagian": (J.ADMINISTRATOR, "Kepala {name}", ("IV/a", "IV/b"), (42, 56)),
    "bidang": (J.ADMINISTRATOR, "Kepala {name}", ("IV/a", "IV/b"), (42, 56)),
    "subbag": (J.PENGAWAS, "Kepala {name}", ("III/c", "III/d"), (35, 55)),
    "seksi": (J.PENGAWAS, "Kepala {name}", ("III/c", "III/d"), (35, 55)),
    "uptd": (J.PENGAWAS, "Kepala {name}", ("III/d", "IV/a"), (38, 55)),
    "kelurahan": (J.PENGAWAS, "Lurah {short}", ("III/c", "III/d"), (35, 52)),
    "sekolah": (
        J.FUNGSIONAL_KEAHLIAN,
        "Guru Ahli Madya (Kepala {name})",
        ("IV/a", "IV/b"),
        (45, 58),
    ),
}

JABATAN_TYPES = {
    "pelaksana": J.PELAKSANA,
    "keahlian": J.FUNGSIONAL_KEAHLIAN,
    "keterampilan": J.FUNGSIONAL_KETERAMPILAN,
}


def _profiles(text: str) -> dict[str, list[tuple]]:
    """Staff jabatan per field from a table: under "[field]", one line per jabatan:
    name | type | weight | back titles separated by ";" ("front|back" is written
    "front/back") [| the only gender, for bidan]."""
    profiles: dict[str, list[tuple]] = {}
    current: list[tuple] = []
    for line in text.strip().splitlines():
        line = line.strip()
        if line.startswith("["):
            current = profiles.setdefault(line.strip("[]"), [])
            continue
        name, kind, weight, titles, *gender = (p.strip() for p in line.split("|"))
        options = [t.strip().replace("/", "|") for t in titles.split(";")]
        current.append(
            (name, JABATAN_TYPES[kind], int(weight), options, *(gender or []))
        )
    return profiles


# fmt: off
PROFILES = _profiles("""
[umum]
Penata Layanan Operasional | pelaksana | 4 | S.E.; S.Sos.; S.AP.
Pengadministrasi Perkantoran | pelaksana | 5 | ; ; A.Md.
Operator Layanan Operasional | pelaksana | 3 | ;
Analis Kebijakan Ahli Pertama | keahlian | 2 | S.Sos.; S.H.
Analis Kebijakan Ahli Muda | keahlian | 1 | S.H., M.H.; S.Sos., M.Si.
Perencana Ahli Pertama | keahlian | 1 | S.E.; S.T.
Arsiparis Terampil | keterampilan | 1 | A.Md.
Pranata Komputer Ahli Pertama | keahlian | 1 | S.Kom.
Pranata Komputer Terampil | keterampilan | 1 | A.Md.Kom.
[sdm]
Analis SDM Aparatur Ahli Pertama | keahlian | 4 | S.Psi.; S.AP.; S.Sos.
Analis SDM Aparatur Ahli Muda | keahlian | 2 | S.Psi., M.Psi.; S.AP., M.AP.
Pranata SDM Aparatur Terampil | keterampilan | 3 | A.Md.
Pranata SDM Aparatur Mahir | keterampilan | 1 | A.Md.
Asesor SDM Aparatur Ahli Muda | keahlian | 1 | S.Psi.
Pengadministrasi Perkantoran | pelaksana | 2 | ; A.Md.
Pranata Komputer Ahli Pertama | keahlian | 1 | S.Kom.
[kesehatan]
Dokter Ahli Pertama | keahlian | 3 | dr./
Dokter Ahli Muda | keahlian | 1 | dr./; dr./M.Kes.
Dokter Gigi Ahli Pertama | keahlian | 1 | drg./
Perawat Ahli Pertama | keahlian | 3 | S.Kep., Ns.
Perawat Terampil | keterampilan | 4 | A.Md.Kep.
Bidan Terampil | keterampilan | 4 | A.Md.Keb. | P
Bidan Ahli Pertama | keahlian | 1 | S.Tr.Keb. | P
Apoteker Ahli Pertama | keahlian | 1 | S.Farm., Apt.
Nutrisionis Terampil | keterampilan | 1 | A.Md.Gz.
Sanitarian Terampil | keterampilan | 1 | A.Md.KL.
Epidemiolog Kesehatan Ahli Pertama | keahlian | 1 | S.K.M.
Pranata Laboratorium Kesehatan Terampil | keterampilan | 1 | A.Md.AK.
Administrator Kesehatan Ahli Muda | keahlian | 1 | S.K.M., M.Kes.
Pengadministrasi Perkantoran | pelaksana | 2 | ; A.Md.
[pendidikan]
Pengawas Sekolah Ahli Madya | keahlian | 2 | S.Pd., M.Pd.
Penata Layanan Operasional | pelaksana | 3 | S.Pd.; S.E.
Pengadministrasi Perkantoran | pelaksana | 3 | ; A.Md.
Pranata Komputer Ahli Pertama | keahlian | 1 | S.Kom.
[guru]
Guru Ahli Pertama | keahlian | 6 | S.Pd.
Guru Ahli Muda | keahlian | 4 | S.Pd.; S.Pd., M.Pd.
Guru Ahli Madya | keahlian | 1 | S.Pd., M.Pd.
Pengadministrasi Perkantoran | pelaksana | 1 | ;
[perhubungan]
Penguji Kendaraan Bermotor Terampil | keterampilan | 3 | A.Md.
Penguji Kendaraan Bermotor Ahli Pertama | keahlian | 1 | S.T.
Operator Layanan Operasional | pelaksana | 5 | ;
Penata Layanan Operasional | pelaksana | 2 | S.T.; S.E.
[dukcapil]
Administrator Database Kependudukan Ahli Pertama | keahlian | 2 | S.Kom.
Operator Layanan Operasional | pelaksana | 5 | ; A.Md.
Penata Layanan Operasional | pelaksana | 3 | S.E.; S.Sos.
Pengadministrasi Perkantoran | pelaksana | 2 | ;
[perizinan]
Penata Perizinan Ahli Pertama | keahlian | 2 | S.H.; S.E.
Penata Perizinan Ahli Muda | keahlian | 1 | S.H., M.H.
Penata Layanan Operasional | pelaksana | 3 | S.E.; S.AP.
Operator Layanan Operasional | pelaksana | 3 | ; A.Md.
[kewilayahan]
Penata Layanan Operasional | pelaksana | 4 | S.Sos.; S.AP.; S.IP.
Pengadministrasi Perkantoran | pelaksana | 5 | ; ; A.Md.
Operator Layanan Operasional | pelaksana | 3 | ;
Analis Kebijakan Ahli Pertama | keahlian | 1 | S.Sos.
[trantib]
Polisi Pamong Praja Terampil | keterampilan | 5 | ; A.Md.
Polisi Pamong Praja Ahli Pertama | keahlian | 1 | S.H.
Pengadministrasi Perkantoran | pelaksana | 1 |
""")
# fmt: on
# Back titles of unit heads by the unit's field ("front|back" where a front title fits).
HEAD_TITLES = {
    "umum": [
        "S.E., M.M.",
        "S.Sos., M.Si.",
        "S.H., M.H.",
        "S.STP., M.AP.",
        "S.E., M.Si.",
    ],
    "sdm": ["S.Psi., M.Psi.", "S.STP., M.AP.", "S.Sos., M.Si.", "S.H., M.H."],
    "kesehatan": ["dr.|M.Kes.", "dr.|M.K.M.", "S.K.M., M.Kes.", "S.Kep., Ns., M.Kep."],
    "pendidikan": ["S.Pd., M.Pd.", "Drs.|M.Pd.", "S.Pd., M.Si."],
    "guru": ["S.Pd., M.Pd."],
    "perhubungan": ["S.T., M.T.", "S.SiT., M.M.", "Ir.|M.T."],
    "dukcapil": ["S.Kom., M.Kom.", "S.E., M.Si.", "S.H., M.H."],
    "perizinan": ["S.H., M.H.", "S.E., M.M.", "S.AP., M.AP."],
    "kewilayahan": ["S.STP., M.AP.", "S.Sos., M.Si.", "S.IP., M.Si."],
    "trantib": ["S.H.", "S.STP., M.AP."],
}

# (golongan range, age range) for functional and executor levels.
LEVELS = {
    "Ahli Pertama": (("III/a", "III/b"), (24, 40)),
    "Ahli Muda": (("III/c", "III/d"), (32, 52)),
    "Ahli Madya": (("IV/a", "IV/c"), (42, 58)),
    "Pemula": (("II/a", "II/a"), (20, 30)),
    "Terampil": (("II/b", "II/d"), (23, 45)),
    "Mahir": (("III/a", "III/b"), (32, 52)),
    "Penyelia": (("III/c", "III/d"), (40, 57)),
}
PELAKSANA_LEVEL = (("II/a", "III/b"), (22, 57))
# Pelaksana by diploma: (golongan range, PPPK grade).
PELAKSANA_BY_EDUCATION = {
    "sma": (("II/a", "II/d"), 5),
    "d3": (("II/c", "III/a"), 7),
    "s1": (("III/a", "III/c"), 9),
}
# A PPPK's grade by level (PerPres 98/2020 tables, simplified).
PPPK_GRADES = {
    "Ahli Pertama": 9,
    "Ahli Muda": 10,
    "Ahli Madya": 11,
    "Terampil": 7,
    "Mahir": 8,
    "Penyelia": 9,
    "": 5,
}
PPPK_SHARE = 0.2
GOLONGAN_ORDER = list(Employee.Golongan.values)


def _words(text: str) -> list[str]:
    return text.split()


MALE_NAMES = _words(
    """Budi Agus Hendra Rudi Andi Fajar Rizky Dedi Joko Bambang Rahmat Ahmad
Muhammad Yusuf Hotman Parlindungan Togar Binsar Maruli Jonner Fernando Daniel Samuel
Arief Irfan Syahrial Zulkifli Ridwan Hasan Imam Eko Wahyu Gilbert Roy Hamonangan
Mangasi Tumpal Sahat Poltak Dimas"""
)
FEMALE_NAMES = _words(
    """Sri Dewi Siti Rina Nurhayati Fitri Lestari Ratna Yuliana Maria Rosmawati
Erlina Desi Intan Putri Melati Rahmawati Nurul Lina Tiurma Romauli Debora Ester Yanti
Kartika Wulandari Juliana Herawati Nova Elisabeth Anggi Sari"""
)
MALE_MIDDLE = ["", "", "", "Putra", "Dwi", "Tri", "Eka", "Adi", "Surya"]
FEMALE_MIDDLE = ["", "", "", "Putri", "Dwi", "Eka", "Nur", "Indah", "Maya"]
# Batak marga (most ASN in both cities) and a few Javanese/Malay family names.
FAMILY_NAMES = _words(
    """Simanjuntak Siregar Nasution Lubis Harahap Sitorus Sinaga Damanik
Purba Saragih Hutapea Panjaitan Pardede Manurung Tampubolon Sembiring Ginting Tarigan
Situmorang Silalahi Hasibuan Pohan Batubara Rangkuti Daulay Sihombing Sipayung Girsang
Simarmata Napitupulu"""
)
MALE_FAMILY = ["Pratama", "Santoso", "Wibowo", "Hidayat", "Setiawan", "Saputra"]
FEMALE_FAMILY = ["Rahayu", "Utami", "Handayani", "Wulandari", "Anggraini"]


@dataclass
class Planned:
    employee: Employee
    level: int
    supervisor: "Planned | None"
    role: Role | None = None
    needs_account: bool = False


def national_holidays(year: int) -> list[tuple[datetime.date, str]]:
    """Indonesia's national holidays (SKB 3 Menteri). The fixed and Easter-based
    days are computed; the lunar ones are listed for the years we know, and HR
    completes the rest in the back office."""
    easter = _easter(year)
    days = [
        (datetime.date(year, 1, 1), "Tahun Baru Masehi"),
        (easter - datetime.timedelta(days=2), "Wafat Yesus Kristus"),
        (easter, "Kebangkitan Yesus Kristus (Paskah)"),
        (datetime.date(year, 5, 1), "Hari Buruh Internasional"),
        (easter + datetime.timedelta(days=39), "Kenaikan Yesus Kristus"),
        (datetime.date(year, 6, 1), "Hari Lahir Pancasila"),
        (datetime.date(year, 8, 17), "Hari Kemerdekaan Republik Indonesia"),
        (datetime.date(year, 12, 25), "Hari Raya Natal"),
    ]
    days += [
        (datetime.date(year, month, day), name)
        for month, day, name in LUNAR_HOLIDAYS.get(year, [])
    ]
    return sorted(days)


LUNAR_HOLIDAYS = {
    2026: [
        (1, 16, "Isra Mikraj Nabi Muhammad SAW"),
        (2, 17, "Tahun Baru Imlek 2577 Kongzili"),
        (3, 19, "Hari Suci Nyepi (Tahun Baru Saka 1948)"),
        (3, 20, "Hari Raya Idul Fitri 1447 H"),
        (3, 21, "Hari Raya Idul Fitri 1447 H"),
        (5, 27, "Hari Raya Idul Adha 1447 H"),
        (5, 31, "Hari Raya Waisak 2570 BE"),
        (6, 16, "Tahun Baru Islam 1448 H"),
        (8, 25, "Maulid Nabi Muhammad SAW"),
    ],
}


def _easter(year: int) -> datetime.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


# --- building it ---------------------------------------------------------------------


@dataclass
class DemoLogin:
    username: str
    role: str
    agency: str


def create_demo_agencies(*, size: str, rng: random.Random) -> list[Agency]:
    """Both demo agencies with units, ASN, holidays and logins; returns the agencies."""
    password_hash = make_password(DEMO_PASSWORD)  # hashed once, given to every account
    create_admin(password_hash)
    nips: set[str] = set()
    return [
        create_demo_agency(
            spec,
            size=size,
            target=SIZES[size][spec.code],
            rng=rng,
            nips=nips,
            password_hash=password_hash,
        )
        for spec in AGENCIES
    ]


def create_admin(password_hash: str) -> None:
    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        User.objects.create(
            username="admin",
            password=password_hash,
            is_superuser=True,
            is_staff=True,
            email="admin@asnportal.test",
        )


def create_demo_agency(
    spec: AgencySpec,
    *,
    size: str,
    target: int,
    rng: random.Random,
    nips: set[str],
    password_hash: str,
) -> Agency:
    """One agency with its unit tree (`size` "large": with the repeated units), about
    `target` ASN, holidays, logins and kop surat. `nips` holds the NIPs already
    taken, in this run or in the database, and gains the new ones."""
    agency = Agency.objects.create(
        name=spec.name, short_name=spec.short_name, code=spec.code
    )
    _create_holidays(agency)
    units = _create_units(agency, spec.root, size)
    planned = _plan_people(agency, spec, units, target, rng, nips)
    _save_people(agency, planned, password_hash, size, rng)
    _create_documents(agency, _documents_for(spec), rng)
    return agency


def taken_nips() -> set[str]:
    return set(Employee.objects.values_list("nip", flat=True))


# --- kop surat and signatories ------------------------------------------------------


@dataclass
class DocumentSpec:
    name_lines: str
    address: str
    phone: str
    place: str
    pattern: str
    initials: str
    # document kind → (unit code whose head signs, how the signature is shown)
    signers: dict[str, tuple[str, str]]


DOCUMENTS = {
    "siantar": DocumentSpec(
        name_lines="Pemerintah Kota Pematangsiantar\n"
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        address="Jl. Merdeka No. 6, Pematangsiantar, Sumatera Utara 21111",
        phone="(0622) 21350",
        place="Pematangsiantar",
        pattern="{seq:3}/SERT/BKPSDM/{year}",
        initials="PS",
        signers={
            "sertifikat": ("BKPSDM", "pindaian"),
            "sertifikat_magang": ("BKPSDM", "qr"),
            "laporan_ikm": ("SETDA-ORG", "kosong"),
            "laporan_pimpinan": ("SETDA", "pindaian"),
            "dokumen_skp": ("BKPSDM", "kosong"),
        },
    ),
    "belawan": DocumentSpec(
        name_lines="Pemerintah Kota Medan\nKecamatan Medan Belawan",
        address="Jl. Stasiun No. 1, Belawan I, Medan, Sumatera Utara 20411",
        phone="(061) 6941001",
        place="Medan",
        pattern="{seq}/SERT/KEC-BLW/{month}/{year}",
        initials="MB",
        signers={
            "sertifikat": ("KEC-BELAWAN", "qr"),
            "sertifikat_magang": ("KEC-BELAWAN", "qr"),
            "laporan_ikm": ("KEC-SEKCAM", "kosong"),
            "laporan_pimpinan": ("KEC-BELAWAN", "pindaian"),
            "dokumen_skp": ("KEC-SEKCAM", "kosong"),
        },
    ),
}


def _documents_for(spec: AgencySpec) -> DocumentSpec:
    """The demo agencies' own kop surat; a generated one gets its BKPSDM's."""
    if spec.code in DOCUMENTS:
        return DOCUMENTS[spec.code]
    return DocumentSpec(
        name_lines=f"{spec.name}\n"
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        address=f"Jl. Jenderal Sudirman No. 1, {spec.seat}, Sumatera Utara",
        phone="(061) 4511000",
        place=spec.seat,
        pattern="{seq:3}/SERT/BKPSDM/{year}",
        initials="".join(word[0] for word in spec.short_name.split()[1:])[:3],
        signers=DOCUMENTS["siantar"].signers,
    )


def _create_documents(agency: Agency, spec: DocumentSpec, rng: random.Random):
    """The agency's kop surat (a drawn logo) and a signatory per kind of document:
    the head of the unit that signs it, some with a drawn signature."""
    settings = DocumentSettings(
        agency=agency,
        name_lines=spec.name_lines,
        address=spec.address,
        phone=spec.phone,
        email=f"kepegawaian@{agency.code}.asnportal.test",
        website=f"{agency.code}.asnportal.test",
        place=spec.place,
        certificate_number_pattern=spec.pattern,
    )
    settings.logo.save("logo.png", _demo_logo(spec.initials), save=False)
    settings._change_reason = "Data demo"
    settings.save()
    heads = {}
    for code in {unit_code for unit_code, _mark in spec.signers.values()}:
        heads[code] = (
            Employee.objects.filter(agency=agency, unit__code=code)
            .exclude(supervisor__unit__code=code)
            .order_by("pk")
            .first()
        )
    for kind, (code, mark) in spec.signers.items():
        head = heads[code]
        signatory = Signatory(
            agency=agency,
            kind=kind,
            name=head.full_name,
            nip=head.nip,
            jabatan=head.jabatan_name,
            mark=mark,
        )
        if mark == Signatory.Mark.SCAN:
            signatory.signature.save("ttd.png", _demo_signature(rng), save=False)
        signatory._change_reason = "Data demo"
        signatory.save()


def _demo_logo(initials: str) -> ContentFile:
    """A shield with the agency's initials: a stand-in for its real emblem."""
    image = Image.new("RGBA", (240, 280), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    shield = [(20, 20), (220, 20), (220, 150), (120, 260), (20, 150)]
    draw.polygon(shield, fill=(18, 87, 52), outline=(212, 175, 55), width=10)
    draw.text((120, 120), initials, fill=(212, 175, 55), anchor="mm", font_size=90)
    return _png(image, "logo.png")


def _demo_signature(rng: random.Random) -> ContentFile:
    """A scribble on a transparent ground: a stand-in for a scanned signature."""
    image = Image.new("RGBA", (400, 160), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(30 + step * 18, 80 + rng.randint(-45, 45)) for step in range(19)]
    draw.line(points, fill=(20, 30, 120), width=5, joint="curve")
    draw.line([(60, 120), (360, 100)], fill=(20, 30, 120), width=4)
    return _png(image, "ttd.png")


def _png(image: Image.Image, name: str) -> ContentFile:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=name)


def demo_logins() -> list[DemoLogin]:
    """The admin and every role's login of the demo agencies that exist, the
    province's generated ones included."""
    logins = [DemoLogin("admin", "Administrator sistem (superuser)", "–")]
    codes = [spec.code for spec, _target in province_plan()]
    by_code = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    wanted = {
        demo_username(role, agency): (role, agency)
        for agency in by_code.values()
        for role in LOGIN_PREFIX
    }
    existing = set(
        get_user_model()
        .objects.filter(username__in=wanted)
        .values_list("username", flat=True)
    )
    for code in codes:
        if code not in by_code:
            continue
        for role in LOGIN_PREFIX:
            username = demo_username(role, by_code[code])
            if username in existing:
                logins.append(
                    DemoLogin(username, str(role.label), by_code[code].short_name)
                )
    return logins


def _create_holidays(agency):
    year = timezone.localdate().year
    Holiday.objects.bulk_create(
        [
            Holiday(agency=agency, date=day, name=name)
            for day, name in national_holidays(year)
        ],
        ignore_conflicts=True,  # two holidays can share a day
    )


def _create_units(agency, root: UnitSpec, size: str):
    """Saves the tree (each save sets the unit's path); returns (unit, spec, parent)."""
    created = []

    def add(spec, parent, code, name):
        unit = WorkUnit(agency=agency, parent=parent, code=code, name=name)
        unit.save()
        created.append((unit, spec, parent))
        for child in spec.children:
            add(child, unit, child.code, child.name)
            if size == "large":
                for n in range(1, child.repeat_large + 1):
                    add(child, unit, f"{child.code}-{n:03d}", _numbered(child.name, n))

    add(root, None, root.code, root.name)
    return created


def _numbered(name: str, n: int) -> str:
    return f"{name} {n:03d}"


def _plan_people(agency, spec: AgencySpec, units, target, rng, nips) -> list[Planned]:
    weights = sum(unit_spec.staff for _unit, unit_spec, _p in units)
    scale = max(target - len(units), 0) / weights
    head_of: dict[int, Planned] = {}
    planned: list[Planned] = []
    for unit, unit_spec, parent in units:
        depth = unit.depth
        head = _make_head(agency, unit, unit_spec, parent, rng, nips)
        supervisor = head_of.get(parent.pk) if parent else None
        head_plan = Planned(head, depth, supervisor, needs_account=True)
        head_of[unit.pk] = head_plan
        planned.append(head_plan)
        count = round(unit_spec.staff * scale * rng.uniform(0.8, 1.2))
        for _n in range(count):
            staff = _make_staff(agency, unit, unit_spec.profile, rng, nips)
            planned.append(Planned(staff, depth + 1, head_plan))
    _assign_demo_roles(spec, units, head_of, planned, rng, nips)
    return planned


def _assign_demo_roles(spec, units, head_of, planned, rng, nips):
    by_code = {unit.code: unit for unit, _s, _p in units}
    root = units[0][0]
    leader = head_of[root.pk]
    leader.role = Role.LEADER
    leader.employee.jabatan_name = spec.leader_jabatan

    team_head = head_of[by_code[spec.team_unit].pk]
    team_head.role = Role.SUPERVISOR
    team_unit = by_code[spec.team_unit]
    member = next(
        (
            p
            for p in planned
            if p.supervisor is team_head
            and p.role is None
            and p.employee.status == Employee.Status.PNS
        ),
        None,
    )
    if member is None:  # a tiny team drew only PPPK staff
        person = _make_staff(None, team_unit, "umum", rng, nips)
        person.status, person.pppk_grade, person.golongan = "PNS", None, "II/c"
        member = Planned(person, team_unit.depth + 1, team_head)
        planned.append(member)
    member.role = Role.ASN

    hr_unit = by_code[spec.hr_unit]
    hr = _fixed_person(
        hr_unit,
        "Analis SDM Aparatur Ahli Muda",
        J.FUNGSIONAL_KEAHLIAN,
        "III/d",
        41,
        rng,
        nips,
    )
    hr.back_title = "S.Psi., M.Psi."
    planned.append(Planned(hr, hr_unit.depth + 1, head_of[hr_unit.pk], Role.HR))

    mentor_unit = by_code[spec.mentor_unit]
    mentor = _fixed_person(
        mentor_unit, spec.mentor_jabatan, J.FUNGSIONAL_KEAHLIAN, "IV/b", 53, rng, nips
    )
    mentor.back_title = (
        "S.K.M., M.Kes." if "Kesehatan" in spec.mentor_jabatan else ("S.Sos., M.Si.")
    )
    planned.append(
        Planned(mentor, mentor_unit.depth + 1, head_of[mentor_unit.pk], Role.MENTOR)
    )
    for plan in planned:
        if plan.role is not None:
            plan.needs_account = True


def _fixed_person(unit, jabatan, jabatan_type, golongan, age, rng, nips):
    gender = rng.choice([nip_rules.MALE, nip_rules.FEMALE])
    return _employee(
        unit,
        rng,
        nips,
        gender=gender,
        age=age,
        status=Employee.Status.PNS,
        golongan=golongan,
        jabatan_name=jabatan,
        jabatan_type=jabatan_type,
        titles="",
    )


def _make_head(agency, unit, spec, parent, rng, nips) -> Employee:
    jabatan_type, pattern, gol_range, age_range = HEADS[spec.kind]
    short = unit.name.replace("Kelurahan ", "")
    jabatan = pattern.format(
        name=unit.name, parent=parent.name if parent else "", short=short
    )
    if spec.kind == "sekretariat" and parent:
        jabatan = f"Sekretaris {parent.name}"
    titles = rng.choice(HEAD_TITLES[spec.profile])
    age = rng.randint(*age_range)
    return _employee(
        unit,
        rng,
        nips,
        gender=rng.choice([nip_rules.MALE, nip_rules.MALE, nip_rules.FEMALE]),
        age=age,
        status=Employee.Status.PNS,
        golongan=_pick_golongan(gol_range, age, age_range, rng),
        jabatan_name=jabatan,
        jabatan_type=jabatan_type,
        titles=titles,
    )


def _make_staff(agency, unit, profile, rng, nips) -> Employee:
    options = PROFILES[profile]
    choice = rng.choices(options, weights=[o[2] for o in options])[0]
    jabatan, jabatan_type, _w, titles = choice[:4]
    only_gender = choice[4] if len(choice) > 4 else None
    level = next((lvl for lvl in LEVELS if jabatan.endswith(lvl)), "")
    title = rng.choice(titles)
    gol_range, age_range = LEVELS.get(level, PELAKSANA_LEVEL)
    pppk_grade = PPPK_GRADES[level]
    if not level:
        # A pelaksana's entry rank follows the diploma: SMA II/a, D-III II/c, S1 III/a.
        education = "s1" if "S." in title else "d3" if "A.Md" in title else "sma"
        gol_range, pppk_grade = PELAKSANA_BY_EDUCATION[education]
    gender = only_gender or rng.choice([nip_rules.MALE, nip_rules.FEMALE])
    pppk = level in ("", "Ahli Pertama", "Terampil") and rng.random() < PPPK_SHARE * 1.3
    age = rng.randint(*age_range)
    if pppk:
        age = rng.randint(max(age_range[0], 25), min(age_range[1] + 10, 56))
    return _employee(
        unit,
        rng,
        nips,
        gender=gender,
        age=age,
        status=Employee.Status.PPPK if pppk else Employee.Status.PNS,
        golongan="" if pppk else _pick_golongan(gol_range, age, age_range, rng),
        pppk_grade=pppk_grade if pppk else None,
        jabatan_name=jabatan,
        jabatan_type=jabatan_type,
        titles=title,
    )


def _pick_golongan(gol_range, age, age_range, rng) -> str:
    """Older people sit higher in the range, with some spread."""
    low, high = (GOLONGAN_ORDER.index(g) for g in gol_range)
    span = max(age_range[1] - age_range[0], 1)
    position = (age - age_range[0]) / span + rng.uniform(-0.25, 0.25)
    index = low + round(min(max(position, 0), 1) * (high - low))
    return GOLONGAN_ORDER[index]


def _employee(
    unit,
    rng,
    nips,
    *,
    gender,
    age,
    status,
    golongan,
    jabatan_name,
    jabatan_type,
    titles,
    pppk_grade=None,
) -> Employee:
    today = timezone.localdate()
    birth = datetime.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
    if status == Employee.Status.PPPK:
        # PPPK appointments began in 2019.
        appointment_year = rng.randint(max(2019, birth.year + 20), today.year - 1)
        appointment_month = None
    else:
        appointment_year = min(birth.year + rng.randint(22, 29), today.year - 1)
        appointment_month = rng.choice([1, 1, 2, 3, 4, 12])
    nip = _unique_nip(
        nips,
        birth_date=birth,
        appointment_year=appointment_year,
        appointment_month=appointment_month,
        gender=gender,
        start=rng.randint(1, 30),
    )
    front, _sep, back = titles.rpartition("|") if "|" in titles else ("", "", titles)
    if (
        not front
        and jabatan_type in STRUCTURAL
        and birth.year < 1972
        and rng.random() < 0.2
    ):
        front = "Drs." if gender == nip_rules.MALE else "Dra."
    return Employee(
        agency_id=unit.agency_id,
        unit=unit,
        nip=nip,
        front_title=front,
        name=_name(gender, rng),
        back_title=back,
        status=status,
        golongan=golongan,
        pppk_grade=pppk_grade,
        jabatan_type=jabatan_type,
        jabatan_name=jabatan_name,
        birth_date=birth,
        gender=gender,
    )


STRUCTURAL = {J.JPT_PRATAMA, J.ADMINISTRATOR, J.PENGAWAS}


def _unique_nip(nips, *, start, **parts) -> str:
    sequence = start
    while True:
        nip = nip_rules.build_nip(sequence=sequence, **parts)
        if nip not in nips:
            nips.add(nip)
            return nip
        sequence += 1


def _name(gender, rng) -> str:
    male = gender == nip_rules.MALE
    first = rng.choice(MALE_NAMES if male else FEMALE_NAMES)
    middle = rng.choice(MALE_MIDDLE if male else FEMALE_MIDDLE)
    family = rng.choice(FAMILY_NAMES + (MALE_FAMILY if male else FEMALE_FAMILY))
    return " ".join(part for part in (first, middle, family) if part)


def _save_people(agency, planned: list[Planned], password_hash, size, rng):
    User = get_user_model()
    if size == "large":
        # Every demo role and unit head, then a sample of staff up to the limit.
        wanted = [p for p in planned if p.needs_account]
        others = [p for p in planned if not p.needs_account]
        extra = max(LARGE_MODE_ACCOUNTS - len(wanted), 0)
        for plan in rng.sample(others, min(extra, len(others))):
            plan.needs_account = True
    else:
        for plan in planned:
            plan.needs_account = True
    users = []
    for plan in planned:
        if not plan.needs_account:
            continue
        employee = plan.employee
        username = demo_username(plan.role, agency) if plan.role else employee.nip
        employee.email = f"{username}@{agency.code}.asnportal.test"
        user = User(
            username=username,
            password=password_hash,
            email=employee.email,
            is_staff=plan.role == Role.HR,
        )
        users.append((plan, user))
    User.objects.bulk_create([user for _plan, user in users], batch_size=BATCH_SIZE)
    for plan, user in users:
        plan.employee.user = user
    for role, group_name in ROLE_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.user_set.add(*[user for plan, user in users if plan.role == role])
    for level in sorted({p.level for p in planned}):
        batch = [p.employee for p in planned if p.level == level]
        for plan in planned:
            if plan.level == level and plan.supervisor is not None:
                plan.employee.supervisor = plan.supervisor.employee
        bulk_create_with_history(
            batch,
            Employee,
            batch_size=BATCH_SIZE,
            default_change_reason="Data demo",
        )
