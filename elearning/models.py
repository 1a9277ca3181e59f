"""E-learning: modules of lessons with a pre-test and a post-test, and each ASN's
progress through them.

The learning result is the gain from the pre-test to the post-test. The pre-test is
taken once; the post-test may be retried and the **best** attempt counts (a retry can
only help, so a participant who passed stays passed). `Progress.pre_score` and
`Progress.post_score` hold those two figures, written by `services.submit_test` in the
same transaction as the attempt, so results pages aggregate them in SQL."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asn_portal.models import TimeStampedModel
from asn_portal.uploads import UploadField
from elearning import rules
from elearning.video import embed_url, validate_video_url
from people.models import Agency, Employee
from people.roles import Role, roles_of
from people.scope import AgencyScopedQuerySet, employee_of, sees_every_agency


class ModuleQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        """HR and leaders see every module of their agency, drafts included; every
        other ASN only the published ones."""
        scoped = self.in_agency(employee.agency_id)
        roles = roles_of(user)
        if Role.HR in roles or Role.LEADER in roles:
            return scoped
        return scoped.published()

    def managed_by(self, user):
        """The modules a user may author: HR staff, their agency's."""
        if sees_every_agency(user):
            return self
        employee = employee_of(user)
        if employee is None or Role.HR not in roles_of(user):
            return self.none()
        return self.in_agency(employee.agency_id)

    def published(self):
        return self.filter(is_published=True)

    def with_lesson_count(self):
        return self.annotate(lesson_count=models.Count("lessons", distinct=True))


class Module(TimeStampedModel):
    """A self-paced course authored by an agency's HR for its own ASN."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="elearning_modules",
        verbose_name=_("instansi"),
    )
    title = models.CharField(_("judul modul"), max_length=200)
    competency_area = models.CharField(_("bidang kompetensi"), max_length=120)
    description = models.TextField(_("deskripsi"), blank=True)
    jp = models.DecimalField(
        _("JP"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Ditetapkan BKPSDM; dicatat sekali saat modul selesai."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("batas lulus post-test (%)"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    requires_all_lessons = models.BooleanField(
        _("wajib menyelesaikan semua materi"),
        default=True,
        help_text=_(
            "Jika dicentang, post-test baru dapat dikerjakan setelah semua "
            "materi ditandai selesai."
        ),
    )
    questions_per_test = models.PositiveSmallIntegerField(
        _("soal per tes"),
        default=0,
        help_text=_(
            "Banyaknya soal yang diambil acak dari bank soal setiap kali tes "
            "dikerjakan; 0 = semua soal. Urutan soal dan pilihan selalu diacak."
        ),
    )
    post_test_attempts = models.PositiveSmallIntegerField(
        _("batas percobaan post-test"),
        default=3,
        help_text=_("0 = tanpa batas."),
    )
    retry_wait_minutes = models.PositiveSmallIntegerField(
        _("jeda antarpercobaan (menit)"),
        default=60,
        help_text=_("Waktu tunggu sebelum post-test boleh diulang."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("batas waktu tes (menit)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Kosongkan bila tes tidak dibatasi waktu."),
    )
    is_published = models.BooleanField(_("diterbitkan"), default=False)
    published_at = models.DateTimeField(_("diterbitkan pada"), null=True, blank=True)

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("modul e-learning")
        verbose_name_plural = _("modul e-learning")
        permissions = [("manage_elearning", _("Dapat mengelola e-learning"))]
        constraints = [
            models.CheckConstraint(condition=Q(jp__gt=0), name="module_jp_positive"),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1, pass_mark__lte=100),
                name="module_pass_mark_range",
            ),
            models.UniqueConstraint(
                fields=["agency", "title"], name="module_unique_title"
            ),
        ]
        indexes = [models.Index(fields=["agency", "is_published"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("elearning:module_detail", args=[self.pk])

    @property
    def jp_source_key(self) -> str:
        return f"elearning.module:{self.pk}"


class Lesson(TimeStampedModel):
    agency_path = "module__agency"

    class Kind(models.TextChoices):
        TEXT = "teks", _("Teks")
        VIDEO = "video", _("Video")
        FILE = "berkas", _("Berkas")

    module = models.ForeignKey(
        Module,
        on_delete=models.CASCADE,
        related_name="lessons",
        verbose_name=_("modul"),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    title = models.CharField(_("judul materi"), max_length=200)
    kind = models.CharField(
        _("jenis"), max_length=10, choices=Kind.choices, default=Kind.TEXT
    )
    body = models.TextField(
        _("isi"),
        blank=True,
        help_text=_("Teks biasa; baris kosong memisahkan paragraf."),
    )
    video_url = models.URLField(
        _("tautan video"),
        blank=True,
        validators=[validate_video_url],
        help_text=_("Hanya tautan https YouTube atau Vimeo."),
    )
    attachment = UploadField(
        _("berkas"),
        upload_to="elearning/materi/%Y/%m/",
        blank=True,
        policy="lesson_file",
    )
    minimum_minutes = models.PositiveSmallIntegerField(
        _("waktu baca minimal (menit)"),
        default=0,
        help_text=_(
            "Materi baru dapat ditandai selesai setelah dibuka selama ini; 0 = tanpa "
            "batas."
        ),
    )

    class Meta:
        ordering = ["module", "order", "pk"]
        verbose_name = _("materi")
        verbose_name_plural = _("materi")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="video") | ~Q(video_url=""),
                name="lesson_video_has_url",
            ),
            models.CheckConstraint(
                condition=~Q(kind="berkas") | ~Q(attachment=""),
                name="lesson_file_has_attachment",
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"

    def get_absolute_url(self):
        return reverse("elearning:lesson_detail", args=[self.module_id, self.pk])

    @property
    def embed_url(self) -> str | None:
        return embed_url(self.video_url) if self.video_url else None

    @property
    def attachment_name(self) -> str:
        return self.attachment.name.rsplit("/", 1)[-1] if self.attachment else ""


class Test(TimeStampedModel):
    agency_path = "module__agency"

    __test__ = False  # a model, not a pytest test class

    class Kind(models.TextChoices):
        PRE = "pre", _("Pre-test")
        POST = "post", _("Post-test")

    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="tests", verbose_name=_("modul")
    )
    kind = models.CharField(_("jenis tes"), max_length=4, choices=Kind.choices)

    class Meta:
        ordering = ["module", "-kind"]
        verbose_name = _("tes")
        verbose_name_plural = _("tes")
        constraints = [
            models.UniqueConstraint(fields=["module", "kind"], name="test_one_per_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.module}"


class Question(TimeStampedModel):
    agency_path = "test__module__agency"

    test = models.ForeignKey(
        Test, on_delete=models.CASCADE, related_name="questions", verbose_name=_("tes")
    )
    order = models.PositiveSmallIntegerField(_("nomor"), default=1)
    text = models.TextField(_("pertanyaan"))

    class Meta:
        ordering = ["test", "order", "pk"]
        verbose_name = _("soal")
        verbose_name_plural = _("soal")

    def __str__(self):
        return f"{self.order}. {self.text[:60]}"


class Choice(models.Model):
    agency_path = "question__test__module__agency"

    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="choices",
        verbose_name=_("soal"),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    text = models.CharField(_("pilihan jawaban"), max_length=500)
    is_correct = models.BooleanField(_("jawaban benar"), default=False)

    class Meta:
        ordering = ["question", "order", "pk"]
        verbose_name = _("pilihan jawaban")
        verbose_name_plural = _("pilihan jawaban")
        constraints = [
            # At most one correct choice in the database; "at least one" is checked
            # by the question form and again before a module is published.
            models.UniqueConstraint(
                fields=["question"],
                condition=Q(is_correct=True),
                name="choice_one_correct_per_question",
            )
        ]

    def __str__(self):
        return self.text


class ProgressQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        """An ASN their own progress, a supervisor also their team's, HR and leaders
        their agency's (a leader with a unit scope, that subtree)."""
        return self.filter(
            module__agency_id=employee.agency_id,
            employee__in=Employee.objects.visible_to(user),
        )

    def completed(self):
        return self.filter(completed_at__isnull=False)

    def results_of(self, module):
        """The module's participants as its results page and download list them."""
        return (
            self.filter(module=module)
            .select_related("employee__unit")
            .with_lessons_done()
            .order_by("employee__name")
        )

    def with_lessons_done(self):
        return self.annotate(
            lessons_done=models.Count("lesson_completions", distinct=True)
        )

    def summary(self) -> dict:
        """Participants, completions, completion rate and the average pre, post and
        gain, in one SQL aggregate."""
        return _with_rate(self.aggregate(**_SUMMARY))

    def grouped_by_module(self):
        """The summary figures per module as one grouped QuerySet of dicts."""
        return self.order_by().values("module_id").annotate(**_SUMMARY)

    def summary_by_module(self) -> dict[int, dict]:
        return {
            row.pop("module_id"): _with_rate(row) for row in self.grouped_by_module()
        }


_SUMMARY = {
    "participants": models.Count("pk"),
    "completed": models.Count("pk", filter=Q(completed_at__isnull=False)),
    "avg_pre": models.Avg("pre_score"),
    "avg_post": models.Avg("post_score"),
    # Only participants with both scores have a gain.
    "avg_gain": models.Avg(
        F("post_score") - F("pre_score"),
        filter=Q(pre_score__isnull=False, post_score__isnull=False),
    ),
}


def _with_rate(figures: dict) -> dict:
    figures["completion_rate"] = _rate(figures["completed"], figures["participants"])
    return figures


def _rate(part, whole):
    return round(part * 100 / whole, 1) if whole else None


class Progress(TimeStampedModel):
    """One ASN taking one module: when they started and finished, and the two test
    figures that make the learning result."""

    agency_path = "module__agency"

    module = models.ForeignKey(
        Module,
        on_delete=models.PROTECT,
        related_name="progress_records",
        verbose_name=_("modul"),
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="elearning_progress",
        verbose_name=_("pegawai"),
    )
    started_at = models.DateTimeField(_("mulai"), default=timezone.now)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    pre_score = models.DecimalField(
        _("nilai pre-test"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    post_score = models.DecimalField(
        _("nilai post-test terbaik"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )

    objects = ProgressQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("progres e-learning")
        verbose_name_plural = _("progres e-learning")
        constraints = [
            models.UniqueConstraint(
                fields=["module", "employee"], name="progress_once_per_module"
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True)
                | Q(completed_at__gte=F("started_at")),
                name="progress_completed_after_start",
            ),
            models.CheckConstraint(
                condition=Q(post_score__isnull=True)
                | Q(post_score__gte=0, post_score__lte=100),
                name="progress_post_score_range",
            ),
            models.CheckConstraint(
                condition=Q(pre_score__isnull=True)
                | Q(pre_score__gte=0, pre_score__lte=100),
                name="progress_pre_score_range",
            ),
        ]
        indexes = [models.Index(fields=["employee", "completed_at"])]

    def __str__(self):
        return f"{self.employee.name} – {self.module}"

    @property
    def gain(self):
        return rules.learning_gain(self.pre_score, self.post_score)

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class LessonOpening(models.Model):
    """When a learner first opened a lesson: the start of its minimum reading time."""

    progress = models.ForeignKey(
        Progress,
        on_delete=models.CASCADE,
        related_name="lesson_openings",
        verbose_name=_("progres"),
    )
    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.CASCADE,
        related_name="openings",
        verbose_name=_("materi"),
    )
    opened_at = models.DateTimeField(_("pertama dibuka"), default=timezone.now)

    class Meta:
        ordering = ["opened_at"]
        verbose_name = _("materi dibuka")
        verbose_name_plural = _("materi dibuka")
        constraints = [
            models.UniqueConstraint(
                fields=["progress", "lesson"], name="lessonopening_once"
            )
        ]

    def __str__(self):
        return f"{self.progress} – {self.lesson}"


class LessonCompletion(models.Model):
    progress = models.ForeignKey(
        Progress,
        on_delete=models.CASCADE,
        related_name="lesson_completions",
        verbose_name=_("progres"),
    )
    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.CASCADE,
        related_name="completions",
        verbose_name=_("materi"),
    )
    completed_at = models.DateTimeField(_("selesai"), default=timezone.now)

    class Meta:
        ordering = ["completed_at"]
        verbose_name = _("materi selesai")
        verbose_name_plural = _("materi selesai")
        constraints = [
            models.UniqueConstraint(
                fields=["progress", "lesson"], name="lessoncompletion_once"
            )
        ]

    def __str__(self):
        return f"{self.progress} – {self.lesson}"


class TestSitting(models.Model):
    """A test being taken: the questions drawn for it, kept from the moment the test
    page opens until the answers are sent, so reloading the page draws nothing new
    and the time limit runs from the first opening."""

    __test__ = False  # a model, not a pytest test class

    progress = models.ForeignKey(
        Progress,
        on_delete=models.CASCADE,
        related_name="sittings",
        verbose_name=_("progres"),
    )
    test = models.ForeignKey(
        "Test", on_delete=models.CASCADE, related_name="sittings", verbose_name=_("tes")
    )
    drawn = models.JSONField(_("soal yang diundi"))
    started_at = models.DateTimeField(_("mulai"), default=timezone.now)
    deadline = models.DateTimeField(_("batas waktu"), null=True, blank=True)

    class Meta:
        ordering = ["started_at"]
        verbose_name = _("tes yang sedang dikerjakan")
        verbose_name_plural = _("tes yang sedang dikerjakan")
        constraints = [
            models.UniqueConstraint(
                fields=["progress", "test"], name="testsitting_one_open_per_test"
            )
        ]

    def __str__(self):
        return f"{self.progress} – {self.test}"


class TestAttemptQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(progress__in=Progress.objects.visible_to(user))


class TestAttempt(TimeStampedModel):
    """One submitted test. `kind` repeats the test's kind so the database itself can
    refuse a second pre-test attempt."""

    __test__ = False  # a model, not a pytest test class

    progress = models.ForeignKey(
        Progress,
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name=_("progres"),
    )
    test = models.ForeignKey(
        Test, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("tes")
    )
    kind = models.CharField(_("jenis tes"), max_length=4, choices=Test.Kind.choices)
    correct_count = models.PositiveSmallIntegerField(_("jawaban benar"))
    question_count = models.PositiveSmallIntegerField(_("jumlah soal"))
    score = models.DecimalField(_("nilai (%)"), max_digits=5, decimal_places=2)
    # {question id: chosen choice id}, as strings (JSON keys)
    answers = models.JSONField(_("jawaban"), default=dict)
    # The questions as drawn for this attempt, in the order shown, each with its
    # choices in the order shown: [[question id, [choice id, ...]], ...]
    drawn = models.JSONField(_("soal yang diundi"), default=list)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("dikirim"), default=timezone.now)
    timed_out = models.BooleanField(_("lewat batas waktu"), default=False)

    objects = TestAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("percobaan tes")
        verbose_name_plural = _("percobaan tes")
        constraints = [
            models.UniqueConstraint(
                fields=["progress"],
                condition=Q(kind="pre"),
                name="testattempt_one_pre_test",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100),
                name="testattempt_score_range",
            ),
            models.CheckConstraint(
                condition=Q(correct_count__lte=F("question_count")),
                name="testattempt_correct_within_count",
            ),
        ]

    def __str__(self):
        return f"{self.progress} {self.get_kind_display()}: {self.score}"
