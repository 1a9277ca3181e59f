from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.http import Http404
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from simple_history.admin import SimpleHistoryAdmin

from people.models import Agency, Employee, Holiday, WorkUnit


class ScopedHistoryAdmin(SimpleHistoryAdmin):
    """simple_history's history pages fall back to the history table when the
    object is outside `get_queryset`, which would show (and let revert) another
    agency's records; here an object out of scope has no history either."""

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # Models without simple_history keep Django's own history page and form.
        self.tracks_history = hasattr(model._meta, "simple_history_manager_attribute")
        if not self.tracks_history:
            self.object_history_template = None
            self.change_form_template = None

    def _in_scope_or_404(self, request, object_id):
        if request.user.is_superuser:
            return
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        if not self.tracks_history:
            return admin.ModelAdmin.history_view(
                self, request, object_id, extra_context
            )
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        if not self.tracks_history:
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class AgencyScopedAdmin(ScopedHistoryAdmin):
    """Back office for HR staff: they see and pick only their own agency's rows.

    Subclasses name the agency field with `agency_field` (a lookup path)."""

    agency_field = "agency"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        employee = getattr(request.user, "employee", None)
        if employee is None:
            return queryset.none()
        return queryset.filter(**{f"{self.agency_field}_id": employee.agency_id})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        employee = getattr(request.user, "employee", None)
        if not request.user.is_superuser and employee is not None:
            related = db_field.related_model
            if related is Agency:
                kwargs["queryset"] = Agency.objects.filter(pk=employee.agency_id)
            elif related is get_user_model():
                # Only accounts not yet linked elsewhere; never a superuser's.
                kwargs["queryset"] = related._default_manager.filter(
                    Q(employee__isnull=True)
                    | Q(employee__agency_id=employee.agency_id),
                    is_superuser=False,
                )
            elif any(f.name == "agency" for f in related._meta.get_fields()):
                kwargs["queryset"] = related._default_manager.filter(
                    agency_id=employee.agency_id
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Agency)
class AgencyAdmin(ScopedHistoryAdmin):
    list_display = ["name", "short_name", "code", "jp_target_per_year"]
    prepopulated_fields = {"code": ["short_name"]}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        employee = getattr(request.user, "employee", None)
        return queryset.filter(pk=employee.agency_id) if employee else queryset.none()


@admin.register(Holiday)
class HolidayAdmin(AgencyScopedAdmin):
    list_display = ["date", "name", "agency"]
    list_filter = [("agency", admin.RelatedOnlyFieldListFilter)]


@admin.register(WorkUnit)
class WorkUnitAdmin(AgencyScopedAdmin):
    list_display = ["name", "code", "parent", "agency"]
    list_filter = [("agency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "code"]
    list_select_related = ["parent", "agency"]


@admin.register(Employee)
class EmployeeAdmin(AgencyScopedAdmin):
    list_display = ["name", "nip", "status", "golongan", "jabatan_name", "unit"]
    list_filter = [
        "status",
        "jabatan_type",
        ("agency", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "nip"]
    list_select_related = ["unit"]
    raw_id_fields = ["user", "supervisor"]
    readonly_fields = ["birth_date", "gender"]


# --- Global configuration: superusers only ------------------------------------------


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Configuration shared by every agency of the deployment (the Celery beat
    schedules, the role groups and their permissions). A permission granted to a
    group by mistake must not open it to an agency's HR: only superusers get in.
    What an agency may tune (its reminder days and hour) lives on the agency, in the
    portal."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request) and super().has_add_permission(
            request
        )

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_delete_permission(
            request, obj
        )


def _superuser_only(model) -> None:
    """Register `model` again with its own admin class, behind SuperuserOnlyAdmin."""
    original = admin.site._registry[model].__class__
    admin.site.unregister(model)
    admin.site.register(
        model,
        type(original.__name__, (SuperuserOnlyAdmin, original), {}),
    )


for _model in (
    Group,
    PeriodicTask,
    CrontabSchedule,
    IntervalSchedule,
    SolarSchedule,
    ClockedSchedule,
):
    _superuser_only(_model)


@admin.register(Permission)
class PermissionAdmin(SuperuserOnlyAdmin):
    """Read-only: permissions come from the models and the apps' role grants."""

    list_display = ["name", "codename", "content_type"]
    list_filter = ["content_type__app_label"]
    search_fields = ["name", "codename"]
    list_select_related = ["content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
