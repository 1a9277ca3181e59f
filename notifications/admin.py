from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "step", "email_status", "created_at"]
    list_filter = ["kind", "email_status"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["recipient"]

    def has_module_permission(self, request):
        return request.user.is_superuser
