from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdpConfig(AppConfig):
    name = "idp"
    verbose_name = _("Rencana pengembangan individu (IDP)")
    # Everyone writes their own plan and supervisors agree to their team's (checked
    # per plan); HR and leaders read the agency's.
    role_permissions = {
        "hr": ["idp.view_individualplan"],
        "leader": ["idp.view_individualplan"],
    }
