from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dasbor dan laporan")
    role_permissions = {
        "hr": [
            "dashboard.view_dashboard",
            "dashboard.view_report",
            "dashboard.request_report",
            "dashboard.add_reportsubscription",
            "dashboard.delete_reportsubscription",
        ],
        "leader": [
            "dashboard.view_dashboard",
            "dashboard.view_report",
            "dashboard.request_report",
            "dashboard.add_reportsubscription",
            "dashboard.delete_reportsubscription",
        ],
    }

    def ready(self):
        from django.db.backends.signals import connection_created

        from dashboard.freshness import install

        connection_created.connect(install, dispatch_uid="dashboard-figure-writes")
