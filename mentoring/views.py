"""Mentoring pages. Scope comes from `visible_to(user)` (outside it: 404); what a user
may do to a visible pair depends on their side of it (outside the pair: 403)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import allow
from asn_portal.confirmation import ask_confirmation, is_confirmed
from asn_portal.formats import quantity
from asn_portal.lists import list_page
from asn_portal.refusals import attempt
from evaluations.models import FollowUpAction
from evaluations.services import access_follow_up_action
from mentoring import services
from mentoring.forms import (
    AssessmentForm,
    FollowUpPairForm,
    GoalForm,
    GoalStatusForm,
    MentorProfileForm,
    PairForm,
    ProgramForm,
    RatingForm,
    SessionForm,
    SuggestForm,
)
from mentoring.models import (
    CompetencyArea,
    Goal,
    MentorProfile,
    Milestone,
    Pair,
    Program,
    Session,
    mentoring_jp,
)
from people.roles import Role, roles_of
from people.scope import employee_of, require_employee


def _visible_pair(request, pk, *, sides=("mentor", "mentee"), hr_perm=None):
    """A pair the user may see (else 404) and act on from one of `sides`, or with
    `hr_perm` (else 403)."""
    pair = get_object_or_404(
        Pair.objects.visible_to(request.user).select_related(
            "program__agency", "mentor__user", "mentee__user", "competency_area"
        ),
        pk=pk,
    )
    employee = employee_of(request.user)
    if pair.side_of(employee) in sides:
        return pair
    if hr_perm and request.user.has_perm(hr_perm):
        return pair
    raise PermissionDenied


# ASN: my pairs ---------------------------------------------------------------------


@allow()
def my_pairs(request):
    employee = employee_of(request.user)
    pairs = (
        Pair.objects.involving(employee).with_stats()
        if employee
        else Pair.objects.none()
    ).select_related("program", "mentor", "mentee", "competency_area")
    return render(
        request,
        "mentoring/my_pairs.html",
        {"pairs": pairs, "jp": mentoring_jp(employee, year=timezone.localdate().year)},
    )


# HR: programs ----------------------------------------------------------------------


@allow("mentoring.view_program")
def program_list(request):
    programs = (
        Program.objects.visible_to(request.user)
        .with_stats(pairs=Pair.objects.visible_to(request.user))
        .select_related("competency_area")
    )
    return render(request, "mentoring/program_list.html", {"programs": programs})


@allow("mentoring.add_program")
def program_create(request):
    return _program_form(request, Program())


@allow("mentoring.change_program")
def program_update(request, pk):
    program = get_object_or_404(Program.objects.visible_to(request.user), pk=pk)
    return _program_form(request, program)


def _program_form(request, program):
    agency = program.agency if program.pk else require_employee(request.user).agency
    form = ProgramForm(request.POST or None, instance=program, agency=agency)
    if request.method == "POST" and form.is_valid():
        program = form.save()
        messages.success(request, _("Program mentoring disimpan."))
        return redirect(program)
    return render(request, "mentoring/program_form.html", {"form": form})


@allow("mentoring.view_program")
def program_detail(request, pk):
    program = get_object_or_404(
        Program.objects.visible_to(request.user)
        .with_stats(pairs=Pair.objects.visible_to(request.user))
        .select_related("competency_area", "agency"),
        pk=pk,
    )
    pairs = (
        Pair.objects.visible_to(request.user)
        .filter(program=program)
        .with_stats()
        .select_related("mentor__unit", "mentee__unit", "competency_area")
        .order_by("status", "mentee__name")
    )
    return render(
        request, "mentoring/program_detail.html", {"program": program, "pairs": pairs}
    )


# HR: mentors and competency areas --------------------------------------------------


@allow("mentoring.view_mentorprofile")
def mentor_list(request):
    profiles = (
        MentorProfile.objects.visible_to(request.user)
        .with_load()
        .select_related("employee__unit")
        .prefetch_related("competency_areas")
    )
    areas = CompetencyArea.objects.filter(
        agency_id=require_employee(request.user).agency_id
    )
    return render(
        request, "mentoring/mentor_list.html", {"profiles": profiles, "areas": areas}
    )


@allow("mentoring.add_mentorprofile")
def mentor_create(request):
    return _mentor_form(request, MentorProfile())


@allow("mentoring.change_mentorprofile")
def mentor_update(request, pk):
    profile = get_object_or_404(MentorProfile.objects.visible_to(request.user), pk=pk)
    return _mentor_form(request, profile)


def _mentor_form(request, profile):
    agency = require_employee(request.user).agency
    form = MentorProfileForm(request.POST or None, instance=profile, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved, _profile = attempt(
            request,
            lambda: services.save_mentor_profile(
                employee=data["employee"],
                capacity=data["capacity"],
                competency_areas=list(data["competency_areas"]),
                is_active=data["is_active"],
                note=data["note"],
            ),
            form=form,
            success=_("Profil mentor disimpan."),
        )
        if saved:
            return redirect("mentoring:mentor_list")
    return render(request, "mentoring/mentor_form.html", {"form": form})


@require_POST
@allow("mentoring.add_competencyarea")
def competency_area_create(request):
    name = request.POST.get("name", "").strip()[:120]
    agency = require_employee(request.user).agency
    if not name:
        messages.error(request, _("Nama bidang kompetensi wajib diisi."))
    else:
        CompetencyArea.objects.get_or_create(agency=agency, name=name)
        messages.success(request, _("Bidang kompetensi ditambahkan."))
    return redirect("mentoring:mentor_list")


# HR: suggest and pair --------------------------------------------------------------


@allow("mentoring.add_pair")
def pair_create(request, pk):
    """HR pairs a mentee with a mentor, helped by the mentors suggested for the
    mentee and competency area chosen above the form."""
    program = get_object_or_404(Program.objects.visible_to(request.user), pk=pk)
    suggesting, initial = _suggesting(request, program)
    form = PairForm(request.POST or None, program=program, initial=initial)
    if request.method == "POST" and form.is_valid():
        created, pair = attempt(
            request,
            lambda: services.create_pair(
                program=program,
                created_by=require_employee(request.user),
                **form.cleaned_data,
            ),
            form=form,
            success=_("Pasangan mentoring dibuat."),
        )
        if created:
            return redirect(pair)
    return render(
        request,
        "mentoring/pair_form.html",
        {"program": program, "form": form, **suggesting},
    )


@allow("mentoring.add_pair")
def follow_up_waiting(request):
    """The development follow-ups' mentor actions no pair answers yet, each with
    the link that pairs it (HR's to-do on the home page counts them)."""
    if Role.HR not in roles_of(request.user):
        raise PermissionDenied
    actions = services.mentor_actions_waiting(
        require_employee(request.user)
    ).select_related("follow_up__assessment__employee__unit")
    return render(
        request,
        "mentoring/follow_up_waiting.html",
        {"page": list_page(actions, request.GET.get("page"))},
    )


@allow("mentoring.add_pair")
def follow_up_pair(request, pk):
    """From a development follow-up's mentor action: HR pairs the assessed ASN with
    a mentor, and the follow-up page shows the pair's status."""
    action = access_follow_up_action(request.user, pk, kind=FollowUpAction.Kind.MENTOR)
    assessment = action.follow_up.assessment
    form = FollowUpPairForm(
        request.POST or None,
        agency_id=assessment.employee.agency_id,
        initial={"start_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        created, _pair = attempt(
            request,
            lambda: services.pair_for_follow_up(
                action=action,
                created_by=require_employee(request.user),
                **form.cleaned_data,
            ),
            form=form,
            success=_("Pasangan mentoring dibuat."),
        )
        if created:
            return redirect(assessment)
    return render(
        request,
        "mentoring/follow_up_pair.html",
        {"action": action, "assessment": assessment, "form": form},
    )


def _suggesting(request, program):
    """The suggestion form and the mentors it suggests for the mentee and area in
    the query string; and the pair form's initial values: the program's dates, and
    the mentor `?mentor=<NIP>` picks from the suggestions, with the reasons they
    match."""
    suggest_form = SuggestForm(
        request.GET or None,
        agency=program.agency,
        initial={"competency_area": program.competency_area_id},
    )
    suggestions = []
    initial = {"start_date": program.start_date, "end_date": program.end_date}
    if suggest_form.is_valid():
        mentee = suggest_form.cleaned_data["mentee"]
        area = suggest_form.cleaned_data["competency_area"]
        suggestions = services.suggest_mentors(mentee=mentee, competency_area=area)
        chosen = next(
            (s for s in suggestions if s.employee.nip == request.GET.get("mentor")),
            None,
        )
        initial.update(
            mentee=mentee,
            competency_area=area,
            mentor=chosen.employee if chosen else None,
            match_reasons="; ".join(chosen.reasons) if chosen else "",
        )
    return {"suggest_form": suggest_form, "suggestions": suggestions}, initial


@require_POST
@allow("mentoring.change_pair")
def pair_end(request, pk):
    pair = get_object_or_404(Pair.objects.visible_to(request.user), pk=pk)
    if not is_confirmed(request):
        return ask_confirmation(
            request, _("Selesaikan pasangan %(pair)s?") % {"pair": pair}
        )
    attempt(
        request,
        lambda: services.end_pair(pair=pair),
        success=_("Pasangan mentoring diselesaikan."),
    )
    return redirect(pair)


# The pair's own pages --------------------------------------------------------------


@allow()
def pair_detail(request, pk):
    pair = get_object_or_404(
        Pair.objects.visible_to(request.user).select_related(
            "program__agency", "mentor__unit", "mentee__unit", "competency_area"
        ),
        pk=pk,
    )
    employee = employee_of(request.user)
    side = pair.side_of(employee)
    return render(
        request,
        "mentoring/pair_detail.html",
        {
            "pair": pair,
            "side": side,
            "goals": pair.goals.prefetch_related("milestones"),
            "sessions": pair.sessions.select_related("logged_by", "confirmed_by"),
            "ratings": pair.ratings.all(),
            "assessments": pair.assessments.all(),
            "goal_statuses": Goal.Status.choices,
            "jp": mentoring_jp(employee, year=timezone.localdate().year)
            if side
            else None,
            "can_manage": request.user.has_perm("mentoring.change_pair"),
        },
    )


@allow()
def goal_create(request, pk):
    pair = _visible_pair(request, pk, hr_perm="mentoring.change_pair")
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_goal(
            pair=pair,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            target_date=form.cleaned_data["target_date"],
            milestones=form.cleaned_data["milestones"].splitlines(),
        )
        messages.success(request, _("Tujuan ditambahkan."))
        return redirect(pair)
    return render(
        request,
        "mentoring/pair_subform.html",
        {"pair": pair, "form": form, "heading": _("Tujuan baru")},
    )


@require_POST
@allow()
def goal_status(request, pk):
    goal = get_object_or_404(
        Goal, pk=pk, pair__in=Pair.objects.visible_to(request.user)
    )
    pair = _visible_pair(request, goal.pair_id, hr_perm="mentoring.change_pair")
    form = GoalStatusForm(request.POST)
    if form.is_valid():
        services.set_goal_status(goal=goal, status=form.cleaned_data["status"])
        messages.success(request, _("Status tujuan diperbarui."))
    return redirect(pair)


@require_POST
@allow()
def milestone_toggle(request, pk):
    milestone = get_object_or_404(
        Milestone, pk=pk, goal__pair__in=Pair.objects.visible_to(request.user)
    )
    pair = _visible_pair(request, milestone.goal.pair_id)
    services.toggle_milestone(milestone=milestone)
    return redirect(pair)


@allow()
def session_create(request, pk):
    return _pair_subform(
        request,
        _visible_pair(request, pk),
        SessionForm(request.POST or None),
        services.log_session,
        success=_("Sesi dicatat dan menunggu konfirmasi pihak lain."),
        heading=_("Catat sesi mentoring"),
    )


def _pair_subform(request, pair, form, service, *, success, heading):
    """A page of the pair with one form: a valid one runs `service` as the user's
    side of the pair (a refusal shows on the form), then back to the pair."""
    if request.method == "POST" and form.is_valid():
        done, _result = attempt(
            request,
            lambda: service(
                pair=pair, by=require_employee(request.user), **form.cleaned_data
            ),
            form=form,
            success=success,
        )
        if done:
            return redirect(pair)
    return render(
        request,
        "mentoring/pair_subform.html",
        {"pair": pair, "form": form, "heading": heading},
    )


@require_POST
@allow()
def session_confirm(request, pk):
    session = get_object_or_404(
        Session.objects.visible_to(request.user).select_related(
            "pair__program__agency", "pair__mentor", "pair__mentee"
        ),
        pk=pk,
    )
    employee = employee_of(request.user)
    if session.pair.side_of(employee) is None or employee.pk == session.logged_by_id:
        raise PermissionDenied
    ok, confirmed = attempt(
        request, lambda: services.confirm_session(session=session, by=employee)
    )
    if ok:
        messages.success(
            request,
            _("Sesi dikonfirmasi: %(jp)s JP dicatat untuk mentor dan mentee.")
            % {"jp": quantity(confirmed.jp)},
        )
    return redirect(session.pair)


@allow()
def rating_create(request, pk):
    return _pair_subform(
        request,
        _visible_pair(request, pk, sides=("mentee",)),
        RatingForm(request.POST or None),
        services.rate_pair,
        success=_("Terima kasih, penilaian Anda disimpan."),
        heading=_("Penilaian mentoring"),
    )


@allow()
def assessment_create(request, pk):
    return _pair_subform(
        request,
        _visible_pair(request, pk, sides=("mentor",)),
        AssessmentForm(request.POST or None),
        services.write_mentor_assessment,
        success=_("Asesmen mentor disimpan."),
        heading=_("Asesmen mentor"),
    )
