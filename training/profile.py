"""What the employee profile shows of training: the JP ledger per year against the
target, the latest enrolments and the certificates (see people/profile.py)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import Employee
from people.profile import Action, ProfileSection
from training.models import Certificate, Enrolment, JpYearTotal
from training.models.ledger import jp_standing

YEARS_SHOWN = 3
ENROLMENTS_SHOWN = 10
CERTIFICATES_SHOWN = 10


def sections(employee, viewer) -> list[ProfileSection]:
    year = timezone.localdate().year
    per_year = dict(
        JpYearTotal.objects.filter(
            employee__in=Employee.objects.visible_to(viewer),
            employee=employee,
            year__gt=year - YEARS_SHOWN,
        ).values_list("year", "jp")
    )
    enrolments = list(
        Enrolment.objects.visible_to(viewer)
        .filter(employee=employee)
        .select_related("session__program")
        .order_by("-session__start_date")[:ENROLMENTS_SHOWN]
    )
    certificates = list(
        Certificate.objects.visible_to(viewer)
        .filter(employee=employee)
        .order_by("-issued_at")[:CERTIFICATES_SHOWN]
    )
    if not (per_year or enrolments or certificates) and not viewer.has_perm(
        "training.view_jpcredit"
    ):
        return []
    standing = jp_standing(employee, total=per_year.get(year, 0))
    years = [
        {"year": y, "total": per_year.get(y, 0)}
        for y in range(year, year - YEARS_SHOWN, -1)
    ]
    actions = []
    if employee.user_id == viewer.pk:
        actions.append(Action(_("Buka JP saya"), reverse("training:my_jp")))
    return [
        ProfileSection(
            key="pelatihan",
            title=_("JP dan pelatihan"),
            template="training/_profile.html",
            context={
                "standing": standing,
                "years": years,
                "enrolments": enrolments,
                "certificates": certificates,
            },
            actions=actions,
        )
    ]
