from django.contrib import admin

from mentoring.models import (
    CompetencyArea,
    Goal,
    MentorProfile,
    Pair,
    Program,
    Session,
)
from people.admin import AgencyScopedAdmin, ScopedTabularInline, WorkflowRecordAdmin


@admin.register(CompetencyArea)
class CompetencyAreaAdmin(AgencyScopedAdmin):
    list_display = ["name", "agency"]
    search_fields = ["name"]


@admin.register(Program)
class ProgramAdmin(AgencyScopedAdmin):
    list_display = ["name", "start_date", "end_date", "fixed_jp_per_session", "agency"]
    list_filter = ["agency"]
    search_fields = ["name"]


@admin.register(MentorProfile)
class MentorProfileAdmin(AgencyScopedAdmin):
    list_display = ["employee", "capacity", "is_active"]
    raw_id_fields = ["employee"]
    filter_horizontal = ["competency_areas"]
    list_select_related = ["employee"]


class GoalInline(ScopedTabularInline):
    model = Goal


@admin.register(Pair)
class PairAdmin(AgencyScopedAdmin):
    """Read-mostly: pairs are made on the pairing page, where the rules are checked."""

    list_display = ["mentor", "mentee", "program", "status", "start_date", "end_date"]
    list_filter = ["status", "program"]
    list_select_related = ["mentor", "mentee", "program"]
    raw_id_fields = ["mentor", "mentee", "created_by"]
    # Set only by pairing from a follow-up (`services.pair_for_follow_up`).
    readonly_fields = ["follow_up_action"]
    inlines = [GoalInline]

    def has_add_permission(self, request):
        return False


@admin.register(Session)
class SessionAdmin(WorkflowRecordAdmin):
    """Sessions are logged and confirmed by the pair; the back office only looks."""

    list_display = ["date", "topic", "pair", "status", "jp"]
    list_filter = ["status"]
    list_select_related = ["pair__mentor", "pair__mentee"]
