from django.contrib import admin

from evaluations.models import (
    Assessment,
    AssessmentResult,
    BehaviourRating,
    EvaluationPeriod,
    EvaluationSettings,
    FeedbackNote,
    FollowUp,
    FollowUpAction,
    Objection,
    PerformancePlan,
    PotentialAssessment,
    WorkResult,
)
from people.admin import (
    AgencyScopedAdmin,
    ReadOnlyInlineMixin,
    ScopedTabularInline,
    WorkflowRecordAdmin,
)


@admin.register(EvaluationSettings)
class EvaluationSettingsAdmin(AgencyScopedAdmin):
    list_display = ["agency", "frequency", "sangat_baik_cap_percent"]


@admin.register(EvaluationPeriod)
class EvaluationPeriodAdmin(AgencyScopedAdmin):
    list_display = ["name", "agency", "year", "kind", "opens_on", "closes_on"]
    list_filter = ["agency", "year", "kind"]


class WorkResultInline(ScopedTabularInline):
    model = WorkResult
    raw_id_fields = ["supports"]


@admin.register(PerformancePlan)
class PerformancePlanAdmin(AgencyScopedAdmin):
    list_display = ["employee", "year", "status"]
    list_filter = ["year", "status"]
    raw_id_fields = ["employee", "appraiser"]
    inlines = [WorkResultInline]


class AssessmentResultInline(ReadOnlyInlineMixin, ScopedTabularInline):
    model = AssessmentResult
    extra = 0
    readonly_fields = ["work_result", "rating"]


class BehaviourRatingInline(ReadOnlyInlineMixin, ScopedTabularInline):
    model = BehaviourRating
    extra = 0
    readonly_fields = ["value", "rating"]


@admin.register(Assessment)
class AssessmentAdmin(WorkflowRecordAdmin):
    """Read-only: ratings and predikat change only through the services, so that
    every change is checked and kept in the history."""

    list_display = ["employee", "period", "status", "predikat"]
    list_filter = ["status", "predikat", "period__year"]
    raw_id_fields = ["plan", "employee", "rated_by"]
    readonly_fields = [
        "status",
        "hasil_kerja",
        "perilaku_kerja",
        "predikat",
        "rated_by",
        "rated_at",
    ]
    inlines = [AssessmentResultInline, BehaviourRatingInline]


@admin.register(FeedbackNote)
class FeedbackNoteAdmin(AgencyScopedAdmin):
    list_display = ["plan", "author", "date"]


@admin.register(Objection)
class ObjectionAdmin(WorkflowRecordAdmin):
    list_display = ["assessment", "decision", "decided_at"]


class FollowUpActionInline(ScopedTabularInline):
    model = FollowUpAction


@admin.register(FollowUp)
class FollowUpAdmin(AgencyScopedAdmin):
    list_display = ["assessment", "kind", "review_date"]
    inlines = [FollowUpActionInline]


@admin.register(PotentialAssessment)
class PotentialAssessmentAdmin(AgencyScopedAdmin):
    list_display = ["employee", "year", "score", "level"]
    raw_id_fields = ["employee"]
