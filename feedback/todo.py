"""What the public's complaints ask of the user now (see people/todo.py): open
complaints past their due date, and those due within DUE_SOON_DAYS, about the units
the user handles (HR: the agency's; unit staff and heads: their own) or assigned to
them. One aggregate query."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.models import DUE_SOON_DAYS, Complaint, ServiceUnit, due_soon_range
from people.todo import OpenTask


def open_tasks(user, employee, roles) -> list[OpenTask]:
    today = timezone.localdate()
    counts = (
        Complaint.objects.open()
        .filter(
            Q(service_unit__in=ServiceUnit.objects.managed_by(user).values("pk"))
            | Q(assigned_to=employee)
        )
        .aggregate(
            overdue=Count("pk", filter=Q(due_date__lt=today)),
            due_soon=Count("pk", filter=Q(due_date__range=due_soon_range(today))),
        )
    )
    complaints = reverse("feedback:complaint_list")
    tasks = []
    if counts["overdue"]:
        tasks.append(
            OpenTask(
                key="complaints_overdue",
                label=_("Pengaduan melewati batas waktu jawaban"),
                count=counts["overdue"],
                url=f"{complaints}?tenggat=lewat",
                urgent=True,
            )
        )
    if counts["due_soon"]:
        tasks.append(
            OpenTask(
                key="complaints_due",
                label=_("Pengaduan jatuh tempo dalam %(days)s hari")
                % {"days": DUE_SOON_DAYS + 1},
                count=counts["due_soon"],
                url=f"{complaints}?tenggat=segera",
            )
        )
    return tasks
