from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import allow
from asn_portal.corrections import confirm_deletion, correct, history_page
from asn_portal.exports import xlsx_response
from asn_portal.formats import numbers
from asn_portal.refusals import attempt
from asn_portal.spreadsheets import SheetError
from competencies import figures, imports, services
from competencies.forms import (
    AssessedLevelForm,
    AssessedLevelImportForm,
    CompetencyCorrectionForm,
    CompetencyForm,
    CompetencyImportForm,
    CompetencySearchForm,
    JobStandardCorrectionForm,
    JobStandardForm,
)
from competencies.models import AssessedLevel, Competency, JobStandard
from people.models import Employee
from people.panels import scope_for
from people.roles import Role

VIEW = "competencies.view_competency"
VIEW_STANDARDS = "competencies.view_jobstandard"
HISTORY_ROWS = 50
MANAGE = "competencies.change_competency"
FIELDS = CompetencyForm.Meta.fields


def _visible(request):
    return Competency.objects.visible_to(request.user)


@allow(VIEW, employee=True)
def competency_list(request):
    search = CompetencySearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    competencies = _visible(request).matching(query)
    kinds = dict(Competency.Kind.choices)
    sections = [
        (kinds[kind], list(rows))
        for kind, rows in groupby(competencies, key=lambda c: c.kind)
    ]
    agency = request.user.employee.agency
    return render(
        request,
        "competencies/competency_list.html",
        {
            "sections": sections,
            "search": search,
            "query": query,
            "can_manage": request.user.has_perm(MANAGE),
            "missing_standard": services.missing_standard_codes(agency=agency),
        },
    )


@allow(VIEW, employee=True)
def competency_detail(request, pk):
    competency = get_object_or_404(_visible(request), pk=pk)
    return render(
        request,
        "competencies/competency_detail.html",
        {
            "competency": competency,
            "levels": competency.level_descriptions().items(),
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


@allow("competencies.add_competency", employee=True)
def competency_create(request):
    form = CompetencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done, competency = attempt(
            request,
            lambda: services.create_technical_competency(
                agency=request.user.employee.agency,
                levels=form.levels(),
                **{
                    name: form.cleaned_data[name] for name in CompetencyForm.Meta.fields
                },
            ),
            form=form,
            success=_("Kompetensi teknis disimpan."),
        )
        if done:
            return redirect(competency)
    return render(
        request,
        "competencies/competency_form.html",
        {"form": form, "title": _("Kompetensi teknis baru")},
    )


@allow(MANAGE, employee=True)
def competency_edit(request, pk):
    competency = get_object_or_404(_visible(request), pk=pk)
    form = CompetencyCorrectionForm(request.POST or None, instance=competency)
    return correct(
        request,
        form,
        saved=_("Kompetensi disimpan."),
        title=_("Ubah kompetensi: %(name)s") % {"name": competency},
        back_url=competency.get_absolute_url(),
        history_url=reverse("competencies:competency_history", args=[pk]),
        delete_url=reverse("competencies:competency_delete", args=[pk]),
        save=lambda reason: services.correct_competency(
            competency=form.instance, levels=form.levels(), reason=reason
        ),
    )


@allow(MANAGE, employee=True)
def competency_history(request, pk):
    competency = get_object_or_404(_visible(request), pk=pk)
    return history_page(request, competency, back_url=competency.get_absolute_url())


@allow("competencies.delete_competency", employee=True)
def competency_delete(request, pk):
    competency = get_object_or_404(_visible(request), pk=pk)
    return confirm_deletion(
        request,
        competency,
        back_url=competency.get_absolute_url(),
        done_url=reverse("competencies:competency_list"),
    )


@require_POST
@allow("competencies.add_competency", employee=True)
def load_standard(request):
    added = services.load_standard_competencies(agency=request.user.employee.agency)
    if added:
        messages.success(
            request,
            _("%(n)s kompetensi manajerial dan sosial kultural ditambahkan.")
            % numbers(n=added),
        )
    else:
        messages.info(request, _("Kompetensi standar sudah lengkap."))
    return redirect("competencies:competency_list")


def _import_page(request, form, *, read, run, success, done_url, template):
    """An all-or-nothing spreadsheet import: the file read (`read(uploaded,
    kind)`), the rows imported (`run(rows)` -> ImportResult) with `success` and a
    redirect to `done_url`, or the form again with every refused row."""
    errors = []
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            rows = read(uploaded, uploaded.kind)
        except SheetError as error:
            form.add_error("file", str(error))
        else:
            result = run(rows)
            if result.ok:
                messages.success(request, success % numbers(n=result.created))
                return redirect(done_url)
            errors = result.errors
    return render(request, template, {"form": form, "errors": errors})


@allow("competencies.add_competency", employee=True)
def competency_import(request):
    return _import_page(
        request,
        CompetencyImportForm(request.POST or None, request.FILES or None),
        read=imports.read_rows,
        run=lambda rows: services.import_technical_competencies(
            agency=request.user.employee.agency, rows=rows
        ),
        success=_("%(n)s kompetensi teknis diimpor."),
        done_url="competencies:competency_list",
        template="competencies/competency_import.html",
    )


@allow("competencies.add_competency", employee=True)
def import_template(request):
    example = [
        "T1",
        "Pengelolaan Arsip Dinamis",
        "Kemampuan menata, menyimpan dan menemukan kembali arsip dinamis.",
        "Memahami jenis arsip dan tata cara penyimpanannya.",
        "Menata arsip unit sesuai klasifikasi.",
        "Menyusun daftar arsip dan jadwal retensi unit.",
        "Membina pengelolaan arsip lintas unit.",
        "Merumuskan kebijakan kearsipan instansi.",
    ]
    return xlsx_response(
        "templat-impor-kompetensi-teknis.xlsx",
        [(_("Kompetensi teknis"), imports.TEMPLATE_HEADER, [example])],
    )


def _standards(request):
    return JobStandard.objects.visible_to(request.user)


@allow(VIEW_STANDARDS, employee=True)
def standard_list(request):
    agency = request.user.employee.agency
    can_manage = request.user.has_perm(MANAGE)
    return render(
        request,
        "competencies/standard_list.html",
        {
            "standards": _standards(request).with_holders(),
            "without_standard": services.jabatan_without_standard(agency=agency)
            if can_manage
            else [],
            "can_manage": can_manage,
        },
    )


@allow(VIEW_STANDARDS, employee=True)
def standard_detail(request, pk):
    standard = get_object_or_404(_standards(request).with_holders(), pk=pk)
    required = standard.required_levels.select_related("competency").order_by(
        "competency__kind", "competency__ordering", "competency__code"
    )
    return render(
        request,
        "competencies/standard_detail.html",
        {
            "standard": standard,
            "required": required,
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


@allow("competencies.add_jobstandard", employee=True)
def standard_create(request):
    agency = request.user.employee.agency
    form = JobStandardForm(
        request.POST or None,
        agency=agency,
        initial={"jabatan_name": request.GET.get("jabatan", "")[:200]},
    )
    if request.method == "POST" and form.is_valid():
        done, standard = attempt(
            request,
            lambda: services.create_standard(
                agency=agency,
                jabatan_name=form.cleaned_data["jabatan_name"],
                notes=form.cleaned_data["notes"],
                levels=form.levels(),
            ),
            form=form,
            success=_("Standar kompetensi jabatan disimpan."),
        )
        if done:
            return redirect(standard)
    return render(
        request,
        "competencies/standard_form.html",
        {"form": form, "title": _("Standar kompetensi jabatan baru")},
    )


@allow("competencies.change_jobstandard", employee=True)
def standard_edit(request, pk):
    standard = get_object_or_404(_standards(request), pk=pk)
    form = JobStandardCorrectionForm(
        request.POST or None, instance=standard, agency=standard.agency
    )
    return correct(
        request,
        form,
        saved=_("Standar kompetensi jabatan disimpan."),
        title=_("Ubah standar kompetensi: %(name)s") % {"name": standard},
        back_url=standard.get_absolute_url(),
        history_url=reverse("competencies:standard_history", args=[pk]),
        delete_url=reverse("competencies:standard_delete", args=[pk]),
        save=lambda reason: services.correct_standard(
            standard=form.instance, levels=form.levels(), reason=reason
        ),
    )


@allow("competencies.change_jobstandard", employee=True)
def standard_history(request, pk):
    standard = get_object_or_404(_standards(request), pk=pk)
    return history_page(request, standard, back_url=standard.get_absolute_url())


@allow("competencies.delete_jobstandard", employee=True)
def standard_delete(request, pk):
    standard = get_object_or_404(_standards(request), pk=pk)
    return confirm_deletion(
        request,
        standard,
        back_url=standard.get_absolute_url(),
        done_url=reverse("competencies:standard_list"),
    )


@allow(employee=True)
def my_competencies(request):
    return redirect("competencies:employee_competencies", request.user.employee.pk)


@allow(employee=True)
def employee_competencies(request, pk):
    employee = get_object_or_404(
        Employee.objects.visible_to(request.user).select_related("unit"), pk=pk
    )
    may_record = services.may_record_level(request.user, employee)
    chooses_source = request.user.has_perm(services.RECORD_FOR_ANYONE)
    form = None
    if may_record:
        form = AssessedLevelForm(
            request.POST or None,
            agency=employee.agency,
            chooses_source=chooses_source,
            initial={"assessed_on": timezone.localdate()},
        )
    elif request.method == "POST":
        raise PermissionDenied
    if form is not None and request.method == "POST" and form.is_valid():
        done, _record = attempt(
            request,
            lambda: services.record_assessed_level(
                user=request.user,
                employee=employee,
                source=form.cleaned_data.get("source", ""),
                **{
                    name: form.cleaned_data[name]
                    for name in ("competency", "level", "assessed_on", "notes")
                },
            ),
            form=form,
            success=_("Level kompetensi dicatat."),
        )
        if done:
            return redirect("competencies:employee_competencies", employee.pk)
    history = (
        AssessedLevel.objects.filter(employee=employee)
        .select_related("competency", "recorded_by")
        .order_by("-assessed_on", "-pk")[:HISTORY_ROWS]
    )
    return render(
        request,
        "competencies/employee_competencies.html",
        {
            "employee": employee,
            **services.employee_gaps(employee),
            "history": history,
            "form": form,
            "may_delete": request.user.has_perm("competencies.delete_assessedlevel"),
        },
    )


@allow("competencies.delete_assessedlevel", employee=True)
def assessed_level_delete(request, pk):
    record = get_object_or_404(
        AssessedLevel.objects.visible_to(request.user).select_related("competency"),
        pk=pk,
    )
    back = record.get_absolute_url()
    return confirm_deletion(request, record, back_url=back, done_url=back)


@allow(VIEW_STANDARDS, roles=(Role.HR, Role.LEADER))
def gaps(request):
    unit_id = request.GET.get("unit")
    scope = scope_for(
        request.user,
        year=timezone.localdate().year,
        unit_id=int(unit_id) if unit_id and unit_id.isdigit() else None,
    )
    summary = figures.competency_gap_summary(scope)
    return render(
        request,
        "competencies/gaps.html",
        {
            "scope": scope,
            **summary,
            "people": figures.employees_with_largest_gaps(scope),
        },
    )


@allow("competencies.add_assessedlevel", employee=True)
def assessed_level_import(request):
    return _import_page(
        request,
        AssessedLevelImportForm(request.POST or None, request.FILES or None),
        read=imports.read_level_rows,
        run=lambda rows: services.import_assessed_levels(user=request.user, rows=rows),
        success=_("%(n)s level kompetensi pegawai diimpor."),
        done_url="competencies:gaps",
        template="competencies/assessed_level_import.html",
    )


@allow("competencies.add_assessedlevel", employee=True)
def assessed_level_template(request):
    example = [
        request.user.employee.nip,
        "M1",
        3,
        timezone.localdate(),
        "asesmen",
        "Uji kompetensi BKPSDM",
    ]
    return xlsx_response(
        "templat-impor-level-kompetensi.xlsx",
        [(_("Level kompetensi"), imports.LEVEL_TEMPLATE_HEADER, [example])],
    )
