"""Public pages (no login: survey, complaint, tracking) and unit/HR pages."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import allow
from asn_portal.confirmation import ask_confirmation, is_confirmed
from asn_portal.exports import XLSX_TYPE, csv_response, xlsx_response
from asn_portal.formats import numbers
from asn_portal.lists import list_page, wants_export
from asn_portal.ratelimit import over_limit, too_many_requests
from asn_portal.refusals import attempt
from asn_portal.spreadsheets import SheetError
from asn_portal.uploads import upload_response
from feedback import exports, forms, imports, reports, services
from feedback.jobs import export_complaints_now_or_later
from feedback.models import (
    Complaint,
    FeedbackSettings,
    FollowUpPlan,
    ServiceUnit,
    SurveyResponse,
)
from feedback.periods import Period, period_from_request
from people.models import BackgroundJob, WorkUnit
from people.scope import employee_of

# --- Public -------------------------------------------------------------------------


def public_index(request):
    """Every active unit under its agency and office (two agencies may both have a
    "Loket Dukcapil"), narrowed by the search box (?q=, a plain GET form)."""
    search = forms.PublicUnitSearchForm(request.GET)
    units = ServiceUnit.objects.for_public_index().matching(search.query)
    return render(
        request,
        "feedback/public_index.html",
        {"units": units, "search": search, "query": search.query},
    )


def survey(request, slug):
    unit = get_object_or_404(
        ServiceUnit.objects.active().select_related("work_unit__agency"), slug=slug
    )
    template = "feedback/survey_form.html"
    if request.method == "POST":
        form = forms.PublicSurveyForm(request.POST, service_unit=unit)
        if over_limit(request, "survey"):
            return too_many_requests(request, template, {"unit": unit, "form": form})
        if form.is_bot:
            return redirect("feedback:survey_thanks", slug=unit.slug)
        if form.is_valid():
            services.submit_survey_response(
                service_unit=unit,
                answers=form.answers(),
                profile=form.profile(),
                suggestion=form.cleaned_data["suggestion"],
                token_hash=form.cleaned_data["token"],
            )
            return redirect("feedback:survey_thanks", slug=unit.slug)
    else:
        form = forms.PublicSurveyForm(service_unit=unit)
    return render(request, template, {"unit": unit, "form": form})


def survey_thanks(request, slug):
    unit = get_object_or_404(ServiceUnit.objects.active(), slug=slug)
    return render(
        request,
        "feedback/survey_thanks.html",
        {"unit": unit, "share_url": request.build_absolute_uri(unit.get_survey_url())},
    )


def complaint_new(request, slug):
    unit = get_object_or_404(
        ServiceUnit.objects.active().select_related("work_unit__agency"), slug=slug
    )
    template = "feedback/complaint_form.html"
    if request.method == "POST":
        form = forms.PublicComplaintForm(request.POST, request.FILES, service_unit=unit)
        if over_limit(request, "complaint"):
            return too_many_requests(request, template, {"unit": unit, "form": form})
        if form.is_bot:
            # Look like success to the bot; nothing is stored.
            request.session["complaint_code"] = services.new_tracking_code()
            return redirect("feedback:complaint_sent")
        if form.is_valid():
            _complaint, code, _created = services.submit_complaint(
                service_unit=unit, **form.complaint()
            )
            if code:
                request.session["complaint_code"] = code
            return redirect("feedback:complaint_sent")
    else:
        form = forms.PublicComplaintForm(service_unit=unit)
    return render(request, template, {"unit": unit, "form": form})


def public_results(request, slug):
    """A unit's IKM as the public may read it (the SKM results are published):
    the index, its grade, respondents and every unsur, for a year or a quarter."""
    unit = get_object_or_404(
        ServiceUnit.objects.active().select_related("work_unit__agency"), slug=slug
    )
    form = forms.PublishedPeriodForm(request.GET)
    report = reports.build_report(
        units=[unit.pk],
        title=unit.name,
        subtitle=unit.work_unit.agency.name,
        agency_id=unit.work_unit.agency_id,
        period=form.period,
        population=unit.service_users_per_year,
    )
    return render(
        request,
        "feedback/public_results.html",
        {"unit": unit, "form": form, "report": report, "result": report.result},
    )


def complaint_sent(request):
    """Shows the tracking code once: it lives in the session until this page."""
    code = request.session.pop("complaint_code", None)
    return render(request, "feedback/complaint_sent.html", {"code": code})


def track(request):
    form = forms.TrackForm(request.POST or None)
    if request.method == "POST" and over_limit(request, "track"):
        return too_many_requests(request, TRACK_PAGE, {"form": form})
    complaint = None
    if request.method == "POST" and form.is_valid():
        complaint = services.find_by_tracking_code(form.cleaned_data["code"])
    return _track_page(request, form, complaint, searched=form.is_bound)


@require_POST
def track_respond(request):
    """The complainant rates the answer (and may reply) once, with their code."""
    response_form = forms.ResponseForm(request.POST)
    if over_limit(request, "track"):
        return too_many_requests(request, TRACK_PAGE, {"form": forms.TrackForm()})
    code = request.POST.get("code", "")
    complaint = services.find_by_tracking_code(code)
    if complaint is None:
        raise Http404
    if response_form.is_valid():
        attempt(
            request,
            lambda: services.respond_to_answer(
                complaint=complaint,
                rating=response_form.cleaned_data["rating"],
                reply=response_form.cleaned_data["reply"],
            ),
            form=response_form,
        )
        complaint.refresh_from_db()
    form = forms.TrackForm({"code": code})
    return _track_page(request, form, complaint, response_form=response_form)


TRACK_PAGE = "feedback/track.html"


def _track_page(request, form, complaint, *, searched=True, response_form=None):
    """A complaint as its complainant reads it: status, answer, public steps, and
    the rating form while the answer waits for one."""
    events = []
    if complaint is not None:
        events = [e for e in complaint.events.all() if e.is_public]
        response_form = response_form or forms.ResponseForm(
            initial={"code": form.data.get("code", "")}
        )
    return render(
        request,
        TRACK_PAGE,
        {
            "form": form,
            "complaint": complaint,
            "events": events,
            "searched": searched,
            "response_form": response_form,
            "notice": complaint and services.complainant_notice(complaint),
        },
    )


# --- Unit and HR pages --------------------------------------------------------------


def _population(request, default: int) -> int:
    try:
        value = int(request.GET.get("n", ""))
    except ValueError:
        return default
    return max(0, value)


def _visible_units(request):
    return ServiceUnit.objects.visible_to(request.user)


@allow()
def unit_list(request):
    period = period_from_request(request)
    units = _visible_units(request).order_by("work_unit__name", "name")
    table = reports.units_table(units, period)
    complaints = reports.complaint_counts(
        [row.key.pk for row in table], period, timezone.localdate()
    )
    for row in table:
        row.complaints = complaints.get(row.key.pk)
    work_table = reports.work_units_table(units, period)
    return render(
        request,
        "feedback/unit_list.html",
        {"period": period, "table": table, "work_table": work_table},
    )


@allow()
def unit_table_xlsx(request):
    period = period_from_request(request)
    table = reports.units_table(_visible_units(request), period)
    header, rows = reports.units_table_rows(table)
    return xlsx_response(
        f"ikm-semua-unit-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx",
        [("IKM per unit", header, rows)],
    )


def _unit_report(request, unit):
    period = period_from_request(request)
    report = reports.build_report(
        units=[unit.pk],
        title=unit.name,
        subtitle=f"{unit.work_unit.name} · {unit.work_unit.agency.name}",
        agency_id=unit.work_unit.agency_id,
        period=period,
        population=_population(request, unit.service_users_per_year),
    )
    report.follow_ups = list(
        FollowUpPlan.objects.of_period(unit, period.start, period.end)
    )
    return report


def _get_unit(request, pk):
    return get_object_or_404(
        _visible_units(request).select_related("work_unit__agency"), pk=pk
    )


def _hr_agency(request):
    employee = employee_of(request.user)
    if employee is None:
        raise Http404
    return employee.agency


@allow("feedback.add_serviceunit")
def unit_create(request):
    agency = _hr_agency(request)
    form = forms.ServiceUnitForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        unit = form.save()
        messages.success(request, _("Unit layanan %(name)s dibuat.") % {"name": unit})
        return redirect(unit)
    return render(request, "feedback/serviceunit_form.html", {"form": form})


@allow("feedback.change_serviceunit")
def unit_edit(request, pk):
    agency = _hr_agency(request)
    unit = get_object_or_404(ServiceUnit.objects.managed_by(request.user), pk=pk)
    form = forms.ServiceUnitForm(request.POST or None, instance=unit, agency=agency)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Unit layanan disimpan."))
        return redirect(unit)
    return render(
        request, "feedback/serviceunit_form.html", {"form": form, "unit": unit}
    )


@allow("feedback.change_feedbacksettings")
def settings_edit(request):
    agency = _hr_agency(request)
    current, _created = FeedbackSettings.objects.get_or_create(agency=agency)
    form = forms.FeedbackSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Pengaturan SKM disimpan."))
        return redirect("feedback:unit_list")
    return render(
        request, "feedback/settings_form.html", {"form": form, "agency": agency}
    )


@allow()
def unit_report(request, pk):
    unit = _get_unit(request, pk)
    report = _unit_report(request, unit)
    can_manage = ServiceUnit.objects.managed_by(request.user).filter(pk=pk).exists()
    return render(
        request,
        "feedback/unit_report.html",
        {"unit": unit, "report": report, "can_manage": can_manage},
    )


@allow()
def unit_report_export(request, pk, fmt):
    unit = _get_unit(request, pk)
    report = _unit_report(request, unit)
    return _report_download(report, f"ikm-{unit.slug}", fmt, unit.work_unit.agency)


def _report_download(report, stem, fmt, agency):
    stem = f"{stem}-{slugify(reports.period_id(report.period))}"
    if fmt == "pdf":
        content = reports.report_pdf(report, agency=agency)
        response = HttpResponse(content, "application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
        return response
    response = HttpResponse(reports.report_xlsx(report), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response


def _work_unit_report(request, pk):
    units = _visible_units(request)
    work_unit = get_object_or_404(
        WorkUnit.objects.select_related("agency").filter(
            pk__in=units.values("work_unit")
        ),
        pk=pk,
    )
    members = list(units.filter(work_unit=work_unit))
    return work_unit, reports.build_report(
        units=[u.pk for u in members],
        title=work_unit.name,
        subtitle=", ".join(u.name for u in members),
        agency_id=work_unit.agency_id,
        period=period_from_request(request),
        population=_population(request, reports.unit_population(members)),
    )


@allow()
def work_unit_report(request, pk):
    work_unit, report = _work_unit_report(request, pk)
    return render(
        request,
        "feedback/unit_report.html",
        {"work_unit": work_unit, "report": report, "can_manage": False},
    )


@allow()
def work_unit_report_export(request, pk, fmt):
    work_unit, report = _work_unit_report(request, pk)
    return _report_download(
        report, f"ikm-{slugify(work_unit.name)}", fmt, work_unit.agency
    )


@allow()
def unit_poster(request, pk):
    unit = _get_unit(request, pk)
    response = HttpResponse(reports.poster_pdf(unit), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-skm-{unit.slug}.pdf"'
    return response


@allow()
def unit_responses_csv(request, pk):
    unit = _get_unit(request, pk)
    rows = exports.response_rows(unit, period_from_request(request))
    return csv_response(f"jawaban-skm-{unit.slug}.csv", exports.RESPONSE_HEADER, rows)


@allow()
def follow_up_plan(request, pk):
    """The follow-up plan of a unit's IKM report for its period: HR, the unit's
    head and staff add rows aimed at the weakest unsur."""
    unit = _get_managed_unit(request, pk)
    report = _unit_report(request, unit)
    form = forms.FollowUpPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.service_unit = unit
        form.instance.period_start = report.period.start
        form.instance.period_end = report.period.end
        form.save()
        messages.success(request, _("Rencana tindak lanjut ditambahkan."))
        return redirect(_follow_up_url(form.instance))
    return render(
        request,
        "feedback/follow_up_plan.html",
        {"unit": unit, "report": report, "form": form},
    )


@allow()
def follow_up_edit(request, pk):
    plan = _managed_follow_up(request, pk)
    form = forms.FollowUpPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Rencana tindak lanjut disimpan."))
        return redirect(_follow_up_url(plan))
    return render(request, "feedback/follow_up_edit.html", {"form": form, "plan": plan})


@require_POST
@allow()
def follow_up_delete(request, pk):
    plan = _managed_follow_up(request, pk)
    if not is_confirmed(request):
        return ask_confirmation(
            request, _("Hapus rencana tindak lanjut ini?"), detail=plan.action
        )
    plan.delete()
    messages.success(request, _("Rencana tindak lanjut dihapus."))
    return redirect(_follow_up_url(plan))


def _managed_follow_up(request, pk):
    units = ServiceUnit.objects.managed_by(request.user)
    return get_object_or_404(
        FollowUpPlan.objects.filter(service_unit__in=units).select_related(
            "service_unit"
        ),
        pk=pk,
    )


def _follow_up_url(plan) -> str:
    period = Period(plan.period_start, plan.period_end)
    url = reverse("feedback:follow_up_plan", args=[plan.service_unit_id])
    return f"{url}?{period.query()}"


def _get_managed_unit(request, pk):
    return get_object_or_404(
        ServiceUnit.objects.managed_by(request.user).select_related("work_unit"),
        pk=pk,
    )


@allow()
def paper_entry(request, pk):
    unit = _get_managed_unit(request, pk)
    form = forms.PaperSurveyForm(request.POST or None, service_unit=unit)
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["submitted_on"]
        services.submit_survey_response(
            service_unit=unit,
            answers=form.answers(),
            profile=form.profile(),
            suggestion=form.cleaned_data["suggestion"],
            source=SurveyResponse.Source.PAPER,
            entered_by=request.user,
            # A paper form has a date, not a time: noon keeps it inside that day.
            submitted_at=datetime.datetime.combine(
                day, datetime.time(12), tzinfo=timezone.get_current_timezone()
            ),
        )
        messages.success(request, _("Jawaban kertas tersimpan. Isi berikutnya."))
        return redirect("feedback:paper_entry", pk=unit.pk)
    return render(request, "feedback/paper_entry.html", {"unit": unit, "form": form})


@allow()
def import_responses(request, pk):
    unit = _get_managed_unit(request, pk)
    form = forms.SurveyImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            rows = imports.read_rows(uploaded, uploaded.kind)
        except SheetError as error:
            form.add_error("file", str(error))
        else:
            result = services.import_survey_responses(
                service_unit=unit, rows=rows, entered_by=request.user
            )
            if result.ok:
                messages.success(
                    request,
                    _("%(n)s jawaban diimpor.") % numbers(n=result.created),
                )
                return redirect("feedback:unit_report", pk=unit.pk)
            errors = result.errors
    return render(
        request,
        "feedback/import_form.html",
        {"unit": unit, "form": form, "errors": errors},
    )


@allow()
def import_template(request):
    scores = [4, 3, 3, 4, 3, 4, 4, 3, 3]
    example = [*scores, datetime.date(2026, 11, 24), "P", 34, "S1", "SWASTA"]
    return xlsx_response(
        "templat-impor-skm.xlsx",
        [("Jawaban", imports.TEMPLATE_HEADER, [[*example, "", ""]])],
    )


# --- Complaints (staff) -------------------------------------------------------------


@allow()
def complaint_list(request):
    filters, complaints = forms.filtered_complaints(request.user, request.GET)
    if wants_export(request):
        outcome = export_complaints_now_or_later(
            complaints=complaints, user=request.user, data=request.GET
        )
        return redirect(outcome) if isinstance(outcome, BackgroundJob) else outcome
    return render(
        request,
        "feedback/complaint_list.html",
        {
            "page": list_page(complaints, request.GET.get("page"), per_page=30),
            "filters": filters,
            "period": filters.period,
            "today": timezone.localdate(),
        },
    )


def _get_complaint(request, pk):
    return get_object_or_404(
        Complaint.objects.visible_to(request.user).select_related(
            "service_unit__work_unit", "assigned_to"
        ),
        pk=pk,
    )


def _can_manage(request, complaint) -> bool:
    return (
        ServiceUnit.objects.managed_by(request.user)
        .filter(pk=complaint.service_unit_id)
        .exists()
    )


def _can_answer(request, complaint) -> bool:
    employee = employee_of(request.user)
    assigned = employee is not None and complaint.assigned_to_id == employee.pk
    return assigned or _can_manage(request, complaint)


@allow()
def complaint_detail(request, pk, assign_form=None):
    """The complaint and the workflow steps open to this user; the assignment comes
    back here when what was typed names no one or several (their names are the
    suggestions), so it works without JavaScript."""
    complaint = _get_complaint(request, pk)
    can_manage = _can_manage(request, complaint)
    return render(
        request,
        "feedback/complaint_detail.html",
        {
            "complaint": complaint,
            "events": complaint.events.select_related("actor"),
            "can_manage": can_manage,
            "can_answer": can_manage or _can_answer(request, complaint),
            "verify_form": forms.VerifyForm(),
            "assign_form": assign_form
            or forms.AssignForm(service_unit=complaint.service_unit),
            "answer_form": forms.AnswerForm(initial={"answer": complaint.answer}),
            "close_form": forms.CloseForm(),
            "notice": services.complainant_notice(complaint),
            "today": timezone.localdate(),
        },
    )


def _complaint_for_step(request, pk, allowed):
    """The complaint a workflow step acts on; a user the step is not for gets 404."""
    complaint = _get_complaint(request, pk)
    if not allowed(request, complaint):
        raise Http404
    return complaint


def _run_step(request, complaint, form, action, success):
    """One workflow step: a valid form runs the service (a refusal is shown), an
    invalid one says so; either way back to the complaint."""
    if form.is_valid():
        attempt(request, lambda: action(form.cleaned_data), success=success)
    else:
        messages.error(request, _("Periksa isian formulir."))
    return redirect(complaint)


@require_POST
@allow()
def complaint_verify(request, pk):
    complaint = _complaint_for_step(request, pk, _can_manage)
    return _run_step(
        request,
        complaint,
        forms.VerifyForm(request.POST),
        lambda data: services.verify_complaint(
            complaint=complaint,
            actor=request.user,
            accept=data["decision"] == "accept",
            note=data["note"],
        ),
        _("Hasil verifikasi tersimpan."),
    )


@require_POST
@allow()
def complaint_assign(request, pk):
    complaint = _complaint_for_step(request, pk, _can_manage)
    form = forms.AssignForm(request.POST, service_unit=complaint.service_unit)
    if not form.is_valid():
        return complaint_detail(request, pk, assign_form=form)
    return _run_step(
        request,
        complaint,
        form,
        lambda data: services.assign_complaint(
            complaint=complaint, actor=request.user, assignee=data["assignee"]
        ),
        _("Pengaduan ditugaskan."),
    )


@require_POST
@allow()
def complaint_answer(request, pk):
    complaint = _complaint_for_step(request, pk, _can_answer)
    return _run_step(
        request,
        complaint,
        forms.AnswerForm(request.POST),
        lambda data: services.answer_complaint(
            complaint=complaint, actor=request.user, answer=data["answer"]
        ),
        _("Jawaban tersimpan, tampil di halaman lacak dan dikirim ke email pelapor.")
        if complaint.contact_email
        else _("Jawaban tersimpan dan tampil di halaman lacak."),
    )


@require_POST
@allow()
def complaint_close(request, pk):
    complaint = _complaint_for_step(request, pk, _can_manage)
    return _run_step(
        request,
        complaint,
        forms.CloseForm(request.POST),
        lambda data: services.close_complaint(
            complaint=complaint, actor=request.user, note=data["note"]
        ),
        _("Pengaduan ditutup."),
    )


@allow()
def complaint_photo(request, pk):
    complaint = _get_complaint(request, pk)
    if not complaint.photo:
        raise Http404
    return upload_response(complaint.photo)
