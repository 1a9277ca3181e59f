from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from agenda import events, ics
from agenda.models import CalendarFeed, new_feed, token_hash
from asn_portal.access import allow


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
    response = HttpResponse(document, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="asn-portal.ics"'
    return response
