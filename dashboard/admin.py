from django.contrib import admin

from dashboard.models import Report, ReportSubscription
from people.admin import AgencyScopedAdmin


@admin.register(Report)
class ReportAdmin(AgencyScopedAdmin):
    list_display = ["__str__", "kind", "period_start", "status", "generated_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["generated_at", "generation_count", "claimed_at", "error"]


@admin.register(ReportSubscription)
class ReportSubscriptionAdmin(AgencyScopedAdmin):
    list_display = ["user", "agency", "kind"]
