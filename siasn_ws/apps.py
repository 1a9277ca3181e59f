from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiasnWsConfig(AppConfig):
    name = "siasn_ws"
    verbose_name = _("Layanan web SIASN")
    # HR follow what is sent to SIASN and send a refused record again once fixed;
    # they choose which data SIASN owns and switch the daily pull; the connection
    # itself (switch, addresses) is the superuser's, in the back office.
    role_permissions = {
        "hr": [
            "siasn_ws.view_outboxrecord",
            "siasn_ws.resend_outboxrecord",
            "siasn_ws.manage_siasn_sync",
        ],
    }
