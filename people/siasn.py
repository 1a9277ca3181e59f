"""BKN's reference vocabularies as SIASN writes them in its downloads, mapped to what
ASN Portal keeps. Pure functions, no database. The source of each table is named in
docs/domain.md ("SIASN reference values").

Each `parse_*` returns the value kept, or raises `Unknown` whose message names the
column and the values accepted, in the user's language."""

import re

from django.utils.translation import gettext as _

from people import nip as nip_rules

PNS, PPPK = "PNS", "PPPK"
# The JabatanType values of people.models.Employee (no model import: pure module).
JPT_UTAMA, JPT_MADYA, JPT_PRATAMA = "jpt_utama", "jpt_madya", "jpt_pratama"
ADMINISTRATOR, PENGAWAS, PELAKSANA = "administrator", "pengawas", "pelaksana"
STRUCTURAL = "struktural"  # SIASN's kind; the eselon or the title tells which
FUNCTIONAL = "fungsional"  # SIASN's kind; the level in the title tells which


class Unknown(ValueError):
    """A value not in BKN's reference; the message says what is accepted."""


def _key(text) -> str:
    text = str(text or "").replace("–", "-").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


# --- JENIS PEGAWAI (BKN ref jenis pegawai, ids 1–24) -------------------------------

JENIS_PEGAWAI = {
    1: "PNS Pusat yang bekerja pada Departemen/Lembaga",
    2: "PNS Pusat DPB pada Instansi lain",
    3: "PNS Pusat DPK pada Instansi lain",
    4: "PNS Pusat DPB pada Pemerintah Propinsi",
    5: "PNS Pusat DPK pada Pemerintah Propinsi",
    6: "PNS Pusat DPB pada Pemerintah Kabupaten/Kota",
    7: "PNS Pusat DPK pada Pemerintah Kabupaten/Kota",
    8: "PNS Pusat DPB pada BUMN/Badan lain",
    9: "PNS Pusat DPK pada BUMN/Badan lain",
    10: "PNS Daerah Propinsi yang bekerja pada Propinsi",
    11: "PNS Daerah Propinsi DPB pada Instansi lain",
    12: "PNS Daerah Propinsi DPK pada Instansi lain",
    13: "PNS Daerah Propinsi DPB pada BUMN/BUMD",
    14: "PNS Daerah Propinsi DPK pada BUMN/BUMD",
    15: "PNS Daerah Kab./Kota yang bekerja pada Kab./Kota",
    16: "PNS Daerah Kab./Kota DPB pada Instansi lain",
    17: "PNS Daerah Kab./Kota DPK pada Instansi lain",
    18: "PNS Daerah Kab./Kota DPB pada BUMN/BUMD",
    19: "PNS Daerah Kab./Kota DPK pada BUMN/BUMD",
    20: "PPPK Daerah Kab./Kota yang bekerja pada Kab./Kota",
    21: "PPPK Daerah Kab./Kota DPB pada Instansi lain",
    22: "PPPK Daerah Kab./Kota DPK pada Instansi lain",
    23: "PPPK Daerah Kab./Kota DPB pada BUMN/BUMD",
    24: "PPPK Daerah Kab./Kota DPK pada BUMN/BUMD",
}
# What hand-made sheets write in the status column.
SHORT_STATUS = {
    "pns": PNS,
    "cpns": PNS,
    "pegawai negeri sipil": PNS,
    "pppk": PPPK,
    "p3k": PPPK,
    "pegawai pemerintah dengan perjanjian kerja": PPPK,
}
_JENIS_BY_KEY = {_key(name): name for name in JENIS_PEGAWAI.values()}


def parse_jenis_pegawai(text: str, column: str) -> tuple[str, str]:
    """(PNS or PPPK, BKN's jenis pegawai as written by BKN, "" for a plain PNS/PPPK).

    Every BKN value starts with the status it belongs to ("PNS Daerah …", "PPPK
    Daerah …"); a value of that form that is not (yet) in the table, such as a new
    PPPK kind, is read by that first word and kept as written."""
    key = _key(text)
    if key in SHORT_STATUS:
        return SHORT_STATUS[key], ""
    if key in _JENIS_BY_KEY:
        name = _JENIS_BY_KEY[key]
        return (PPPK if name.startswith(PPPK) else PNS), name
    first = key.split(" ", 1)[0]
    if first in {"pns", "cpns"} and " " in key:
        return PNS, str(text).strip()
    if first in {"pppk", "p3k"} and " " in key:
        return PPPK, str(text).strip()
    raise Unknown(
        _(
            "%(column)s '%(value)s' tidak dikenal; isi PNS, PPPK, atau jenis pegawai "
            "BKN yang diawali PNS atau PPPK (mis. '%(example)s')."
        )
        % {"column": column, "value": text, "example": JENIS_PEGAWAI[15]}
    )


# --- KEDUDUKAN HUKUM (BKN ref kedudukan hukum) -------------------------------------

KEDUDUKAN_HUKUM = {
    1: "Aktif",
    2: "CLTN",
    3: "Tugas Belajar",
    4: "Pemberhentian Sementara",
    5: "Penerima Uang Tunggu",
    6: "Prajurit Wajib",
    7: "Pejabat Negara",
    8: "Kepala Desa",
    9: "Sedang dlm Proses Banding BAPEK",
    11: "Pegawai Titipan",
    12: "Pengungsi",
    13: "Perpanjangan CLTN",
    14: "PNS yang dinyatakan hilang",
    15: "PNS kena hukuman disiplin",
    16: "Pemindahan dalam rangka penurunan Jabatan",
    20: "Masa Persiapan Pensiun",
    51: "CPNS yang belum menerima SK CPNS",
    52: "Tidak Aktif",
    66: "Diberhentikan",
    67: "Punah",
    68: "Eks PNS Timor Timur",
    69: "TMS Dari Pengadaan",
    70: "Pembatalan NIP",
    77: "Pemberhentian tanpa hak pensiun",
    88: "Pemberhentian dengan hak pensiun",
    89: "Tidak aktif tetapi diusulkan Pensiun",
    90: "Tidak Ikut PUPNS 2015",
    91: "Tindak Pidana/ Tindak Pidana Jabatan",
    92: "Pemblokiran Data PNS",
    98: "Mencapai BUP",
    99: "Pensiun",
}
# Short forms HR types for the same values.
KEDUDUKAN_ALIASES = {
    "mpp": "Masa Persiapan Pensiun",
    "tubel": "Tugas Belajar",
    "diberhentikan sementara": "Pemberhentian Sementara",
    "cuti di luar tanggungan negara": "CLTN",
    "cuti diluar tanggungan negara": "CLTN",
}
# Seen in downloads for PPPK, without an id in the published table.
KEDUDUKAN_HUKUM_PPPK = ("PPPK Aktif",)
_KEDUDUKAN_NAMES = (*KEDUDUKAN_HUKUM.values(), *KEDUDUKAN_HUKUM_PPPK)
_KEDUDUKAN_BY_KEY = {_key(name): name for name in _KEDUDUKAN_NAMES}
_KEDUDUKAN_BY_KEY.update({_key(k): v for k, v in KEDUDUKAN_ALIASES.items()})
_KEDUDUKAN_BY_KEY.update({str(code): name for code, name in KEDUDUKAN_HUKUM.items()})


def parse_kedudukan_hukum(text: str, column: str) -> str:
    """BKN's name for a kedudukan hukum, from its name, its id or a short form."""
    name = _KEDUDUKAN_BY_KEY.get(_key(text))
    if name is None:
        raise Unknown(
            _("%(column)s '%(value)s' tidak dikenal; isi salah satu: %(choices)s.")
            % {
                "column": column,
                "value": text,
                "choices": ", ".join(_KEDUDUKAN_NAMES),
            }
        )
    return name


# --- JENIS KELAMIN -------------------------------------------------------------------

GENDER_WORDS = {
    "l": nip_rules.MALE,
    "m": nip_rules.MALE,
    "1": nip_rules.MALE,
    "laki-laki": nip_rules.MALE,
    "laki laki": nip_rules.MALE,
    "pria": nip_rules.MALE,
    "male": nip_rules.MALE,
    "p": nip_rules.FEMALE,
    "f": nip_rules.FEMALE,
    "2": nip_rules.FEMALE,
    "perempuan": nip_rules.FEMALE,
    "wanita": nip_rules.FEMALE,
    "female": nip_rules.FEMALE,
}


def parse_gender(text: str, column: str) -> str:
    """ "L" or "P", the NIP's gender codes."""
    gender = GENDER_WORDS.get(_key(text))
    if gender is None:
        raise Unknown(
            _(
                "%(column)s '%(value)s' tidak dikenal; isi salah satu: L, P, M, F, "
                "Laki-laki, Perempuan."
            )
            % {"column": column, "value": text}
        )
    return gender


# --- GOLONGAN (BKN ref golongan: "III/a - Penata Muda") ----------------------------

PANGKAT = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}


def _pangkat_key(text: str) -> str:
    key = _key(text).replace(".", " ")
    key = re.sub(r"\btk\b", "tingkat", key)
    return re.sub(r"\s+", " ", key).strip()


_GOLONGAN_BY_PANGKAT = {_pangkat_key(name): gol for gol, name in PANGKAT.items()}


def golongan_of_pangkat(text: str) -> str | None:
    """ "III/a" for "Penata Muda" (or "Penata Muda Tk. I" → "III/b"); None if it is
    not a pangkat name."""
    return _GOLONGAN_BY_PANGKAT.get(_pangkat_key(text))


# --- JENIS JABATAN and ESELON -------------------------------------------------------

JENIS_JABATAN = {
    # BKN ref jenis jabatan (1, 2, 4) and the names the "Data ASN" download writes.
    "jabatan struktural": STRUCTURAL,
    "struktural": STRUCTURAL,
    "jabatan fungsional": FUNCTIONAL,
    "jabatan fungsional tertentu": FUNCTIONAL,
    "jabatan pelaksana": PELAKSANA,
    "jabatan fungsional umum": PELAKSANA,
    "1": STRUCTURAL,
    "2": FUNCTIONAL,
    "4": PELAKSANA,
}

# BKN ref eselon: id → the jabatan type of that eselon (UU 5/2014 equivalence).
ESELON_IDS = {
    "10": JPT_UTAMA,
    "11": JPT_MADYA,
    "12": JPT_MADYA,
    "21": JPT_PRATAMA,
    "22": JPT_PRATAMA,
    "31": ADMINISTRATOR,
    "32": ADMINISTRATOR,
    "41": PENGAWAS,
    "42": PENGAWAS,
}
_ESELON_LEVEL = {
    "i": JPT_MADYA,
    "ii": JPT_PRATAMA,
    "iii": ADMINISTRATOR,
    "iv": PENGAWAS,
}
NON_ESELON = {"", "non", "non eselon", "99", "-"}
_ESELON_RE = re.compile(r"^(?:eselon\s+)?(iv|iii|ii|i)(?:\s*[.\-/]?\s*[ab])?\b")


def parse_eselon(text: str, column: str) -> str | None:
    """The jabatan type an eselon stands for ("II.a" → JPT Pratama, "IV.b" →
    Pengawas, BKN's ids 21, 41 …); None for a non-eselon post."""
    key = _key(text)
    if key in NON_ESELON:
        return None
    if key in ESELON_IDS:
        return ESELON_IDS[key]
    # "I.a - JPT UTAMA": the name after the level decides between Utama and Madya.
    for words, value in (
        ("jpt utama", JPT_UTAMA),
        ("jpt madya", JPT_MADYA),
        ("jpt pratama", JPT_PRATAMA),
        ("administrator", ADMINISTRATOR),
        ("pengawas", PENGAWAS),
    ):
        if words in key:
            return value
    match = _ESELON_RE.match(key)
    if match:
        return _ESELON_LEVEL[match.group(1)]
    raise Unknown(
        _(
            "%(column)s '%(value)s' tidak dikenal; isi eselon I.a–IV.b (mis. II.a, "
            "III.b, IV.a) atau Non Eselon."
        )
        % {"column": column, "value": text}
    )


# A structural post with no eselon in the sheet (the 33-column download has none):
# the title's first words, as local government org charts name their posts
# (PP 18/2016 as amended by PP 72/2019). Longest first; Kab./Kota defaults
# (a provincial Sekretaris Daerah is JPT Madya: give the ESELON column for it).
STRUCTURAL_TITLES = sorted(
    [
        ("sekretaris daerah", JPT_PRATAMA),
        ("kepala dinas", JPT_PRATAMA),
        ("kepala badan", JPT_PRATAMA),
        ("inspektur", JPT_PRATAMA),
        ("asisten", JPT_PRATAMA),
        ("staf ahli", JPT_PRATAMA),
        ("sekretaris dprd", JPT_PRATAMA),
        ("kepala satuan polisi pamong praja", JPT_PRATAMA),
        ("inspektur pembantu", ADMINISTRATOR),
        ("sekretaris dinas", ADMINISTRATOR),
        ("sekretaris badan", ADMINISTRATOR),
        ("sekretaris inspektorat", ADMINISTRATOR),
        ("sekretaris satuan", ADMINISTRATOR),
        ("kepala bidang", ADMINISTRATOR),
        ("kepala bagian", ADMINISTRATOR),
        ("camat", ADMINISTRATOR),
        ("sekretaris kecamatan", ADMINISTRATOR),
        ("sekretaris camat", ADMINISTRATOR),
        ("kepala seksi", PENGAWAS),
        ("kepala sub bagian", PENGAWAS),
        ("kepala subbagian", PENGAWAS),
        ("kepala sub bidang", PENGAWAS),
        ("kepala subbidang", PENGAWAS),
        ("kepala subseksi", PENGAWAS),
        ("lurah", PENGAWAS),
        ("sekretaris kelurahan", PENGAWAS),
    ],
    key=lambda pair: -len(pair[0]),
)


def structural_type_of_title(title: str) -> str | None:
    """The structural type a post's title names, or None when it does not say."""
    key = _key(title)
    for prefix, value in STRUCTURAL_TITLES:
        if key == prefix or key.startswith(prefix + " "):
            return value
    return None
