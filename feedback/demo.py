"""Demo and benchmark data for the feedback app (random.Random: reproducible, not
security; hence the nosec B311 marks).

`seed(size="small")` gives a handful of service units with a few thousand realistic
responses and complaints in every state; `seed(size="large")` adds 1,000,000 responses
for the benchmark, written with PostgreSQL COPY (bulk_create in batches elsewhere)."""

import datetime
import io
import random
import time

from django.db import connection, transaction
from django.utils import timezone

from feedback import ikm, services
from feedback.models import Complaint, ServiceUnit, SurveyResponse
from people.models import Agency, Employee, WorkUnit

SIZES = {"small": 3_000, "large": 1_000_000}
BATCH = 10_000

UNITS = [
    # (work unit name, code, service unit, services, quality 0..1)
    (
        "Dinas Kependudukan dan Pencatatan Sipil",
        "DUKCAPIL",
        "Loket Dukcapil Pusat",
        "Rekam KTP-el\nAkta kelahiran\nKartu Keluarga\nPindah datang",
        0.82,
    ),
    (
        "Dinas Kependudukan dan Pencatatan Sipil",
        "DUKCAPIL",
        "Loket Dukcapil Kecamatan",
        "Rekam KTP-el\nKartu Keluarga",
        0.55,
    ),
    (
        "Dinas Penanaman Modal dan PTSP",
        "DPMPTSP",
        "Mal Pelayanan Publik",
        "Perizinan berusaha (OSS)\nPBG\nIzin reklame",
        0.93,
    ),
    (
        "Dinas Kesehatan",
        "DINKES",
        "Puskesmas Kota Utara",
        "Poli umum\nPoli gigi\nImunisasi\nKIA",
        0.70,
    ),
    ("Dinas Kesehatan", "DINKES", "Puskesmas Kota Selatan", "Poli umum\nKIA", 0.40),
    (
        "Badan Pendapatan Daerah",
        "BAPENDA",
        "Loket PBB-P2",
        "Cetak SPPT\nPembayaran PBB\nKeberatan PBB",
        0.62,
    ),
    ("Dinas Perhubungan", "DISHUB", "Uji KIR Kendaraan", "Uji berkala", 0.25),
    ("Dinas Sosial", "DINSOS", "Layanan DTKS", "Usulan DTKS\nSurat keterangan", 0.78),
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


def _work_unit_for(agency: Agency, index: int, name: str, code: str) -> WorkUnit:
    """The agency's unit of that code or name; else one of its existing units (the
    people app's demo has its own org chart); a new one only in an empty agency."""
    found = (
        WorkUnit.objects.filter(agency=agency, code=code).first()
        or WorkUnit.objects.filter(agency=agency, name=name).first()
    )
    if found:
        return found
    existing = list(WorkUnit.objects.filter(agency=agency).order_by("path")[:20])
    if existing:
        return existing[(index * 3) % len(existing)]
    return WorkUnit.objects.create(agency=agency, name=name, code=code)


def ensure_units(agency: Agency, *, slug_prefix: str = "") -> list[ServiceUnit]:
    units = []
    for index, (work_name, code, name, service_list, _quality) in enumerate(UNITS):
        work_unit = _work_unit_for(agency, index, work_name, code)
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
    weights = [
        (1 - quality) ** 2,
        (1 - quality) * 1.2,
        0.6 + quality * 0.4,
        quality**2 * 1.6,
    ]
    scores = rng.choices(ikm.SCORES, weights=weights, k=9)
    return scores


def _profiles(rng):
    return (
        rng.choice("LP"),
        rng.randint(17, 75),
        rng.choices(SurveyResponse.Education.values, weights=[5, 10, 35, 15, 25, 8, 2])[
            0
        ],
        rng.choices(SurveyResponse.Occupation.values, weights=[15, 3, 3, 35, 24, 20])[
            0
        ],
    )


def seed_responses(units, count: int, *, days: int = 3 * 365, seed: int = 7) -> float:
    """Add `count` responses spread over the last `days`; returns seconds taken."""
    started = time.monotonic()
    rng = random.Random(seed)  # nosec B311
    by_name = {name: q for _w, _c, name, _s, q in UNITS}
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
    target = SIZES[size] // len(groups)
    seconds = 0.0
    added = 0
    for units in groups:
        existing = SurveyResponse.objects.filter(service_unit__in=units).count()
        if existing < target:
            seconds += seed_responses(
                units, target - existing, seed=rng.randint(0, 10**6)
            )
            added += target - existing
        if not Complaint.objects.filter(service_unit__in=units).exists():
            seed_complaints(units, 30 if size == "small" else 300, rng=rng)
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
