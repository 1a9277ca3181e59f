from django.contrib import admin

from feedback.models import (
    Complaint,
    ComplaintEvent,
    FeedbackSettings,
    ServiceUnit,
    SurveyResponse,
)
from people.admin import (
    AgencyScopedAdmin,
    ReadOnlyInlineMixin,
    ScopedTabularInline,
    WorkflowRecordAdmin,
)


@admin.register(FeedbackSettings)
class FeedbackSettingsAdmin(AgencyScopedAdmin):
    list_display = ["agency", "ikm_weight"]


@admin.register(ServiceUnit)
class ServiceUnitAdmin(AgencyScopedAdmin):
    list_display = ["name", "work_unit", "slug", "head", "is_active"]
    list_filter = ["is_active", "work_unit__agency"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["head", "staff"]
    list_select_related = ["work_unit", "head"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(AgencyScopedAdmin):
    list_display = ["service_unit", "submitted_at", "source"]
    list_filter = ["source"]
    list_select_related = ["service_unit"]
    raw_id_fields = ["service_unit", "entered_by"]
    show_full_result_count = False

    def has_delete_permission(self, request, obj=None):
        # The daily totals hold these answers; a correction is a rebuild
        # (services.rebuild_daily_totals), not a silent delete.
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ComplaintEventInline(ReadOnlyInlineMixin, ScopedTabularInline):
    model = ComplaintEvent
    readonly_fields = ["kind", "actor", "note", "created_at"]


@admin.register(Complaint)
class ComplaintAdmin(WorkflowRecordAdmin):
    """Complaints move only through the portal (feedback.services), which writes the
    event the public tracking page shows."""

    list_display = ["__str__", "status", "submitted_at", "due_date", "escalation"]
    list_filter = ["status", "kind"]
    list_select_related = ["service_unit"]
    raw_id_fields = ["service_unit", "assigned_to"]
    readonly_fields = ["tracking_hash", "submission_token"]
    inlines = [ComplaintEventInline]
