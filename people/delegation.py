"""Plt/Plh: who acts for a supervisor, and the one check of who may act as an
employee's supervisor.

A supervisor (or HR on their behalf) entrusts their approvals and SKP rating to
another employee of the agency for a date range (`Delegation`). On a day within it
the delegate approves or rejects the team's training applications, agrees SKP
plans, writes feedback notes and rates assessments of the delegator's direct team,
and decides the objections that would go to the delegator as the appraiser's own
supervisor (evaluations.services); each of those records keeps the delegation
beside the acting employee, shown as "oleh X (Plt. untuk Y)". Nobody approves or
rates their own application, plan or assessment, delegate or not."""

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from asn_portal.refusals import Refused
from notifications.services import notify
from people.models import Delegation, Employee


def acting_for(employee, day=None):
    """The supervisors `employee` acts for on `day` (today by default), as a
    queryset (a subquery where it is used in a filter)."""
    day = day or timezone.localdate()
    return Employee.objects.filter(
        pk__in=Delegation.objects.active_on(day)
        .filter(delegate=employee)
        .values("delegator_id")
    )


def supervised_by(employee, prefix: str = "employee__", day=None) -> Q:
    """A filter for the rows whose employee (reached through `prefix`) `employee`
    acts on as supervisor: their direct team and the team of every supervisor they
    act for, never their own rows."""
    return (
        Q(**{f"{prefix}supervisor": employee})
        | Q(**{f"{prefix}supervisor__in": acting_for(employee, day)})
    ) & ~Q(**{f"{prefix}pk": employee.pk})


def may_act_as_supervisor(actor, employee, day=None) -> bool:
    """Whether `actor` may approve and rate for `employee` (pages ask before
    showing a form; the services refuse through `authority_over`)."""
    try:
        authority_over(actor, employee, day)
    except Refused:
        return False
    return True


def authority_over(actor, employee, day=None) -> Delegation | None:
    """How `actor` acts as `employee`'s supervisor on `day`: None as the direct
    supervisor, the delegation in force when acting for them; anyone else, and
    anyone for themselves, is refused with the reason."""
    day = day or timezone.localdate()
    if actor is None or employee.pk == actor.pk:
        raise Refused(
            _(
                "Anda tidak dapat menyetujui atau menilai diri sendiri, juga "
                "sebagai Plt/Plh."
            )
        )
    if employee.supervisor_id is not None and employee.supervisor_id == actor.pk:
        return None
    given = Delegation.objects.filter(
        delegate=actor, delegator_id=employee.supervisor_id
    ).select_related("delegator")
    delegation = given.active_on(day).first() if employee.supervisor_id else None
    if delegation is not None:
        return delegation
    last = given.order_by("-end_date").first() if employee.supervisor_id else None
    if last is not None:
        raise Refused(
            _(
                "Penugasan Anda sebagai %(acting)s berlaku %(start)s sampai %(end)s; "
                "di luar masa itu Anda tidak dapat bertindak atas namanya."
            )
            % {
                "acting": last.acting_label,
                "start": date_format(last.start_date, "j F Y"),
                "end": date_format(last.last_day, "j F Y"),
            }
        )
    raise Refused(
        _(
            "Hanya atasan langsung %(name)s atau Plt/Plh-nya yang dapat melakukan "
            "ini; pegawai tersebut bukan anggota tim Anda."
        )
        % {"name": employee.name}
    )


def may_manage(delegation: Delegation, user) -> bool:
    """The delegator and their agency's HR manage a delegation."""
    from people.roles import Role, roles_of
    from people.scope import employee_of

    me = employee_of(user)
    if me is None:
        return False
    if delegation.delegator_id == me.pk:
        return True
    return Role.HR in roles_of(user) and delegation.delegator.agency_id == me.agency_id


def end_early(*, delegation: Delegation, user) -> Delegation:
    """The delegator or HR ends a delegation before its end date: from today the
    delegate no longer acts for the supervisor."""
    if not may_manage(delegation, user):
        raise Refused(
            _("Hanya atasan yang digantikan atau BKPSDM yang dapat mengakhirinya.")
        )
    today = timezone.localdate()
    if delegation.last_day < today:
        raise Refused(_("Penugasan Plt/Plh ini sudah berakhir."))
    delegation.ended_on = today
    delegation.save(update_fields=["ended_on", "updated_at"])
    return delegation


def deciders_for(employee, day=None) -> list[tuple[Employee, Delegation | None]]:
    """Who is asked to decide for `employee` on `day`: their direct supervisor
    (None beside them) and whoever acts for that supervisor (with the delegation);
    never the employee themselves. Requests for approval and rating go to each."""
    supervisor = employee.supervisor
    if supervisor is None:
        return []
    day = day or timezone.localdate()
    delegations = (
        Delegation.objects.active_on(day)
        .filter(delegator=supervisor)
        .exclude(delegate=employee)
        .select_related("delegate__user", "delegator")
    )
    return [(supervisor, None), *((d.delegate, d) for d in delegations)]


def ask_deciders(employee, *, kind: str, obj, title: str, **message) -> None:
    """Ask everyone who decides for `employee` (`deciders_for`) and has an account,
    a Plt/Plh's title saying for whom (`asked_as`); `message` is the rest of
    `notify`'s arguments (step, body, url)."""
    for decider, delegation in deciders_for(employee):
        if decider.user_id:
            notify(
                recipient=decider.user,
                kind=kind,
                obj=obj,
                title=title + asked_as(delegation),
                **message,
            )


def asked_as(delegation: Delegation | None) -> str:
    """What a request's title adds for a delegate: " (Plt. untuk X)"."""
    if delegation is None:
        return ""
    return _(" (%(kind)s untuk %(supervisor)s)") % {
        "kind": delegation.get_kind_display(),
        "supervisor": delegation.delegator.name,
    }
