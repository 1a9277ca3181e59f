"""Back office for training: HR staff see and pick only their own agency's rows;
workflows (enrolment, completion, JP) go through the portal's services, so those
models are read-only here."""

from django.contrib import admin

from people.admin import AgencyScopedAdmin, ScopedTabularInline, WorkflowRecordAdmin
from training.models import (
    Attendance,
    BudgetAllocation,
    DevelopmentPlan,
    Enrolment,
    JpCredit,
    Partner,
    PartnerAgreement,
    PlannedProgram,
    Program,
    SessionDay,
    TrainingNeed,
    TrainingSession,
    UnitQuota,
)


class AgreementInline(ScopedTabularInline):
    model = PartnerAgreement
    extra = 0


@admin.register(Partner)
class PartnerAdmin(AgencyScopedAdmin):
    list_display = ["name", "kind", "is_active", "agency"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    inlines = [AgreementInline]


@admin.register(TrainingNeed)
class TrainingNeedAdmin(AgencyScopedAdmin):
    list_display = ["competency", "unit", "year", "participants", "priority", "status"]
    list_filter = ["year", "status", "priority"]
    list_select_related = ["unit"]
    raw_id_fields = ["proposed_by", "planned_program"]


class AllocationInline(ScopedTabularInline):
    model = BudgetAllocation
    extra = 0


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(AgencyScopedAdmin):
    list_display = ["title", "year", "agency"]
    inlines = [AllocationInline]


class QuotaInline(ScopedTabularInline):
    model = UnitQuota
    extra = 0


@admin.register(PlannedProgram)
class PlannedProgramAdmin(AgencyScopedAdmin):
    list_display = ["title", "plan", "batches", "participants_per_batch"]
    list_select_related = ["plan"]
    raw_id_fields = ["program", "partner"]
    inlines = [QuotaInline]


@admin.register(Program)
class ProgramAdmin(AgencyScopedAdmin):
    list_display = ["title", "form", "jp", "delivery_mode", "is_active"]
    list_filter = ["form", "delivery_mode", "is_active"]
    search_fields = ["title", "competency_area"]


class SessionDayInline(ScopedTabularInline):
    model = SessionDay
    extra = 0


@admin.register(TrainingSession)
class TrainingSessionAdmin(AgencyScopedAdmin):
    list_display = ["__str__", "start_date", "end_date", "capacity", "status"]
    list_filter = ["status"]
    list_select_related = ["program"]
    date_hierarchy = "start_date"
    inlines = [SessionDayInline]


@admin.register(Enrolment)
class EnrolmentAdmin(WorkflowRecordAdmin):
    list_display = ["employee", "session", "status", "waitlist_position"]
    list_filter = ["status"]
    list_select_related = ["employee", "session__program"]
    search_fields = ["employee__name", "employee__nip"]


@admin.register(Attendance)
class AttendanceAdmin(WorkflowRecordAdmin):
    list_display = ["enrolment", "day", "present"]
    list_select_related = ["enrolment__employee", "enrolment__session__program", "day"]


@admin.register(JpCredit)
class JpCreditAdmin(WorkflowRecordAdmin):
    list_display = ["employee", "year", "date", "jp", "form", "description"]
    list_filter = ["year", "form"]
    list_select_related = ["employee"]
    search_fields = ["employee__name", "employee__nip", "source_key"]
