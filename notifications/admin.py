from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from asn_portal.formats import numbers
from notifications import services
from notifications.models import ChannelMessage, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "recipient",
        "to_email",
        "kind",
        "step",
        "email_status",
        "email_attempts",
        "created_at",
    ]
    list_filter = ["kind", "email_status"]
    search_fields = ["title", "recipient__username", "to_email"]
    raw_id_fields = ["recipient"]
    readonly_fields = [
        "email_status",
        "email_attempts",
        "email_lease_until",
        "email_next_attempt_at",
        "email_sent_at",
        "email_last_error",
    ]
    actions = ["send_failed_emails_again"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    @admin.action(description=_("Kirim ulang email yang gagal"))
    def send_failed_emails_again(self, request, queryset):
        count = services.retry_failed_emails(queryset=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)s email dijadwalkan untuk dikirim ulang.",
                "%(count)s email dijadwalkan untuk dikirim ulang.",
                count,
            )
            % numbers(count=count),
            messages.SUCCESS,
        )


@admin.register(ChannelMessage)
class ChannelMessageAdmin(admin.ModelAdmin):
    """What the WhatsApp/SMS outbox did, for the operator: read only."""

    list_display = [
        "notification",
        "channel",
        "to_number",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["channel", "status"]
    search_fields = ["to_number", "notification__title"]
    readonly_fields = [field.name for field in ChannelMessage._meta.fields]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
