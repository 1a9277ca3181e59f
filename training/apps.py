from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_MODELS = [
    "program",
    "trainingsession",
    "sessionday",
    "enrolment",
    "attendance",
    "jpcredit",
    "partner",
    "partneragreement",
    "trainingneed",
    "developmentplan",
    "budgetallocation",
    "plannedprogram",
    "unitquota",
]
# Questionnaires, results, internships and certificates have their own permissions.
DELIVERY_PERMISSIONS = {
    "hr": [
        "training.manage_questionnaire",
        "training.view_training_results",
        "training.manage_internship",
        "training.view_certificate",
    ],
    "leader": ["training.view_training_results"],
}


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Pelatihan dan pengembangan kompetensi")
    role_permissions = {
        "hr": [
            f"training.{action}_{model}"
            for model in _MODELS
            for action in ("view", "add", "change", "delete")
        ]
        + ["training.manage_training"]
        + DELIVERY_PERMISSIONS["hr"],
        "leader": [f"training.view_{model}" for model in _MODELS]
        + DELIVERY_PERMISSIONS["leader"],
    }

    def ready(self):
        from training.jobs import register
        from training.services import jp_totals, rollup

        register()
        rollup.connect_signals()
        jp_totals.connect_signals()
