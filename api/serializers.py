"""What each endpoint answers, field by field (and so what the OpenAPI schema says).

Employees answer in the field names of SIASN's `pns/data-utama` (nipBaru, nama,
golRuangAkhir, jabatanNama, unorNama...), so a system that already reads SIASN maps
them one to one; the portal's own records answer in snake_case."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from people.models import Employee, WorkUnit
from training.models import Certificate, JpCredit


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
