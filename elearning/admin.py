from django.contrib import admin

from elearning.models import Choice, Lesson, Module, Progress, Question, Test
from people.admin import AgencyScopedAdmin, ScopedStackedInline, ScopedTabularInline


class LessonInline(ScopedStackedInline):
    model = Lesson


@admin.register(Module)
class ModuleAdmin(AgencyScopedAdmin):
    list_display = ["title", "agency", "competency_area", "jp", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title"]
    inlines = [LessonInline]


class ChoiceInline(ScopedTabularInline):
    model = Choice


@admin.register(Question)
class QuestionAdmin(AgencyScopedAdmin):
    list_display = ["text", "test", "order"]
    inlines = [ChoiceInline]


@admin.register(Test)
class TestAdmin(AgencyScopedAdmin):
    list_display = ["module", "kind"]


@admin.register(Progress)
class ProgressAdmin(AgencyScopedAdmin):
    list_display = ["employee", "module", "started_at", "completed_at", "pre_score"]
    list_select_related = ["employee", "module"]
    raw_id_fields = ["employee"]
