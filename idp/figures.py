"""The individual development plans a leader's dashboard shows: how many active ASN
in scope have a plan agreed for the year, and how many activities of the agreed plans
are done, per unit displayed."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from asn_portal.exports import INTEGER, Column
from idp.models import IndividualPlan, PlanActivity
from people.panels import Headline, Panel, Scope, Table, drill_url, roll_up


def panels(scope: Scope) -> list[Panel]:
    """Three grouped queries (plans, people and activities per unit) and the
    roll-up's, whatever the number of plans; no panel when nobody in scope has a
    plan for the year."""
    employees = scope.employees()
    plans = IndividualPlan.objects.filter(employee__in=employees, year=scope.year)
    per_unit: dict[int, dict] = {}
    for row in (
        plans.order_by()
        .values("employee__unit_id")
        .annotate(
            agreed=Count("pk", filter=Q(status=IndividualPlan.Status.AGREED)),
        )
    ):
        per_unit.setdefault(row["employee__unit_id"], {})["agreed"] = row["agreed"]
    if not per_unit:
        return []
    for row in employees.order_by().values("unit_id").annotate(people=Count("pk")):
        per_unit.setdefault(row["unit_id"], {})["people"] = row["people"]
    for row in (
        PlanActivity.objects.filter(
            plan__in=plans.filter(status=IndividualPlan.Status.AGREED)
        )
        .with_done()
        .order_by()
        .values("plan__employee__unit_id")
        .annotate(
            activities=Count("pk"),
            done=Count("pk", filter=Q(done_on__isnull=False) | Q(passed=True)),
        )
    ):
        figures = per_unit.setdefault(row["plan__employee__unit_id"], {})
        figures["activities"] = row["activities"]
        figures["done"] = row["done"]
    keys = ["people", "agreed", "done", "activities"]
    totals = {
        key: sum(figures.get(key, 0) for figures in per_unit.values()) for key in keys
    }
    rows = roll_up(per_unit, scope, keys)
    agreed_list = drill_url(
        reverse("idp:list"),
        f"year={scope.year}",
        f"status={IndividualPlan.Status.AGREED}",
    )
    table = Table(
        title=_("IDP %(year)s per unit kerja") % {"year": scope.year},
        columns=[
            _("Unit kerja"),
            Column(_("ASN"), INTEGER),
            Column(_("IDP disepakati"), INTEGER),
            Column(_("Kegiatan selesai"), INTEGER),
            Column(_("Kegiatan IDP disepakati"), INTEGER),
        ],
        rows=[
            [
                r.name,
                r.figures["people"],
                r.figures["agreed"],
                r.figures["done"],
                r.figures["activities"],
            ]
            for r in rows
        ],
    )
    return [
        Panel(
            key="idp",
            title=_("Rencana pengembangan individu (IDP)"),
            headlines=[
                Headline(
                    _("IDP disepakati"),
                    totals["agreed"],
                    agreed_list,
                    _("dari ASN aktif, tahun %(year)s") % {"year": scope.year},
                    kind=INTEGER,
                    of=totals["people"],
                ),
                Headline(
                    _("Kegiatan IDP selesai"),
                    totals["done"],
                    note=_("dari kegiatan IDP yang disepakati"),
                    kind=INTEGER,
                    of=totals["activities"],
                ),
            ],
            tables=[table],
        )
    ]
