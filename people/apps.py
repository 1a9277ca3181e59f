from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("Pegawai dan organisasi")
    role_permissions = {
        "hr": [
            "people.view_agency",
            "people.view_workunit",
            "people.add_workunit",
            "people.change_workunit",
            "people.view_holiday",
            "people.add_holiday",
            "people.change_holiday",
            "people.delete_holiday",
            "people.view_delegation",
            "people.add_delegation",
            "people.change_delegation",
            "people.view_employee",
            "people.add_employee",
            "people.change_employee",
            "people.import_employees",
            "people.view_history",
            "people.manage_reminders",
            "people.manage_documents",
            "people.view_backofficechange",
        ],
        "leader": ["people.view_employee", "people.view_workunit"],
    }

    def ready(self):
        from django.db.backends.signals import connection_created

        from people import identity
        from people.roles import sync_role_groups

        post_migrate.connect(sync_role_groups, dispatch_uid="people_sync_role_groups")
        connection_created.connect(identity.install, dispatch_uid="people-identity")

    def derived_role_conditions(self):
        """Supervisor: has active direct reports in the org chart, or acts for a
        supervisor today as Plt/Plh (people/delegation.py)."""
        from django.db.models import Exists, OuterRef
        from django.utils import timezone

        from people.models import Delegation, Employee
        from people.roles import Role

        return {
            Role.SUPERVISOR: Exists(
                Employee.objects.filter(supervisor_id=OuterRef("pk"), is_active=True)
            )
            | Exists(
                Delegation.objects.active_on(timezone.localdate()).filter(
                    delegate_id=OuterRef("pk")
                )
            )
        }
