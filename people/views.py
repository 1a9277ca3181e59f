from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import allow
from asn_portal.confirmation import ask_confirmation, is_confirmed
from asn_portal.corrections import describe_changes, history_page, save_correction
from asn_portal.exports import XLSX_TYPE, xlsx_response
from asn_portal.formats import numbers
from asn_portal.lists import list_page, safe_next, selected_rows, wants_export
from asn_portal.refusals import attempt
from asn_portal.uploads import upload_response
from notifications import services as notification_services
from people import delegation as delegation_rules
from people import documents, imports, jobs, pickers, scope, services, sync
from people.forms import (
    AccountsForm,
    ContactForm,
    DelegationForm,
    DocumentSettingsForm,
    EmployeeForm,
    EmployeeImportForm,
    ReminderSettingsForm,
    SignatoryForm,
    UnitTreeImportForm,
    WorkUnitForm,
    filtered_employees,
)
from people.models import (
    Agency,
    BackgroundJob,
    BackOfficeChange,
    Delegation,
    DocumentSettings,
    Employee,
    PendingImport,
    Signatory,
    WorkUnit,
)
from people.profile import sections_for
from people.roles import Role, has_role
from people.scope import employee_of, sees_every_agency
from people.todo import open_tasks_for


@allow()
def home(request):
    employee = employee_of(request.user)
    return render(
        request,
        "people/home.html",
        {"employee": employee, "tasks": open_tasks_for(request.user)},
    )


@allow()
def employee_list(request):
    filters, employees = _filtered_employees(request, request.GET)
    if wants_export(request):
        outcome = jobs.export_employees_now_or_later(
            employees=employees, user=request.user, data=request.GET
        )
        return redirect(outcome) if isinstance(outcome, BackgroundJob) else outcome
    return render(
        request,
        "people/employee_list.html",
        {
            "page": list_page(employees, request.GET.get("page")),
            "filters": filters,
            "selected_unit": filters.values.get("unit"),
            "whole_agency": "unit" in filters.fields,
            "can_create_accounts": "unit" in filters.fields
            and request.user.has_perm("people.change_employee"),
        },
    )


def _filtered_employees(request, data):
    return filtered_employees(request.user, data)


@allow("people.change_employee", employee=True)
@require_POST
def employee_list_accounts(request):
    """Logins for the ticked employees, or with "pilih semua" for every one the
    list's filter matches: the same rules and invitation as "Akun pegawai"."""
    agency = scope.require_employee(request.user).agency
    _filters, employees = _filtered_employees(request, request.POST)
    chosen = selected_rows(request.POST, employees, field="employee")
    if not chosen.exists():
        messages.error(request, _("Pilih minimal satu pegawai."))
    elif not is_confirmed(request):
        return ask_confirmation(
            request,
            _("Buat akun untuk %(n)s pegawai dan kirim undangan ke email mereka?")
            % numbers(n=chosen.count()),
        )
    else:
        outcome = jobs.create_accounts_now_or_later(
            employees=chosen, agency=agency, user=request.user
        )
        if isinstance(outcome, BackgroundJob):
            return redirect(outcome)
        messages.success(request, outcome)
    return redirect(safe_next(request, "people:employee_list"))


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
        {
            "subject": employee,
            "team": team,
            "lineage": employee.unit.lineage(),
            "sections": sections_for(employee, request.user),
        },
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
        {"subject": employee, "changes": describe_changes(records, Employee)},
    )


@allow("people.import_employees")
def employee_import(request):
    """Upload → preview: every bad row with its reason, or what would change for
    each employee, to confirm."""
    own = _own_agency(request.user)
    form = EmployeeImportForm(request.POST or None, request.FILES or None, agency=own)
    if request.method != "POST" or not form.is_valid():
        pulled = services.agency_preview(own)
        context = {"form": form, "pulled": pulled}
        return render(request, "people/employee_import.html", context)
    agency, rows = form.chosen_agency(), form.sheet.rows
    filename, source = form.original_name, form.source()
    result = services.import_employees(
        agency=agency, rows=rows, dry_run=True, actor=request.user, source=source
    )
    if not result.is_valid:
        return _import_errors(request, own, result, agency, filename)
    pending = services.keep_pending_import(
        kind=PendingImport.Kind.EMPLOYEES,
        agency=agency,
        user=request.user,
        rows=rows,
        filename=filename,
        source=source,
        result=result,
        siasn_download=form.is_siasn_download,
    )
    return _import_preview(request, pending, result=result)


@allow("people.import_employees")
def employee_import_preview(request, token):
    """A kept preview again: its summary, or one kind of change page by page."""
    pending = _pending_import_or_404(request, token)
    return _import_preview(
        request, pending, kind=request.GET.get("jenis"), page=request.GET.get("halaman")
    )


@allow("people.import_employees")
@require_POST
def employee_import_choose(request, token):
    """HR's choice of whose assignment ends, kept with the preview: the ticks of
    the page shown, or all / none; then back to the page asked for."""
    pending = _pending_import_or_404(request, token)
    everyone = {"end_all": True, "keep_all": False}.get(request.POST.get("action"))
    services.choose_ends(
        pending=pending,
        shown=request.POST.getlist("shown"),
        ticked=request.POST.getlist("end"),
        everyone=everyone,
    )
    # A page button names the page to go to; "save" stays on the current one.
    page = request.POST.get("halaman") or request.POST.get("current_page", "")
    query = {"jenis": request.POST.get("jenis", "")}
    if page.isdigit():
        query["halaman"] = page
    url = reverse("people:employee_import_preview", args=[pending.token])
    return redirect(f"{url}?{urlencode({k: v for k, v in query.items() if v})}")


@allow("people.import_employees")
@require_POST
def employee_import_confirm(request):
    """Hand the previewed rows to the worker, which checks them again against the
    database, then imports them and ends the chosen assignments in one
    transaction; the user follows it on the job's page."""
    pending = services.pending_import(
        token=request.POST.get("token", ""),
        user=request.user,
        kind=PendingImport.Kind.EMPLOYEES,
    )
    if pending is None:
        # Confirmed twice, or too old: the preview is gone, nothing leaks.
        messages.warning(
            request, _("Pratinjau ini sudah tidak berlaku; unggah berkas lagi.")
        )
        return redirect("people:employee_import")
    if "shown" in request.POST:
        # The ticks on the page confirmed count, even if not saved before.
        services.choose_ends(
            pending=pending,
            shown=request.POST.getlist("shown"),
            ticked=request.POST.getlist("end"),
        )
    job = jobs.start_job(
        kind=BackgroundJob.Kind.EMPLOYEE_IMPORT,
        agency=pending.agency,
        user=request.user,
        params={"pending": pending.pk},
    )
    return redirect(job)


@allow()
def job_status(request, pk):
    """The job's progress for its page's script (static/js/job-progress.js)."""
    job = get_object_or_404(BackgroundJob.objects.visible_to(request.user), pk=pk)
    return JsonResponse(jobs.status(job))


@allow()
def job_download(request, pk):
    """The file a finished job made (a large export), for whoever may see the job."""
    job = get_object_or_404(
        BackgroundJob.objects.visible_to(request.user).exclude(file=""),
        pk=pk,
        state=BackgroundJob.State.DONE,
    )
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.result.get("filename", "unduhan.xlsx"),
        content_type=XLSX_TYPE,
    )


@allow()
def job_detail(request, pk):
    """A background job's progress, refreshing itself until it ends, then its
    outcome: for its requester and HR of the same agency."""
    job = get_object_or_404(BackgroundJob.objects.visible_to(request.user), pk=pk)
    return render(request, "people/job_detail.html", jobs.page_context(job))


# Rows of one kind on the summary, and per page when HR opens that kind.
PREVIEW_LISTED = 20
PREVIEW_PAGE_SIZE = 100
# Bad rows listed at once: fixing these first usually fixes many more.
ERRORS_LISTED = 200


def _import_errors(request, own_agency, result, agency, filename):
    """The refusal of an import: its bad rows (the first ERRORS_LISTED) and the form
    to upload again."""
    return render(
        request,
        "people/employee_import_preview.html",
        {
            "form": EmployeeImportForm(agency=own_agency),
            "result": result,
            "errors_listed": result.errors[:ERRORS_LISTED],
            "agency": agency,
            "confirm_id": None,
            "filename": filename,
        },
    )


def _import_preview(request, pending, *, result=None, kind=None, page=None):
    """What confirming `pending` would do: counts per kind of change, then the
    first rows of each kind, or one kind page by page (?jenis=&halaman=). Built
    from the kept preview, so a page never grows with the file."""
    data = services.unpacked(pending.preview)
    counts, to_end = data["counts"], set(pending.to_end)
    kinds = [
        {"key": key, "label": label, "count": counts[key]}
        for key, label in sync.KINDS.items()
        if counts.get(key)
    ]
    chosen = next((k for k in kinds if k["key"] == kind), None)
    sections = []
    for section in [chosen] if chosen else kinds:
        if section["key"] == sync.MISSING:
            entries = [{**m, "ending": m["nip"] in to_end} for m in data["missing"]]
        else:
            entries = [c for c in data["changes"] if section["key"] in c["kinds"]]
        if chosen:
            section_page = Paginator(entries, PREVIEW_PAGE_SIZE).get_page(page)
            entries = section_page.object_list
        else:
            section_page, entries = None, entries[:PREVIEW_LISTED]
        if section["key"] != sync.MISSING:
            entries = [_worded_change(c) for c in entries]
        sections.append({**section, "rows": entries, "page": section_page})
    return render(
        request,
        "people/employee_import_preview.html",
        {
            "pending": pending,
            "confirm_id": pending.token,
            "result": result,
            "agency": pending.agency,
            "filename": pending.filename,
            "summary": data,
            "kinds": kinds,
            "chosen": chosen,
            "sections": sections,
            "missing_count": counts.get(sync.MISSING, 0),
            "ending_count": len(to_end),
            "warnings_listed": data["warnings"][:ERRORS_LISTED],
            "skipped_listed": data.get("skipped", [])[:ERRORS_LISTED],
        },
    )


def _worded_change(change: dict) -> dict:
    return {
        **change,
        "fields": [
            (sync.label(name), sync.shown(name, before), sync.shown(name, after))
            for name, before, after in change["fields"]
        ],
    }


def _pending_import_or_404(request, token):
    pending = services.pending_import(
        token=token, user=request.user, kind=PendingImport.Kind.EMPLOYEES
    )
    if pending is None:
        raise Http404
    return pending


@allow("people.import_employees")
def employee_import_template(request):
    """The header row and one example row, plus the agency's unit codes to copy."""
    return xlsx_response(
        "templat-impor-pegawai.xlsx",
        imports.template_sheets(_own_agency(request.user)),
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


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    """The 404 page; under the API (a path no endpoint matches) JSON like every other
    API answer, for the program that called it."""
    if request.path.startswith(reverse("api:root")):
        return JsonResponse({"detail": _("Tidak ditemukan.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


@allow("people.manage_reminders")
def reminder_settings(request, pk):
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=pk)
    form = ReminderSettingsForm(
        request.POST or None,
        instance=agency,
        channel_choice=notification_services.agency_channel_choice(agency),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        notification_services.set_agency_channels(agency=agency, **form.chosen_channels)
        messages.success(request, _("Pengaturan pengingat disimpan."))
        return redirect("people:reminder_settings", pk=agency.pk)
    return render(
        request,
        "people/reminder_settings_form.html",
        {"form": form, "agency": agency},
    )


@allow("people.manage_documents")
def document_settings(request, pk):
    """HR sets the agency's kop surat and numbering, and sees who signs what."""
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=pk)
    current = documents.settings_for_edit(agency)
    form = DocumentSettingsForm(
        request.POST or None, request.FILES or None, instance=current
    )
    if request.method == "POST" and form.is_valid():
        save_correction(form.instance, reason=form.cleaned_data["reason"])
        messages.success(request, _("Kop surat dan penomoran disimpan."))
        return redirect("people:document_settings", pk=agency.pk)
    return render(
        request,
        "people/document_settings.html",
        {
            "form": form,
            "agency": agency,
            "current": current,
            "signatories": documents.signatories_by_kind(agency),
        },
    )


@allow("people.manage_documents")
def document_settings_history(request, pk):
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=pk)
    current = get_object_or_404(DocumentSettings, agency=agency)
    back = reverse("people:document_settings", args=[agency.pk])
    return history_page(request, current, back_url=back)


@allow("people.manage_documents")
def letterhead_logo(request, pk):
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=pk)
    current = get_object_or_404(DocumentSettings, agency=agency)
    if not current.logo:
        raise Http404
    return upload_response(current.logo)


@allow("people.manage_documents")
def signatory_edit(request, pk, kind):
    """HR names who signs one kind of document, with a reason kept in its history."""
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=pk)
    signatory = documents.signatory_for_edit(agency, kind)
    form = SignatoryForm(
        request.POST or None, request.FILES or None, instance=signatory
    )
    if request.method == "POST" and form.is_valid():
        save_correction(form.instance, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            _("Penandatangan %(kind)s disimpan.")
            % {"kind": signatory.get_kind_display()},
        )
        return redirect("people:document_settings", pk=agency.pk)
    return render(
        request,
        "people/signatory_form.html",
        {"form": form, "agency": agency, "signatory": signatory},
    )


@allow("people.manage_documents")
def signatory_history(request, pk, kind):
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=pk)
    signatory = get_object_or_404(Signatory, agency=agency, kind=kind)
    back = reverse("people:signatory_edit", args=[agency.pk, kind])
    return history_page(request, signatory, back_url=back)


@allow("people.manage_documents")
def signatory_signature(request, pk, kind):
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=pk)
    signatory = get_object_or_404(Signatory, agency=agency, kind=kind)
    if not signatory.signature:
        raise Http404
    return upload_response(signatory.signature)


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
    form = ContactForm(
        request.POST or None,
        instance=employee,
        channel_choice=notification_services.channel_choice_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.update_own_contacts(
            employee=employee,
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            channels=form.chosen_channels,
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
        outcome = jobs.create_accounts_now_or_later(
            employees=employees, agency=agency, user=request.user
        )
        if isinstance(outcome, BackgroundJob):
            return redirect(outcome)
        messages.success(request, outcome)
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
    return _picker_results(found)


def _picker_results(found):
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
        save_correction(form.instance, reason=form.cleaned_data["reason"])
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


@allow("people.import_employees", employee=True)
def unit_import(request):
    """SIASN's unit hierarchy download → preview: every bad row, or the counts of
    units to create, rename and move, to confirm."""
    agency = scope.require_employee(request.user).agency
    form = UnitTreeImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "people/unit_import.html", {"form": form})
    rows = form.sheet.rows
    result = services.import_unit_tree(
        agency=agency, rows=rows, dry_run=True, actor=request.user
    )
    token = None
    if result.is_valid:
        token = services.keep_pending_import(
            kind=PendingImport.Kind.UNITS,
            agency=agency,
            user=request.user,
            rows=rows,
            filename=form.cleaned_data["file"].name,
        ).token
    return render(
        request,
        "people/unit_import.html",
        {"form": UnitTreeImportForm(), "result": result, "confirm_id": token},
    )


@allow("people.import_employees", employee=True)
@require_POST
def unit_import_confirm(request):
    """Check the previewed rows again, then bring the unit tree in line in one
    transaction."""
    agency = scope.require_employee(request.user).agency
    pending = services.pending_import(
        token=request.POST.get("token", ""),
        user=request.user,
        kind=PendingImport.Kind.UNITS,
    )
    if pending is None or pending.agency_id != agency.pk:
        messages.warning(
            request, _("Pratinjau ini sudah tidak berlaku; unggah berkas lagi.")
        )
        return redirect("people:unit_import")
    rows = services.pending_rows(pending)
    pending.delete()
    result = services.import_unit_tree(
        agency=agency, rows=rows, dry_run=False, actor=request.user
    )
    if not result.applied:
        messages.error(
            request, _("Data berubah sejak pratinjau; tidak ada yang diubah.")
        )
        return render(
            request,
            "people/unit_import.html",
            {"form": UnitTreeImportForm(), "result": result},
        )
    messages.success(
        request,
        _(
            "Unit kerja dari unduhan SIASN: %(created)s baru, %(renamed)s berganti "
            "nama, %(moved)s dipindah, %(unchanged)s tidak berubah."
        )
        % numbers(
            created=result.created,
            renamed=result.renamed,
            moved=result.moved,
            unchanged=result.unchanged,
        ),
    )
    return redirect("people:unit_list")


def _unit_form(request, unit):
    agency = scope.require_employee(request.user).agency
    form = WorkUnitForm(request.POST or None, instance=unit, agency=agency)
    if request.method == "POST" and form.is_valid():
        save_correction(form.instance, reason=form.cleaned_data["reason"])
        messages.success(request, _("Unit %(name)s disimpan.") % {"name": unit.name})
        return redirect("people:unit_list")
    return render(request, "people/unit_form.html", {"form": form, "unit": unit})


# ---------------------------------------------------------------- Plt/Plh


@allow(employee=True)
def delegation_list(request):
    """The delegations a user gave or received; HR: those of their agency."""
    delegations = Delegation.objects.visible_to(request.user).select_related(
        "delegator", "delegate"
    )
    may_create = has_role(request.user, Role.SUPERVISOR) or has_role(
        request.user, Role.HR
    )
    return render(
        request,
        "people/delegation_list.html",
        {
            "page": list_page(delegations, request.GET.get("page")),
            "may_create": may_create,
            "me": request.user.employee,
            "is_hr": has_role(request.user, Role.HR),
            "today": timezone.localdate(),
        },
    )


@allow(roles={Role.SUPERVISOR, Role.HR})
def delegation_create(request):
    """A supervisor names their Plt/Plh; HR does it for any supervisor of theirs."""
    form = DelegationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        delegation = form.save()
        messages.success(
            request,
            _("%(name)s bertindak sebagai %(acting)s.")
            % {
                "name": delegation.delegate.full_name,
                "acting": delegation.acting_label,
            },
        )
        return redirect("people:delegation_list")
    return render(request, "people/delegation_form.html", {"form": form})


@allow(employee=True)
@require_POST
def delegation_end(request, pk):
    delegation = get_object_or_404(
        Delegation.objects.visible_to(request.user).select_related(
            "delegator", "delegate"
        ),
        pk=pk,
    )
    if not delegation_rules.may_manage(delegation, request.user):
        raise PermissionDenied
    attempt(
        request,
        lambda: delegation_rules.end_early(delegation=delegation, user=request.user),
        success=_("Penugasan %(acting)s diakhiri hari ini.")
        % {"acting": delegation.acting_label},
    )
    return redirect("people:delegation_list")


@allow(roles={Role.SUPERVISOR, Role.HR})
def delegate_search(request):
    """Suggestions for the Plt/Plh form: the active employees of the user's agency
    whose name or NIP matches `q` (the form resolves inside the same set)."""
    found = pickers.search_employees(
        Employee.objects.active().filter(agency_id=request.user.employee.agency_id),
        request.GET.get("q", ""),
    )
    return _picker_results(found)
