"""Back office for partners, needs and plans."""

from django.contrib import admin

from people.admin import AgencyScopedAdmin, ScopedTabularInline
from training.models import (
    BudgetAllocation,
    DevelopmentPlan,
    Partner,
    PartnerAgreement,
    PlannedProgram,
    TrainingNeed,
    UnitQuota,
)


class AgreementInline(ScopedTabularInline):
    model = PartnerAgreement


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


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(AgencyScopedAdmin):
    list_display = ["title", "year", "agency"]
    inlines = [AllocationInline]


class QuotaInline(ScopedTabularInline):
    model = UnitQuota


@admin.register(PlannedProgram)
class PlannedProgramAdmin(AgencyScopedAdmin):
    list_display = ["title", "plan", "batches", "participants_per_batch"]
    list_select_related = ["plan"]
    raw_id_fields = ["program", "partner"]
    inlines = [QuotaInline]
