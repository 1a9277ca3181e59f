"""Demo data for mentoring, for `manage.py seed_demo` (small or large).

    from mentoring import demo
    demo.seed_agency(agency=agency, size="small")  # or "large"

Runs after the people seed, on that agency's employees. It goes through the same
services as the pages, so confirmed sessions credit JP in the ledger. Idempotent: an
agency that already has the demo programs is left as it is. The demo logins
`mentor.<agency>` and `asn.<agency>` (when the people seed made them) become a mentor
with pairs and a mentee of that mentor."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mentoring import services
from mentoring.matching import golongan_rank
from mentoring.models import CompetencyArea, Goal, Pair, Program
from people.models import Agency, Employee

AREAS = [
    "Orientasi ASN",
    "Pengelolaan Keuangan Daerah",
    "Perencanaan Pembangunan",
    "Pelayanan Publik",
    "Kepegawaian",
]
SIZES = {"small": {"mentors": 4, "pairs": 8}, "large": {"mentors": 30, "pairs": 80}}
SIZES["province"] = SIZES["large"]  # seed_demo calls it once per agency
TOPICS = [
    "Mengenal tugas pokok dan fungsi unit",
    "Budaya kerja BerAKHLAK",
    "Menyusun RKA-SKPD",
    "Penatausahaan belanja",
    "Menyusun indikator kinerja",
    "Pelayanan prima kepada masyarakat",
    "Analisis jabatan",
    "Penyusunan laporan kinerja",
]
GOALS = [
    ("Memahami proses bisnis unit", ["Peta proses", "Presentasi ke atasan"]),
    ("Mampu menyusun RKA-SKPD", ["Draf RKA", "RKA disetujui"]),
    ("Menyusun SKP pertama", ["Rencana hasil kerja", "SKP disepakati"]),
    ("Menyusun kajian perencanaan", ["Kerangka kajian", "Kajian final"]),
]


def seed(*, agencies, size: str = "small", rng=None) -> dict:
    """The seed_demo hook: every agency's mentoring; returns the summed counts."""
    totals = {"programs": 0, "pairs": 0}
    for agency in agencies:
        for key, count in seed_agency(agency=agency, size=size).items():
            totals[key] += count
    return totals


def seed_agency(*, agency: Agency, size: str = "small", today=None) -> dict:
    """Seed one agency; returns counts of what it created."""
    today = today or timezone.localdate()
    # Seeded per agency so demo data is the same every run; not for security.
    rng = random.Random(f"mentoring-{agency.code}")  # nosec B311
    if Program.objects.filter(agency=agency).exists():
        return {"programs": 0, "pairs": 0}
    limits = SIZES[size]
    with transaction.atomic():
        areas = [
            CompetencyArea.objects.get_or_create(agency=agency, name=name)[0]
            for name in AREAS
        ]
        programs = _programs(agency, areas, today)
        mentors, mentees = _people(agency, limits["mentors"])
        for n, mentor in enumerate(mentors):
            services.save_mentor_profile(
                employee=mentor,
                capacity=3,
                competency_areas=[areas[0], areas[1 + n % (len(areas) - 1)]],
            )
        pairs = _pairs(programs, mentors, mentees, limits["pairs"], rng)
        for n, pair in enumerate(pairs):
            # The demo logins' own pair (the first) stays active and busy.
            _activity(pair, today, rng, demo_pair=n == 0)
    return {"programs": len(programs), "pairs": len(pairs)}


def _programs(agency, areas, today):
    start = today - datetime.timedelta(days=120)
    end = today + datetime.timedelta(days=150)
    specs = [
        (f"Orientasi CPNS/PPPK {today.year}", areas[0], None, 3),
        ("Pengelolaan Keuangan Daerah", areas[1], None, 3),
        ("Jabatan Fungsional Perencana", areas[2], Decimal("2"), 4),
    ]
    return [
        Program.objects.create(
            agency=agency,
            name=name,
            goals=(
                "Membimbing ASN agar cepat mandiri di bidangnya melalui sesi rutin "
                "dengan mentor yang berpengalaman."
            ),
            start_date=start,
            end_date=end,
            competency_area=area,
            fixed_jp_per_session=fixed_jp,
            idle_weeks_before_nudge=weeks,
        )
        for name, area, fixed_jp, weeks in specs
    ]


def _people(agency, mentor_count):
    """Seniors mentor, juniors are mentored; the demo logins first."""
    employees = list(
        Employee.objects.active()
        .filter(agency=agency)
        .select_related("user", "unit")
        .order_by("pk")
    )

    def login(prefix):
        return next(
            (e for e in employees if e.user and e.user.username.startswith(prefix)),
            None,
        )

    demo_mentor, demo_mentee = login("mentor."), login("asn.")
    by_seniority = sorted(employees, key=lambda e: golongan_rank(e.golongan) or 0)
    mentors = [demo_mentor] if demo_mentor else []
    mentors += [
        e for e in reversed(by_seniority) if e not in mentors and e != demo_mentee
    ][: max(mentor_count - len(mentors), 0)]
    mentees = [demo_mentee] if demo_mentee else []
    mentees += [e for e in by_seniority if e not in mentors and e not in mentees]
    return mentors, mentees


def _pairs(programs, mentors, mentees, limit, rng):
    pairs = []
    places = {m.pk: 3 for m in mentors}
    for n, mentee in enumerate(mentees[:limit]):
        program = programs[n % len(programs)]
        # The demo mentee goes to the demo mentor (the first of each list).
        mentor = mentors[0] if n == 0 else None
        if mentor is None:
            free = [m for m in mentors if places[m.pk] > 0 and m.pk != mentee.pk]
            if not free:
                break
            mentor = rng.choice(free)
        if mentor.pk == mentee.pk or places[mentor.pk] == 0:
            continue
        pairs.append(
            services.create_pair(
                program=program,
                mentor=mentor,
                mentee=mentee,
                competency_area=program.competency_area,
                start_date=program.start_date,
                end_date=program.end_date,
                match_reasons="Data demo",
            )
        )
        places[mentor.pk] -= 1
    return pairs


def _activity(pair, today, rng, *, demo_pair=False):
    """Goals, sessions every two or three weeks (the last one pending), reviews."""
    for title, milestones in rng.sample(GOALS, 2):
        goal = services.add_goal(pair=pair, title=title, milestones=milestones)
        if rng.random() < 0.4:
            services.set_goal_status(goal=goal, status=Goal.Status.MET)
        elif rng.random() < 0.5:
            services.set_goal_status(goal=goal, status=Goal.Status.IN_PROGRESS)
    if not demo_pair and rng.random() < 0.15:
        return  # an idle pair: the weekly nudge has something to say
    day = pair.start_date + datetime.timedelta(days=rng.randint(3, 10))
    sessions = []
    wanted = rng.randint(2, 6)
    while day <= today and len(sessions) < wanted:
        logger = pair.mentor if rng.random() < 0.6 else pair.mentee
        sessions.append(
            services.log_session(
                pair=pair,
                by=logger,
                date=day,
                duration_minutes=rng.choice([45, 60, 90, 120]),
                topic=rng.choice(TOPICS),
                notes="Diskusi dan praktik langsung.",
                agreed_actions="Mentee menyiapkan draf sebelum sesi berikutnya.",
                today=today,
            )
        )
        day += datetime.timedelta(days=rng.randint(14, 21))
    for session in sessions[:-1]:
        services.confirm_session(session=session, by=pair.other_side(session.logged_by))
    confirmed = len(sessions) - 1
    if confirmed >= 2:
        services.rate_pair(
            pair=pair, by=pair.mentee, phase="midway", score=rng.choice([3, 4, 4, 5])
        )
        services.write_mentor_assessment(
            pair=pair,
            by=pair.mentor,
            phase="midway",
            text="Mentee aktif bertanya dan menyelesaikan tindak lanjut tepat waktu.",
        )
    if not demo_pair and confirmed >= 4 and rng.random() < 0.3:
        services.rate_pair(pair=pair, by=pair.mentee, phase="final", score=5)
        services.end_pair(pair=pair, status=Pair.Status.COMPLETED)
