"""What a record says to SIASN (pure: no database, no network).

Riwayat kursus fields and date format as the public integrators' documentation of the
SIASN web service gives them; BKN's `jenis diklat` ids in docs/domain.md, "SIASN web
service"."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

# Our form of development (training.models.DevelopmentForm) → BKN's jenis diklat id.
JENIS_DIKLAT = {
    "kepemimpinan": "1",  # Diklat Struktural
    "fungsional": "2",  # Diklat Fungsional
    "teknis": "3",  # Diklat Teknis
    "workshop": "4",  # Workshop
    "manajerial": "5",  # Pelatihan Manajerial
    "sosial_kultural": "6",  # Pelatihan Sosial Kultural
    "sosialisasi": "7",  # Sosialisasi
    "bimtek": "8",  # Bimbingan Teknis
    "seminar": "9",  # Seminar
    "magang": "10",  # Magang
    "kursus": "11",  # Kursus
    "penataran": "12",  # Penataran
}
# Non-classical forms (coaching, e-learning, benchmarking …) have no jenis of their
# own in BKN's list: they are reported as a course.
OTHER_JENIS_DIKLAT = "11"
# Formal degree study goes to riwayat pendidikan, not to riwayat kursus.
NOT_A_COURSE = frozenset({"pendidikan"})


def siasn_date(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def whole_hours(jp: Decimal) -> int:
    """SIASN takes whole hours of lessons (jumlahJam): our JP, half up."""
    return int(Decimal(jp).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def kursus_payload(
    *,
    number: str,
    title: str,
    form: str,
    provider: str,
    start: datetime.date,
    end: datetime.date,
    jp: Decimal,
    pns_id: str,
    instansi_id: str,
    document: dict | None,
) -> dict:
    payload = {
        "instansiId": instansi_id,
        "institusiPenyelenggara": provider,
        "jenisDiklatId": JENIS_DIKLAT.get(form, OTHER_JENIS_DIKLAT),
        "jenisKursus": "",
        "jenisKursusSertipikat": "",
        "jumlahJam": whole_hours(jp),
        "lokasiId": "",
        "namaKursus": title,
        "nomorSertipikat": number,
        "pnsOrangId": pns_id,
        "tahunKursus": end.year,
        "tanggalKursus": siasn_date(start),
        "tanggalSelesaiKursus": siasn_date(end),
    }
    if document:
        payload["path"] = [document]
    return payload


# --- Kinerja periodik ---

# Our ratings and predikat (evaluations.rules) → BKN's `perilakuDanKinerja` and
# `kuadranNilai` reference values (docs/domain.md, "SIASN web service").
RATING_VALUE = {"dibawah": 1, "sesuai": 2, "diatas": 3}
KUADRAN_VALUE = {
    "sangat_kurang": 1,
    "kurang": 2,
    "butuh_perbaikan": 3,
    "baik": 4,
    "sangat_baik": 5,
}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def golongan_id(golongan: str) -> str:
    """BKN's golongan id: "III/a" → "31", "IV/e" → "45"; "" for none (PPPK)."""
    roman, _slash, letter = (golongan or "").partition("/")
    if roman not in _ROMAN or len(letter) != 1 or letter not in "abcde":
        return ""
    return f"{_ROMAN[roman]}{'abcde'.index(letter) + 1}"


def kinerja_key(*, year: int, kind: str, number: int, nip: str) -> str:
    """The period and the employee: one record per employee and period."""
    return f"{year}-{kind}-{number}/{nip}"


def kinerja_payload(
    *,
    start: datetime.date,
    end: datetime.date,
    year: int,
    periodik_id: str,
    hasil_kerja: str,
    perilaku_kerja: str,
    predikat: str,
    pns_id: str,
    appraiser: dict,
) -> dict:
    """`appraiser`: name, nip, jabatan, unit, golongan of who rated (the
    supervisor), as SIASN keeps them with the record."""
    return {
        "bulanMulaiPenilaian": start.month,
        "bulanSelesaiPenilaian": end.month,
        "tahunMulaiPenilaian": start.year,
        "tahunSelesaiPenilaian": end.year,
        "tahun": year,
        "periodikId": periodik_id,
        "hasilKinerjaNilai": RATING_VALUE[hasil_kerja],
        "perilakuKerjaNilai": RATING_VALUE[perilaku_kerja],
        "kuadranKinerjaNilai": KUADRAN_VALUE[predikat],
        "koefisienId": "",
        "pnsDinilaiId": pns_id,
        "penilaiNama": appraiser.get("name", ""),
        "penilaiNipNrp": appraiser.get("nip", ""),
        "penilaiJabatanNama": appraiser.get("jabatan", ""),
        "penilaiUnorNama": appraiser.get("unit", ""),
        "penilaiGolongan": golongan_id(appraiser.get("golongan", "")),
        "statusPenilai": "ASN" if appraiser.get("nip") else "NON ASN",
    }


def same_period(stored: dict, payload: dict) -> bool:
    """Whether a kinerja record SIASN holds is the one for this period."""
    fields = ("tahun", "bulanMulaiPenilaian", "bulanSelesaiPenilaian")
    return all(str(stored.get(f, "")) == str(payload[f]) for f in fields)


# --- what SIASN says of an employee (the scheduled pull) ----------------------------

# `pns/data-utama` fields (the public integrators' documentation) → the column of the
# employee import (people.imports.COLUMNS) holding the same value in SIASN's
# downloads, so a pulled employee goes through the download's own mapping. The
# first field that has a value wins.
DATA_UTAMA_COLUMNS = {
    "nip": ("nipBaru",),
    "name": ("nama",),
    "front_title": ("gelarDepan",),
    "back_title": ("gelarBelakang",),
    "status": ("jenisPegawaiNama", "statusPegawai"),
    "golongan": ("golRuangAkhir", "pangkatAkhir"),
    "jabatan_type": ("jenisJabatan", "jenisJabatanId"),
    "jabatan_name": ("jabatanNama",),
    "unit": ("unorNama",),
    "unit_siasn_id": ("unorId",),
    "eselon": ("eselon", "eselonId"),
    "email": ("email",),
    "email_gov": ("emailGov",),
    "phone": ("noHp",),
    "siasn_id": ("id",),
    "birth_date": ("tglLahir",),
    "gender": ("jenisKelamin",),
    "legal_status": ("kedudukanPnsNama",),
    "tmt_cpns": ("tmtCpns",),
    "tmt_golongan": ("tmtGolAkhir",),
    "tmt_jabatan": ("tmtJabatan",),
    "education_level": ("tkPendidikanTerakhir",),
    "education": ("pendidikanTerakhirNama",),
}
# An empty contact in SIASN leaves the one the portal holds (the ASN may have
# entered it), as an empty NOMOR HP cell of a download does.
KEEP_WHEN_EMPTY = frozenset({"email", "email_gov", "phone"})


def employee_cells(data: dict, unit_names: dict[str, str]) -> dict[str, object]:
    """One employee's `data-utama` as the cells of a download row, by column key.
    A unit SIASN gives only by id is named from its `ref-unor` (`unit_names`)."""
    cells = {}
    for key, fields in DATA_UTAMA_COLUMNS.items():
        value = next((data[f] for f in fields if data.get(f) not in (None, "")), "")
        if value == "" and key in KEEP_WHEN_EMPTY:
            continue
        cells[key] = value
    if not cells["unit"] and cells["unit_siasn_id"]:
        cells["unit"] = unit_names.get(str(cells["unit_siasn_id"]), "")
    return cells


def works_elsewhere(data: dict, instansi_id: str) -> bool:
    """SIASN places the employee in another instansi than the agency's."""
    elsewhere = str(data.get("instansiKerjaId") or "")
    return bool(instansi_id and elsewhere and elsewhere != instansi_id)
