from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from people.admin import SuperuserOnlyAdmin
from siasn_ws.models import SiasnConnection


@admin.register(SiasnConnection)
class SiasnConnectionAdmin(SuperuserOnlyAdmin):
    """Superusers only: the addresses decide where the agency's SIASN credentials are
    sent, so an agency's HR cannot point them elsewhere."""

    list_display = [
        "agency",
        "enabled",
        "pull_enabled",
        "api_url",
        "instansi_id",
        "push_from",
    ]
    list_filter = ["enabled", "pull_enabled"]
    readonly_fields = ["credential_variables", "pull_finished_at", "pull_error"]

    @admin.display(description=_("kredensial (variabel lingkungan)"))
    def credential_variables(self, obj):
        if obj is None or not obj.agency_id:
            return "-"
        missing = set(obj.missing_variables())
        empty, filled = _("belum diisi"), _("terisi")
        return ", ".join(
            f"{name} ({empty if name in missing else filled})"
            for name in obj.variable_names()
        )
