"""Pages for questionnaires, results, follow-up, certificates and internships."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import allow
from asn_portal.exports import XLSX_TYPE, xlsx_response
from asn_portal.formats import numbers
from asn_portal.ratelimit import over_limit, too_many_requests
from asn_portal.refusals import attempt
from people.roles import Role, has_role
from people.scope import employee_of, require_employee
from training import exports, impact
from training.certificate_pdf import render_certificate_pdf
from training.forms.delivery import (
    CertificateVerifyForm,
    FollowUpForm,
    InternshipCompleteForm,
    InternshipForm,
    LogbookEntryForm,
    LogbookSignForm,
    QuestionnaireForm,
    QuestionnaireTemplateForm,
    SessionTemplateForm,
    TemplateQuestionFormSet,
)
from training.models import (
    Certificate,
    InternshipPlacement,
    Program,
    QuestionnaireTemplate,
    ResultsExport,
    TrainingSession,
    participants,
)
from training.models.delivery import (
    SESSIONS_SHOWN,
    evaluation_results,
    sessions_with_results,
)
from training.services import delivery as services
from training.services import exports as export_services

# --- Questionnaire (participant) ---


@allow()
def questionnaire_answer(request, pk):
    enrolment = get_object_or_404(
        participants()
        .filter(employee__user=request.user)
        .select_related("session__program", "employee"),
        pk=pk,
    )
    closed_reason = services.answer_closed_reason(enrolment=enrolment)
    if closed_reason:
        return render(
            request,
            "training/questionnaire_form.html",
            {"enrolment": enrolment, "closed_reason": closed_reason},
        )
    template = services.template_for_session(enrolment.session)
    questions = template.questions.all()
    form = QuestionnaireForm(
        request.POST or None, template=template, questions=questions
    )
    if request.method == "POST" and form.is_valid():
        done, _response = attempt(
            request,
            lambda: services.submit_questionnaire(
                enrolment=enrolment,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            ),
            success=_("Terima kasih, jawaban Anda tersimpan."),
        )
        if done:
            return redirect("training:questionnaire_answer", pk=enrolment.pk)
    return render(
        request,
        "training/questionnaire_form.html",
        {"enrolment": enrolment, "form": form, "template": template},
    )


# --- Questionnaire templates (HR) ---


@allow("training.manage_questionnaire")
def questionnaire_template_list(request):
    templates = QuestionnaireTemplate.objects.visible_to(request.user).order_by(
        "-is_default", "name"
    )
    return render(
        request,
        "training/questionnairetemplate_list.html",
        {"templates": templates},
    )


def _question_rows(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or (not form.instance.pk and not form.has_changed()):
            continue
        rows.append(
            {
                "pk": form.instance.pk,
                "aspect": data.get("aspect"),
                "text": data.get("text"),
                "order": data.get("order") or 0,
                "delete": data.get("DELETE", False),
            }
        )
    return rows


def _edit_template(request, template):
    form = QuestionnaireTemplateForm(request.POST or None, instance=template)
    formset = TemplateQuestionFormSet(
        request.POST or None, instance=template, prefix="questions"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        saved, _template = attempt(
            request,
            lambda: services.save_template(
                template=form.save(commit=False), questions=_question_rows(formset)
            ),
            form=form,
            success=_("Templat kuesioner tersimpan."),
        )
        if saved:
            return redirect("training:questionnaire_template_list")
    return render(
        request,
        "training/questionnairetemplate_form.html",
        {"form": form, "formset": formset, "template": template},
    )


def _own_agency(request):
    """The agency a staff member works for; an account without a profile (a bare
    superuser) has none to create things in."""
    return require_employee(request.user).agency


@allow("training.manage_questionnaire")
def questionnaire_template_create(request):
    return _edit_template(request, QuestionnaireTemplate(agency=_own_agency(request)))


@allow("training.manage_questionnaire")
def questionnaire_template_edit(request, pk):
    template = get_object_or_404(
        QuestionnaireTemplate.objects.visible_to(request.user), pk=pk
    )
    return _edit_template(request, template)


@require_POST
@allow("training.manage_questionnaire")
def session_template_set(request, pk):
    session = get_object_or_404(
        TrainingSession.objects.visible_to(request.user).select_related("program"),
        pk=pk,
    )
    form = SessionTemplateForm(request.POST, agency=session.program.agency)
    if form.is_valid():
        attempt(
            request,
            lambda: services.set_session_template(
                session=session, template=form.cleaned_data["template"]
            ),
            success=_("Templat kuesioner sesi diperbarui."),
        )
    else:
        messages.error(request, _("Pilih templat dari instansi ini."))
    return redirect("training:session_results", pk=session.pk)


# --- Results (HR, leaders) ------------------------------------------------------------


@allow("training.view_training_results")
def session_results(request, pk):
    session = get_object_or_404(
        TrainingSession.objects.visible_to(request.user).select_related(
            "program", "questionnaire__template"
        ),
        pk=pk,
    )
    link = getattr(session, "questionnaire", None)
    context = {
        "session": session,
        "program": session.program,
        "results": evaluation_results(session=session),
        "current_template": link.template if link else None,
    }
    if request.user.has_perm("training.manage_questionnaire"):
        context["template_form"] = SessionTemplateForm(
            agency=session.program.agency,
            initial={"template": link.template_id if link else None},
        )
    return render(request, "training/session_results.html", context)


@allow("training.view_training_results")
def program_results(request, pk):
    program = get_object_or_404(Program.objects.visible_to(request.user), pk=pk)
    sessions, attended_count = sessions_with_results(program)
    return render(
        request,
        "training/program_results.html",
        {
            "program": program,
            "results": evaluation_results(
                program=program, attended_count=attended_count
            ),
            "sessions": sessions,
            "sessions_shown": SESSIONS_SHOWN,
            "impact": impact.program_impact(program, today=timezone.localdate()),
            "impact_window_days": impact.WINDOW_DAYS,
        },
    )


def _export(request, *, program, session=None):
    """The file at once, or, for a very large one, the offer to build it in the
    background (GET) and the queued build (POST)."""
    if request.method == "POST":
        export = export_services.request_results_export(
            user=request.user, program=program, session=session
        )
        return redirect(export)
    scope = {"session": session} if session else {"program": program}
    rows = exports.answer_count(**scope)
    if rows > exports.BACKGROUND_ROWS:
        context = {"program": program, "session": session, "rows": rows}
        return render(request, "training/results_export_large.html", context)
    name = f"sesi-{session.pk}" if session else f"program-{program.pk}"
    title = str(session) if session else program.title
    return xlsx_response(
        f"evaluasi-{name}.xlsx", exports.results_sheets(title=title, **scope)
    )


@allow("training.view_training_results")
def session_results_export(request, pk):
    session = get_object_or_404(
        TrainingSession.objects.visible_to(request.user).select_related("program"),
        pk=pk,
    )
    return _export(request, program=session.program, session=session)


@allow("training.view_training_results")
def program_results_export(request, pk):
    program = get_object_or_404(Program.objects.visible_to(request.user), pk=pk)
    return _export(request, program=program)


@allow("training.view_training_results")
def results_export_detail(request, pk):
    export = get_object_or_404(
        ResultsExport.objects.visible_to(request.user).select_related(
            "program", "session"
        ),
        pk=pk,
    )
    return render(
        request,
        "training/results_export_detail.html",
        {"export": export, "kept_days": settings.BUILT_FILES_KEPT_DAYS},
    )


@allow("training.view_training_results")
def results_export_download(request, pk):
    export = get_object_or_404(
        ResultsExport.objects.visible_to(request.user).exclude(file=""),
        pk=pk,
        status=ResultsExport.Status.DONE,
    )
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type=XLSX_TYPE,
    )


# --- Follow-up (supervisor) ---


@allow()
def follow_up_list(request):
    employee = employee_of(request.user)
    if employee is None:
        raise Http404
    team_enrolments = (
        participants()
        .filter(
            employee__supervisor=employee, session__end_date__lt=timezone.localdate()
        )
        .attended()
        .select_related("employee", "session__program", "follow_up")
        .order_by("-session__end_date", "employee__name")[:200]
    )
    return render(
        request,
        "training/followup_list.html",
        {"enrolments": team_enrolments},
    )


@allow()
def follow_up_form(request, pk):
    employee = employee_of(request.user)
    enrolment = get_object_or_404(
        participants()
        .filter(employee__supervisor__user=request.user)
        .select_related("employee", "session__program"),
        pk=pk,
    )
    template = services.template_for_session(enrolment.session)
    closed_reason = services.follow_up_closed_reason(
        enrolment=enrolment, supervisor=employee
    )
    if closed_reason:
        return render(
            request,
            "training/followup_form.html",
            {"enrolment": enrolment, "closed_reason": closed_reason},
        )
    form = FollowUpForm(request.POST or None, scale=template.scale)
    if request.method == "POST" and form.is_valid():
        done, _evaluation = attempt(
            request,
            lambda: services.submit_follow_up(
                enrolment=enrolment,
                supervisor=employee,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            ),
            form=form,
            success=_("Evaluasi lanjutan tersimpan. Terima kasih."),
        )
        if done:
            return redirect("training:follow_up_list")
    return render(
        request,
        "training/followup_form.html",
        {"enrolment": enrolment, "form": form, "scale": template.scale},
    )


# --- Certificates ---


@allow()
def certificate_list(request):
    certificates = Certificate.objects.visible_to(request.user).select_related(
        "employee"
    )
    query = request.GET.get("q", "").strip()
    if query:
        certificates = certificates.filter(
            Q(holder_name__icontains=query)
            | Q(holder_nip__startswith=query)
            | Q(code__iexact=query)
        )
    page = Paginator(certificates, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "training/certificate_list.html",
        {"page": page, "query": query},
    )


@allow()
def certificate_pdf(request, pk):
    certificate = get_object_or_404(
        Certificate.objects.visible_to(request.user).select_related("agency"), pk=pk
    )
    response = HttpResponse(
        render_certificate_pdf(certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="sertifikat-{certificate.code}.pdf"'
    )
    return response


def certificate_verify(request):
    """Public: anyone holding a certificate's code can check it, without logging in."""
    form = CertificateVerifyForm(request.GET or None)
    if form.is_valid():
        code = services.normalise_code(form.cleaned_data["code"])
        if code:
            return redirect("training:certificate_verify_code", code=code)
        form.add_error(
            "code", _("Kode terdiri dari 12 huruf/angka, mis. ABCD-EFGH-JKLM.")
        )
    return render(request, "training/certificate_verify.html", {"form": form})


def certificate_verify_code(request, code):
    """Public lookup; limited per address so that codes cannot be tried in bulk."""
    if over_limit(request, "certificate_verify"):
        return too_many_requests(
            request,
            "training/certificate_verify.html",
            {"form": CertificateVerifyForm(initial={"code": code})},
        )
    normalised = services.normalise_code(code)
    certificate = (
        Certificate.objects.filter(code=normalised)
        .select_related("agency")
        .only(
            "code",
            "holder_name",
            "title",
            "start_date",
            "end_date",
            "jp",
            "issued_at",
            "agency__name",
        )
        .first()
        if normalised
        else None
    )
    return render(
        request,
        "training/certificate_verify.html",
        {
            "form": CertificateVerifyForm(initial={"code": code}),
            "certificate": certificate,
            "checked_code": code,
        },
        status=200 if certificate else 404,
    )


# --- Internships ---


def _may_manage_internship(user, placement) -> bool:
    employee = employee_of(user)
    if user.has_perm("training.manage_internship") and has_role(user, Role.HR):
        return True
    return employee is not None and placement.internal_supervisor_id == employee.pk


def _managed_internship(request, pk) -> InternshipPlacement:
    """A placement the user sees (else 404) and manages (else 403): HR, or the
    intern's supervisor in the agency."""
    placement = get_object_or_404(
        InternshipPlacement.objects.visible_to(request.user), pk=pk
    )
    if not _may_manage_internship(request.user, placement):
        raise PermissionDenied
    return placement


@allow()
def internship_list(request):
    placements = (
        InternshipPlacement.objects.visible_to(request.user)
        .select_related("employee", "internal_supervisor")
        .order_by("-start_date", "pk")
    )
    page = Paginator(placements, 50).get_page(request.GET.get("page"))
    return render(request, "training/internshipplacement_list.html", {"page": page})


@allow("training.manage_internship")
def internship_create(request):
    agency = _own_agency(request)
    form = InternshipForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        placement = form.save(commit=False)
        placement.agency = agency
        created, placement = attempt(
            request,
            lambda: services.create_internship(placement=placement),
            form=form,
            success=_("Magang tercatat."),
        )
        if created:
            return redirect(placement)
    return render(request, "training/internshipplacement_form.html", {"form": form})


@allow()
def internship_detail(request, pk):
    placement = get_object_or_404(
        InternshipPlacement.objects.visible_to(request.user).select_related(
            "employee",
            "internal_supervisor",
            "agency",
            "certificate",
            "agreement__partner",
        ),
        pk=pk,
    )
    employee = employee_of(request.user)
    is_intern = employee is not None and placement.employee_id == employee.pk
    may_manage = _may_manage_internship(request.user, placement)
    entries = list(placement.logbook.all())
    if may_manage:
        for entry in entries:
            if not entry.signed_off_at:
                entry.sign_url = request.build_absolute_uri(
                    reverse(
                        "training:logbook_sign",
                        args=[services.logbook_sign_token(entry)],
                    )
                )
    return render(
        request,
        "training/internshipplacement_detail.html",
        {
            "placement": placement,
            "entries": entries,
            "is_intern": is_intern,
            "may_manage": may_manage,
            "logbook_form": LogbookEntryForm() if is_intern else None,
            "complete_form": InternshipCompleteForm() if may_manage else None,
        },
    )


@require_POST
@allow()
def logbook_add(request, pk):
    placement = get_object_or_404(
        InternshipPlacement.objects.filter(employee__user=request.user), pk=pk
    )
    form = LogbookEntryForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.add_logbook_entry(
                placement=placement,
                date=form.cleaned_data["date"],
                activities=form.cleaned_data["activities"],
            ),
            success=_("Logbook tersimpan."),
        )
    else:
        messages.error(request, _("Isi tanggal dan kegiatan dengan benar."))
    return redirect(placement)


def logbook_sign(request, token):
    """Public: the host supervisor signs one logbook day through a signed link."""
    found, entry = attempt(request, lambda: services.entry_for_token(token))
    if not found:
        return render(request, "training/logbook_sign.html", status=404)
    form = LogbookSignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signed, signed_entry = attempt(
            request,
            lambda: services.sign_logbook_entry(
                token=token, note=form.cleaned_data["note"]
            ),
            success=_("Logbook telah diparaf. Terima kasih."),
        )
        entry = signed_entry if signed else entry
    return render(request, "training/logbook_sign.html", {"entry": entry, "form": form})


@require_POST
@allow()
def internship_complete(request, pk):
    placement = _managed_internship(request, pk)
    form = InternshipCompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi nilai akhir (0–100) dan evaluasi akhir."))
        return redirect(placement)
    attempt(
        request,
        lambda: services.complete_internship(
            placement=placement,
            evaluator=request.user.employee,
            final_score=form.cleaned_data["final_score"],
            final_evaluation=form.cleaned_data["final_evaluation"],
        ),
        success=_("Magang selesai; JP dikreditkan dan sertifikat diterbitkan."),
    )
    return redirect(placement)


@require_POST
@allow()
def logbook_send_links(request, pk):
    placement = _managed_internship(request, pk)
    sent, count = attempt(
        request, lambda: services.request_host_sign_off(placement=placement)
    )
    if sent:
        messages.success(
            request,
            _("Tautan paraf %(n)s hari dikirim ke %(email)s.")
            % {**numbers(n=count), "email": placement.host_supervisor_email},
        )
    return redirect(placement)
