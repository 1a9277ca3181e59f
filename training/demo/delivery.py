"""Demo data for questionnaires, follow-up, certificates and internships.

`seed(agencies=..., size="small"|"large"|"province", rng=...)` runs after the core
training seed (which makes the catalogue); it adds its own past sessions so that it
also works alone. "large" bulk-creates about 500,000 questionnaire answers across the
agencies (for the results-page benchmark), "province" as many per ASN; "small" a
handful per agency, plus, for the demo ASN (`asn.<agency code>` when it exists), a
session that ended today with the questionnaire waiting in the inbox, a certificate
and an internship."""

import datetime
import io
import random
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from asn_portal.bulk import insert_in_bulk
from people.models import Agency, Employee
from training.demo.catalog import link_competencies
from training.models import (
    Answer,
    Attendance,
    Certificate,
    DevelopmentForm,
    Enrolment,
    FollowUpEvaluation,
    InternshipPlacement,
    JpCredit,
    Program,
    QuestionnaireResponse,
    QuestionnaireTemplate,
    SessionDay,
    SessionQuestionnaire,
    TemplateQuestion,
    TrainingSession,
)
from training.services import delivery as services
from training.services.ledger import credit_in_bulk, credit_jp

LARGE_TOTAL_ANSWERS = 500_000
# "province" seeds one agency at a time, as densely as "large" (500,000 for 20,000 ASN).
PROVINCE_ANSWERS_PER_ASN = 25
PARTICIPANTS_PER_SESSION = 60
RESPONSE_RATE = 0.85
FOLLOW_UP_RATE = 0.4
BATCH = 5000

COMMENTS = [
    "Materi sangat relevan dengan pekerjaan saya.",
    "Waktu praktik perlu ditambah.",
    "Narasumber menguasai materi dan komunikatif.",
    "Ruangan kurang nyaman, AC terlalu dingin.",
    "Mohon modul dibagikan sebelum pelatihan.",
    "Sangat bermanfaat, semoga ada kelanjutannya.",
    "",
    "",
    "",
]
# Title, form, JP and the codes of the competencies it builds (catalog.PROGRAMS).
PROGRAMS = [
    (
        "Pelayanan Prima bagi Petugas Loket",
        DevelopmentForm.TECHNICAL,
        "24",
        ("M5", "M3"),
    ),
    (
        "Penyusunan SKP dan Indikator Kinerja",
        DevelopmentForm.TECHNICAL_GUIDANCE,
        "16",
        ("M4", "T1"),
    ),
    ("Pengelolaan Arsip Dinamis", DevelopmentForm.TECHNICAL, "20", ("M1", "M4")),
    (
        "Kepemimpinan Pengawas",
        DevelopmentForm.LEADERSHIP,
        "40",
        ("M8", "M2", "SK1"),
    ),
    ("Literasi Data untuk ASN", DevelopmentForm.WORKSHOP, "12", ("M7", "M8")),
    ("Keamanan Informasi", DevelopmentForm.SEMINAR, "8", ("M1", "M7")),
]
HOSTS = [
    ("Universitas Gadjah Mada", "https://ugm.ac.id"),
    ("Badan Pusat Statistik Provinsi", "https://bps.go.id"),
    ("Pemerintah Kota Surabaya", "https://surabaya.go.id"),
]


def seed(*, agencies, size: str, rng: random.Random) -> dict:
    agencies = list(agencies)
    large = size == "large"
    employee_counts = {
        agency.pk: Employee.objects.filter(agency=agency, is_active=True).count()
        for agency in agencies
    }
    everyone = sum(employee_counts.values()) or 1
    summary = {"answers": 0, "certificates": 0, "internships": 0}
    for agency in agencies:
        if not employee_counts[agency.pk]:
            continue
        seeder = _AgencySeeder(agency, rng=rng)
        if large:
            share = employee_counts[agency.pk] / everyone
            summary["answers"] += seeder.history(
                target_answers=int(LARGE_TOTAL_ANSWERS * share)
            )
        elif size == "province":
            summary["answers"] += seeder.history(
                target_answers=employee_counts[agency.pk] * PROVINCE_ANSWERS_PER_ASN
            )
        else:
            summary["answers"] += seeder.history(target_answers=600)
        summary["certificates"] += seeder.demo_participant()
        summary["internships"] += seeder.internships()
    return summary


ANSWER_COLUMNS = (
    "response_id",
    "question_id",
    "session_id",
    "program_id",
    "scale",
    "score",
)


def _save_answers(rows: list[tuple]) -> None:
    """Answers are most of the rows of the large sizes: PostgreSQL's COPY takes them
    without building a model object and an INSERT for each (a third of the time)."""
    if connection.vendor != "postgresql":
        Answer.objects.bulk_create(
            [Answer(**dict(zip(ANSWER_COLUMNS, row, strict=True))) for row in rows],
            batch_size=BATCH,
        )
        return
    buffer = io.StringIO("".join("\t".join(map(str, row)) + "\n" for row in rows))
    columns = ", ".join(ANSWER_COLUMNS)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {Answer._meta.db_table} ({columns}) FROM STDIN", buffer
        )


class _AgencySeeder:
    def __init__(self, agency: Agency, *, rng: random.Random):
        self.agency = agency
        self.rng = rng
        self.today = timezone.localdate()
        self.employees = list(
            Employee.objects.filter(agency=agency, is_active=True)
            .only("pk", "unit_id", "supervisor_id", "name", "nip", "user_id")
            .order_by("pk")
        )
        # Everyone's seats so far, so that nobody is placed in two sessions at once.
        self.claims: dict[int, list] = {}
        for employee_id, start, end in Enrolment.objects.filter(
            session__program__agency=agency, status__in=Enrolment.CLAIMING_STATUSES
        ).values_list("employee_id", "session__start_date", "session__end_date"):
            self.claims.setdefault(employee_id, []).append((start, end))
        self.default = services.ensure_default_template(agency=agency)
        self.five, created = QuestionnaireTemplate.objects.get_or_create(
            agency=agency,
            name="Pelatihan teknis (skala 1–5)",
            defaults={"scale": 5, "follow_up_weeks": 12},
        )
        if created:
            TemplateQuestion.objects.bulk_create(
                TemplateQuestion(template=self.five, aspect=a, text=t, order=i)
                for i, (a, t) in enumerate(services.DEFAULT_QUESTIONS, start=1)
            )
        self.questions = {
            t.pk: list(t.questions.order_by("order")) for t in (self.default, self.five)
        }
        self.programs = self._programs()

    def _programs(self):
        programs = list(Program.objects.filter(agency=self.agency).order_by("pk")[:6])
        made = []
        for title, form, jp, codes in PROGRAMS[len(programs) :]:
            program = Program.objects.create(
                agency=self.agency,
                title=title,
                form=form,
                competency_area="Pengembangan kompetensi",
                provider="BKPSDM",
                jp=Decimal(jp),
            )
            made.append((program, codes))
        if made:
            link_competencies(self.agency, made)
        return programs + [program for program, _codes in made]

    # -- past sessions with answers, follow-ups and certificates -------------------

    def history(self, *, target_answers: int) -> int:
        per_session = min(PARTICIPANTS_PER_SESSION, len(self.employees))
        answers_per_session = per_session * RESPONSE_RATE * 6
        session_count = max(1, round(target_answers / answers_per_session))
        made = 0
        credits = []
        for start in range(0, session_count, 100):
            with transaction.atomic():
                made += self._session_chunk(
                    min(100, session_count - start), start, credits
                )
        # Once, not per chunk: each call rebuilds the yearly totals of everyone
        # credited, which cost more than the chunks' own rows.
        credit_in_bulk(credits, batch_size=BATCH)
        return made

    def _session_chunk(self, count: int, offset: int, credits: list) -> int:
        rng = self.rng
        sessions = []
        for n in range(count):
            program = self.programs[(offset + n) % len(self.programs)]
            # Three days apart, so no one sits in two sessions at once.
            end = self.today - datetime.timedelta(days=14 + 3 * ((offset + n) % 1000))
            sessions.append(
                TrainingSession(
                    program=program,
                    name=f"Angkatan {offset + n + 1}",
                    start_date=end - datetime.timedelta(days=2),
                    end_date=end,
                    capacity=PARTICIPANTS_PER_SESSION,
                    venue="Aula BKPSDM",
                    status=TrainingSession.Status.FINISHED,
                )
            )
        TrainingSession.objects.bulk_create(sessions)
        templates = {
            s.pk: self.five if i % 3 == 0 else self.default
            for i, s in enumerate(sessions)
        }
        SessionQuestionnaire.objects.bulk_create(
            SessionQuestionnaire(session=s, template=templates[s.pk]) for s in sessions
        )
        size = min(PARTICIPANTS_PER_SESSION, len(self.employees))
        enrolments = []
        for session in sessions:
            for employee in self._available(session, size):
                enrolments.append(
                    Enrolment(
                        session=session,
                        employee_id=employee.pk,
                        unit_id=employee.unit_id,
                        status=Enrolment.Status.COMPLETED,
                        completed_at=timezone.now(),
                    )
                )
        insert_in_bulk(Enrolment, enrolments)
        by_pk = {e.pk: e for e in self.employees}
        quality = {s.pk: rng.uniform(0.55, 0.92) for s in sessions}
        responses, follow_ups, certificates = [], [], []
        for enrolment in enrolments:
            session = enrolment.session
            template = templates[session.pk]
            employee = by_pk[enrolment.employee_id]
            submitted = timezone.make_aware(
                datetime.datetime.combine(
                    session.end_date + datetime.timedelta(days=rng.choice([0, 1, 3])),
                    datetime.time(9, rng.randrange(60)),
                )
            )
            if rng.random() < RESPONSE_RATE:
                responses.append(
                    QuestionnaireResponse(
                        enrolment=enrolment,
                        session_id=session.pk,
                        program_id=session.program_id,
                        template=template,
                        submitted_at=submitted,
                        comment=rng.choice(COMMENTS),
                    )
                )
            due = session.end_date + datetime.timedelta(weeks=template.follow_up_weeks)
            if (
                employee.supervisor_id
                and due <= self.today
                and rng.random() < FOLLOW_UP_RATE
            ):
                follow_ups.append(
                    FollowUpEvaluation(
                        enrolment=enrolment,
                        session_id=session.pk,
                        program_id=session.program_id,
                        supervisor_id=employee.supervisor_id,
                        scale=template.scale,
                        score=self._score(template.scale, quality[session.pk]),
                        submitted_at=submitted
                        + datetime.timedelta(weeks=template.follow_up_weeks),
                    )
                )
            certificates.append(
                Certificate(
                    enrolment=enrolment,
                    agency=self.agency,
                    employee_id=employee.pk,
                    code=services.new_certificate_code(),
                    holder_name=employee.name,
                    holder_nip=employee.nip,
                    title=session.program.title,
                    start_date=session.start_date,
                    end_date=session.end_date,
                    jp=session.program.jp,
                    issued_at=submitted,
                )
            )
        insert_in_bulk(QuestionnaireResponse, responses)
        insert_in_bulk(FollowUpEvaluation, follow_ups)
        insert_in_bulk(Certificate, certificates)
        credits.extend(
            JpCredit(
                employee_id=enrolment.employee_id,
                agency=self.agency,
                year=enrolment.session.end_date.year,
                date=enrolment.session.end_date,
                jp=enrolment.session.program.jp,
                form=enrolment.session.program.form,
                source_key=f"training.enrolment:{enrolment.pk}",
                description=str(enrolment.session)[:255],
            )
            for enrolment in enrolments
        )
        answers = []
        made = 0
        for response in responses:
            template = templates[response.session_id]
            for question in self.questions[template.pk]:
                answers.append(
                    (
                        response.pk,
                        question.pk,
                        response.session_id,
                        response.program_id,
                        template.scale,
                        self._score(template.scale, quality[response.session_id]),
                    )
                )
            if len(answers) >= BATCH * 4:
                _save_answers(answers)
                made += len(answers)
                answers = []
        _save_answers(answers)
        return made + len(answers)

    def _available(self, session, size: int) -> list:
        """Up to `size` random employees free on the session's dates (drawn, not
        scanned, so a large agency stays fast); their seat is noted."""
        chosen = []
        for employee in self.rng.sample(self.employees, len(self.employees)):
            if len(chosen) == size:
                break
            seats = self.claims.get(employee.pk, [])
            if all(session.end_date < s or session.start_date > e for s, e in seats):
                chosen.append(employee)
                self.claims.setdefault(employee.pk, []).append(
                    (session.start_date, session.end_date)
                )
        return chosen

    def _score(self, scale: int, quality: float) -> int:
        value = round(self.rng.gauss(1 + quality * (scale - 1), 0.7))
        return max(1, min(scale, value))

    # -- the demo ASN: a questionnaire waiting, a certificate -------------------

    def _demo_asn(self):
        asn = Employee.objects.filter(
            agency=self.agency, user__username=f"asn.{self.agency.code}"
        ).first()
        return asn or next((e for e in self.employees if e.user_id), None)

    def _free_end_date(self, employee) -> datetime.date:
        """The latest day up to today on which a three-day session ending then
        does not clash with the demo ASN's other seats."""
        claims = list(
            Enrolment.objects.filter(
                employee=employee, status__in=Enrolment.CLAIMING_STATUSES
            ).values_list("session__start_date", "session__end_date")
        )
        for back in range(60):
            end = self.today - datetime.timedelta(days=back)
            start = end - datetime.timedelta(days=2)
            if all(end < s or start > e for s, e in claims):
                return end
        return self.today - datetime.timedelta(days=60)

    def demo_participant(self) -> int:
        asn = self._demo_asn()
        if asn is None:
            return 0
        program = self.programs[0]
        end = self._free_end_date(asn)
        ended_today = TrainingSession.objects.create(
            program=program,
            name="Angkatan demo (baru selesai)",
            start_date=end - datetime.timedelta(days=2),
            end_date=end,
            capacity=30,
            status=TrainingSession.Status.FINISHED,
        )
        for offset in range(3):
            SessionDay.objects.create(
                session=ended_today,
                date=ended_today.start_date + datetime.timedelta(days=offset),
            )
        first_day = ended_today.days.first()
        self.claims.setdefault(asn.pk, []).append((ended_today.start_date, end))
        classmates = [asn] + [
            e for e in self._available(ended_today, 10) if e.pk != asn.pk
        ][:9]
        for employee in classmates:
            enrolment = Enrolment.objects.create(
                session=ended_today,
                employee_id=employee.pk,
                unit_id=employee.unit_id,
                status=Enrolment.Status.COMPLETED,
                completed_at=timezone.now(),
            )
            Attendance.objects.create(enrolment=enrolment, day=first_day)
            credit_jp(
                employee=employee,
                jp=program.jp,
                form=program.form,
                source_key=f"training.enrolment:{enrolment.pk}",
                on_date=end,
                description=str(ended_today),
            )
            services.issue_certificate(enrolment=enrolment)
        # What the 07:30 run would send today: the invitations with their links.
        # This agency's only: the others' were sent by their own seed.
        services.send_questionnaire_reminders(today=self.today, agency=self.agency)
        return len(classmates)

    # -- internships ---------------------------------------------------------------

    def internships(self) -> int:
        asn = self._demo_asn()
        if asn is None or len(self.employees) < 3:
            return 0
        supervisor = Employee.objects.filter(pk=asn.supervisor_id).first() or next(
            e for e in self.employees if e.pk != asn.pk
        )
        host, url = HOSTS[0]
        running = services.create_internship(
            placement=InternshipPlacement(
                agency=self.agency,
                employee=Employee.objects.get(pk=asn.pk),
                title="Pengelolaan data kepegawaian berbasis dasbor",
                host_institution=host,
                host_url=url,
                agreement_reference="PKS/012/BKPSDM/2026",
                agreement_quota=5,
                host_supervisor_name="Dr. Sri Lestari, M.Sc.",
                host_supervisor_email="sri.lestari@example.ac.id",
                internal_supervisor=supervisor,
                start_date=self.today - datetime.timedelta(days=6),
                end_date=self.today + datetime.timedelta(days=8),
                hours_per_day=Decimal("7"),
            )
        )
        for offset in range(5, 0, -1):
            entry = services.add_logbook_entry(
                placement=running,
                date=self.today - datetime.timedelta(days=offset),
                activities=self.rng.choice(
                    [
                        "Orientasi unit dan pengenalan sistem informasi.",
                        "Mempelajari alur pemutakhiran data pegawai.",
                        "Menyusun draf dasbor kehadiran bersama tim.",
                        "Diskusi praktik baik layanan kepegawaian.",
                    ]
                ),
            )
            if offset > 2:
                services.sign_logbook_entry(token=services.logbook_sign_token(entry))
        other = next(
            (e for e in self.employees if e.pk not in (asn.pk, supervisor.pk)), None
        )
        if other is None:
            return 1
        host, url = HOSTS[1]
        done = services.create_internship(
            placement=InternshipPlacement(
                agency=self.agency,
                employee=Employee.objects.get(pk=other.pk),
                title="Statistik sektoral",
                host_institution=host,
                host_url=url,
                host_supervisor_name="Budi Santoso, S.ST.",
                internal_supervisor=supervisor,
                start_date=self.today - datetime.timedelta(days=40),
                end_date=self.today - datetime.timedelta(days=31),
                hours_per_day=Decimal("8"),
            )
        )
        for offset in range(10):
            entry = services.add_logbook_entry(
                placement=done,
                date=done.start_date + datetime.timedelta(days=offset),
                activities="Pengolahan data dan pendampingan analis.",
            )
            services.sign_logbook_entry(token=services.logbook_sign_token(entry))
        services.complete_internship(
            placement=done,
            evaluator=supervisor,
            final_score=88,
            final_evaluation="Aktif, teliti dan cepat belajar.",
        )
        return 2
