"""What the SIASN web service asks of HR now (see people/todo.py): the changes the
last pull found, waiting for confirmation. One query, for HR only."""

from django.urls import reverse
from django.utils.translation import gettext as _

from people.services import agency_preview
from people.todo import OpenTask


def open_tasks(user, employee, roles) -> list[OpenTask]:
    if not user.has_perm("people.import_employees"):
        return []
    pending = agency_preview(employee.agency)
    if pending is None:
        return []
    return [
        OpenTask(
            key="siasn_pull",
            label=_("Perubahan data pegawai dari SIASN menunggu konfirmasi"),
            count=1,
            url=reverse("people:employee_import_preview", args=[pending.token]),
            detail=pending.source,
        )
    ]
