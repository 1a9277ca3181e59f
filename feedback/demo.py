"""Demo and benchmark data for the feedback app (random.Random: reproducible, not
security; hence the nosec B311 marks).

`seed(size="small")` gives a handful of service units with a few thousand realistic
responses and complaints in every state; `seed(size="large")` adds 1,000,000 responses
for the benchmark, written with PostgreSQL COPY (bulk_create in batches elsewhere)."""

import datetime
import functools
import io
import itertools
import random
import time

from django.db import connection, transaction
from django.utils import timezone

from feedback import ikm, services
from feedback.models import Complaint, ServiceUnit, SurveyResponse
from people.models import Agency, Employee, WorkUnit

SIZES = {"small": 3_000, "large": 1_000_000}
# "province" seeds one agency at a time, as densely as "large" (its 1,000,000 for
# 20,000 ASN).
PROVINCE_RESPONSES_PER_ASN = 50
PROVINCE_COMPLAINTS_PER_1000_ASN = 30  # "large" gives each agency 300
BATCH = 10_000

# (offices it may sit under, first found wins; code of a new office; service unit;
# services; quality 0..1). A city's counters sit under the office that runs them.
UNITS = [
    (
        (
            "Bidang Pelayanan Pendaftaran Penduduk",
            "Dinas Kependudukan dan Pencatatan Sipil",
        ),
        "DUKCAPIL",
        "Loket Dukcapil Pusat",
        "Rekam KTP-el\nKartu Keluarga\nPindah datang",
        0.82,
    ),
    (
        (
            "Bidang Pelayanan Pencatatan Sipil",
            "Dinas Kependudukan dan Pencatatan Sipil",
        ),
        "DUKCAPIL",
        "Layanan Akta Catatan Sipil",
        "Akta kelahiran\nAkta kematian\nAkta perkawinan",
        0.55,
    ),
    (
        (
            "Bidang Pelayanan Perizinan dan Nonperizinan",
            "Dinas Penanaman Modal dan PTSP",
        ),
        "DPMPTSP",
        "Mal Pelayanan Publik",
        "Perizinan berusaha (OSS)\nPBG\nIzin reklame",
        0.93,
    ),
    (
        ("UPTD Puskesmas Kesatria", "Dinas Kesehatan"),
        "DINKES",
        "Puskesmas Kesatria",
        "Poli umum\nPoli gigi\nImunisasi\nKIA",
        0.70,
    ),
    (
        ("UPTD Puskesmas Bane", "Dinas Kesehatan"),
        "DINKES",
        "Puskesmas Bane",
        "Poli umum\nKIA",
        0.40,
    ),
    (
        ("Bidang Pembinaan Sekolah Dasar", "Dinas Pendidikan"),
        "DISDIK",
        "Layanan PPDB",
        "Pendaftaran peserta didik baru\nMutasi siswa",
        0.62,
    ),
    (
        ("UPTD Pengujian Kendaraan Bermotor", "Dinas Perhubungan"),
        "DISHUB",
        "Uji KIR Kendaraan",
        "Uji berkala",
        0.25,
    ),
    (
        (
            "Bidang Mutasi dan Promosi",
            "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        ),
        "BKPSDM",
        "Layanan Kepegawaian",
        "Kenaikan pangkat\nMutasi\nLegalisasi SK",
        0.78,
    ),
]
# A kecamatan runs the integrated counter (PATEN) and its kelurahan offices; the
# puskesmas in its area is the health office's, placed here when the agency has it.
KECAMATAN_UNITS = [
    (
        ("Seksi Pelayanan Umum",),
        "PATEN",
        "PATEN Kecamatan",
        "Surat keterangan\nRekomendasi\nLegalisasi",
        0.74,
    ),
    (
        ("UPT Puskesmas Belawan",),
        "PKM",
        "Puskesmas Belawan",
        "Poli umum\nKIA\nImunisasi",
        0.58,
    ),
    (
        ("Kelurahan Belawan I",),
        "KEL1",
        "Kantor Lurah Belawan I",
        "Surat pengantar\nSurat keterangan domisili",
        0.66,
    ),
    (
        ("Kelurahan Belawan II",),
        "KEL2",
        "Kantor Lurah Belawan II",
        "Surat pengantar\nSurat keterangan usaha",
        0.48,
    ),
    (
        ("Kelurahan Bagan Deli",),
        "KEL3",
        "Kantor Lurah Bagan Deli",
        "Surat pengantar\nSurat keterangan tidak mampu",
        0.35,
    ),
    (
        ("Seksi Ketenteraman dan Ketertiban Umum",),
        "TRANTIB",
        "Pengaduan Trantib",
        "Laporan gangguan ketertiban",
        0.52,
    ),
]


COMPLAINTS = [
    "Antrean sangat panjang dan nomor antrean habis sebelum jam 9.",
    "Petugas meminta biaya tambahan yang tidak ada di papan tarif.",
    "Toilet ruang tunggu rusak dan kotor.",
    "Persyaratan di situs berbeda dengan yang diminta di loket.",
    "Mohon disediakan kursi roda dan jalur landai untuk lansia.",
    "Berkas saya dinyatakan hilang setelah dua minggu menunggu.",
    "Saran: layanan dibuka juga hari Sabtu pagi.",
]
SUGGESTIONS = [
    "",
    "",
    "",
    "Pertahankan keramahan petugas.",
    "Tambah kursi di ruang tunggu.",
    "Informasi persyaratan dipasang lebih jelas.",
    "Antrean daring sangat membantu.",
]


def _agency() -> Agency:
    agency = Agency.objects.order_by("pk").first()
    if agency is None:
        agency = Agency.objects.create(
            name="Pemerintah Kota Contoh", short_name="Kota Contoh", code="kota-contoh"
        )
    return agency


def _office(agency: Agency, names: tuple[str, ...]) -> WorkUnit | None:
    for name in names:
        found = WorkUnit.objects.filter(agency=agency, name=name).first()
        if found:
            return found
    return None


def units_for(agency: Agency) -> list:
    """The service units that fit the agency's own offices: a kecamatan's or a
    city's, whichever list finds more of its offices."""

    def found(table):
        return sum(1 for names, *_rest in table if _office(agency, names))

    return KECAMATAN_UNITS if found(KECAMATAN_UNITS) > found(UNITS) else UNITS


def _work_unit_for(agency: Agency, index: int, names: tuple, code: str) -> WorkUnit:
    """The office that runs the counter; in an agency without it (a test's small
    org chart), one of its existing units; a new one only in an empty agency."""
    found = (
        _office(agency, names)
        or WorkUnit.objects.filter(agency=agency, code=code).first()
    )
    if found:
        return found
    existing = list(WorkUnit.objects.filter(agency=agency).order_by("path")[:20])
    if existing:
        return existing[(index * 3) % len(existing)]
    return WorkUnit.objects.create(agency=agency, name=names[-1], code=code)


def ensure_units(agency: Agency, *, slug_prefix: str = "") -> list[ServiceUnit]:
    units = []
    for index, (offices, code, name, service_list, _quality) in enumerate(
        units_for(agency)
    ):
        work_unit = _work_unit_for(agency, index, offices, code)
        slug = slug_prefix + name.lower().replace(" ", "-")
        unit, _ = ServiceUnit.objects.get_or_create(
            slug=slug,
            defaults={
                "work_unit": work_unit,
                "name": name,
                "services": service_list,
                "service_users_per_year": random.Random(name).choice(  # nosec B311
                    [300, 1200, 2200, 5000]
                ),
            },
        )
        staff = list(
            Employee.objects.filter(unit=work_unit, is_active=True).order_by("pk")[:3]
        )
        if staff:
            unit.staff.add(*staff[1:] or staff)
            if unit.head_id is None:
                unit.head = staff[0]
                unit.save(update_fields=["head"])
        units.append(unit)
    _make_demo_asn_unit_staff(agency, units[0])
    return units


def _make_demo_asn_unit_staff(agency: Agency, unit: ServiceUnit) -> None:
    """The demo ASN login (people.demo) staffs the first counter, so the demo shows
    the unit-staff side of complaints."""
    try:
        from people.demo import demo_username
        from people.roles import Role
    except ImportError:
        return
    employee = Employee.objects.filter(
        user__username=demo_username(Role.ASN, agency)
    ).first()
    if employee:
        unit.staff.add(employee)


def _row(rng: random.Random, quality: float) -> list:
    """One respondent: scores lean to 4 with the unit's quality."""
    return rng.choices(ikm.SCORES, cum_weights=_score_weights(quality), k=9)


@functools.cache
def _score_weights(quality: float) -> list:
    # Cumulative, as choices() would add them up itself on every call: the same
    # draws, without summing the weights again for each of the million rows.
    weights = [
        (1 - quality) ** 2,
        (1 - quality) * 1.2,
        0.6 + quality * 0.4,
        quality**2 * 1.6,
    ]
    return list(itertools.accumulate(weights))


# Read once: a choices class's .values builds its list anew on every call, which cost
# a fifth of the time of a million responses.
EDUCATIONS = SurveyResponse.Education.values
OCCUPATIONS = SurveyResponse.Occupation.values
EDUCATION_WEIGHTS = list(itertools.accumulate([5, 10, 35, 15, 25, 8, 2]))
OCCUPATION_WEIGHTS = list(itertools.accumulate([15, 3, 3, 35, 24, 20]))


def _profiles(rng):
    return (
        rng.choice("LP"),
        rng.randint(17, 75),
        rng.choices(EDUCATIONS, cum_weights=EDUCATION_WEIGHTS)[0],
        rng.choices(OCCUPATIONS, cum_weights=OCCUPATION_WEIGHTS)[0],
    )


def seed_responses(units, count: int, *, days: int = 3 * 365, seed: int = 7) -> float:
    """Add `count` responses spread over the last `days`; returns seconds taken."""
    started = time.monotonic()
    rng = random.Random(seed)  # nosec B311
    by_name = {name: q for _w, _c, name, _s, q in [*UNITS, *KECAMATAN_UNITS]}
    quality = {u.pk: by_name.get(u.name, 0.6) for u in units}
    now = timezone.now()
    services_of = {u.pk: u.service_list or ["Layanan umum"] for u in units}
    unit_ids = [u.pk for u in units]
    use_copy = connection.vendor == "postgresql"
    done = 0
    while done < count:
        batch = min(BATCH * (10 if use_copy else 1), count - done)
        rows = []
        for _ in range(batch):
            unit_id = rng.choice(unit_ids)
            when = now - datetime.timedelta(seconds=rng.randint(0, days * 86400))
            gender, age, education, occupation = _profiles(rng)
            rows.append(
                (
                    unit_id,
                    when,
                    _row(rng, quality.get(unit_id, 0.6)),
                    gender,
                    age,
                    education,
                    occupation,
                    rng.choice(services_of[unit_id]),
                    rng.choice(SUGGESTIONS),
                )
            )
        if use_copy:
            _copy(rows)
        else:
            SurveyResponse.objects.bulk_create(
                [
                    SurveyResponse(
                        service_unit_id=r[0],
                        submitted_at=r[1],
                        **{f"u{i + 1}": s for i, s in enumerate(r[2])},
                        gender=r[3],
                        age=r[4],
                        education=r[5],
                        occupation=r[6],
                        service_name=r[7],
                        suggestion=r[8],
                    )
                    for r in rows
                ],
                batch_size=2000,
            )
        done += batch
    if use_copy:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE feedback_surveyresponse")
    services.rebuild_daily_totals(service_unit_ids=unit_ids)
    return time.monotonic() - started


def _copy(rows) -> None:
    buffer = io.StringIO()
    created = timezone.now().isoformat()
    for (
        unit_id,
        when,
        scores,
        gender,
        age,
        education,
        occupation,
        service,
        text,
    ) in rows:
        fields = [
            str(unit_id),
            when.isoformat(),
            *[str(s) for s in scores],
            gender,
            str(age),
            education,
            occupation,
            service,
            text,
            "online",
            created,
        ]
        buffer.write("\t".join(fields) + "\n")
    buffer.seek(0)
    columns = (
        "service_unit_id, submitted_at, u1, u2, u3, u4, u5, u6, u7, u8, u9, gender, "
        "age, education, occupation, service_name, suggestion, source, created_at"
    )
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY feedback_surveyresponse ({columns}) FROM STDIN", buffer
        )


def seed_complaints(units, count: int, *, rng: random.Random) -> None:
    hr = Employee.objects.filter(
        agency=units[0].work_unit.agency, user__isnull=False
    ).first()
    actor = hr.user if hr else None
    for i in range(count):
        unit = rng.choice(units)
        complaint, _code, created = services.submit_complaint(
            service_unit=unit,
            # Numbered: the same text for a unit within seconds would count once.
            description=f"{rng.choice(COMPLAINTS)} (#{i + 1})",
            kind=Complaint.Kind.SUGGESTION if i % 5 == 0 else Complaint.Kind.COMPLAINT,
            is_anonymous=i % 3 == 0,
            contact_name="" if i % 3 == 0 else f"Warga {i}",
            contact_phone=f"0812{rng.randint(10_000_000, 99_999_999)}",
        )
        if not created:
            continue
        back = rng.randint(0, 40)
        submitted = timezone.now() - datetime.timedelta(days=back)
        Complaint.objects.filter(pk=complaint.pk).update(
            submitted_at=submitted,
            due_date=services.complaint_due_date(
                agency=unit.work_unit.agency,
                submitted_on=timezone.localtime(submitted).date(),
            ),
        )
        complaint.events.update(created_at=submitted)
        complaint.refresh_from_db()
        stage = i % 5
        if stage >= 1:
            services.verify_complaint(complaint=complaint, actor=actor, accept=True)
        assignee = (
            unit.staff.first()
            or Employee.objects.filter(agency=unit.work_unit.agency_id).first()
        )
        if stage >= 2 and assignee:
            services.assign_complaint(
                complaint=complaint, actor=actor, assignee=assignee
            )
        if stage >= 3:
            services.answer_complaint(
                complaint=complaint,
                actor=actor,
                answer="Terima kasih. Sudah kami tindak lanjuti dan perbaiki.",
            )
        if stage >= 4:
            services.close_complaint(complaint=complaint, actor=actor)


def _target_responses(size: str, units, agency_count: int) -> int:
    if size == "province":
        return _asn_count(units) * PROVINCE_RESPONSES_PER_ASN
    return SIZES[size] // agency_count


def _complaint_count(size: str, units) -> int:
    if size == "province":
        # At least one complaint in each of the five stages seed_complaints makes.
        return max(5, _asn_count(units) * PROVINCE_COMPLAINTS_PER_1000_ASN // 1000)
    return 30 if size == "small" else 300


def _asn_count(units) -> int:
    agency = units[0].work_unit.agency_id
    return Employee.objects.filter(agency=agency, is_active=True).count()


def seed(*, agencies=None, size: str = "small", rng=None, stdout=None) -> dict:
    """The hook `seed_demo` calls (people.demo): service units for each agency, then
    responses up to the size's total (split over the agencies) and complaints.

    Without agencies (the `seed_feedback` command) it uses the first agency and tops
    the responses up to the target, so a bench database can be grown in steps."""
    rng = rng or random.Random(7)  # nosec B311
    with transaction.atomic():
        if agencies:
            groups = [ensure_units(a, slug_prefix=f"{a.code}-") for a in agencies]
        else:
            groups = [ensure_units(_agency())]
    seconds = 0.0
    added = 0
    for units in groups:
        target = _target_responses(size, units, len(groups))
        existing = SurveyResponse.objects.filter(service_unit__in=units).count()
        if existing < target:
            seconds += seed_responses(
                units, target - existing, seed=rng.randint(0, 10**6)
            )
            added += target - existing
        if not Complaint.objects.filter(service_unit__in=units).exists():
            seed_complaints(units, _complaint_count(size, units), rng=rng)
    summary = {
        "units": sum(len(units) for units in groups),
        "responses": SurveyResponse.objects.count(),
        "added": added,
        "seconds": round(seconds, 1),
    }
    if stdout:
        stdout.write(
            "feedback: {units} unit layanan, {responses} jawaban survei "
            "({added} ditambah dalam {seconds} s)".format(**summary)
        )
    return summary
