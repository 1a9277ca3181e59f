"""Demo data for e-learning: four modules per agency, each with Indonesian lessons and a
five-question pre-test and post-test, and the progress of a share of the agency's ASN.

`seed(agencies=..., size="small"|"large", rng=random.Random(...))` writes everything
with bulk_create; completed modules get their JP ledger row under the same unique
source key (`elearning.module:<pk>`) that `services.complete_module` uses."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from asn_portal.bulk import insert_in_bulk
from elearning import rules
from elearning.models import (
    Choice,
    Lesson,
    LessonCompletion,
    Module,
    Progress,
    Question,
    Test,
    TestAttempt,
)
from people.models import Employee
from training.models import DevelopmentForm, JpCredit
from training.services.ledger import credit_in_bulk

# Share of an agency's ASN who have started each module.
PARTICIPATION = {"small": 0.35, "large": 0.6, "province": 0.6}

MODULES = [
    {
        "title": "Etika dan Integritas ASN (BerAKHLAK)",
        "competency_area": "Sosial kultural – nilai dasar ASN",
        "jp": Decimal("4"),
        "description": (
            "Memahami nilai dasar BerAKHLAK, kode etik dan kode perilaku ASN, "
            "serta cara menghindari konflik kepentingan dan gratifikasi."
        ),
        "lessons": [
            (
                "Nilai dasar BerAKHLAK",
                "BerAKHLAK adalah akronim dari Berorientasi Pelayanan, Akuntabel, "
                "Kompeten, Harmonis, Loyal, Adaptif dan Kolaboratif.\n\n"
                "Setiap nilai memiliki panduan perilaku yang menjadi dasar penilaian "
                "perilaku kerja dalam SKP.",
            ),
            (
                "Kode etik dan kode perilaku",
                "ASN wajib melaksanakan tugas dengan jujur, bertanggung jawab dan "
                "berintegritas tinggi, serta menjaga kerahasiaan jabatan.",
            ),
            (
                "Gratifikasi dan konflik kepentingan",
                "Setiap gratifikasi yang berhubungan dengan jabatan wajib dilaporkan "
                "kepada KPK paling lambat 30 hari kerja sejak diterima.",
            ),
        ],
        "questions": [
            (
                "Huruf \u201cA\u201d pertama dalam BerAKHLAK adalah…",
                ["Akuntabel", "Adaptif", "Aktif", "Amanah"],
                0,
            ),
            (
                "Nilai yang berarti terus berinovasi dan antusias menghadapi "
                "perubahan adalah…",
                ["Loyal", "Adaptif", "Harmonis", "Kompeten"],
                1,
            ),
            (
                "Gratifikasi yang terkait jabatan wajib dilaporkan kepada KPK "
                "paling lambat…",
                ["7 hari kerja", "14 hari kerja", "30 hari kerja", "60 hari kerja"],
                2,
            ),
            (
                "Sikap yang tepat saat menghadapi konflik kepentingan adalah…",
                [
                    "Tetap memutuskan sendiri",
                    "Mengungkapkan dan menarik diri dari keputusan",
                    "Meminta imbalan",
                    "Mendiamkan",
                ],
                1,
            ),
            (
                "Nilai \u201cKolaboratif\u201d berarti…",
                [
                    "Bekerja sendiri agar cepat",
                    "Membangun kerja sama yang sinergis",
                    "Menaati atasan tanpa bertanya",
                    "Mengutamakan unit sendiri",
                ],
                1,
            ),
        ],
    },
    {
        "title": "Dasar-dasar Pelayanan Publik",
        "competency_area": "Teknis – pelayanan publik",
        "jp": Decimal("3"),
        "description": (
            "Standar pelayanan, maklumat pelayanan, survei kepuasan masyarakat "
            "dan pengelolaan pengaduan sesuai UU 25/2009."
        ),
        "lessons": [
            (
                "Asas dan standar pelayanan",
                "Standar pelayanan memuat persyaratan, prosedur, waktu, biaya, "
                "produk, sarana, kompetensi pelaksana dan penanganan pengaduan.",
            ),
            (
                "Survei Kepuasan Masyarakat (SKM)",
                "SKM dilakukan paling sedikit sekali setahun terhadap sembilan unsur "
                "pelayanan; hasilnya dinyatakan sebagai IKM.",
            ),
            (
                "Mengelola pengaduan",
                "Setiap pengaduan dicatat, diberi kode pelacakan, dan dijawab dalam "
                "batas waktu yang ditetapkan instansi.",
            ),
        ],
        "questions": [
            (
                "Dasar hukum utama pelayanan publik adalah…",
                ["UU 5/2014", "UU 25/2009", "PP 11/2017", "UU 23/2014"],
                1,
            ),
            (
                "Berapa unsur yang diukur dalam SKM?",
                ["5", "7", "9", "11"],
                2,
            ),
            (
                "SKM dilaksanakan paling sedikit…",
                ["sekali sebulan", "sekali setahun", "sekali lima tahun", "bila perlu"],
                1,
            ),
            (
                "IKM unit 90,00 termasuk mutu…",
                ["A (Sangat Baik)", "B (Baik)", "C (Kurang Baik)", "D (Tidak Baik)"],
                0,
            ),
            (
                "Data kontak pengadu boleh ditampilkan…",
                [
                    "di papan pengumuman",
                    "di situs web",
                    "tidak untuk umum",
                    "di media sosial",
                ],
                2,
            ),
        ],
    },
    {
        "title": "Literasi Digital untuk ASN",
        "competency_area": "Teknis – transformasi digital",
        "jp": Decimal("2"),
        "description": (
            "Keamanan akun, perlindungan data pribadi dan etika bermedia sosial "
            "bagi ASN dalam pemerintahan berbasis elektronik (SPBE)."
        ),
        "lessons": [
            (
                "Keamanan akun dan kata sandi",
                "Gunakan kata sandi panjang yang berbeda untuk setiap layanan dan "
                "aktifkan verifikasi dua langkah.",
            ),
            (
                "Perlindungan data pribadi",
                "Data pribadi masyarakat hanya diproses sesuai tujuan layanan dan "
                "tidak dibagikan tanpa dasar hukum (UU 27/2022).",
            ),
            (
                "Etika bermedia sosial",
                "ASN menjaga netralitas dan tidak menyebarkan hoaks maupun ujaran "
                "kebencian.",
            ),
        ],
        "questions": [
            (
                "Ciri kata sandi yang kuat adalah…",
                [
                    "Tanggal lahir",
                    "Panjang dan unik per layanan",
                    "Sama di semua akun",
                    "Nama instansi",
                ],
                1,
            ),
            (
                "Surel yang meminta kata sandi dengan mendesak kemungkinan…",
                ["phishing", "pengumuman resmi", "pembaruan sistem", "spam biasa"],
                0,
            ),
            (
                "Undang-undang Pelindungan Data Pribadi adalah…",
                ["UU 11/2008", "UU 27/2022", "UU 14/2008", "UU 19/2016"],
                1,
            ),
            (
                "SPBE adalah singkatan dari…",
                [
                    "Sistem Pemerintahan Berbasis Elektronik",
                    "Sistem Pelayanan Birokrasi Elektronik",
                    "Standar Pemerintahan Berbasis E-mail",
                    "Sistem Pengaduan Berbasis Elektronik",
                ],
                0,
            ),
            (
                "Sikap ASN di media sosial menjelang pemilu adalah…",
                [
                    "Mendukung calon terbuka",
                    "Menjaga netralitas",
                    "Membagikan survei",
                    "Menjadi admin kampanye",
                ],
                1,
            ),
        ],
    },
    {
        "title": "Penyusunan SKP",
        "competency_area": "Manajerial – manajemen kinerja",
        "jp": Decimal("3"),
        "description": (
            "Menyusun rencana hasil kerja, indikator dan target bersama atasan, "
            "umpan balik berkelanjutan dan penilaian menurut PermenPANRB 6/2022."
        ),
        "lessons": [
            (
                "Tahapan manajemen kinerja",
                "Perencanaan, pelaksanaan dengan umpan balik berkelanjutan, "
                "penilaian, dan tindak lanjut.",
            ),
            (
                "Rencana hasil kerja dan indikator",
                "Hasil kerja diturunkan dari hasil kerja atasan dan memiliki "
                "indikator serta target yang dapat diukur.",
            ),
            (
                "Predikat kinerja",
                "Predikat ditentukan dari rating hasil kerja dan rating perilaku "
                "kerja: Sangat Baik, Baik, Butuh Perbaikan, Kurang, Sangat Kurang.",
            ),
        ],
        "questions": [
            (
                "Peraturan tentang manajemen kinerja ASN yang berlaku adalah…",
                [
                    "PermenPANRB 6/2022",
                    "PP 46/2011",
                    "PermenPANRB 3/2020",
                    "PP 30/2019",
                ],
                0,
            ),
            (
                "Rating hasil kerja \u201cDi atas ekspektasi\u201d dan perilaku "
                "\u201cSesuai ekspektasi\u201d menghasilkan predikat…",
                ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang"],
                1,
            ),
            (
                "Perilaku kerja dinilai berdasarkan…",
                ["nilai BerAKHLAK", "absensi", "jumlah lembur", "golongan"],
                0,
            ),
            (
                "Yang menilai kinerja pegawai adalah…",
                [
                    "Rekan kerja",
                    "Pejabat penilai kinerja (atasan langsung)",
                    "Masyarakat",
                    "Pegawai sendiri",
                ],
                1,
            ),
            (
                "Rating hasil kerja \u201cDi bawah ekspektasi\u201d dengan perilaku "
                "\u201cDi bawah ekspektasi\u201d menghasilkan…",
                ["Kurang", "Butuh Perbaikan", "Sangat Kurang", "Baik"],
                2,
            ),
        ],
    },
]


def _create_module(agency, spec, now) -> tuple[Module, list[Lesson], dict]:
    module = Module.objects.create(
        agency=agency,
        title=spec["title"],
        competency_area=spec["competency_area"],
        description=spec["description"],
        jp=spec["jp"],
        pass_mark=70,
        requires_all_lessons=True,
        is_published=True,
        published_at=now,
    )
    lessons = Lesson.objects.bulk_create(
        [
            Lesson(
                module=module, order=n, title=title, kind=Lesson.Kind.TEXT, body=body
            )
            for n, (title, body) in enumerate(spec["lessons"], start=1)
        ]
    )
    tests = {}
    for kind in Test.Kind.values:
        test = Test.objects.create(module=module, kind=kind)
        # The same five questions before and after, so the gain compares like with
        # like, as agencies usually do.
        questions = Question.objects.bulk_create(
            [
                Question(test=test, order=n, text=text)
                for n, (text, _c, _k) in enumerate(spec["questions"], start=1)
            ]
        )
        bank = []
        for question, (_t, choices, correct) in zip(
            questions, spec["questions"], strict=True
        ):
            rows = Choice.objects.bulk_create(
                [
                    Choice(
                        question=question,
                        order=i,
                        text=text,
                        is_correct=i == correct,
                    )
                    for i, text in enumerate(choices)
                ]
            )
            bank.append((question.pk, [c.pk for c in rows], rows[correct].pk))
        tests[kind] = (test, bank)
    return module, lessons, tests


def _attempt(progress, test, bank, correct_count, rng, when, kind):
    right = set(rng.sample(range(len(bank)), correct_count))
    answers = {}
    for index, (question_id, choice_ids, correct_id) in enumerate(bank):
        wrong = [c for c in choice_ids if c != correct_id]
        answers[str(question_id)] = correct_id if index in right else rng.choice(wrong)
    return TestAttempt(
        progress=progress,
        test=test,
        kind=kind,
        correct_count=correct_count,
        question_count=len(bank),
        score=rules.score_percent(correct_count, len(bank)),
        answers=answers,
        submitted_at=when,
    )


@transaction.atomic
def seed(*, agencies, size: str = "small", rng) -> dict:
    share = PARTICIPATION.get(size, PARTICIPATION["small"])
    now = timezone.now()
    counts = {"modules": 0, "progress": 0, "attempts": 0, "completed": 0}
    for agency in agencies:
        if Module.objects.filter(agency=agency).exists():
            continue  # seeded before: running the seed twice adds nothing
        # Credited once per agency: each call rebuilds its ASN's yearly JP totals.
        credits = []
        employees = list(Employee.objects.filter(agency=agency, is_active=True))
        for spec in MODULES:
            module, lessons, tests = _create_module(agency, spec, now)
            counts["modules"] += 1
            participants = rng.sample(employees, int(len(employees) * share))
            plans = []
            for employee in participants:
                started = now - datetime.timedelta(
                    days=rng.randint(2, 150), minutes=rng.randint(0, 600)
                )
                plans.append((employee, started, rng.random()))
            # Saved once their scores are known below: an update of every row after
            # the insert cost minutes in the large size.
            progress_rows = [
                Progress(module=module, employee=e, started_at=s)
                for e, s, _stage in plans
            ]
            completions, attempts = [], []
            completed_before = len(credits)
            for progress, (employee, started, stage) in zip(
                progress_rows, plans, strict=True
            ):
                if stage < 0.1:
                    continue  # started, pre-test not yet taken
                pre_test, pre_bank = tests[Test.Kind.PRE]
                pre_correct = rng.choice([1, 2, 2, 3, 3, 4])
                pre = _attempt(
                    progress, pre_test, pre_bank, pre_correct, rng, started, "pre"
                )
                attempts.append(pre)
                progress.pre_score = pre.score
                done = len(lessons) if stage >= 0.35 else rng.randint(0, len(lessons))
                for n, lesson in enumerate(lessons[:done], start=1):
                    completions.append(
                        LessonCompletion(
                            progress=progress,
                            lesson=lesson,
                            completed_at=started + datetime.timedelta(hours=n),
                        )
                    )
                if stage >= 0.35:
                    post_test, post_bank = tests[Test.Kind.POST]
                    tries = 2 if stage < 0.5 else 1
                    best = None
                    for attempt_no in range(tries):
                        correct = rng.choice(
                            [2, 3] if attempt_no < tries - 1 else [4, 5]
                        )
                        if stage < 0.45:
                            correct = rng.choice([2, 3])  # still below the pass mark
                        when = started + datetime.timedelta(days=1 + attempt_no)
                        post = _attempt(
                            progress, post_test, post_bank, correct, rng, when, "post"
                        )
                        attempts.append(post)
                        best = rules.counted_post_score(
                            [s for s in (best, post.score) if s is not None]
                        )
                    progress.post_score = best
                    if rules.has_passed(best, module.pass_mark):
                        progress.completed_at = min(
                            started + datetime.timedelta(days=tries + 1), now
                        )
                        day = timezone.localdate(progress.completed_at)
                        credits.append(
                            JpCredit(
                                employee=employee,
                                agency=agency,
                                year=day.year,
                                date=day,
                                jp=module.jp,
                                form=DevelopmentForm.E_LEARNING,
                                source_key=module.jp_source_key,
                                description=f"E-learning: {module.title}",
                            )
                        )
            insert_in_bulk(Progress, progress_rows)
            insert_in_bulk(LessonCompletion, completions)
            insert_in_bulk(TestAttempt, attempts)
            counts["progress"] += len(progress_rows)
            counts["attempts"] += len(attempts)
            counts["completed"] += len(credits) - completed_before
        credit_in_bulk(credits)
    return counts
