"""What each endpoint answers, field by field (and so what the OpenAPI schema says).

Employees answer in the field names of SIASN's `pns/data-utama` (nipBaru, nama,
golRuangAkhir, jabatanNama, unorNama...), so a system that already reads SIASN maps
them one to one; the portal's own records answer in snake_case."""

from decimal import Decimal

from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evaluations import figures, rules
from feedback.models import Complaint
from people import imports
from people.models import Employee, WorkUnit
from training.jp import minutes_to_jp
from training.models import Certificate, JpCredit
from training.models.ledger import EXTERNAL_FORMS


class UnitSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(
        source="parent.code", allow_null=True, read_only=True
    )

    class Meta:
        model = WorkUnit
        fields = ["id", "code", "name", "siasn_id", "parent_id", "parent_code"]
        fields += ["updated_at"]


class EmployeeSerializer(serializers.Serializer):
    """One ASN in SIASN's data-utama names."""

    id = serializers.IntegerField(source="pk", help_text="The portal's own id.")
    pnsId = serializers.CharField(source="siasn_id", help_text="SIASN's PNS id.")
    nipBaru = serializers.CharField(source="nip")
    nama = serializers.CharField(source="name")
    gelarDepan = serializers.CharField(source="front_title")
    gelarBelakang = serializers.CharField(source="back_title")
    namaLengkap = serializers.CharField(
        source="full_name", help_text="The name with its titles, as printed."
    )
    jenisPegawaiNama = serializers.CharField(source="status", help_text="PNS or PPPK.")
    kedudukanPnsNama = serializers.CharField(
        source="legal_status", help_text="Kedudukan hukum; empty when not recorded."
    )
    golRuangAkhir = serializers.CharField(
        source="rank_short",
        help_text="Golongan/ruang of a PNS (III/a), the grade of a PPPK (IX).",
    )
    pangkatAkhir = serializers.SerializerMethodField()
    jenisJabatan = serializers.CharField(source="jabatan_type")
    jabatanNama = serializers.CharField(source="jabatan_name")
    unorId = serializers.CharField(source="unit.siasn_id")
    unorNama = serializers.CharField(source="unit.name")
    unorKode = serializers.CharField(source="unit.code")
    atasanNip = serializers.CharField(
        source="supervisor.nip",
        allow_null=True,
        help_text="NIP of the direct supervisor (atasan langsung); null when none.",
    )
    tmtCpns = serializers.DateField(
        source="tmt_cpns", allow_null=True, help_text="Null when not recorded."
    )
    tmtGolAkhir = serializers.DateField(
        source="tmt_golongan", allow_null=True, help_text="Null when not recorded."
    )
    tmtJabatan = serializers.DateField(
        source="tmt_jabatan", allow_null=True, help_text="Null when not recorded."
    )
    aktif = serializers.BooleanField(
        source="is_active", help_text="False once the assignment has ended."
    )
    updatedAt = serializers.DateTimeField(source="updated_at")

    @extend_schema_field(OpenApiTypes.STR)
    def get_pangkatAkhir(self, employee) -> str:  # noqa: N802 (SIASN's name)
        if employee.status != Employee.Status.PNS or not employee.golongan:
            return ""
        label = Employee.Golongan(employee.golongan).label
        return label.split("–", 1)[1].strip()


class JpEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = JpCredit
        fields = ["date", "jp", "form", "source_key", "description"]


class JpLedgerSerializer(serializers.Serializer):
    """One ASN's JP in one year: every ledger line, the total and the target."""

    nip = serializers.CharField()
    year = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=8, decimal_places=2)
    target = serializers.IntegerField()
    target_applies = serializers.BooleanField()
    entries = JpEntrySerializer(many=True)


class JpTotalSerializer(serializers.Serializer):
    """One row of the agency's JP per employee in a year."""

    id = serializers.IntegerField(source="pk")
    nip = serializers.CharField()
    name = serializers.CharField(source="full_name")
    unit_code = serializers.CharField(source="unit.code")
    year = serializers.SerializerMethodField()
    jp_total = serializers.DecimalField(max_digits=8, decimal_places=2)
    target = serializers.IntegerField(source="agency.jp_target_per_year")
    target_applies = serializers.BooleanField()
    reached = serializers.BooleanField()

    def get_year(self, employee) -> int:
        return self.context["year"]


class CertificateSerializer(serializers.ModelSerializer):
    verify_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = ["code", "number", "holder_name", "holder_nip", "title"]
        fields += ["start_date", "end_date", "jp", "issued_at", "verify_url"]

    def get_verify_url(self, certificate) -> str:
        return self.context["request"].build_absolute_uri(certificate.get_verify_url())


# --- query parameters ----------------------------------------------------------


class UpdatedSinceSerializer(serializers.Serializer):
    """The `updated_since` filter of the lists a client syncs incrementally."""

    updated_since = serializers.DateTimeField(required=False)


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)

    def chosen_year(self) -> int:
        return self.validated_data.get("year") or timezone.localdate().year


class CertificateLookupSerializer(serializers.Serializer):
    number = serializers.CharField(required=False, max_length=80)
    code = serializers.CharField(required=False, max_length=20)

    def validate(self, attrs):
        if not attrs.get("number") and not attrs.get("code"):
            raise serializers.ValidationError(
                _("Isi number (nomor sertifikat) atau code (kode verifikasi).")
            )
        return attrs


# --- slice: sessions, SKP results, IKM -----------------------------------------


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    program_id = serializers.IntegerField()
    program_title = serializers.CharField(source="program.title")
    form = serializers.CharField(source="program.form")
    jp = serializers.DecimalField(source="program.jp", max_digits=6, decimal_places=2)
    name = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    status = serializers.CharField()
    venue = serializers.CharField()
    capacity = serializers.IntegerField()
    seats_taken = serializers.IntegerField()
    waitlisted = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class EnrolmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.full_name")
    status = serializers.CharField()
    post_test_score = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True
    )
    completed_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


class PeriodSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    year = serializers.IntegerField()
    kind = serializers.CharField()
    number = serializers.IntegerField()
    name = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class AssessmentSerializer(serializers.Serializer):
    """One ASN's result of the period: the two ratings and the predikat the
    matrix gives them (empty until rated), and whether it is final."""

    id = serializers.IntegerField(source="pk")
    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.full_name")
    unit_code = serializers.CharField(source="employee.unit.code")
    status = serializers.CharField()
    final = serializers.BooleanField(source="is_final")
    hasil_kerja = serializers.CharField()
    perilaku_kerja = serializers.CharField()
    predikat = serializers.CharField()
    rated_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


class UnsurSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    answers = serializers.IntegerField()
    nrr = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class IkmSerializer(serializers.Serializer):
    """A service unit's IKM over the period, with the NRR of each unsur."""

    service_unit_id = serializers.IntegerField()
    name = serializers.CharField()
    work_unit_code = serializers.CharField()
    respondents = serializers.IntegerField()
    ikm = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        allow_null=True,
        help_text="IKM unit (25–100); null while any unsur has no answer.",
    )
    mutu = serializers.CharField(allow_null=True, help_text="A, B, C or D.")
    unsur = UnsurSerializer(many=True)


class PeriodRangeSerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)

    def validate(self, attrs):
        today = timezone.localdate()
        attrs.setdefault("start", today.replace(month=1, day=1))
        attrs.setdefault("end", today.replace(month=12, day=31))
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError(
                {"end": _("Tanggal akhir tidak boleh sebelum tanggal awal.")}
            )
        return attrs


# --- writes --------------------------------------------------------------------

# DRF's own field messages, in the portal's words (DRF's Indonesian is partial), so a
# refused request reads in Indonesian, or in English with Accept-Language: en. Given
# to each field of a request body as `**PORTAL_MESSAGES` (DRF words its validators
# when the field is made).
FIELD_MESSAGES = {
    "required": _("Wajib diisi."),
    "null": _("Tidak boleh kosong (null)."),
    "blank": _("Tidak boleh kosong."),
    "invalid": _("Isian tidak valid."),
    "max_length": _("Paling banyak {max_length} karakter."),
    "min_value": _("Paling kecil {min_value}."),
    "max_value": _("Paling besar {max_value}."),
    "max_digits": _("Paling banyak {max_digits} digit."),
    "max_decimal_places": _("Paling banyak {max_decimal_places} angka desimal."),
    "invalid_choice": _("'{input}' bukan pilihan yang dikenal."),
    "datetime": _("Isi tanggal saja (YYYY-MM-DD), bukan tanggal dan jam."),
}
PORTAL_MESSAGES = {"error_messages": FIELD_MESSAGES}
DATE_MESSAGES = {
    "error_messages": {
        **FIELD_MESSAGES,
        "invalid": _("Tanggal tidak valid; tulis YYYY-MM-DD."),
    }
}


class TrainingRecordSerializer(serializers.Serializer):
    """A training another system reports (an LMS, SIASN's riwayat diklat): for whom,
    what, when and how long. Its minutes are credited to the JP ledger with the
    agency's minutes per JP."""

    nip = serializers.CharField(
        max_length=18, help_text="The ASN's NIP.", **PORTAL_MESSAGES
    )
    title = serializers.CharField(max_length=200, **PORTAL_MESSAGES)
    form = serializers.ChoiceField(
        choices=[(form.value, form.value) for form in EXTERNAL_FORMS],
        help_text="The form of development (bentuk pengembangan).",
        **PORTAL_MESSAGES,
    )
    provider = serializers.CharField(
        max_length=200, help_text="Penyelenggara.", **PORTAL_MESSAGES
    )
    start_date = serializers.DateField(**DATE_MESSAGES)
    end_date = serializers.DateField(**DATE_MESSAGES)
    hours = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text="Hours of effective learning, as on the certificate; or minutes.",
        **PORTAL_MESSAGES,
    )
    minutes = serializers.IntegerField(
        min_value=1,
        max_value=100_000,
        required=False,
        help_text="Or hours.",
        **PORTAL_MESSAGES,
    )
    certificate_number = serializers.CharField(
        max_length=80, required=False, default="", allow_blank=True, **PORTAL_MESSAGES
    )

    def validate(self, attrs):
        given = [name for name in ("hours", "minutes") if name in attrs]
        if len(given) != 1:
            message = _("Isi salah satu: hours (jam) atau minutes (menit).")
            raise serializers.ValidationError({"hours": [message]})
        attrs["minutes_field"] = given[0]
        if "hours" in attrs:
            attrs["minutes"] = int(attrs.pop("hours") * 60)
        return attrs


class TrainingRecordAnswerSerializer(serializers.Serializer):
    """A recorded training, and whether this answer repeats an earlier one."""

    id = serializers.IntegerField(source="pk")
    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.full_name")
    title = serializers.CharField()
    form = serializers.CharField()
    provider = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    minutes = serializers.IntegerField()
    jp = serializers.SerializerMethodField(
        help_text="The JP its minutes are worth at the agency's minutes per JP."
    )
    certificate_number = serializers.CharField()
    created_at = serializers.DateTimeField()
    replayed = serializers.SerializerMethodField(
        help_text="True when the Idempotency-Key was sent before: nothing new was "
        "credited, this is the first answer's record."
    )

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_jp(self, record) -> Decimal:
        return minutes_to_jp(
            record.minutes, minutes_per_jp=record.employee.agency.minutes_per_jp
        )

    def get_replayed(self, record) -> bool:
        return self.context["replayed"]


# The employee upsert: each field of the read endpoint (EmployeeSerializer, SIASN's
# data-utama names) → the employee import's column (people.imports.COLUMNS), so a
# row goes through the Excel import's own checks. The first field given wins.
UPSERT_COLUMNS = {
    "nip": ("nipBaru",),
    "name": ("nama",),
    "front_title": ("gelarDepan",),
    "back_title": ("gelarBelakang",),
    "status": ("jenisPegawaiNama",),
    "legal_status": ("kedudukanPnsNama",),
    "golongan": ("golRuangAkhir",),
    "jabatan_type": ("jenisJabatan",),
    "eselon": ("eselon",),
    "jabatan_name": ("jabatanNama",),
    "unit": ("unorKode", "unorNama"),
    "unit_siasn_id": ("unorId",),
    "supervisor_nip": ("atasanNip",),
    "siasn_id": ("pnsId",),
    "email": ("email",),
    "phone": ("noHp",),
    "birth_date": ("tglLahir",),
    "gender": ("jenisKelamin",),
    "tmt_cpns": ("tmtCpns",),
    "tmt_golongan": ("tmtGolAkhir",),
    "tmt_jabatan": ("tmtJabatan",),
    "education_level": ("tkPendidikanTerakhir",),
    "education": ("pendidikanTerakhirNama",),
}
REQUIRED_COLUMNS = [column.key for column in imports.COLUMNS if column.required]


def employee_cells(item: dict) -> dict:
    """One employee of a batch as the cells of an import row. A field left out
    leaves its column out, so the employee keeps that value (like a sheet without
    the column); a column every row must have is there, empty when left out, so
    the import says it is missing."""
    cells = {}
    for key, names in UPSERT_COLUMNS.items():
        given = [item[name] for name in names if name in item]
        if given:
            cells[key] = next((v for v in given if v not in (None, "")), given[0])
    for key in REQUIRED_COLUMNS:
        cells.setdefault(key, None)
    return cells


# The fields the schema marks required: those of the import's required columns (the
# unit may come as unorKode, unorNama or unorId).
UPSERT_REQUIRED = {"nipBaru", "nama", "jenisPegawaiNama", "jenisJabatan", "jabatanNama"}


def _upsert_field(name: str, help_text: str = ""):
    return serializers.CharField(
        required=name in UPSERT_REQUIRED,
        allow_null=True,
        help_text=help_text,
    )


class EmployeeUpsertSerializer(serializers.Serializer):
    """One ASN to create or update, matched by NIP within the key's agency, in the
    read endpoint's names. A field left out is left as it is; `atasanNip: null`
    means no supervisor. Checked by the Excel import's rules."""

    nipBaru = _upsert_field("nipBaru")
    nama = _upsert_field("nama", "The name without titles.")
    gelarDepan = _upsert_field("gelarDepan")
    gelarBelakang = _upsert_field("gelarBelakang")
    jenisPegawaiNama = _upsert_field("jenisPegawaiNama", "PNS or PPPK (or BKN's name).")
    kedudukanPnsNama = _upsert_field("kedudukanPnsNama")
    golRuangAkhir = _upsert_field("golRuangAkhir", "III/a for a PNS, IX for a PPPK.")
    jenisJabatan = _upsert_field("jenisJabatan")
    eselon = _upsert_field("eselon")
    jabatanNama = _upsert_field("jabatanNama")
    unorKode = _upsert_field("unorKode", "The unit's code (or unorNama, or unorId).")
    unorNama = _upsert_field("unorNama")
    unorId = _upsert_field("unorId", "SIASN's UNOR id of the unit.")
    atasanNip = _upsert_field("atasanNip", "The direct supervisor's NIP; null: none.")
    pnsId = _upsert_field("pnsId")
    email = _upsert_field("email")
    noHp = _upsert_field("noHp")
    tglLahir = _upsert_field("tglLahir", "Must agree with the NIP.")
    jenisKelamin = _upsert_field("jenisKelamin", "Must agree with the NIP.")
    tmtCpns = _upsert_field("tmtCpns")
    tmtGolAkhir = _upsert_field("tmtGolAkhir")
    tmtJabatan = _upsert_field("tmtJabatan")
    tkPendidikanTerakhir = _upsert_field("tkPendidikanTerakhir")
    pendidikanTerakhirNama = _upsert_field("pendidikanTerakhirNama")


class RowProblemSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Its place in the list, from 0.")
    nipBaru = serializers.CharField()
    messages = serializers.ListField(child=serializers.CharField())


class EmployeeBatchAnswerSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    warnings = RowProblemSerializer(
        many=True, help_text="Saved, but worth a second look (e.g. an odd NIP)."
    )


class EmployeeBatchRefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = RowProblemSerializer(many=True)


# --- talent box, complaints ----------------------------------------------------


# Text a database cannot hold is refused by DRF: said in the schema too.
NO_NUL = RegexValidator(r"^[^\x00]*$", message=FIELD_MESSAGES["invalid"])


class UnitFilterSerializer(serializers.Serializer):
    unit = serializers.CharField(
        required=False,
        max_length=40,
        validators=[NO_NUL],
        help_text="A work unit's code (as /units/ gives it): that unit and the units "
        "below it; 404 for a code the agency does not have.",
        **PORTAL_MESSAGES,
    )


class TalentBoxFilterSerializer(UnitFilterSerializer):
    box = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=9,
        help_text="Only this box (1 to 9).",
        **PORTAL_MESSAGES,
    )


class TalentBoxSerializer(serializers.Serializer):
    """One ASN's place in the period's 9-box (PermenPANRB 3/2020): the kinerja read
    from the predikat and the potential HR recorded, mapped by the same rule as the
    talent grid page (`evaluations.figures.box_of`)."""

    id = serializers.IntegerField(
        source="pk", help_text="The assessment's id, as in the period's results."
    )
    period_id = serializers.IntegerField()
    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.full_name")
    unit_code = serializers.CharField(source="employee.unit.code")
    predikat = serializers.CharField()
    kinerja = serializers.SerializerMethodField(
        help_text="diatas (Sangat Baik), sesuai (Baik) or dibawah (the rest)."
    )
    potential = serializers.CharField(
        allow_null=True,
        help_text="rendah, menengah or tinggi, as recorded for the period's year "
        "(else the year before); null when none is, and then no box.",
    )
    box = serializers.SerializerMethodField(help_text="1 to 9; null without potential.")
    recommendation = serializers.SerializerMethodField(
        help_text="The regulation's follow-up for the box."
    )
    final = serializers.BooleanField(source="is_final")

    def get_kinerja(self, assessment) -> str:
        return rules.kinerja_level(assessment.predikat).value

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_box(self, assessment):
        return figures.box_of(assessment.predikat, assessment.potential)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_recommendation(self, assessment):
        box = figures.box_of(assessment.predikat, assessment.potential)
        return None if box is None else str(rules.BOX_RECOMMENDATION[box])


class ComplaintFilterSerializer(UnitFilterSerializer):
    updated_since = serializers.DateTimeField(
        required=False,
        help_text="Only complaints changed at or after this time (ISO 8601).",
        **PORTAL_MESSAGES,
    )
    status = serializers.ChoiceField(
        choices=Complaint.Status.values,
        required=False,
        help_text="Only complaints in this status.",
        **PORTAL_MESSAGES,
    )
    service_unit = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="Only complaints about this service unit (its id).",
        **PORTAL_MESSAGES,
    )
    overdue = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: only open complaints past their due date; false: the others.",
        **PORTAL_MESSAGES,
    )


class ComplaintSerializer(serializers.Serializer):
    """A complaint's handling, never its content: no complainant, contact, text,
    photo or answer, which stay with the unit's staff."""

    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField(help_text="The number staff use (ADU-…).")
    kind = serializers.CharField(help_text="pengaduan or saran.")
    service_unit_id = serializers.IntegerField()
    service_unit_name = serializers.CharField(source="service_unit.name")
    work_unit_code = serializers.CharField(source="service_unit.work_unit.code")
    service_name = serializers.CharField(help_text="The service it is about.")
    status = serializers.CharField(
        help_text="baru, verifikasi, ditugaskan (open); dijawab, selesai, ditolak."
    )
    received_at = serializers.DateTimeField(source="submitted_at")
    due_date = serializers.DateField(help_text="The answer is due by this day.")
    overdue = serializers.BooleanField(help_text="Still open after its due date.")
    answered_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    escalation = serializers.IntegerField(
        help_text="0 none, 1 to the unit head, 2 to BKPSDM (past the due date)."
    )
    assigned_nip = serializers.CharField(
        source="assigned_to.nip",
        allow_null=True,
        help_text="NIP of the ASN handling it; null when nobody is assigned.",
    )
    updated_at = serializers.DateTimeField()
