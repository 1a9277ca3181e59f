"""What the employee profile shows of mentoring: the pairs the person is in, as
mentee or as mentor (see people/profile.py)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from mentoring.models import Pair
from people.profile import ProfileSection

PAIRS_SHOWN = 10


def sections(employee, viewer) -> list[ProfileSection]:
    pairs = list(
        Pair.objects.visible_to(viewer)
        .filter(Q(mentee=employee) | Q(mentor=employee))
        .select_related("mentor", "mentee", "program")
        .order_by("-start_date")[:PAIRS_SHOWN]
    )
    if not pairs:
        return []
    return [
        ProfileSection(
            key="mentoring",
            title=_("Mentoring"),
            template="mentoring/_profile.html",
            context={"pairs": pairs, "subject": employee},
        )
    ]
