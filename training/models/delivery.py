"""What happens after and beside a session: questionnaires (Kirkpatrick level 1),
follow-up by the supervisor (level 3), certificates, and internships (magang)."""

from django.db import models
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
)
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from asn_portal.models import TimeStampedModel
from people.fields import acting_employee
from people.models import Agency, Employee
from people.roles import Role, roles_of
from people.scope import AgencyScopedQuerySet
from training.models.catalog import (
    Attendance,
    Enrolment,
    EnrolmentQuerySet,
    Program,
    TrainingSession,
)

SCALE_CHOICES = [(4, _("1–4")), (5, _("1–5"))]
DEFAULT_FOLLOW_UP_WEEKS = 8


def _is_agency_staff(user) -> bool:
    roles = roles_of(user)
    return Role.HR in roles or Role.LEADER in roles


class ParticipantQuerySet(EnrolmentQuerySet):
    """Enrolment reads that the delivery side needs. At merge `attended()` moves into
    `EnrolmentQuerySet` and `participants()` becomes `Enrolment.objects`."""

    def attended(self):
        """Who took part: at least one day present, or already judged on completion."""
        present = Attendance.objects.filter(enrolment=OuterRef("pk"), present=True)
        return self.filter(
            Q(status__in=[Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED])
            | Q(Exists(present))
        )


def participants() -> ParticipantQuerySet:
    return ParticipantQuerySet(model=Enrolment)


# --- Questionnaires ---


class Aspect(models.TextChoices):
    """What a reaction question is about (Kirkpatrick level 1; docs/domain.md,
    "Training completion and evaluation")."""

    MATERIAL = "materi", _("Materi")
    SPEAKER = "narasumber", _("Narasumber / penyampaian")
    METHOD = "metode", _("Metode")
    USEFULNESS = "manfaat", _("Manfaat bagi pekerjaan")
    FACILITIES = "fasilitas", _("Sarana dan fasilitas")
    ORGANISATION = "penyelenggaraan", _("Penyelenggaraan")


class QuestionnaireTemplateQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        if not _is_agency_staff(user):
            return self.none()
        return self.in_agency(employee.agency_id)


class QuestionnaireTemplate(TimeStampedModel):
    """The questions a session's participants answer, on a 1–4 or 1–5 scale."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="questionnaire_templates",
        verbose_name=_("instansi"),
    )
    name = models.CharField(_("nama templat"), max_length=150)
    scale = models.PositiveSmallIntegerField(
        _("skala"), choices=SCALE_CHOICES, default=4
    )
    is_default = models.BooleanField(
        _("templat bawaan"),
        default=False,
        help_text=_("Dipakai untuk sesi yang belum diberi templat."),
    )
    follow_up_weeks = models.PositiveSmallIntegerField(
        _("evaluasi lanjutan setelah (minggu)"),
        default=DEFAULT_FOLLOW_UP_WEEKS,
        help_text=_("Atasan diminta menilai penerapan hasil pelatihan."),
    )

    objects = QuestionnaireTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["agency", "name"]
        verbose_name = _("templat kuesioner")
        verbose_name_plural = _("templat kuesioner")
        permissions = [
            ("manage_questionnaire", _("Dapat mengelola kuesioner pelatihan")),
            ("view_training_results", _("Dapat melihat hasil evaluasi pelatihan")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale__in=[4, 5]), name="qtemplate_scale_4_or_5"
            ),
            models.CheckConstraint(
                condition=Q(follow_up_weeks__gte=1, follow_up_weeks__lte=52),
                name="qtemplate_follow_up_weeks_range",
            ),
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(is_default=True),
                name="qtemplate_one_default_per_agency",
            ),
            models.UniqueConstraint(
                fields=["agency", "name"], name="qtemplate_unique_name"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("training:questionnaire_template_edit", args=[self.pk])

    @property
    def scores(self) -> list[int]:
        return list(range(1, self.scale + 1))

    def has_answers(self) -> bool:
        return Answer.objects.filter(question__template=self).exists()


class TemplateQuestion(TimeStampedModel):
    agency_path = "template__agency"

    template = models.ForeignKey(
        QuestionnaireTemplate,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("templat"),
    )
    aspect = models.CharField(_("aspek"), max_length=30, choices=Aspect.choices)
    text = models.CharField(_("pertanyaan"), max_length=300)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = _("pertanyaan kuesioner")
        verbose_name_plural = _("pertanyaan kuesioner")

    def __str__(self):
        return self.text


class SessionQuestionnaire(TimeStampedModel):
    """Which template a session uses; fixed when the first invitation goes out."""

    agency_path = "session__program__agency"

    session = models.OneToOneField(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="questionnaire",
        verbose_name=_("sesi"),
    )
    template = models.ForeignKey(
        QuestionnaireTemplate,
        on_delete=models.PROTECT,
        related_name="session_links",
        verbose_name=_("templat"),
    )

    class Meta:
        ordering = ["session"]
        verbose_name = _("kuesioner sesi")
        verbose_name_plural = _("kuesioner sesi")

    def __str__(self):
        return f"{self.session} – {self.template}"


class QuestionnaireResponse(TimeStampedModel):
    """One participant's answers to a session's questionnaire: once per enrolment."""

    agency_path = "program__agency"

    enrolment = models.OneToOneField(
        Enrolment,
        on_delete=models.PROTECT,
        related_name="questionnaire_response",
        verbose_name=_("peserta"),
    )
    # Copied from the enrolment so the results pages filter on one indexed column
    # (the indexes in Meta lead with them).
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.PROTECT,
        related_name="questionnaire_responses",
        db_index=False,
        verbose_name=_("sesi"),
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        related_name="questionnaire_responses",
        db_index=False,
        verbose_name=_("program"),
    )
    template = models.ForeignKey(
        QuestionnaireTemplate,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("templat"),
    )
    submitted_at = models.DateTimeField(_("dikirim pada"))
    comment = models.TextField(_("komentar dan saran"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(
                fields=["program", "-submitted_at"], name="response_program_latest"
            ),
            models.Index(
                fields=["session", "-submitted_at"], name="response_session_latest"
            ),
        ]
        verbose_name = _("jawaban kuesioner")
        verbose_name_plural = _("jawaban kuesioner")

    def __str__(self):
        return f"{self.enrolment_id} @ {self.submitted_at:%d-%m-%Y}"


class AnswerQuerySet(models.QuerySet):
    def aspect_summary(self) -> list[dict]:
        """Per (scale, aspect): average, count and the count of each score.

        The database only counts answers per (scale, question, score), a few dozen
        groups read from the covering index; averages and shares are summed from
        those exact counts here."""
        counts = (
            self.order_by()
            .values_list("scale", "question__aspect", "score")
            # COUNT(*), not COUNT(id): the id is not in the covering index.
            .annotate(n=Count("*"))
        )
        summary: dict[tuple, dict] = {}
        for scale, aspect, score, n in counts:
            row = summary.setdefault(
                (scale, aspect),
                {"scale": scale, "question__aspect": aspect, "count": 0, "total": 0}
                | {f"score_{k}": 0 for k in range(1, 6)},
            )
            row["count"] += n
            row["total"] += score * n
            row[f"score_{score}"] += n
        for row in summary.values():
            row["average"] = row["total"] / row["count"]
        # Aspects in the order the questionnaire asks them (Aspect's order).
        order = {code: i for i, code in enumerate(Aspect.values)}
        return [
            summary[key]
            for key in sorted(summary, key=lambda k: (k[0], order.get(k[1], 99), k[1]))
        ]


class Answer(models.Model):
    response = models.ForeignKey(
        QuestionnaireResponse,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("jawaban"),
    )
    question = models.ForeignKey(
        TemplateQuestion,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("pertanyaan"),
    )
    # Copied from the response: the results pages read answers of a session or a
    # program from one covering index, without joining (see training/README.md).
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("sesi"),
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("program"),
    )
    # The template's scale, copied so the database itself can refuse 5 on a 1–4 scale.
    scale = models.PositiveSmallIntegerField(_("skala"))
    score = models.PositiveSmallIntegerField(_("nilai"))

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["response", "question"]
        verbose_name = _("nilai jawaban")
        verbose_name_plural = _("nilai jawaban")
        indexes = [
            models.Index(
                fields=["program", "session"],
                include=["question", "scale", "score"],
                name="answer_program_covering",
            ),
            models.Index(
                fields=["session"],
                include=["question", "scale", "score"],
                name="answer_session_covering",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_once_per_question"
            ),
            models.CheckConstraint(
                condition=Q(scale__in=[4, 5], score__gte=1, score__lte=F("scale")),
                name="answer_score_within_scale",
            ),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.score}/{self.scale}"


# --- Follow-up (behaviour) evaluation ---


class FollowUpEvaluation(TimeStampedModel):
    """The supervisor's rating, weeks later, of how the ASN applies what was learnt."""

    agency_path = "program__agency"

    enrolment = models.OneToOneField(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="follow_up",
        verbose_name=_("peserta"),
    )
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("sesi"),
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("program"),
    )
    supervisor = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("atasan penilai"),
    )
    scale = models.PositiveSmallIntegerField(_("skala"))
    score = models.PositiveSmallIntegerField(_("penerapan di tempat kerja"))
    comment = models.TextField(_("catatan atasan"), blank=True)
    submitted_at = models.DateTimeField(_("dinilai pada"))

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("evaluasi lanjutan (atasan)")
        verbose_name_plural = _("evaluasi lanjutan (atasan)")
        constraints = [
            models.CheckConstraint(
                condition=Q(scale__in=[4, 5], score__gte=1, score__lte=F("scale")),
                name="followup_score_within_scale",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment_id}: {self.score}/{self.scale}"


# --- Internships (magang) ---


class InternshipQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        """HR: their agency's; the intern and the internal supervisor: their own."""
        if Role.HR in roles_of(user):
            return self.in_agency(employee.agency_id)
        return self.filter(
            Q(employee_id=employee.pk) | Q(internal_supervisor_id=employee.pk)
        )


class InternshipPlacement(TimeStampedModel):
    """An ASN's internship (magang) at a partner university or agency.

    The host is stored as text and an optional link until the partner register
    (training.Partner) exists; the lead connects the two at merge."""

    class Status(models.TextChoices):
        PLANNED = "direncanakan", _("Direncanakan")
        RUNNING = "berjalan", _("Berjalan")
        COMPLETED = "selesai", _("Selesai")
        CANCELLED = "batal", _("Dibatalkan")

    class JpMethod(models.TextChoices):
        DURATION = "durasi", _("Dari durasi (hari × jam per hari)")
        FIXED = "tetap", _("JP ditetapkan BKPSDM")

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="internships",
        verbose_name=_("instansi"),
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="internships",
        verbose_name=_("peserta magang"),
    )
    agreement = models.ForeignKey(
        "training.PartnerAgreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="internships",
        verbose_name=_("perjanjian kerja sama (MoU/PKS)"),
        help_text=_("Kosongkan bila instansi tujuan belum punya perjanjian."),
    )
    title = models.CharField(_("topik magang"), max_length=200)
    host_institution = models.CharField(
        _("instansi/universitas tujuan"), max_length=200
    )
    host_url = models.URLField(_("tautan instansi tujuan"), blank=True)
    agreement_reference = models.CharField(
        _("nomor perjanjian kerja sama"), max_length=120, blank=True
    )
    agreement_quota = models.PositiveSmallIntegerField(
        _("kuota perjanjian"),
        null=True,
        blank=True,
        help_text=_("Jumlah peserta yang diterima menurut perjanjian."),
    )
    host_supervisor_name = models.CharField(
        _("pembimbing di instansi tujuan"), max_length=150
    )
    host_supervisor_email = models.EmailField(
        _("email pembimbing instansi tujuan"), blank=True
    )
    internal_supervisor = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="supervised_internships",
        verbose_name=_("pembimbing internal"),
    )
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    hours_per_day = models.DecimalField(
        _("jam per hari"), max_digits=4, decimal_places=2, default=8
    )
    jp_method = models.CharField(
        _("cara menghitung JP"),
        max_length=10,
        choices=JpMethod.choices,
        default=JpMethod.DURATION,
    )
    fixed_jp = models.DecimalField(
        _("JP tetap"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.PLANNED
    )
    final_score = models.PositiveSmallIntegerField(
        _("nilai akhir (0–100)"), null=True, blank=True
    )
    final_evaluation = models.TextField(_("evaluasi akhir"), blank=True)
    evaluated_by = acting_employee(_("dievaluasi oleh"), on_delete=models.PROTECT)
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    jp_credited = models.DecimalField(
        _("JP dikreditkan"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    objects = InternshipQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("magang")
        verbose_name_plural = _("magang")
        permissions = [("manage_internship", _("Dapat mengelola magang"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="internship_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_day__gt=0, hours_per_day__lte=24),
                name="internship_hours_per_day_range",
            ),
            models.CheckConstraint(
                condition=~Q(jp_method="tetap")
                | Q(fixed_jp__isnull=False, fixed_jp__gt=0),
                name="internship_fixed_jp_given",
            ),
            models.CheckConstraint(
                condition=Q(final_score__isnull=True) | Q(final_score__lte=100),
                name="internship_final_score_max_100",
            ),
        ]
        indexes = [models.Index(fields=["agency", "status"])]

    def __str__(self):
        return f"{self.employee.name} @ {self.host_institution}"

    def get_absolute_url(self):
        return reverse("training:internship_detail", args=[self.pk])


class LogbookEntry(TimeStampedModel):
    """One day of the intern's logbook; the host supervisor signs it off.

    The host supervisor has no account: HR or the internal supervisor passes them a
    signed link per entry (see services.delivery.logbook_sign_token). The link carries
    a fingerprint of the text, so an entry edited after the link was made cannot be
    signed with it, and a signed entry can no longer be edited."""

    agency_path = "placement__agency"

    placement = models.ForeignKey(
        InternshipPlacement,
        on_delete=models.CASCADE,
        related_name="logbook",
        verbose_name=_("magang"),
    )
    date = models.DateField(_("tanggal"))
    activities = models.TextField(_("kegiatan"))
    signed_off_at = models.DateTimeField(_("diparaf pada"), null=True, blank=True)
    signed_off_by = models.CharField(_("diparaf oleh"), max_length=150, blank=True)
    host_note = models.CharField(_("catatan pembimbing"), max_length=300, blank=True)
    sign_link_sent_at = models.DateTimeField(
        _("tautan paraf dikirim"), null=True, blank=True
    )

    class Meta:
        ordering = ["placement", "date"]
        verbose_name = _("logbook magang")
        verbose_name_plural = _("logbook magang")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "date"], name="logbook_one_entry_per_day"
            )
        ]

    def __str__(self):
        return f"{self.placement_id} {self.date:%d-%m-%Y}"


# --- Certificates ---


class CertificateQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        """HR: their agency's; everyone else: their own."""
        if Role.HR in roles_of(user):
            return self.in_agency(employee.agency_id)
        return self.filter(employee_id=employee.pk)


class Certificate(TimeStampedModel):
    """A certificate for a completed session or internship, checkable by its code.

    What it says is copied at issue, so renaming a program later does not change a
    certificate already printed."""

    enrolment = models.OneToOneField(
        Enrolment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
        verbose_name=_("peserta pelatihan"),
    )
    placement = models.OneToOneField(
        InternshipPlacement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
        verbose_name=_("magang"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("instansi")
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("pegawai"),
    )
    code = models.CharField(_("kode verifikasi"), max_length=20, unique=True)
    # The agency's own number, in its pattern (people.numbering); the sequence
    # within the year is kept apart so no number can be given twice.
    number = models.CharField(_("nomor"), max_length=80, blank=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)
    number_sequence = models.PositiveIntegerField(null=True, blank=True)
    holder_name = models.CharField(_("nama"), max_length=220)
    holder_nip = models.CharField(_("NIP"), max_length=18)
    title = models.CharField(_("kegiatan"), max_length=250)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=2)
    issued_at = models.DateTimeField(_("diterbitkan"))

    objects = CertificateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        indexes = [
            models.Index(
                fields=["agency", "-issued_at"], name="certificate_agency_issued"
            ),
            models.Index(
                fields=["employee", "-issued_at"], name="certificate_employee_issued"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(enrolment__isnull=False, placement__isnull=True)
                | Q(enrolment__isnull=True, placement__isnull=False),
                name="certificate_for_one_activity",
            ),
            models.UniqueConstraint(
                fields=["agency", "number_year", "number_sequence"],
                condition=Q(number_sequence__isnull=False),
                name="certificate_number_once",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.holder_name}"

    def get_absolute_url(self):
        return reverse("training:certificate_pdf", args=[self.pk])

    def get_verify_url(self):
        return reverse("training:certificate_verify_code", args=[self.code])


# --- Results (reads for the results pages and their export) ---


def _distribution(row: dict) -> list[dict]:
    total = row["count"] or 1
    return [
        {
            "score": n,
            "count": row[f"score_{n}"],
            "percent": round(row[f"score_{n}"] * 100 / total, 1),
        }
        for n in range(1, row["scale"] + 1)
    ]


def _aspect_rows(answers) -> list[dict]:
    labels = dict(Aspect.choices)
    rows = []
    for row in answers.aspect_summary():
        rows.append(
            {
                "scale": row["scale"],
                "aspect": row["question__aspect"],
                "label": str(
                    labels.get(row["question__aspect"], row["question__aspect"])
                ),
                "average": row["average"],
                "count": row["count"],
                "distribution": _distribution(row),
            }
        )
    return rows


def _follow_up_rows(follow_ups) -> list[dict]:
    per_score = {f"score_{n}": Count("pk", filter=Q(score=n)) for n in range(1, 6)}
    rows = (
        follow_ups.values("scale")
        .annotate(average=Avg("score"), count=Count("pk"), **per_score)
        .order_by("scale")
    )
    return [{**row, "distribution": _distribution(row)} for row in rows]


COMMENTS_SHOWN = 50


def evaluation_results(
    *, session=None, program=None, attended_count: int | None = None
) -> dict:
    """Reaction (questionnaire) and behaviour (follow-up) results of one session or
    one program, aggregated in SQL: a fixed number of queries at any data size."""
    scope = {"session": session} if session is not None else {"program": program}
    answers = Answer.objects.filter(**scope)
    responses = QuestionnaireResponse.objects.filter(**scope)
    follow_ups = FollowUpEvaluation.objects.filter(**scope)
    if attended_count is not None:
        pass  # the caller counted it already (per session, see sessions_with_results)
    elif session is not None:
        attended_count = participants().filter(session=session).attended().count()
    else:
        attended_count = (
            participants().filter(session__program=program).attended().count()
        )
    response_count = responses.count()
    aspects = _aspect_rows(answers)
    answered = sum(row["count"] for row in aspects)
    overall = (
        sum(row["average"] * row["count"] for row in aspects) / answered
        if answered
        else None
    )
    return {
        "aspects": aspects,
        "overall_average": overall,
        "attended_count": attended_count,
        "response_count": response_count,
        "response_rate": round(response_count * 100 / attended_count, 1)
        if attended_count
        else None,
        "comment_count": responses.exclude(comment="").count(),
        "comments": list(
            responses.exclude(comment="")
            .order_by("-submitted_at")
            .values("comment", "submitted_at", "session__name")[:COMMENTS_SHOWN]
        ),
        "follow_up": _follow_up_rows(follow_ups),
        "follow_up_comments": list(
            follow_ups.exclude(comment="")
            .order_by("-submitted_at")
            .values("comment", "submitted_at", "session__name")[:COMMENTS_SHOWN]
        ),
    }


SESSIONS_SHOWN = 60


def _session_averages(answers) -> dict:
    sums: dict[int, list[int]] = {}
    for session_id, score, n in (
        answers.order_by().values_list("session", "score").annotate(n=Count("*"))
    ):
        total = sums.setdefault(session_id, [0, 0])
        total[0] += score * n
        total[1] += n
    return {pk: total / count for pk, (total, count) in sums.items()}


def sessions_with_results(
    program, *, limit: int | None = SESSIONS_SHOWN
) -> tuple[list, int]:
    """The program's latest sessions, each with its attended, answered and average
    figures (one grouped query per figure, whatever the number of sessions), and the
    program's attended total."""
    sessions = TrainingSession.objects.filter(program=program).order_by(
        "-start_date", "name"
    )
    sessions = list(sessions[:limit] if limit else sessions)

    def per_session(queryset, aggregate):
        return dict(
            queryset.order_by()
            .values("session")
            .annotate(value=aggregate)
            .values_list("session", "value")
        )

    attended_counts = per_session(
        participants().filter(session__program=program).attended(), Count("pk")
    )
    response_counts = per_session(
        QuestionnaireResponse.objects.filter(program=program), Count("pk")
    )
    averages = _session_averages(Answer.objects.filter(program=program))
    follow_ups = per_session(
        FollowUpEvaluation.objects.filter(program=program), Avg("score")
    )
    for session in sessions:
        session.attended_count = attended_counts.get(session.pk, 0)
        session.response_count = response_counts.get(session.pk, 0)
        session.average = averages.get(session.pk)
        session.follow_up_average = follow_ups.get(session.pk)
    return sessions, sum(attended_counts.values())
