"""The API's endpoints (`/api/v1/`). Each reads only the key's agency: another
agency's object is a 404 like one that does not exist, and each names the scope it
needs (api.permissions.HasScope). Reads come from the apps' own QuerySet methods and
rules; nothing here computes a figure of its own."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api.models import Scope
from api.serializers import (
    AssessmentSerializer,
    CertificateLookupSerializer,
    CertificateSerializer,
    ComplaintFilterSerializer,
    ComplaintSerializer,
    EmployeeBatchAnswerSerializer,
    EmployeeBatchRefusalSerializer,
    EmployeeSerializer,
    EmployeeUpsertSerializer,
    EnrolmentSerializer,
    IkmSerializer,
    JpLedgerSerializer,
    JpTotalSerializer,
    PeriodRangeSerializer,
    PeriodSerializer,
    SessionSerializer,
    TalentBoxFilterSerializer,
    TalentBoxSerializer,
    TrainingRecordAnswerSerializer,
    TrainingRecordSerializer,
    UnitSerializer,
    UpdatedSinceSerializer,
    YearSerializer,
    employee_cells,
)
from asn_portal.refusals import Refused
from asn_portal.spreadsheets import read_record
from evaluations import figures
from evaluations.models import Assessment, EvaluationPeriod
from feedback.models import Complaint, ServiceUnit
from feedback.periods import Period
from feedback.reports import units_table
from people import imports
from people.models import Employee, WorkUnit
from people.services import import_employees
from training import rules
from training.models import Certificate, Enrolment, JpCredit, TrainingSession
from training.models.ledger import with_jp_total, year_total
from training.services.ledger import RequestKeyReused, record_external_training

UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description=(
        "Only rows changed at or after this time (ISO 8601, e.g. "
        "2026-12-01T00:00:00+07:00). For an incremental sync, note the time before "
        "reading the first page and pass it on the next run."
    ),
)
YEAR = OpenApiParameter(
    "year", OpenApiTypes.INT, description="The calendar year; this year when absent."
)
# The endpoints KeyInfo lists, by name.
ENDPOINTS = [
    "units",
    "employees",
    "jp_totals",
    "certificate_verify",
    "sessions",
    "evaluation_periods",
    "ikm",
    "complaints",
    "training_records",
]


def _params(serializer_class, request, *, data=None):
    """The request's query parameters (or `data`), validated: a 400 saying which
    field is wrong otherwise."""
    params = serializer_class(data=request.query_params if data is None else data)
    params.is_valid(raise_exception=True)
    return params


class KeyInfo(APIView):
    """The key itself: its agency, name, scopes and expiry, and the endpoints. Needs
    a valid key, whatever its scopes."""

    @extend_schema(
        responses=inline_serializer(
            "KeyInfo",
            {
                "agency": inline_serializer(
                    "KeyAgency",
                    {"code": serializers.CharField(), "name": serializers.CharField()},
                ),
                "name": serializers.CharField(),
                "prefix": serializers.CharField(),
                "scopes": serializers.ListField(child=serializers.CharField()),
                "expires_on": serializers.DateField(),
                "endpoints": serializers.DictField(child=serializers.CharField()),
            },
        )
    )
    def get(self, request):
        key = request.auth
        endpoints = {
            name: request.build_absolute_uri(reverse(f"api:{name}"))
            for name in ENDPOINTS
        }
        return Response(
            {
                "agency": {"code": key.agency.code, "name": key.agency.name},
                "name": key.name,
                "prefix": key.prefix,
                "scopes": key.scopes,
                "expires_on": key.expires_on,
                "endpoints": endpoints,
            }
        )


class AgencyList(generics.ListAPIView):
    """A list of the key's agency, filtered by `updated_since` when given."""

    def since(self, queryset):
        since = _params(UpdatedSinceSerializer, self.request).validated_data.get(
            "updated_since"
        )
        return queryset.filter(updated_at__gte=since) if since else queryset


@extend_schema(parameters=[UPDATED_SINCE])
class UnitList(AgencyList):
    """The agency's work units (unit kerja), each with its parent."""

    required_scope = Scope.READ_PEOPLE
    serializer_class = UnitSerializer

    def get_queryset(self):
        units = WorkUnit.objects.in_agency(self.request.auth.agency_id)
        return self.since(units).select_related("parent")


def _employees(request):
    return (
        Employee.objects.in_agency(request.auth.agency_id)
        .select_related("unit")
        .select_related("supervisor")
    )


@extend_schema(
    parameters=[
        UPDATED_SINCE,
        OpenApiParameter(
            "active",
            OpenApiTypes.BOOL,
            description="true: only serving assignments; false: only ended ones.",
        ),
    ]
)
class EmployeeList(AgencyList):
    """The agency's ASN in SIASN's data-utama shape, ended assignments included
    (`aktif: false`) so a sync learns of them."""

    required_scope = Scope.READ_PEOPLE
    serializer_class = EmployeeSerializer

    def get_queryset(self):
        employees = self.since(_employees(self.request))
        active = self.request.query_params.get("active")
        if active in ("true", "false"):
            employees = employees.filter(is_active=active == "true")
        return employees


class EmployeeDetail(generics.RetrieveAPIView):
    """One ASN of the agency by NIP."""

    required_scope = Scope.READ_PEOPLE
    serializer_class = EmployeeSerializer
    lookup_field = "nip"

    def get_queryset(self):
        return _employees(self.request)


class JpLedger(APIView):
    """One ASN's JP ledger in a year: each line (what earned it, when, how many JP),
    the total and the agency's yearly target."""

    required_scope = Scope.READ_TRAINING

    @extend_schema(parameters=[YEAR], responses=JpLedgerSerializer)
    def get(self, request, nip):
        employee = get_object_or_404(
            Employee.objects.in_agency(request.auth.agency_id).select_related("agency"),
            nip=nip,
        )
        year = _params(YearSerializer, request).chosen_year()
        entries = JpCredit.objects.filter(employee=employee, year=year)
        ledger = {
            "nip": employee.nip,
            "year": year,
            "total": year_total(employee, year),
            "target": employee.agency.jp_target_per_year,
            "target_applies": _target_applies(employee),
            "entries": entries.order_by("date", "pk"),
        }
        return Response(JpLedgerSerializer(ledger).data)


def _target_applies(employee) -> bool:
    return rules.target_applies(
        status=employee.status,
        applies_to_pppk=employee.agency.jp_target_applies_to_pppk,
        legal_status=employee.legal_status,
    )


@extend_schema(parameters=[YEAR])
class JpTotals(generics.ListAPIView):
    """Every ASN of the agency with their JP of the year, the target, whether it
    applies to them and whether they reached it."""

    required_scope = Scope.READ_TRAINING
    serializer_class = JpTotalSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "year": self.year}

    def get_queryset(self):
        self.year = _params(YearSerializer, self.request).chosen_year()
        employees = Employee.objects.in_agency(self.request.auth.agency_id)
        employees = employees.select_related("unit", "agency")
        return with_jp_total(employees, year=self.year)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        for employee in page:
            employee.target_applies = _target_applies(employee)
            employee.reached = employee.jp_total >= employee.agency.jp_target_per_year
        return page


class CertificateVerify(APIView):
    """A certificate of the agency found by its number (the agency's numbering) or
    its verification code: what it certifies, for whom, and its public check page."""

    required_scope = Scope.READ_TRAINING

    @extend_schema(
        parameters=[
            OpenApiParameter("number", OpenApiTypes.STR, description="Its number."),
            OpenApiParameter("code", OpenApiTypes.STR, description="Its code."),
        ],
        responses=CertificateSerializer,
    )
    def get(self, request):
        lookup = _params(CertificateLookupSerializer, request).validated_data
        found = Q()
        if lookup.get("number"):
            found &= Q(number=lookup["number"])
        if lookup.get("code"):
            found &= Q(code=lookup["code"])
        certificates = Certificate.objects.in_agency(request.auth.agency_id)
        certificate = certificates.filter(found).first()
        if certificate is None:
            raise Http404
        context = {"request": request}
        return Response(CertificateSerializer(certificate, context=context).data)


@extend_schema(parameters=[UPDATED_SINCE])
class SessionList(AgencyList):
    """The agency's training sessions (angkatan) with their program, JP, dates,
    status and seats."""

    required_scope = Scope.READ_TRAINING
    serializer_class = SessionSerializer

    def get_queryset(self):
        sessions = TrainingSession.objects.in_agency(self.request.auth.agency_id)
        return self.since(sessions).select_related("program").with_seat_counts()


@extend_schema(parameters=[UPDATED_SINCE])
class EnrolmentList(AgencyList):
    """The participants of one session of the agency, with their status."""

    required_scope = Scope.READ_TRAINING
    serializer_class = EnrolmentSerializer

    def get_queryset(self):
        session = get_object_or_404(
            TrainingSession.objects.in_agency(self.request.auth.agency_id),
            pk=self.kwargs["pk"],
        )
        enrolments = Enrolment.objects.filter(session=session)
        return self.since(enrolments).select_related("employee")


class PeriodList(generics.ListAPIView):
    """The agency's assessment periods (monthly, quarterly, annual)."""

    required_scope = Scope.READ_EVALUATIONS
    serializer_class = PeriodSerializer

    def get_queryset(self):
        periods = EvaluationPeriod.objects.in_agency(self.request.auth.agency_id)
        return periods.assessable()


@extend_schema(
    parameters=[
        UPDATED_SINCE,
        OpenApiParameter(
            "final", OpenApiTypes.BOOL, description="true: only final results."
        ),
    ]
)
class PeriodResults(AgencyList):
    """Each ASN's SKP result of one period: ratings, predikat and status."""

    required_scope = Scope.READ_EVALUATIONS
    serializer_class = AssessmentSerializer

    def get_queryset(self):
        period = get_object_or_404(
            EvaluationPeriod.objects.in_agency(self.request.auth.agency_id),
            pk=self.kwargs["pk"],
        )
        results = Assessment.objects.for_period(period)
        if self.request.query_params.get("final") == "true":
            results = results.finalised()
        return self.since(results).select_related("employee__unit")


class IkmList(APIView):
    """The IKM of each of the agency's service units over a period (this year
    when no dates are given), with the NRR of every unsur, from the same daily
    totals as the IKM pages."""

    required_scope = Scope.READ_PUBLIC_SERVICE

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, description="From (1 Jan)."),
            OpenApiParameter("end", OpenApiTypes.DATE, description="To (31 Dec)."),
        ],
        responses=IkmSerializer(many=True),
    )
    def get(self, request):
        dates = _params(PeriodRangeSerializer, request).validated_data
        units = ServiceUnit.objects.in_agency(request.auth.agency_id)
        table = units_table(units, Period(dates["start"], dates["end"]))
        rows = [_ikm_row(row.key, row.result) for row in table]
        return Response(IkmSerializer(rows, many=True).data)


def _ikm_row(unit, result) -> dict:
    grade = result.grade
    return {
        "service_unit_id": unit.pk,
        "name": unit.name,
        "work_unit_code": unit.work_unit.code,
        "respondents": result.respondents,
        "ikm": result.ikm_unit_display,
        "mutu": grade.mutu if grade else None,
        "unsur": [
            {"code": u.code, "name": u.name, "answers": u.count, "nrr": u.nrr_display}
            for u in result.unsur
        ],
    }


def _unit_subtree(agency_id, code: str):
    """The agency's unit of that code and those below it; a 404 naming the code
    when the agency has none (another agency's unit too)."""
    unit = WorkUnit.objects.in_agency(agency_id).filter(code=code).first()
    if unit is None:
        raise NotFound(
            _("Instansi ini tidak punya unit kerja berkode %(code)s.") % {"code": code}
        )
    return WorkUnit.objects.subtree_of(unit)


@extend_schema(parameters=[TalentBoxFilterSerializer])
class TalentBox(generics.ListAPIView):
    """The 9-box of one period of the agency: each rated ASN's kinerja (from the
    predikat), potential and box, by the talent grid page's rule."""

    required_scope = Scope.READ_EVALUATIONS
    serializer_class = TalentBoxSerializer

    def get_queryset(self):
        agency_id = self.request.auth.agency_id
        period = get_object_or_404(
            EvaluationPeriod.objects.in_agency(agency_id), pk=self.kwargs["pk"]
        )
        wanted = _params(TalentBoxFilterSerializer, self.request).validated_data
        employees = Employee.objects.in_agency(agency_id)
        if "unit" in wanted:
            employees = employees.filter(
                unit__in=_unit_subtree(agency_id, wanted["unit"])
            )
        rows = figures.talent_boxes(period=period, employees=employees)
        if "box" in wanted:
            rows = rows.filter(figures.in_box(wanted["box"]))
        return rows.select_related("employee__unit")


@extend_schema(parameters=[ComplaintFilterSerializer])
class ComplaintList(generics.ListAPIView):
    """The complaints (pengaduan and saran) about the agency's service units: their
    status, due date and whether they are overdue, never what they say or who sent
    them."""

    required_scope = Scope.READ_PUBLIC_SERVICE
    serializer_class = ComplaintSerializer

    def get_queryset(self):
        agency_id = self.request.auth.agency_id
        wanted = _params(ComplaintFilterSerializer, self.request).validated_data
        complaints = Complaint.objects.in_agency(agency_id).with_overdue(
            timezone.localdate()
        )
        if wanted.get("updated_since"):
            complaints = complaints.filter(updated_at__gte=wanted["updated_since"])
        if "status" in wanted:
            complaints = complaints.filter(status=wanted["status"])
        if "service_unit" in wanted:
            complaints = complaints.filter(service_unit_id=wanted["service_unit"])
        if "unit" in wanted:
            units = _unit_subtree(agency_id, wanted["unit"])
            complaints = complaints.filter(service_unit__work_unit__in=units)
        if wanted.get("overdue") is not None:
            complaints = complaints.filter(overdue=wanted["overdue"])
        return complaints.select_related("service_unit__work_unit", "assigned_to")


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description=(
        "Your own id of this record (a UUID, or e.g. the LMS's completion id), at "
        "most 100 characters. Sent again with the same body (a retry after a "
        "timeout) it answers 200 with the first record and `replayed: true`, and "
        "credits nothing again; with another body, 409."
    ),
)
REPLAYED_HEADER = "Idempotent-Replayed"


class TrainingRecordCreate(APIView):
    """Record a training an ASN of the agency did elsewhere (an LMS course, a SIASN
    riwayat diklat): its minutes are credited to their JP ledger exactly once per
    Idempotency-Key. 201 with the record; 200 with the same record when the key
    was sent before with the same body; 409 when with another; 404 for a NIP the
    agency does not have."""

    required_scope = Scope.WRITE_TRAINING_RECORDS

    @extend_schema(
        parameters=[IDEMPOTENCY_KEY],
        request=TrainingRecordSerializer,
        responses={
            201: TrainingRecordAnswerSerializer,
            200: TrainingRecordAnswerSerializer,
        },
    )
    def post(self, request):
        request_key = _idempotency_key(request)
        record = _params(TrainingRecordSerializer, request, data=request.data)
        facts = dict(record.validated_data)
        employee = get_object_or_404(
            Employee.objects.in_agency(request.auth.agency_id).select_related("agency"),
            nip=facts.pop("nip"),
        )
        try:
            saved, created = record_external_training(
                employee=employee,
                request_key=request_key,
                sent_by=request.auth.name,
                **facts,
            )
        except RequestKeyReused as refusal:
            return Response(
                {"detail": refusal.message}, status=status.HTTP_409_CONFLICT
            )
        except Refused as refusal:
            raise ValidationError(
                refusal.message_dict if refusal.field else [refusal.message]
            ) from refusal
        answer = TrainingRecordAnswerSerializer(
            saved, context={"replayed": not created}
        )
        return Response(
            answer.data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
            headers={REPLAYED_HEADER: "false" if created else "true"},
        )


def _idempotency_key(request) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 100:
        raise ValidationError(
            {
                "Idempotency-Key": [
                    _(
                        "Kirim header Idempotency-Key (paling banyak 100 karakter): "
                        "kunci unik catatan ini, agar pengiriman ulang tidak "
                        "menambah JP dua kali."
                    )
                ]
            }
        )
    return key


# How many employees one batch may hold: one import, one transaction.
MAX_BATCH = 1000
SCALARS = (str, int, float, type(None))


class EmployeeBatch(APIView):
    """Create or update up to 1,000 ASN of the agency, matched by NIP, with the
    Excel import's rules and its all-or-nothing result: one bad row and nothing is
    saved (400 listing every bad row), else 200 with how many were created,
    updated and unchanged. Nobody missing from a batch is ended or removed."""

    required_scope = Scope.WRITE_PEOPLE

    @extend_schema(
        request=EmployeeUpsertSerializer(many=True),
        responses={
            200: EmployeeBatchAnswerSerializer,
            400: EmployeeBatchRefusalSerializer,
        },
    )
    def post(self, request):
        items = _batch(request.data)
        # Rows numbered from 1 as the import's messages name them ("baris 2").
        rows = [
            read_record(number, employee_cells(item), imports.COLUMNS)
            for number, item in enumerate(items, start=1)
        ]
        result = import_employees(
            agency=request.auth.agency,
            rows=rows,
            dry_run=False,
            actor=None,
            source=f"API {request.auth.name}"[:100],
        )
        if not result.is_valid:
            refusal = {
                "detail": _(
                    "Tidak ada yang disimpan: %(n)s dari %(total)s baris ditolak."
                )
                % {"n": len(result.errors), "total": result.total},
                "errors": _row_problems(result.errors),
            }
            return Response(refusal, status=status.HTTP_400_BAD_REQUEST)
        answer = {
            "total": result.total,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "warnings": _row_problems(result.warnings),
        }
        return Response(EmployeeBatchAnswerSerializer(answer).data)


def _batch(data) -> list[dict]:
    """The body: a JSON list of 1 to MAX_BATCH objects whose values are text,
    numbers or null; a 400 saying so otherwise."""
    fits = (
        isinstance(data, list)
        and 0 < len(data) <= MAX_BATCH
        and all(isinstance(item, dict) for item in data)
        and all(isinstance(v, SCALARS) for item in data for v in item.values())
    )
    if not fits:
        raise ValidationError(
            {
                "detail": _(
                    "Kirim daftar JSON berisi 1 sampai %(max)s pegawai; tiap pegawai "
                    "sebuah objek yang nilainya teks, angka atau null."
                )
                % {"max": MAX_BATCH}
            }
        )
    return data


def _row_problems(reports) -> list[dict]:
    return [
        {"index": report.number - 1, "nipBaru": report.nip, "messages": report.messages}
        for report in reports
    ]
