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
