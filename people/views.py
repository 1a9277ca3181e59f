from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import allow
from asn_portal.exports import xlsx_response
from asn_portal.refusals import attempt
from people import pickers, scope, services
from people.forms import (
    AccountsForm,
    ContactForm,
    EmployeeForm,
    EmployeeImportForm,
    ReminderSettingsForm,
    WorkUnitForm,
)
from people.imports import TEMPLATE_HEADER
from people.models import Agency, BackOfficeChange, Employee, WorkUnit
from people.roles import Role, has_role
from people.scope import employee_of, sees_every_agency

IMPORT_SESSION_KEY = "people_import"


@allow()
def home(request):
    employee = employee_of(request.user)
    return render(request, "people/home.html", {"employee": employee})


@allow()
def employee_list(request):
    employees = (
        Employee.objects.visible_to(request.user)
        .select_related("unit", "supervisor")
        .order_by("unit__path", "name")
    )
    query = request.GET.get("q", "").strip()
    if query:
        employees = employees.filter(
            Q(name__icontains=query) | Q(nip__startswith=query)
        )
    whole_agency = has_role(request.user, Role.HR) or has_role(
        request.user, Role.LEADER
    )
    own = employee_of(request.user)
    if request.GET.get("tim") and own is not None:
        # "Tim saya": a leader or HR member who also supervises sees just the team.
        employees = employees.filter(supervisor=own)
        whole_agency = False
    units, selected_unit = [], None
    if whole_agency:
        units = list(WorkUnit.objects.visible_to(request.user).only("name", "path"))
        for unit in units:
            unit.indent = "\u00a0\u00a0" * (unit.depth - 1)
        selected_unit = next(
            (u for u in units if str(u.pk) == request.GET.get("unit", "")), None
        )
        if selected_unit is not None:
            employees = employees.for_unit_subtree(selected_unit)
    page = Paginator(employees, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/employee_list.html",
        {
            "page": page,
            "query": query,
            "units": units,
            "selected_unit": selected_unit,
            "whole_agency": whole_agency,
        },
    )


@allow()
def employee_detail(request, pk):
    employee = get_object_or_404(
        Employee.objects.visible_to(request.user).select_related(
            "agency", "unit", "supervisor", "user"
        ),
        pk=pk,
    )
    team = employee.team.filter(is_active=True).select_related("unit")
    return render(
        request,
        "people/employee_detail.html",
        {"subject": employee, "team": team, "lineage": employee.unit.lineage()},
    )


@allow()
def employee_history(request, pk):
    """HR reads anyone's history in their agency; an ASN reads their own."""
    employee = get_object_or_404(Employee.objects.visible_to(request.user), pk=pk)
    own = employee.user_id == request.user.pk
    if not (own or request.user.has_perm("people.view_history")):
        raise PermissionDenied
    records = employee.history.select_related("history_user").order_by("-history_date")[
        :200
    ]
    return render(
        request,
        "people/employee_history.html",
        {"subject": employee, "changes": _describe_changes(records)},
    )


def _describe_changes(records):
    records = list(records)
    changes = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        diffs = newer.diff_against(older).changes if older is not None else []
        labelled = [
            {
                "label": Employee._meta.get_field(d.field).verbose_name,
                "old": d.old,
                "new": d.new,
            }
            for d in diffs
        ]
        changes.append({"record": newer, "diffs": labelled})
    return changes


@allow("people.import_employees")
def employee_import(request):
    """Upload → preview: every bad row with its reason, or the counts to confirm."""
    form = EmployeeImportForm(
        request.POST or None, request.FILES or None, agency=_own_agency(request.user)
    )
    if request.method != "POST" or not form.is_valid():
        return render(request, "people/employee_import.html", {"form": form})
    agency = form.chosen_agency()
    result = services.import_employees(
        agency=agency, rows=form.sheet.rows, dry_run=True, actor=request.user
    )
    _forget_pending(request)
    token = None
    if result.is_valid:
        token = services.stash_rows(form.sheet.rows)
        request.session[IMPORT_SESSION_KEY] = {
            "token": token,
            "agency": agency.pk,
            "filename": form.cleaned_data["file"].name[:120],
        }
    return render(
        request,
        "people/employee_import_preview.html",
        {
            "form": EmployeeImportForm(agency=_own_agency(request.user)),
            "result": result,
            "agency": agency,
            "confirm_id": token,
            "filename": form.cleaned_data["file"].name,
        },
    )


@allow("people.import_employees")
@require_POST
def employee_import_confirm(request):
    """Check the previewed rows again against the database, then import them in one
    transaction."""
    pending = request.session.get(IMPORT_SESSION_KEY) or {}
    own = _own_agency(request.user)
    rows = None
    token = request.POST.get("token", "")
    if (
        token
        and pending.get("token") == token
        and (own is None or own.pk == pending.get("agency"))
    ):
        rows = services.load_rows(pending["token"])
    if rows is None:
        # Confirmed twice, or the session ended: the preview is gone, nothing leaks.
        messages.warning(
            request, _("Pratinjau ini sudah tidak berlaku; unggah berkas lagi.")
        )
        return redirect("people:employee_import")
    agency = get_object_or_404(Agency, pk=pending["agency"])
    result = services.import_employees(
        agency=agency, rows=rows, dry_run=False, actor=request.user
    )
    if not result.applied:
        _forget_pending(request)
        messages.error(
            request, _("Data berubah sejak pratinjau; tidak ada yang diimpor.")
        )
        return render(
            request,
            "people/employee_import_preview.html",
            {
                "form": EmployeeImportForm(agency=own),
                "result": result,
                "agency": agency,
                "confirm_id": None,
                "filename": pending.get("filename", ""),
            },
        )
    _forget_pending(request)
    messages.success(
        request,
        _(
            "Impor selesai: %(created)s pegawai baru, %(updated)s diperbarui, "
            "%(unchanged)s tidak berubah."
        )
        % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )
    return redirect("people:employee_list")


@allow("people.import_employees")
def employee_import_template(request):
    """The header row and one example row, plus the agency's unit codes to copy."""
    agency = _own_agency(request.user)
    units = (
        WorkUnit.objects.filter(agency=agency) if agency else WorkUnit.objects.none()
    )
    first_unit = units.first()
    example = [
        "198503152010011002",
        "Budi Santoso",
        "",
        "S.Kom.",
        "PNS",
        "III/b",
        "Pelaksana",
        "Pengelola Data",
        first_unit.code if first_unit else "DINKES",
        "",
        "budi.santoso@example.go.id",
    ]
    return xlsx_response(
        "templat-impor-pegawai.xlsx",
        [
            (_("Data pegawai"), TEMPLATE_HEADER, [example]),
            (
                _("Kode unit kerja"),
                [_("Kode unit"), _("Nama unit kerja")],
                units.values_list("code", "name").iterator(),
            ),
        ],
    )


def _own_agency(user):
    """The agency a user imports for: their own. Only a superuser without an employee
    profile has none, and picks one in the form."""
    employee = employee_of(user)
    if employee is not None:
        return employee.agency
    if sees_every_agency(user):
        return None
    raise PermissionDenied


def _forget_pending(request):
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    if pending:
        services.discard_rows(pending.get("token", ""))


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


@allow("people.manage_reminders")
def reminder_settings(request, pk):
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=pk)
    form = ReminderSettingsForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Pengaturan pengingat disimpan."))
        return redirect("people:reminder_settings", pk=agency.pk)
    return render(
        request,
        "people/reminder_settings_form.html",
        {"form": form, "agency": agency},
    )


@allow("people.view_backofficechange")
def back_office_changes(request):
    """What the agency's back office changed: who, when, what, before → after."""
    query = request.GET.get("q", "").strip()
    changes = scope.choices_for(BackOfficeChange.objects.all(), request.user)
    if query:
        changes = changes.filter(
            Q(object_repr__icontains=query) | Q(model_name__icontains=query)
        )
    page = Paginator(changes.select_related("user"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "people/back_office_changes.html", {"page": page, "query": query}
    )


@allow("people.change_employee")
@require_POST
def employee_invite(request, pk):
    """HR gives an employee a login and emails them the link to set a password."""
    employee = get_object_or_404(Employee.objects.visible_to(request.user), pk=pk)
    attempt(
        request,
        lambda: services.invite_employee(employee=employee, actor=request.user),
        success=_("Undangan dikirim ke %(email)s; nama pengguna %(nip)s.")
        % {"email": employee.email, "nip": employee.nip},
    )
    return redirect(employee)


@allow("people.change_employee")
@require_POST
def employee_end(request, pk):
    employee = get_object_or_404(
        Employee.objects.visible_to(request.user).filter(is_active=True), pk=pk
    )
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Tulis alasannya, misalnya pensiun atau pindah."))
        return redirect(employee)
    services.end_assignment(employee=employee, reason=reason)
    messages.success(
        request,
        _("Penugasan %(name)s diakhiri; akunnya tidak dapat masuk lagi.")
        % {"name": employee.name},
    )
    return redirect(employee)


@allow("people.change_employee")
def locked_accounts(request):
    """Accounts of the agency locked out by failed logins, with an unlock button."""
    from axes.models import AccessAttempt
    from django.conf import settings

    usernames = (
        Employee.objects.visible_to(request.user)
        .filter(user__isnull=False)
        .values("user__username")
    )
    attempts = (
        AccessAttempt.objects.filter(
            username__in=usernames,
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        )
        .order_by("-attempt_time")
        .values("username", "ip_address", "attempt_time", "failures_since_start")
    )
    if request.method == "POST":
        username = request.POST.get("username", "")
        if not attempts.filter(username=username).exists():
            raise Http404
        services.unlock_account(username=username)
        messages.success(request, _("Akun %(u)s dibuka kembali.") % {"u": username})
        return redirect("people:locked_accounts")
    return render(request, "people/locked_accounts.html", {"attempts": attempts[:200]})


@allow()
def my_contacts(request):
    """The ASN edits their own email and phone."""
    employee = scope.require_employee(request.user)
    form = ContactForm(request.POST or None, instance=employee)
    if request.method == "POST" and form.is_valid():
        services.update_own_contacts(
            employee=employee,
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
        )
        messages.success(request, _("Kontak Anda disimpan."))
        return redirect(employee)
    return render(request, "people/my_contacts.html", {"form": form})


@allow("people.change_employee", employee=True)
def accounts(request):
    """HR gives every employee of a unit (or of the agency) a login at once; the
    page says beforehand how many get one and who cannot, and why."""
    agency = scope.require_employee(request.user).agency
    form = AccountsForm(
        request.POST or request.GET or None,
        units=WorkUnit.objects.visible_to(request.user),
    )
    unit = form.cleaned_data["unit"] if form.is_valid() else None
    employees = services.employees_of_unit(agency, unit)
    if request.method == "POST" and form.is_valid():
        result = services.create_accounts(employees=employees, agency=agency)
        messages.success(request, services.describe_accounts_result(result))
        return redirect(f"{request.path}?unit={unit.pk if unit else ''}")
    return render(
        request,
        "people/accounts.html",
        {"form": form, "unit": unit, **services.accounts_overview(employees)},
    )


@allow(employee=True)
def employee_search(request):
    """Suggestions for the employee fields of every form: the active employees this
    user may see whose name or NIP matches `q`, at most PICKER_LIMIT, one query."""
    found = pickers.search_employees(
        Employee.objects.visible_to(request.user).active(), request.GET.get("q", "")
    )
    return JsonResponse(
        {
            "results": [
                {
                    "id": employee.pk,
                    "label": pickers.picker_label(employee),
                    "unit": employee.unit.name if employee.unit else "",
                }
                for employee in found
            ]
        }
    )


@allow("people.change_employee")
def employee_edit(request, pk):
    """HR corrects a profile typed wrong, with the reason kept in its history."""
    employee = get_object_or_404(Employee.objects.visible_to(request.user), pk=pk)
    form = EmployeeForm(request.POST or None, instance=employee)
    if request.method == "POST" and form.is_valid():
        services.save_correction(form.instance, reason=form.cleaned_data["reason"])
        messages.success(request, _("Profil %(name)s disimpan.") % {"name": employee})
        return redirect(employee)
    return render(
        request, "people/employee_form.html", {"form": form, "subject": employee}
    )


@allow("people.view_workunit", employee=True)
def unit_list(request):
    """The agency's organisation tree, with how many active employees each unit has."""
    units = (
        WorkUnit.objects.visible_to(request.user)
        .annotate(staff=Count("employees", filter=Q(employees__is_active=True)))
        .order_by("path")
    )
    return render(request, "people/unit_list.html", {"units": units})


@allow("people.add_workunit", employee=True)
def unit_create(request):
    return _unit_form(request, WorkUnit())


@allow("people.change_workunit", employee=True)
def unit_edit(request, pk):
    unit = get_object_or_404(WorkUnit.objects.visible_to(request.user), pk=pk)
    return _unit_form(request, unit)


def _unit_form(request, unit):
    agency = scope.require_employee(request.user).agency
    form = WorkUnitForm(request.POST or None, instance=unit, agency=agency)
    if request.method == "POST" and form.is_valid():
        services.save_correction(form.instance, reason=form.cleaned_data["reason"])
        messages.success(request, _("Unit %(name)s disimpan.") % {"name": unit.name})
        return redirect("people:unit_list")
    return render(request, "people/unit_form.html", {"form": form, "unit": unit})
