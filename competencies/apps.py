from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "competencies"
    verbose_name = _("Kamus kompetensi")
    role_permissions = {
        "hr": [
            "competencies.view_competency",
            "competencies.add_competency",
            "competencies.change_competency",
            "competencies.delete_competency",
            "competencies.view_jobstandard",
            "competencies.add_jobstandard",
            "competencies.change_jobstandard",
            "competencies.delete_jobstandard",
            "competencies.view_assessedlevel",
            "competencies.add_assessedlevel",
            "competencies.delete_assessedlevel",
        ],
        "leader": ["competencies.view_competency", "competencies.view_jobstandard"],
    }
