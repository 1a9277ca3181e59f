from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluasi kinerja")
    role_permissions = {
        "hr": [
            "evaluations.manage_evaluation",
            "evaluations.view_overview",
            "evaluations.view_talent_grid",
            "evaluations.view_evaluationperiod",
            "evaluations.add_evaluationperiod",
            "evaluations.change_evaluationperiod",
            "evaluations.view_evaluationsettings",
            "evaluations.change_evaluationsettings",
            "evaluations.view_potentialassessment",
            "evaluations.add_potentialassessment",
            "evaluations.change_potentialassessment",
            "evaluations.view_assessment",
            "evaluations.add_followup",
            "evaluations.change_followup",
        ],
        "leader": [
            "evaluations.view_overview",
            "evaluations.view_talent_grid",
            "evaluations.view_assessment",
            "evaluations.view_potentialassessment",
        ],
    }

    def ready(self):
        from evaluations.jobs import register

        register()
