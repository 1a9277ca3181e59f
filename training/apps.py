from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Delivery side (questionnaires, results, internships, certificates). At merge the
# lead joins these lists with the core's.
DELIVERY_ROLE_PERMISSIONS = {
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
    role_permissions = DELIVERY_ROLE_PERMISSIONS

    def ready(self):
        from training import admin_delivery  # noqa: F401 - registers the admin pages
