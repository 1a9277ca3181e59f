import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from asn_portal.models import TimeStampedModel
from asn_portal.uploads import UploadField
from people import nip as nip_rules
from people.fields import acting_user
from people.numbering import DEFAULT_CERTIFICATE_PATTERN, validate_number_pattern
from people.roles import Role, roles_of
from people.scope import AgencyScopedQuerySet

# The training questionnaire reminders an agency may choose: at most this many, each
# at most this many days after a session's end.
MAX_REMINDER_DAYS = 5
LAST_POSSIBLE_REMINDER_DAY = 30


def parse_reminder_days(text: str) -> list[int]:
    """ "7, 1,3" → [1, 3, 7]: whole days after the end, sorted, without repeats."""
    try:
        days = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise ValidationError(
            _("Tulis hari sebagai angka dipisah koma, misalnya 1,3,7."),
            code="invalid",
        ) from None
    if not days:
        raise ValidationError(_("Isi paling sedikit satu hari."), code="required")
    if len(days) > MAX_REMINDER_DAYS:
        raise ValidationError(
            _("Paling banyak %(n)d hari pengingat.") % {"n": MAX_REMINDER_DAYS},
            code="too_many",
        )
    if days[0] < 1 or days[-1] > LAST_POSSIBLE_REMINDER_DAY:
        raise ValidationError(
            _("Setiap hari harus antara 1 dan %(last)d.")
            % {"last": LAST_POSSIBLE_REMINDER_DAY},
            code="out_of_range",
        )
    return days


def validate_reminder_days(text: str) -> None:
    parse_reminder_days(text)


class AgencyQuerySet(AgencyScopedQuerySet):
    """An account works in its own agency only; a superuser in every one."""


class Agency(TimeStampedModel):
    """An instansi (a Pemda or an area of one); one deployment can serve several."""

    name = models.CharField(_("nama instansi"), max_length=200, unique=True)
    short_name = models.CharField(_("nama singkat"), max_length=60)
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    jp_target_per_year = models.PositiveSmallIntegerField(
        _("target JP per tahun"), default=20
    )
    jp_target_applies_to_pppk = models.BooleanField(
        _("target JP juga untuk PPPK"), default=True
    )
    minutes_per_jp = models.PositiveSmallIntegerField(_("menit per JP"), default=45)
    complaint_response_working_days = models.PositiveSmallIntegerField(
        _("batas waktu jawaban pengaduan (hari kerja)"), default=5
    )
    # What an agency tunes about its reminders; the daily jobs run hourly for the
    # whole deployment and take each agency at its own hour.
    reminder_hour = models.PositiveSmallIntegerField(
        _("jam pengiriman pengingat harian"),
        default=7,
        validators=[MaxValueValidator(23)],
        help_text=_(
            "Jam (0–23, waktu server) mulai dikirimnya pengingat evaluasi kinerja "
            "dan pelatihan setiap hari."
        ),
    )
    questionnaire_reminder_days = models.CharField(
        _("pengingat kuesioner pelatihan (hari setelah selesai)"),
        max_length=40,
        default="1,3,7",
        validators=[validate_reminder_days],
        help_text=_(
            "Undangan dikirim pada hari pelatihan selesai; pengingat pada hari-hari "
            "ini sesudahnya, dipisah koma (misalnya 1,3,7)."
        ),
    )
    history = HistoricalRecords()

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        permissions = [
            ("manage_reminders", _("Dapat mengatur pengingat instansi")),
            ("manage_documents", _("Dapat mengatur kop surat dan penandatangan")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes_per_jp__gt=0), name="agency_minutes_per_jp_positive"
            ),
            models.CheckConstraint(
                condition=Q(reminder_hour__lte=23), name="agency_reminder_hour_of_day"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def questionnaire_reminder_day_list(self) -> list[int]:
        return parse_reminder_days(self.questionnaire_reminder_days)


class AgencyDailyRun(TimeStampedModel):
    """An agency's daily job, done for one day. The hourly run takes an agency from
    its reminder hour on and writes this row once the work has finished, so later
    runs that day skip it and a run that died half-way is finished by the next."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="daily_runs"
    )
    job = models.CharField(max_length=60)
    run_on = models.DateField()

    class Meta:
        ordering = ["-run_on", "job"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "job", "run_on"], name="agency_daily_run_once"
            )
        ]

    def __str__(self):
        return f"{self.job} {self.agency_id} {self.run_on}"


class Lease(models.Model):
    """A named lease that one process at a time holds and keeps renewing (the beat that
    sends the periodic tasks); another takes it over once it has expired."""

    name = models.CharField(primary_key=True, max_length=50)
    holder = models.CharField(max_length=200)
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name}: {self.holder} until {self.expires_at:%H:%M:%S}"


class Holiday(TimeStampedModel):
    """A day off in an agency's calendar; working-day deadlines skip it."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="holidays",
        verbose_name=_("instansi"),
    )
    date = models.DateField(_("tanggal"))
    name = models.CharField(_("keterangan"), max_length=120)

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "date"], name="holiday_unique_day"
            )
        ]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.name}"


def validate_letterhead_lines(text: str) -> None:
    lines = [line for line in text.splitlines() if line.strip()]
    if not 1 <= len(lines) <= MAX_LETTERHEAD_LINES:
        raise ValidationError(
            _("Tulis 1 sampai %(n)d baris nama, satu baris per baris kop.")
            % {"n": MAX_LETTERHEAD_LINES},
            code="lines",
        )


MAX_LETTERHEAD_LINES = 3


class DocumentSettings(TimeStampedModel):
    """What an agency prints on its official documents: the kop surat (logo, name
    lines, address, contacts), the place it signs at, and how it numbers its
    certificates. `people.documents.official` hands them to every PDF."""

    agency = models.OneToOneField(
        Agency,
        on_delete=models.CASCADE,
        related_name="document_settings",
        verbose_name=_("instansi"),
    )
    name_lines = models.TextField(
        _("nama di kop surat"),
        validators=[validate_letterhead_lines],
        help_text=_(
            "Satu baris per baris kop, paling banyak tiga, misalnya "
            "PEMERINTAH KOTA PEMATANGSIANTAR lalu nama badan atau dinasnya."
        ),
    )
    address = models.CharField(_("alamat"), max_length=250)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.CharField(_("laman"), max_length=120, blank=True)
    place = models.CharField(
        _("tempat penandatanganan"),
        max_length=80,
        help_text=_("Kota tempat dokumen ditandatangani, misalnya Pematangsiantar."),
    )
    logo = UploadField(
        _("logo"), upload_to="kop/", policy="letterhead_logo", blank=True
    )
    certificate_number_pattern = models.CharField(
        _("pola nomor sertifikat"),
        max_length=60,
        default=DEFAULT_CERTIFICATE_PATTERN,
        validators=[validate_number_pattern],
        help_text=_(
            "Misalnya {seq}/SERT/BKPSDM/{year}. {seq} nomor urut (mulai 1 setiap "
            "tahun), {seq:3} nomor urut tiga angka (001), {year} tahun, {month} "
            "bulan dengan angka romawi."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency"]
        verbose_name = _("kop surat dan penomoran")
        verbose_name_plural = _("kop surat dan penomoran")

    def __str__(self):
        return str(_("Kop surat %(agency)s") % {"agency": self.agency.short_name})

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(
            line.strip() for line in self.name_lines.splitlines() if line.strip()
        )

    @property
    def contacts(self) -> str:
        parts = [
            _("Telepon %(phone)s") % {"phone": self.phone} if self.phone else "",
            _("Email %(email)s") % {"email": self.email} if self.email else "",
            self.website,
        ]
        return " · ".join(str(part) for part in parts if part)


class Signatory(TimeStampedModel):
    """Who signs one kind of an agency's documents. Copied as text, not linked to an
    employee: the signer may be an elected official without a NIP, and a
    document keeps the name it was signed with."""

    class Kind(models.TextChoices):
        CERTIFICATE = "sertifikat", _("Sertifikat pelatihan")
        INTERNSHIP_CERTIFICATE = "sertifikat_magang", _("Sertifikat magang")
        IKM_REPORT = "laporan_ikm", _("Laporan IKM")
        LEADER_REPORT = "laporan_pimpinan", _("Laporan bulanan dan triwulanan")
        SKP = "dokumen_skp", _("Dokumen evaluasi kinerja (SKP)")

    class Mark(models.TextChoices):
        BLANK = "kosong", _("Ruang kosong untuk tanda tangan basah")
        SCAN = "pindaian", _("Pindaian tanda tangan")
        QR = "qr", _("Kode QR ke pemeriksaan keaslian dokumen")

    # Only these kinds have a public page that checks a document's authenticity.
    VERIFIABLE = frozenset({Kind.CERTIFICATE, Kind.INTERNSHIP_CERTIFICATE})

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="signatories",
        verbose_name=_("instansi"),
    )
    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=Kind.choices)
    name = models.CharField(
        _("nama (dengan gelar)"),
        max_length=150,
        help_text=_("Seperti tertulis di bawah tanda tangan."),
    )
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[nip_rules.validate_nip],
        help_text=_("Kosongkan bila penandatangan bukan ASN (misalnya Wali Kota)."),
    )
    jabatan = models.CharField(
        _("jabatan"),
        max_length=200,
        help_text=_("Misalnya Kepala Badan Kepegawaian dan Pengembangan SDM."),
    )
    mark = models.CharField(
        _("tanda tangan"), max_length=10, choices=Mark.choices, default=Mark.BLANK
    )
    signature = UploadField(
        _("pindaian tanda tangan"),
        upload_to="tanda-tangan/",
        policy="signature",
        blank=True,
        help_text=_("Gambar PNG atau JPEG, sebaiknya berlatar putih atau transparan."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency", "kind"]
        verbose_name = _("penandatangan")
        verbose_name_plural = _("penandatangan")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind"], name="signatory_one_per_kind"
            ),
            models.CheckConstraint(
                condition=~Q(mark="qr")
                | Q(kind__in=["sertifikat", "sertifikat_magang"]),
                name="signatory_qr_only_where_verifiable",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"

    def clean(self):
        errors = {}
        if self.mark == self.Mark.SCAN and not self.signature:
            errors["signature"] = _(
                "Unggah pindaian tanda tangan, atau pilih cara lain."
            )
        if self.mark == self.Mark.QR and self.kind not in self.VERIFIABLE:
            errors["mark"] = _(
                "Kode QR hanya untuk sertifikat: dokumen ini tidak punya halaman "
                "pemeriksaan keaslian."
            )
        if errors:
            raise ValidationError(errors)


class DocumentCounter(models.Model):
    """The last number an agency gave in one series and year; its row is locked
    while the next number is taken, so two issues at once never share one."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    series = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penomoran dokumen")
        verbose_name_plural = _("penomoran dokumen")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "series", "year"], name="document_counter_once"
            )
        ]

    def __str__(self):
        return f"{self.series} {self.year}: {self.last}"


class WorkUnitQuerySet(AgencyScopedQuerySet):
    def subtree_of(self, unit):
        """The unit and every unit below it."""
        return self.filter(path__startswith=unit.path)


class WorkUnit(TimeStampedModel):
    """A unit kerja / OPD; units nest (dinas → bidang → seksi)."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("instansi"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("unit induk"),
    )
    name = models.CharField(_("nama unit kerja"), max_length=200)
    code = models.CharField(_("kode unit"), max_length=40)
    siasn_id = models.CharField(
        _("ID UNOR SIASN"),
        max_length=64,
        blank=True,
        help_text=_("Diisi dari unduhan hierarki unit SIASN."),
    )
    # Materialised path of ids ("/3/17/"), so a whole subtree is one indexed filter.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    history = HistoricalRecords(excluded_fields=["path"])

    objects = WorkUnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code"], name="workunit_unique_code"
            ),
            models.UniqueConstraint(
                fields=["agency", "name"], name="workunit_unique_name"
            ),
            models.UniqueConstraint(
                fields=["agency", "siasn_id"],
                condition=~Q(siasn_id=""),
                name="workunit_unique_siasn_id",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="workunit_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        new_path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if new_path != self.path:
            old_path = self.path
            WorkUnit.objects.filter(pk=self.pk).update(path=new_path)
            if old_path:
                _move_subtree(old_path, new_path)
            self.path = new_path

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.parent_id and self.parent.agency_id != self.agency_id:
            raise ValidationError(
                {"parent": _("Unit induk harus berada di instansi yang sama.")}
            )
        if (
            self.pk
            and self.parent_id
            and self.path
            and self.parent.path.startswith(self.path)
        ):
            raise ValidationError(
                {
                    "parent": _(
                        "Unit induk tidak boleh unit ini sendiri atau bawahannya."
                    )
                }
            )

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def lineage(self) -> list["WorkUnit"]:
        """The units from the top of the tree down to this one, in one query."""
        ids = [int(part) for part in self.path.strip("/").split("/") if part]
        units = WorkUnit.objects.in_bulk(ids)
        return [units[pk] for pk in ids if pk in units]


def _move_subtree(old_path: str, new_path: str) -> None:
    descendants = WorkUnit.objects.filter(path__startswith=old_path).exclude(
        path=old_path
    )
    for unit in descendants.only("pk", "path"):
        WorkUnit.objects.filter(pk=unit.pk).update(
            path=new_path + unit.path[len(old_path) :]
        )


# Kedudukan hukum under which an ASN serves in the agency, so the yearly JP target,
# SKP periods and their reminders apply (docs/domain.md, "Who is serving: kedudukan
# hukum"). Empty: not recorded (a profile typed by hand), taken as serving.
SERVING_LEGAL_STATUSES = (
    "",
    "Aktif",
    "PPPK Aktif",
    "Sedang dlm Proses Banding BAPEK",
    "Pegawai Titipan",
    "PNS kena hukuman disiplin",
    "Pemindahan dalam rangka penurunan Jabatan",
)


def is_serving(legal_status: str | None) -> bool:
    """Whether an ASN with this kedudukan hukum serves in the agency: the one rule
    the JP target, SKP periods and reminders follow (docs/domain.md, "Who is
    serving: kedudukan hukum"). Its SQL form is `serving_q`."""
    return (legal_status or "") in SERVING_LEGAL_STATUSES


def serving_q(prefix: str = "") -> Q:
    """`is_serving` as a filter on the employee reached through `prefix`
    ("employee__" from an assessment, "" on Employee itself)."""
    return Q(**{f"{prefix}legal_status__in": SERVING_LEGAL_STATUSES})


class EmployeeQuerySet(AgencyScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def serving(self):
        """Those whose kedudukan hukum has them at work (not on CLTN, study leave,
        suspension, pre-retirement leave...)."""
        return self.filter(serving_q())

    def not_serving(self):
        """Those the serving rule leaves out, for the lists that say why."""
        return self.exclude(serving_q())

    def for_employee(self, employee, user):
        """Who a user may see: HR and leaders their agency (a leader with a unit scope,
        that subtree), a supervisor their direct team (and a Plt/Plh the team they act
        for), everyone themselves."""
        roles = roles_of(user)
        if Role.HR in roles or Role.LEADER in roles:
            return self.in_agency(employee.agency_id).in_units_of(user)
        from people.delegation import acting_for

        return self.filter(
            Q(pk=employee.pk)
            | Q(supervisor_id=employee.pk)
            | Q(supervisor__in=acting_for(employee))
        )

    def for_unit_subtree(self, unit):
        return self.filter(unit__path__startswith=unit.path)

    def matching(self, query: str):
        """Those whose name contains `query` or whose NIP starts with it; all of
        them when it is empty."""
        if not query:
            return self
        return self.filter(Q(name__icontains=query) | Q(nip__startswith=query))


class Employee(TimeStampedModel):
    """The profile of one ASN: identity from the NIP, rank, position and place."""

    class Status(models.TextChoices):
        PNS = "PNS", _("PNS")
        PPPK = "PPPK", _("PPPK")

    class Gender(models.TextChoices):
        MALE = nip_rules.MALE, _("Laki-laki")
        FEMALE = nip_rules.FEMALE, _("Perempuan")

    class Golongan(models.TextChoices):
        I_A = "I/a", "I/a – Juru Muda"
        I_B = "I/b", "I/b – Juru Muda Tk. I"
        I_C = "I/c", "I/c – Juru"
        I_D = "I/d", "I/d – Juru Tk. I"
        II_A = "II/a", "II/a – Pengatur Muda"
        II_B = "II/b", "II/b – Pengatur Muda Tk. I"
        II_C = "II/c", "II/c – Pengatur"
        II_D = "II/d", "II/d – Pengatur Tk. I"
        III_A = "III/a", "III/a – Penata Muda"
        III_B = "III/b", "III/b – Penata Muda Tk. I"
        III_C = "III/c", "III/c – Penata"
        III_D = "III/d", "III/d – Penata Tk. I"
        IV_A = "IV/a", "IV/a – Pembina"
        IV_B = "IV/b", "IV/b – Pembina Tk. I"
        IV_C = "IV/c", "IV/c – Pembina Utama Muda"
        IV_D = "IV/d", "IV/d – Pembina Utama Madya"
        IV_E = "IV/e", "IV/e – Pembina Utama"

    class JabatanType(models.TextChoices):
        JPT_UTAMA = "jpt_utama", _("JPT Utama")
        JPT_MADYA = "jpt_madya", _("JPT Madya")
        JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
        ADMINISTRATOR = "administrator", _("Administrator")
        PENGAWAS = "pengawas", _("Pengawas")
        PELAKSANA = "pelaksana", _("Pelaksana")
        FUNGSIONAL_KETERAMPILAN = (
            "fungsional_keterampilan",
            _("Fungsional Keterampilan"),
        )
        FUNGSIONAL_KEAHLIAN = "fungsional_keahlian", _("Fungsional Keahlian")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
        verbose_name=_("akun login"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="employees",
        verbose_name=_("instansi"),
    )
    unit = models.ForeignKey(
        WorkUnit,
        on_delete=models.PROTECT,
        related_name="employees",
        verbose_name=_("unit kerja"),
    )
    nip = models.CharField(
        _("NIP"), max_length=18, unique=True, validators=[nip_rules.validate_nip]
    )
    front_title = models.CharField(_("gelar depan"), max_length=40, blank=True)
    name = models.CharField(_("nama"), max_length=150)
    back_title = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    status = models.CharField(
        _("status kepegawaian"),
        max_length=4,
        choices=Status.choices,
        default=Status.PNS,
    )
    golongan = models.CharField(
        _("golongan/ruang"), max_length=5, choices=Golongan.choices, blank=True
    )
    pppk_grade = models.PositiveSmallIntegerField(
        _("golongan PPPK"),
        null=True,
        blank=True,
        help_text=_("I sampai XVII, diisi angka 1–17."),
    )
    jabatan_type = models.CharField(
        _("jenis jabatan"),
        max_length=30,
        choices=JabatanType.choices,
        default=JabatanType.PELAKSANA,
    )
    jabatan_name = models.CharField(_("nama jabatan"), max_length=200)
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team",
        verbose_name=_("atasan langsung"),
    )
    birth_date = models.DateField(_("tanggal lahir"), editable=False)
    gender = models.CharField(
        _("jenis kelamin"), max_length=1, choices=Gender.choices, editable=False
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(
        _("nomor HP/WhatsApp"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9 ]{8,19}$",
                _("Tulis nomor HP dengan angka saja, misalnya 0812 3456 7890."),
            )
        ],
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    # As SIASN's downloads give them (README: "SIASN column → where it goes").
    siasn_id = models.CharField(_("PNS ID SIASN"), max_length=64, blank=True)
    employee_type = models.CharField(
        _("jenis pegawai (BKN)"), max_length=120, blank=True
    )
    legal_status = models.CharField(_("kedudukan hukum"), max_length=60, blank=True)
    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    tmt_golongan = models.DateField(_("TMT golongan"), null=True, blank=True)
    tmt_jabatan = models.DateField(_("TMT jabatan"), null=True, blank=True)
    education_level = models.CharField(
        _("tingkat pendidikan"), max_length=60, blank=True
    )
    education = models.CharField(_("pendidikan terakhir"), max_length=200, blank=True)
    dashboard_unit = models.ForeignKey(
        WorkUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lingkup dasbor pimpinan"),
        help_text=_("Kosongkan untuk seluruh instansi."),
    )
    history = HistoricalRecords()

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("pegawai ASN")
        verbose_name_plural = _("pegawai ASN")
        permissions = [
            ("import_employees", _("Dapat mengimpor data pegawai")),
            ("view_history", _("Dapat melihat riwayat perubahan")),
        ]
        indexes = [
            models.Index(fields=["agency", "unit"]),
            # The API's incremental sync: an agency's employees changed since a time.
            models.Index(
                fields=["agency", "updated_at"], name="employee_agency_updated"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supervisor=F("id")), name="employee_not_own_supervisor"
            ),
            models.CheckConstraint(
                condition=Q(pppk_grade__isnull=True)
                | Q(pppk_grade__gte=1, pppk_grade__lte=17),
                name="employee_pppk_grade_range",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.nip})"

    def save(self, *args, **kwargs):
        parsed = nip_rules.parse_nip(self.nip)
        self.birth_date = parsed.birth_date
        self.gender = parsed.gender
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:employee_detail", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.unit_id and self.agency_id and self.unit.agency_id != self.agency_id:
            errors["unit"] = _("Unit kerja harus berada di instansi pegawai.")
        if self.supervisor_id:
            if self.supervisor_id == self.pk:
                errors["supervisor"] = _(
                    "Pegawai tidak dapat menjadi atasannya sendiri."
                )
            elif self.supervisor.agency_id != self.agency_id:
                errors["supervisor"] = _("Atasan harus berada di instansi yang sama.")
        if self.status == self.Status.PNS and self.pppk_grade:
            errors["pppk_grade"] = _("Golongan PPPK hanya untuk pegawai PPPK.")
        if self.status == self.Status.PPPK and self.golongan:
            errors["golongan"] = _("Golongan/ruang hanya untuk PNS.")
        if errors:
            raise ValidationError(errors)

    def chain_of_command(self) -> list[int]:
        """The ids of this employee and every supervisor above, up to the top (a
        query per level; org charts are a handful of levels deep)."""
        chain, current = [], self
        while current is not None and current.pk not in chain:
            chain.append(current.pk)
            current = current.supervisor
        return chain

    @property
    def full_name(self) -> str:
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def is_serving(self) -> bool:
        return is_serving(self.legal_status)

    @property
    def rank_label(self) -> str:
        if self.status == self.Status.PPPK:
            return _roman(self.pppk_grade) if self.pppk_grade else ""
        return self.get_golongan_display()

    @property
    def rank_short(self) -> str:
        """ "III/a" for a PNS, the roman grade ("IX") for a PPPK."""
        if self.status == self.Status.PPPK:
            return _roman(self.pppk_grade) if self.pppk_grade else ""
        return self.golongan

    @property
    def age(self) -> int:
        today = timezone.localdate()
        born = self.birth_date
        return (
            today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        )


def _roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while number >= value:
            out += letters
            number -= value
    return out


class DelegationQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        """HR: their agency's; anyone else: those they gave or received."""
        scoped = self.in_agency(employee.agency_id)
        if Role.HR in roles_of(user):
            return scoped
        return scoped.filter(Q(delegator=employee) | Q(delegate=employee))

    def active_on(self, day):
        """Those in force on `day`: within their dates, both included, and not
        ended early on or before it."""
        return self.filter(start_date__lte=day, end_date__gte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=day)
        )


class Delegation(TimeStampedModel):
    """A supervisor's approvals and SKP rating entrusted to another employee of the
    agency for a date range, as Plt or Plh (people/delegation.py). In force from
    its start to its end date, both included, so it ends by itself; the delegator
    or HR may end it early."""

    agency_path = "delegator__agency"

    class Kind(models.TextChoices):
        PLT = "plt", _("Plt.")
        PLH = "plh", _("Plh.")

    delegator = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="delegations_given",
        verbose_name=_("atasan yang digantikan"),
    )
    delegate = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="delegations_received",
        verbose_name=_("pelaksana"),
    )
    kind = models.CharField(
        _("jenis"), max_length=3, choices=Kind.choices, default=Kind.PLH
    )
    start_date = models.DateField(_("mulai tanggal"))
    end_date = models.DateField(_("sampai tanggal"))
    decree_number = models.CharField(_("nomor surat"), max_length=100)
    reason = models.CharField(_("alasan"), max_length=255, blank=True)
    ended_on = models.DateField(_("diakhiri lebih awal pada"), null=True, blank=True)
    created_by = acting_user(_("dibuat oleh"))
    history = HistoricalRecords()

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("penugasan Plt/Plh")
        verbose_name_plural = _("penugasan Plt/Plh")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="delegation_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(delegate=F("delegator")), name="delegation_not_to_self"
            ),
        ]

    def __str__(self):
        return f"{self.delegate.full_name} ({self.acting_label})"

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        if self.delegate_id and self.delegator_id:
            if self.delegate_id == self.delegator_id:
                errors["delegate"] = _(
                    "Pelaksana harus pegawai lain, bukan atasan yang digantikan."
                )
            elif self.delegate.agency_id != self.delegator.agency_id:
                errors["delegate"] = _(
                    "Pelaksana harus pegawai instansi yang sama dengan atasan yang "
                    "digantikan."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def acting_label(self) -> str:
        """ "Plt. untuk <delegator>", shown beside what the delegate did."""
        return _("%(kind)s untuk %(name)s") % {
            "kind": self.get_kind_display(),
            "name": self.delegator.full_name,
        }

    @property
    def last_day(self):
        """The last day in force: the end date, or the day before it was ended."""
        if self.ended_on is None:
            return self.end_date
        return min(self.end_date, self.ended_on - datetime.timedelta(days=1))

    def is_active_on(self, day) -> bool:
        return self.start_date <= day <= self.last_day

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())


class BackOfficeChange(models.Model):
    """One change made in the back office (/admin/), kept for the agency's HR: who,
    when, which record and each field's value before and after. Written by the
    scoped admin base (`people.admin`), never edited."""

    class Action(models.TextChoices):
        ADD = "add", _("Tambah")
        CHANGE = "change", _("Ubah")
        DELETE = "delete", _("Hapus")

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        verbose_name=_("instansi"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("oleh"),
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    action = models.CharField(_("tindakan"), max_length=6, choices=Action.choices)
    model_name = models.CharField(_("jenis data"), max_length=100)
    object_id = models.CharField(_("id data"), max_length=40)
    object_repr = models.CharField(_("data"), max_length=200)
    # [{"field": label, "before": text, "after": text}, ...]
    changes = models.JSONField(_("perubahan"), default=list)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("perubahan back office")
        verbose_name_plural = _("perubahan back office")
        indexes = [models.Index(fields=["agency", "-at"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.model_name} {self.object_repr}"


class PendingImport(models.Model):
    """An upload HR checked and has not confirmed yet: the rows read from it, what
    the preview showed would change, and which proposed ends of assignment HR keeps
    ticked. Kept in the database, not on a server's disk, so any web process can
    show and confirm it; removed when confirmed, and after a day.

    A preview without a user belongs to the agency: the scheduled pull from the
    SIASN web service (siasn_ws.pull) keeps one per agency, which any HR of that
    agency may open and confirm, until confirmed or replaced by a newer pull."""

    class Kind(models.TextChoices):
        EMPLOYEES = "pegawai", _("Data pegawai")
        UNITS = "unit", _("Hierarki unit kerja")

    token = models.CharField(max_length=32, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    filename = models.CharField(max_length=120, blank=True)
    # What the history of every record the import writes gives as the reason.
    source = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # zlib-compressed JSON: 20,000 rows are a few MB as text, a few hundred KB so.
    rows = models.BinaryField()
    preview = models.BinaryField(null=True)
    # NIPs whose assignment ends on confirmation (of those the preview proposed).
    to_end = models.JSONField(default=list)
    # What the preview would change, hashed: a pull that finds the same changes
    # keeps the preview HR may already be reading instead of making another.
    fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor menunggu konfirmasi")
        verbose_name_plural = _("impor menunggu konfirmasi")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind"],
                condition=Q(user__isnull=True),
                name="pending_import_one_pull_per_agency",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.filename} ({self.created_at:%d-%m-%Y})"


class BackgroundJobQuerySet(AgencyScopedQuerySet):
    def for_employee(self, employee, user):
        """The one who asked, and HR of the same agency (a colleague may look in on
        an import while its requester is away)."""
        jobs = self.in_agency(employee.agency_id)
        if Role.HR in roles_of(user):
            return jobs
        return jobs.filter(requested_by=user)


class BackgroundJob(TimeStampedModel):
    """Work too long for a web request (an import confirmed, accounts for
    thousands, a large export): queued for the Celery
    worker, with its progress and its outcome on a page its requester may leave and
    come back to. One home for every kind; `people.jobs` runs them."""

    class Kind(models.TextChoices):
        EMPLOYEE_IMPORT = "impor_pegawai", _("Impor data pegawai")
        ACCOUNTS = "buat_akun", _("Pembuatan akun pegawai")
        EMPLOYEE_EXPORT = "ekspor_pegawai", _("Unduhan daftar pegawai")
        # Run by training (training.jobs), registered from its AppConfig.
        BELOW_TARGET_EXPORT = (
            "ekspor_bawah_target",
            _("Unduhan daftar di bawah target JP"),
        )
        # Run by feedback (feedback.jobs), registered from its AppConfig.
        COMPLAINT_EXPORT = "ekspor_pengaduan", _("Unduhan daftar pengaduan")
        # Run by evaluations (evaluations.jobs), registered from its AppConfig.
        OVERVIEW_EXPORT = "ekspor_ikhtisar_skp", _("Unduhan ikhtisar kinerja")
        # Run by elearning (elearning.jobs), registered from its AppConfig.
        ELEARNING_RESULTS_EXPORT = (
            "ekspor_elearning",
            _("Unduhan hasil e-learning"),
        )

    class State(models.TextChoices):
        WAITING = "menunggu", _("Menunggu")
        RUNNING = "diproses", _("Sedang diproses")
        DONE = "selesai", _("Selesai")
        FAILED = "gagal", _("Gagal")

    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("instansi")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("diminta oleh"),
    )
    state = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.WAITING
    )
    # What the work needs, by id (e.g. {"pending": 12}); it re-fetches the rest.
    params = models.JSONField(default=dict, blank=True)
    done = models.PositiveIntegerField(_("selesai dikerjakan"), default=0)
    total = models.PositiveIntegerField(_("seluruhnya"), default=0)
    # The outcome's figures, worded when shown (in the reader's language).
    result = models.JSONField(default=dict, blank=True)
    # Shown to the user as it is: written in Indonesian by the work that refused.
    error = models.TextField(_("kesalahan"), blank=True)
    # A file the job made (a large export), through the storage API; downloaded
    # through `job_download`, which checks who may see the job.
    file = models.FileField(_("berkas"), upload_to="tugas/%Y/%m/", blank=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    objects = BackgroundJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tugas latar belakang")
        verbose_name_plural = _("tugas latar belakang")
        indexes = [models.Index(fields=["agency", "state"])]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("job_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0
