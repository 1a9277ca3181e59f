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


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Pelatihan dan pengembangan kompetensi")
    role_permissions = {
        "hr": [
            f"training.{action}_{model}"
            for model in _MODELS
            for action in ("view", "add", "change", "delete")
        ]
        + ["training.manage_training"],
        "leader": [f"training.view_{model}" for model in _MODELS],
    }
