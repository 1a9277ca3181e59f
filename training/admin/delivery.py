"""Back-office pages for the delivery models (imported from TrainingConfig.ready)."""

from django.contrib import admin

from people.admin import AgencyScopedAdmin, ScopedTabularInline, WorkflowRecordAdmin
from training.models import (
    Certificate,
    FollowUpEvaluation,
    InternshipPlacement,
    LogbookEntry,
    QuestionnaireResponse,
    QuestionnaireTemplate,
    SessionQuestionnaire,
    TemplateQuestion,
)


class TemplateQuestionInline(ScopedTabularInline):
    model = TemplateQuestion


@admin.register(QuestionnaireTemplate)
class QuestionnaireTemplateAdmin(AgencyScopedAdmin):
    list_display = ["name", "agency", "scale", "is_default", "follow_up_weeks"]
    list_filter = ["agency", "scale", "is_default"]
    inlines = [TemplateQuestionInline]


@admin.register(SessionQuestionnaire)
class SessionQuestionnaireAdmin(AgencyScopedAdmin):
    list_display = ["session", "template"]
    raw_id_fields = ["session"]


@admin.register(QuestionnaireResponse)
class QuestionnaireResponseAdmin(WorkflowRecordAdmin):
    list_display = ["session", "submitted_at"]
    raw_id_fields = ["enrolment", "session", "program"]
    list_select_related = ["session__program"]


@admin.register(FollowUpEvaluation)
class FollowUpEvaluationAdmin(AgencyScopedAdmin):
    list_display = ["enrolment", "supervisor", "score", "scale", "submitted_at"]
    raw_id_fields = ["enrolment", "session", "program", "supervisor"]


class LogbookEntryInline(ScopedTabularInline):
    model = LogbookEntry
    readonly_fields = ["signed_off_at", "signed_off_by"]


@admin.register(InternshipPlacement)
class InternshipPlacementAdmin(AgencyScopedAdmin):
    list_display = ["employee", "host_institution", "start_date", "end_date", "status"]
    list_filter = ["agency", "status"]
    raw_id_fields = ["employee", "internal_supervisor", "evaluated_by"]
    inlines = [LogbookEntryInline]


@admin.register(Certificate)
class CertificateAdmin(WorkflowRecordAdmin):
    list_display = ["code", "holder_name", "title", "jp", "issued_at"]
    search_fields = ["code", "holder_name", "holder_nip"]
    raw_id_fields = ["enrolment", "placement", "employee"]
