from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentoring")
    role_permissions = {
        "hr": [
            "mentoring.view_program",
            "mentoring.add_program",
            "mentoring.change_program",
            "mentoring.view_competencyarea",
            "mentoring.add_competencyarea",
            "mentoring.change_competencyarea",
            "mentoring.view_mentorprofile",
            "mentoring.add_mentorprofile",
            "mentoring.change_mentorprofile",
            "mentoring.view_pair",
            "mentoring.add_pair",
            "mentoring.change_pair",
        ],
        "leader": ["mentoring.view_program", "mentoring.view_pair"],
    }

    def derived_role_conditions(self):
        """Mentor: someone HR named a mentor, or who mentors an active pair."""
        from django.db.models import Exists, OuterRef

        from mentoring.models import MentorProfile, Pair
        from people.roles import Role

        return {
            Role.MENTOR: Exists(
                MentorProfile.objects.filter(employee=OuterRef("pk"), is_active=True)
            )
            | Exists(Pair.objects.active().filter(mentor=OuterRef("pk")))
        }
