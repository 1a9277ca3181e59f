"""Training that closes competency gaps: programme suggestions for one employee and
training needs proposed from the gaps of a unit."""

from django.shortcuts import get_object_or_404, render

from asn_portal.access import allow
from people.models import Employee
from training.development import programmes_for_gaps


@allow(employee=True)
def gap_programmes(request, pk):
    """Whoever may open the employee's competency page sees the suggestions."""
    employee = get_object_or_404(
        Employee.objects.visible_to(request.user).select_related("unit"), pk=pk
    )
    return render(
        request,
        "training/gap_programmes.html",
        {"employee": employee, **programmes_for_gaps(employee)},
    )
