"""Training's core demo data (see `training.demo`): partners, needs, plans with
budgets, programs across the forms of development (each building one to three
competencies of the agency's dictionary), sessions past/current/future with their
days, enrolments in every status, attendance and JP credits. `size="large"` adds
~10 enrolments per ASN (about 200,000 for 20,000 ASN) through bulk inserts, for the
benchmark."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from asn_portal.bulk import insert_in_bulk
from competencies.demo import seed_dictionary
from competencies.models import Competency
from people.models import Agency, Employee
from training.models import (
    Attendance,
    BudgetAllocation,
    DevelopmentForm,
    DevelopmentPlan,
    Enrolment,
    FundingSource,
    JpCredit,
    Partner,
    PartnerAgreement,
    PlannedProgram,
    Program,
    SessionDay,
    TrainingNeed,
    TrainingSession,
)
from training.services.ledger import credit_in_bulk

BATCH = 5000
Status = Enrolment.Status
F = DevelopmentForm

PARTNERS = [
    ("Universitas Sumatera Utara", Partner.Kind.UNIVERSITY, "seminar speakers"),
    ("Universitas HKBP Nommensen", Partner.Kind.UNIVERSITY, "internships speakers"),
    ("BPSDM Provinsi Sumatera Utara", Partner.Kind.INSTITUTE, "seminars speakers"),
    ("Lembaga Administrasi Negara (LAN)", Partner.Kind.INSTITUTE, "speakers"),
    ("Bank Sumut (program CSR)", Partner.Kind.CSR, "funding internships"),
]


@dataclass(frozen=True)
class ProgramSpec:
    title: str
    form: str
    area: str
    jp: int
    mode: str
    partner: int | None  # index in PARTNERS
    days: int
    cost: int  # per participant, Rupiah
    source: str
    speakers: str
    # Codes in the agency's competency dictionary (competencies.demo) it builds.
    competencies: tuple[str, ...]


PROGRAMS = [
    ProgramSpec(
        "Pelayanan Publik Prima",
        F.TECHNICAL,
        "Pelayanan publik",
        24,
        "tatap_muka",
        2,
        3,
        1_250_000,
        FundingSource.APBD,
        "Widyaiswara BPSDM Provsu",
        ("M5", "M3"),
    ),
    ProgramSpec(
        "Pengelolaan Keuangan Daerah",
        F.TECHNICAL,
        "Keuangan daerah",
        32,
        "blended",
        2,
        4,
        1_750_000,
        FundingSource.APBD,
        "Tim BPKAD; Widyaiswara BPSDM Provsu",
        ("T2", "M1"),
    ),
    ProgramSpec(
        "Kepemimpinan Pengawas",
        F.LEADERSHIP,
        "Manajerial",
        40,
        "blended",
        3,
        5,
        6_500_000,
        FundingSource.APBD,
        "Widyaiswara LAN",
        ("M8", "M2", "SK1"),
    ),
    ProgramSpec(
        "Bimtek SIPD",
        F.TECHNICAL_GUIDANCE,
        "Keuangan daerah",
        16,
        "tatap_muka",
        None,
        2,
        450_000,
        FundingSource.APBD,
        "Tim SIPD Kemendagri",
        ("T2",),
    ),
    ProgramSpec(
        "Seminar Inovasi Pelayanan Publik bersama USU",
        F.SEMINAR,
        "Inovasi pelayanan",
        8,
        "tatap_muka",
        0,
        1,
        150_000,
        FundingSource.PARTNER,
        "Dosen FISIP USU",
        ("M7", "M5"),
    ),
    ProgramSpec(
        "Workshop Penyusunan SKP",
        F.WORKSHOP,
        "Manajemen kinerja",
        12,
        "daring",
        None,
        2,
        100_000,
        FundingSource.APBD,
        "Bidang PKA BKPSDM",
        ("M4", "M6", "T1"),
    ),
    ProgramSpec(
        "Kursus Bahasa Inggris untuk Pelayanan",
        F.COURSE,
        "Komunikasi",
        20,
        "blended",
        1,
        5,
        900_000,
        FundingSource.SELF_FUNDED,
        "Pusat Bahasa Nommensen",
        ("M3",),
    ),
    ProgramSpec(
        "Pelatihan Jarak Jauh Literasi Digital",
        F.DISTANCE,
        "Transformasi digital",
        8,
        "daring",
        4,
        2,
        200_000,
        FundingSource.PARTNER,
        "Tim TI Bank Sumut",
        ("M7",),
    ),
]

NEEDS = [
    ("Penyusunan laporan keuangan SAP berbasis akrual", "Bendahara dan PPK", 1),
    ("Pelayanan prima di loket", "Pelaksana pelayanan", 1),
    ("Analisis jabatan dan beban kerja", "Analis SDM", 2),
    ("Penggunaan aplikasi SIPD", "Operator perencanaan dan keuangan", 1),
    ("Kepemimpinan bagi pengawas baru", "Kepala seksi/subbagian", 2),
    ("Penulisan naskah dinas", "Pengadministrasi umum", 3),
    ("Keamanan informasi", "Pranata komputer", 2),
    ("Pengadaan barang/jasa", "Pejabat pengadaan", 1),
]


def seed(*, agencies, size: str, rng: random.Random) -> None:
    for agency in agencies:
        _AgencySeeder(agency, size=size, rng=rng).run()


def link_competencies(agency: Agency, programs_and_codes) -> None:
    """Each demo programme builds the competencies of the agency's dictionary named
    by their codes, so the gap pages suggest it. Training is seeded before the
    competencies app, so the dictionary is made here first (the same one its own
    demo then finds in place)."""
    seed_dictionary(agency)
    by_code = dict(Competency.objects.filter(agency=agency).values_list("code", "pk"))
    for program, codes in programs_and_codes:
        program.competencies.add(*(by_code[code] for code in codes))


class _AgencySeeder:
    def __init__(self, agency: Agency, *, size: str, rng: random.Random):
        self.agency = agency
        self.large = size in ("large", "province")
        self.rng = rng
        self.today = timezone.localdate()
        self.monday = self.today - datetime.timedelta(days=self.today.weekday())
        self.employees = list(
            Employee.objects.filter(agency=agency, is_active=True)
            .only("pk", "unit_id", "supervisor_id", "user_id", "status")
            .order_by("pk")
        )
        by_login = {
            e.user.username: e
            for e in Employee.objects.filter(
                agency=agency, user__username__contains="."
            ).select_related("user")
        }
        code = agency.code
        self.asn = by_login.get(f"asn.{code}")
        self.hr = by_login.get(f"hr.{code}") or self._first_in_group("HR BKPSDM")
        self.hr = self.hr or self.employees[0]
        self.demo_pks = {e.pk for e in by_login.values()}

    def _first_in_group(self, group):
        users = get_user_model().objects.filter(groups__name=group)
        return Employee.objects.filter(agency=self.agency, user__in=users).first()

    def run(self):
        if not self.employees:
            return
        partners = self._partners()
        programs = self._programs(partners)
        self._plans(partners, programs)
        self._needs()
        sessions = self._sessions(programs)
        self._enrolments(sessions)

    # -- partners, plan, needs ------------------------------------------------

    def _partners(self):
        partners = []
        for name, kind, provides in PARTNERS:
            partner = Partner.objects.create(
                agency=self.agency, name=name, kind=kind, contact="Bagian Kerja Sama"
            )
            start = datetime.date(self.today.year - 1, 3, 1)
            PartnerAgreement.objects.create(
                partner=partner,
                number=f"{len(partners) + 1:03d}/MoU/BKPSDM/{start.year}",
                start_date=start,
                end_date=start.replace(year=start.year + 3),
                provides_internships="internships" in provides,
                provides_seminars="seminar" in provides,
                provides_speakers="speakers" in provides,
                provides_funding="funding" in provides,
                funding_amount=Decimal("150000000") if "funding" in provides else 0,
            )
            partners.append(partner)
        return partners

    def _programs(self, partners):
        programs = []
        for spec in PROGRAMS:
            partner = partners[spec.partner] if spec.partner is not None else None
            programs.append(
                Program.objects.create(
                    agency=self.agency,
                    title=spec.title,
                    form=spec.form,
                    competency_area=spec.area,
                    provider=partner.name if partner else "BKPSDM",
                    partner=partner,
                    jp=Decimal(spec.jp),
                    delivery_mode=spec.mode,
                    description=f"{spec.title}: {spec.area.lower()} bagi ASN.",
                )
            )
        link_competencies(
            self.agency,
            [
                (program, spec.competencies)
                for program, spec in zip(programs, PROGRAMS, strict=True)
            ],
        )
        return programs

    def _plans(self, partners, programs):
        for year, title in [
            (self.today.year, "Rencana Pengembangan Kompetensi {year}"),
            (self.today.year + 1, "Rencana Pengembangan Kompetensi {year} (usulan)"),
        ]:
            plan = DevelopmentPlan.objects.create(
                agency=self.agency, year=year, title=title.format(year=year)
            )
            for source, amount in [
                (FundingSource.APBD, 950_000_000),
                # Short on purpose: the plan page shows its warning.
                (FundingSource.PARTNER, 25_000_000),
                (FundingSource.SELF_FUNDED, 81_000_000),
            ]:
                BudgetAllocation.objects.create(plan=plan, source=source, amount=amount)
            current = year == self.today.year
            for spec, program in zip(PROGRAMS, programs, strict=True):
                PlannedProgram.objects.create(
                    plan=plan,
                    title=spec.title,
                    form=spec.form,
                    competency_area=spec.area,
                    batches=3 if current else 2,
                    participants_per_batch=30,
                    cost_per_participant=spec.cost,
                    funding_source=spec.source,
                    partner=partners[spec.partner]
                    if spec.partner is not None
                    else None,
                    program=program if current else None,
                )

    def _needs(self):
        supervisor_pks = {e.supervisor_id for e in self.employees if e.supervisor_id}
        heads = [e for e in self.employees if e.pk in supervisor_pks]
        if self.asn and self.asn.supervisor_id:
            heads.sort(key=lambda e: e.pk != self.asn.supervisor_id)
        rows = []
        for i, head in enumerate(heads[:12]):
            competency, group, priority = NEEDS[i % len(NEEDS)]
            rows.append(
                TrainingNeed(
                    agency=self.agency,
                    unit_id=head.unit_id,
                    proposed_by=head,
                    year=self.today.year + 1,
                    competency=competency,
                    target_group=group,
                    participants=self.rng.randint(5, 40),
                    priority=priority,
                    reason="Hasil analisis kesenjangan kompetensi dan temuan evaluasi.",
                )
            )
        TrainingNeed.objects.bulk_create(rows)

    # -- sessions ----------------------------------------------------------------

    def _sessions(self, programs):
        """Week slots from the past to the future; each session sits inside one week
        (Monday on), so an ASN given one session per week never has a clash."""
        if self.large:
            per_week = max(1, len(self.employees) // 450)
            weeks = range(-150, 9)
        else:
            per_week = 1
            weeks = [-40, -30, -22, -14, -9, -5, -3, 0, 2, 3, 5, 8]
        sessions = []
        batch_no = defaultdict(int)
        for week in weeks:
            start_of_week = self.monday + datetime.timedelta(weeks=week)
            for slot in range(per_week):
                index = (week * per_week + slot) % len(programs)
                spec, program = PROGRAMS[index], programs[index]
                batch_no[program.pk] += 1
                start = start_of_week
                end = start + datetime.timedelta(days=spec.days - 1)
                if end < self.today:
                    status = TrainingSession.Status.FINISHED
                elif start <= self.today:
                    status = TrainingSession.Status.RUNNING
                else:
                    status = TrainingSession.Status.OPEN
                sessions.append(
                    TrainingSession(
                        program=program,
                        name=f"Angkatan {batch_no[program.pk]} {start.year}",
                        start_date=start,
                        end_date=end,
                        venue="" if spec.mode == "daring" else "Aula BKPSDM",
                        online_link="https://zoom.us/j/1234567890"
                        if spec.mode != "tatap_muka"
                        else "",
                        capacity=40 if self.large else 25,
                        speakers=spec.speakers,
                        materials="Modul, bahan tayang dan studi kasus.",
                        status=status,
                    )
                )
        TrainingSession.objects.bulk_create(sessions, batch_size=BATCH)
        days = [
            SessionDay(
                session=s,
                date=s.start_date + datetime.timedelta(days=i),
                place=s.venue or "Daring",
            )
            for s in sessions
            for i in range((s.end_date - s.start_date).days + 1)
        ]
        insert_in_bulk(SessionDay, days)
        return sessions

    # -- enrolments, attendance, JP ---------------------------------------------

    def _enrolments(self, sessions):
        rng = self.rng
        others = [e for e in self.employees if e.pk not in self.demo_pks]
        by_week = defaultdict(list)
        for session in sessions:
            by_week[session.start_date].append(session)
        rows = []
        waitlist_made = False
        for week_start, week_sessions in sorted(by_week.items()):
            fill = [int(s.capacity * rng.uniform(0.6, 0.95)) for s in week_sessions]
            pool = rng.sample(others, min(len(others), sum(fill) + 60))
            cursor = 0
            for session, count in zip(week_sessions, fill, strict=True):
                chosen = pool[cursor : cursor + count]
                cursor += count
                for employee in chosen:
                    rows.append(self._enrolment(session, employee))
            if week_start > self.today and not waitlist_made:
                self._fill_to_waitlist(week_sessions[0], rows, pool[cursor:])
                waitlist_made = True
        rows.extend(self._demo_asn_enrolments(sessions))
        insert_in_bulk(Enrolment, rows)
        self._attendance_and_credits(sessions, rows)

    def _enrolment(self, session, employee, status=None):
        status = status or self._status_for(session, employee)
        enrolment = Enrolment(
            session=session, employee=employee, unit_id=employee.unit_id, status=status
        )
        if status in (Status.CONFIRMED, Status.COMPLETED, Status.NOT_COMPLETED):
            enrolment.confirmed_by = self.hr
        if status in (Status.COMPLETED, Status.NOT_COMPLETED):
            enrolment.completed_at = timezone.make_aware(
                datetime.datetime.combine(session.end_date, datetime.time(16))
            )
        if status == Status.NOMINATED:
            enrolment.nominated_by = self.hr
        return enrolment

    def _status_for(self, session, employee):
        roll = self.rng.random()
        if session.status == TrainingSession.Status.FINISHED:
            if roll < 0.85:
                return Status.COMPLETED
            return Status.NOT_COMPLETED if roll < 0.93 else Status.WITHDRAWN
        if session.status == TrainingSession.Status.RUNNING:
            return Status.CONFIRMED
        if roll < 0.55:
            return Status.CONFIRMED
        if roll < 0.7 and employee.supervisor_id:
            return Status.APPLIED
        if roll < 0.82 and employee.supervisor_id:
            return Status.SUPERVISOR_APPROVED
        if roll < 0.92:
            return Status.NOMINATED
        return Status.REJECTED

    def _fill_to_waitlist(self, session, rows, spare):
        """Make one future session full with a waiting list of three."""
        taken = [r for r in rows if r.session is session]
        for enrolment in taken:
            if enrolment.status != Status.REJECTED:
                enrolment.status = Status.CONFIRMED
                enrolment.confirmed_by = self.hr
        seated = sum(e.status == Status.CONFIRMED for e in taken)
        missing = max(session.capacity - seated, 0)
        for employee in spare[:missing]:
            rows.append(self._enrolment(session, employee, Status.CONFIRMED))
        for position, employee in enumerate(spare[missing : missing + 3], start=1):
            enrolment = self._enrolment(session, employee, Status.WAITLISTED)
            enrolment.waitlist_position = position
            rows.append(enrolment)

    def _demo_asn_enrolments(self, sessions):
        """asn.<agency> has JP this year below target, a pending application for
        their supervisor and a confirmed seat ahead."""
        if self.asn is None:
            return []
        this_year_past = [
            s
            for s in sessions
            if s.status == TrainingSession.Status.FINISHED
            and s.end_date.year == self.today.year
            and s.program.jp <= 16
        ]
        one_per_week = {}
        for s in sessions:
            if s.status == TrainingSession.Status.OPEN:
                one_per_week.setdefault(s.start_date, s)
        future = sorted(one_per_week.values(), key=lambda s: s.start_date)
        rows = [
            self._enrolment(s, self.asn, Status.COMPLETED) for s in this_year_past[-1:]
        ]
        if len(future) >= 3:
            rows.append(self._enrolment(future[-1], self.asn, Status.CONFIRMED))
            if self.asn.supervisor_id:
                rows.append(self._enrolment(future[1], self.asn, Status.APPLIED))
        return rows

    def _attendance_and_credits(self, sessions, rows):
        days_of = defaultdict(list)
        for day in SessionDay.objects.filter(session__in=sessions).only(
            "pk", "session_id", "date"
        ):
            days_of[day.session_id].append(day)
        recent = self.today - datetime.timedelta(weeks=10)
        attendance, credits = [], []
        for enrolment in rows:
            session = enrolment.session
            days = days_of[session.pk]
            if enrolment.status == Status.COMPLETED:
                program = session.program
                credits.append(
                    JpCredit(
                        employee_id=enrolment.employee_id,
                        agency=self.agency,
                        year=session.end_date.year,
                        date=session.end_date,
                        jp=program.jp,
                        form=program.form,
                        source_key=f"training.enrolment:{enrolment.pk}",
                        description=f"{program.title} – {session.name}"[:255],
                    )
                )
            if enrolment.status not in (
                Status.COMPLETED,
                Status.NOT_COMPLETED,
                Status.CONFIRMED,
            ):
                continue
            if self.large and session.start_date < recent:
                continue  # attendance of old large-mode sessions is not needed
            failed = enrolment.status == Status.NOT_COMPLETED
            for i, day in enumerate(days):
                if day.date > self.today:
                    continue
                # Who did not complete came only on the first of several days.
                present = not failed or (i == 0 and len(days) > 1)
                attendance.append(
                    Attendance(enrolment_id=enrolment.pk, day=day, present=present)
                )
        credit_in_bulk(credits, batch_size=BATCH)
        insert_in_bulk(Attendance, attendance)
