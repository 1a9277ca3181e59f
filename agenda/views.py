from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from agenda import events, ics
from agenda.models import CalendarFeed, new_feed, token_hash
from asn_portal.access import allow
from mentoring.models import Session
from training.models import TrainingSession


@allow(employee=True)
def feed_settings(request):
    """Where a person gets (or replaces) the address their calendar app follows."""
    token = None
    if request.method == "POST":
        token = new_feed(request.user)
    feed = CalendarFeed.objects.filter(user=request.user).first()
    address = (
        request.build_absolute_uri(reverse("agenda:feed", args=[token]))
        if token
        else ""
    )
    return render(
        request,
        "agenda/settings.html",
        {
            "feed": feed,
            "address": address,
            "webcal": address.replace("https://", "webcal://").replace(
                "http://", "webcal://"
            ),
        },
    )


@require_safe
def feed(request, token):
    """The calendar itself, for an app holding the secret address (no login)."""
    found = (
        CalendarFeed.objects.filter(token_hash=token_hash(token))
        .select_related("user__employee")
        .first()
    )
    employee = getattr(found.user, "employee", None) if found else None
    if employee is None or not found.user.is_active:
        raise Http404
    CalendarFeed.objects.filter(pk=found.pk).update(last_read_at=timezone.now())
    document = ics.calendar_document(
        events.events_for(employee, today=timezone.localdate()),
        name=_("ASN Portal: %(name)s") % {"name": employee.name},
    )
    return _calendar(document, 'inline; filename="asn-portal.ics"')


@allow()
@require_safe
def mentoring_session(request, pk):
    """One mentoring session as a calendar file ("add to calendar"), for whoever
    may see its pair: the same event, with the same id, as in the person's feed."""
    session = get_object_or_404(
        Session.objects.visible_to(request.user).select_related(
            "pair__mentor", "pair__mentee"
        ),
        pk=pk,
    )
    document = ics.calendar_document(
        [events.mentoring_session_event(session)], name=_("Sesi mentoring")
    )
    return _calendar(document, f'attachment; filename="mentoring-{session.pk}.ics"')


@allow()
@require_safe
def training_session(request, pk):
    """A training session as a calendar file ("add to calendar"), for whoever may
    see the session."""
    session = get_object_or_404(
        TrainingSession.objects.visible_to(request.user).select_related("program"),
        pk=pk,
    )
    document = ics.calendar_document(
        [events.training_session_event(session)], name=_("Sesi pelatihan")
    )
    return _calendar(document, f'attachment; filename="sesi-{session.pk}.ics"')


def _calendar(document: bytes, disposition: str) -> HttpResponse:
    response = HttpResponse(document, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = disposition
    return response
