"""Training that closes competency gaps: programme suggestions for one employee and
training needs proposed from the gaps of a unit."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from asn_portal.access import allow
from asn_portal.formats import number
from asn_portal.refusals import attempt
from people.models import Employee
from people.panels import scope_for
from training import development
from training.forms.planning import GapNeedsForm, GapUnitForm
from training.models import TrainingNeed
from training.services.planning import propose_needs_from_gaps


@allow(employee=True)
def gap_programmes(request, pk):
    """Whoever may open the employee's competency page sees the suggestions."""
    employee = get_object_or_404(
        Employee.objects.visible_to(request.user).select_related("unit"), pk=pk
    )
    return render(
        request,
        "training/gap_programmes.html",
        {"employee": employee, **development.programmes_for_gaps(employee)},
    )


@allow("training.add_trainingneed", employee=True)
def gap_needs_unit(request):
    """Which unit: its page is where the needs are proposed."""
    form = GapUnitForm(request.GET or None, agency=request.user.employee.agency)
    if form.is_valid():
        return redirect("training:gap_needs", form.cleaned_data["unit"].pk)
    return render(request, "training/gap_needs.html", {"unit_form": form})


@allow("training.add_trainingneed", employee=True)
def gap_needs(request, pk):
    """The unit's competencies with employees below standard; one POST proposes a
    training need for each chosen one (once per unit, year and competency)."""
    today = timezone.localdate()
    scope = scope_for(request.user, year=today.year, unit_id=pk)
    year = request.GET.get("tahun", "")
    year = int(year) if year.isdigit() else today.year + 1
    rows = development.gap_needs(scope, year=year)
    form = GapNeedsForm(request.POST or None, rows=rows, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        done, result = attempt(
            request,
            lambda: propose_needs_from_gaps(
                proposed_by=request.user.employee,
                scope=scope,
                year=year,
                competency_ids=form.cleaned_data["competencies"],
            ),
            form=form,
        )
        if done:
            _tell(request, *result, year=year)
            return redirect(f"{reverse('training:gap_needs', args=[pk])}?tahun={year}")
    return render(
        request,
        "training/gap_needs.html",
        {
            "scope": scope,
            "rows": rows,
            "year": year,
            "form": form,
            "priorities": TrainingNeed.Priority.choices,
        },
    )


def _tell(request, created, skipped, *, year):
    if created:
        messages.success(
            request,
            ngettext(
                "%(n)s kebutuhan pelatihan diusulkan untuk tahun %(year)s.",
                "%(n)s kebutuhan pelatihan diusulkan untuk tahun %(year)s.",
                len(created),
            )
            % {"n": number(len(created)), "year": year},
        )
    if skipped:
        messages.info(
            request,
            _(
                "Sudah ada kebutuhan untuk unit dan tahun ini, tidak dibuat lagi: "
                "%(names)s."
            )
            % {"names": ", ".join(str(row.competency) for row in skipped)},
        )
