from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Survei kepuasan dan pengaduan")
    # Unit staff are not a group: they are ServiceUnit.staff / head (see models).
    role_permissions = {
        "hr": [
            "feedback.view_serviceunit",
            "feedback.add_serviceunit",
            "feedback.change_serviceunit",
            "feedback.view_surveyresponse",
            "feedback.add_surveyresponse",
            "feedback.view_complaint",
            "feedback.change_complaint",
            "feedback.view_feedbacksettings",
            "feedback.change_feedbacksettings",
        ],
        "leader": [
            "feedback.view_serviceunit",
            "feedback.view_surveyresponse",
            "feedback.view_complaint",
        ],
    }

    def ready(self):
        from feedback.jobs import register

        register()
