"""Back office for the JP ledger (read-only: credits come from the services)."""

from django.contrib import admin

from people.admin import WorkflowRecordAdmin
from training.models import (
    JpCredit,
)


@admin.register(JpCredit)
class JpCreditAdmin(WorkflowRecordAdmin):
    list_display = ["employee", "year", "date", "jp", "form", "description"]
    list_filter = ["year", "form"]
    list_select_related = ["employee"]
    search_fields = ["employee__name", "employee__nip", "source_key"]
