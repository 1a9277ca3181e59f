from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")
    # HR create, list and revoke their own agency's keys in the portal.
    role_permissions = {"hr": ["api.manage_apikey"]}
