from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElearningConfig(AppConfig):
    name = "elearning"
    verbose_name = _("E-learning")
    # HR authors its agency's modules and reads the results; leaders read the
    # results. Taking a module needs no permission: every ASN of the agency may.
    role_permissions = {
        "hr": [
            "elearning.manage_elearning",
            "elearning.view_module",
            "elearning.add_module",
            "elearning.change_module",
            "elearning.view_lesson",
            "elearning.add_lesson",
            "elearning.change_lesson",
            "elearning.delete_lesson",
            "elearning.view_test",
            "elearning.view_question",
            "elearning.add_question",
            "elearning.change_question",
            "elearning.delete_question",
            "elearning.view_choice",
            "elearning.add_choice",
            "elearning.change_choice",
            "elearning.delete_choice",
            "elearning.view_progress",
            "elearning.view_testattempt",
        ],
        "leader": [
            "elearning.view_module",
            "elearning.view_progress",
            "elearning.view_testattempt",
        ],
    }

    def ready(self):
        from elearning.jobs import register

        register()
