from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from simple_history.admin import SimpleHistoryAdmin

from people import audit, scope
from people.models import (
    Agency,
    Delegation,
    DocumentSettings,
    Employee,
    Holiday,
    Signatory,
    WorkUnit,
)
from people.models import BackOfficeChange as Change


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
        if scope.sees_every_agency(request.user):
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


class ScopedChoicesMixin:
    """Every relation choice a back-office form offers (foreign key, many-to-many,
    raw id, autocomplete) is limited by `people.scope.choices_for`. The form field
    validates against the same queryset, so a forged POST naming another agency's
    row is refused at the field.

    An agency has thousands of employees and hundreds of units: a select of them
    would weigh megabytes, so employees and units are picked by search (the
    autocomplete asks the target admin, whose queryset is the user's agency) and
    accounts and the records an agency holds per person or per session day
    (assessments, enrolments, SKP plans...) by their id (`grows_with_the_agency`)."""

    searched_models = (Employee, WorkUnit)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django reads the attribute itself (there is no get_raw_id_fields hook).
        self.raw_id_fields = [
            *self.raw_id_fields,
            *(
                field.name
                for field in self._relations()
                if field.name not in self.raw_id_fields
                and field.related_model not in self.searched_models
                and grows_with_the_agency(field.related_model)
            ),
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["queryset"] = self._choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["queryset"] = self._choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _choices(self, db_field, request, kwargs):
        queryset = kwargs.get("queryset")
        if queryset is None:
            queryset = self.get_field_queryset(None, db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.all()
        return scope.choices_for(queryset, request.user)

    def get_autocomplete_fields(self, request):
        declared = list(super().get_autocomplete_fields(request))
        raw = set(self.raw_id_fields)
        return declared + [
            field.name
            for model in self.searched_models
            for field in self._relations(model)
            if field.name not in raw and field.name not in declared
        ]

    def _relations(self, related_model=None):
        return [
            field
            for field in self.model._meta.get_fields()
            if field.concrete
            and field.is_relation
            and (field.many_to_one or field.many_to_many or field.one_to_one)
            and (related_model is None or field.related_model is related_model)
        ]


# Rows an agency holds by the thousand without a foreign key to an employee.
PER_SESSION = {"training.TrainingSession", "training.SessionDay"}


def grows_with_the_agency(model, _seen=frozenset()) -> bool:
    """Whether an agency holds `model`'s rows by the thousand at 20,000 ASN, so that
    the back office picks them by id rather than from a select: employees, units and
    accounts, every record that belongs to one employee (an enrolment, an assessment,
    an SKP plan) or to such a record (a plan's work result), and sessions and their
    days."""
    if model in (Employee, WorkUnit, get_user_model()):
        return True
    if model._meta.label in PER_SESSION:
        return True
    if model in _seen:
        return False
    return any(
        not field.null and grows_with_the_agency(field.related_model, _seen | {model})
        for field in model._meta.concrete_fields
        if field.many_to_one or field.one_to_one
    )


class ScopedTabularInline(ScopedChoicesMixin, admin.TabularInline):
    extra = 0  # a row is added on purpose, not left blank beneath every record


class ScopedStackedInline(ScopedChoicesMixin, admin.StackedInline):
    extra = 0


class AgencyScopedAdmin(ScopedChoicesMixin, ScopedHistoryAdmin):
    """Back office for HR staff: they see, filter and pick only their own agency's
    rows (`people.scope`), and what they save must stay in their agency."""

    def get_queryset(self, request):
        return scope.in_agency_of(super().get_queryset(request), request.user)

    def get_list_filter(self, request):
        # A filter on a relation lists only the related rows that the scoped
        # changelist holds, not every agency's.
        return [
            self._scoped_filter(entry) for entry in super().get_list_filter(request)
        ]

    def _scoped_filter(self, entry):
        if not isinstance(entry, str):
            path, filter_class = entry
            if filter_class is admin.RelatedFieldListFilter:
                return (path, admin.RelatedOnlyFieldListFilter)
            return entry
        if get_fields_from_path(self.model, entry)[-1].is_relation:
            return (entry, admin.RelatedOnlyFieldListFilter)
        return entry

    def save_model(self, request, obj, form, change):
        form.audit_before = audit.snapshot(_fresh(obj) if change else None)
        super().save_model(request, obj, form, change)
        # The last check: whatever the form allowed, the row stays in the agency
        # (the admin's save runs in a transaction, so a refusal leaves nothing).
        if not self.get_queryset(request).filter(pk=obj.pk).exists():
            raise PermissionDenied

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the many-to-many fields and inlines, so the "after" is complete.
        audit.record_change(
            user=request.user,
            action=Change.Action.CHANGE if change else Change.Action.ADD,
            instance=form.instance,
            before=form.audit_before,
            after=audit.snapshot(form.instance),
        )

    def save_formset(self, request, form, formset, change):
        before = {
            inline_form.instance.pk: audit.snapshot(_fresh(inline_form.instance))
            for inline_form in formset.initial_forms
            if inline_form.has_changed()
        }
        super().save_formset(request, form, formset, change)
        for row in formset.new_objects:
            self._record(request, Change.Action.ADD, row, {}, audit.snapshot(row))
        for row, _fields in formset.changed_objects:
            after = audit.snapshot(row)
            self._record(request, Change.Action.CHANGE, row, before[row.pk], after)
        for row in formset.deleted_objects:
            self._record(request, Change.Action.DELETE, row, before[row.pk], {})

    def delete_model(self, request, obj):
        before, pk = audit.snapshot(obj), obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        self._record(request, Change.Action.DELETE, obj, before, {})

    def delete_queryset(self, request, queryset):
        rows = [(row, row.pk, audit.snapshot(row)) for row in queryset]
        super().delete_queryset(request, queryset)
        for row, pk, before in rows:
            row.pk = pk
            self._record(request, Change.Action.DELETE, row, before, {})

    def _record(self, request, action, row, before, after):
        audit.record_change(
            user=request.user, action=action, instance=row, before=before, after=after
        )


class WorkflowRecordAdmin(AgencyScopedAdmin):
    """Records a workflow writes (complaints, enrolments, attendance, JP credits,
    assessments, certificates...): shown here, never added, changed or deleted
    here, not even by a superuser. Changes go through the portal's services, which
    write the event, the history and the notification."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInlineMixin:
    """An inline of a workflow record: shown, never edited."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _fresh(row):
    """The row as stored, before the form's changes were applied to `row`."""
    return type(row)._default_manager.filter(pk=row.pk).first()


@admin.register(Agency)
class AgencyAdmin(AgencyScopedAdmin):
    list_display = ["name", "short_name", "code", "jp_target_per_year"]
    prepopulated_fields = {"code": ["short_name"]}


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


@admin.register(Delegation)
class DelegationAdmin(AgencyScopedAdmin):
    """Plt/Plh of the HR user's agency: both people are picked from its employees
    (and the model refuses a delegate of another agency), the row is kept in the
    agency on save. Once saved, who acted for whom stays as it was: the approvals,
    ratings and decisions made under it name the delegation."""

    list_display = [
        "delegate",
        "kind",
        "delegator",
        "start_date",
        "end_date",
        "ended_on",
        "decree_number",
    ]
    list_filter = ["kind"]
    search_fields = ["delegate__name", "delegator__name", "decree_number"]
    list_select_related = ["delegate", "delegator"]
    date_hierarchy = "start_date"

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "created_by"]
        if obj is not None:
            readonly += ["delegator", "delegate"]
        return readonly

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(DocumentSettings)
class DocumentSettingsAdmin(AgencyScopedAdmin):
    list_display = ["agency", "place", "certificate_number_pattern"]
    list_select_related = ["agency"]


@admin.register(Signatory)
class SignatoryAdmin(AgencyScopedAdmin):
    list_display = ["kind", "name", "jabatan", "agency"]
    list_filter = ["kind", ("agency", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["agency"]


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
