"""Back office for programs, sessions, enrolments and attendance."""

from django.contrib import admin

from people.admin import AgencyScopedAdmin, ScopedTabularInline, WorkflowRecordAdmin
from training.models import (
    Attendance,
    Enrolment,
    Program,
    SessionDay,
    TrainingSession,
)


@admin.register(Program)
class ProgramAdmin(AgencyScopedAdmin):
    list_display = ["title", "form", "jp", "delivery_mode", "is_active"]
    list_filter = ["form", "delivery_mode", "is_active"]
    search_fields = ["title", "competency_area"]


class SessionDayInline(ScopedTabularInline):
    model = SessionDay


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
