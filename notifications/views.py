import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from asn_portal.access import allow
from asn_portal.formats import numbers
from notifications import channels, services
from notifications.models import ChannelMessage, Notification


@allow()
def inbox(request):
    notifications = Notification.objects.visible_to(request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@allow()
def open_notification(request, pk):
    notification = get_object_or_404(
        Notification.objects.visible_to(request.user), pk=pk
    )
    services.mark_read(notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notifications:inbox")


@require_POST
@allow()
def read_all(request):
    count = services.mark_all_read(user=request.user)
    messages.success(
        request, _("%(count)s notifikasi ditandai dibaca.") % numbers(count=count)
    )
    return redirect("notifications:inbox")


@allow("people.manage_reminders")
def channel_messages(request):
    """HR sees what the WhatsApp/SMS outbox did for their agency's people: sent,
    waiting for a retry, or failed (and then sent by email instead)."""
    messages_sent = ChannelMessage.objects.visible_to(request.user).select_related(
        "notification__recipient__employee", "resent_by__employee"
    )
    status = request.GET.get("status", "")
    if status in ChannelMessage.Status.values:
        messages_sent = messages_sent.filter(status=status)
    page = Paginator(messages_sent, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/channel_messages.html",
        {"page": page, "status": status, "statuses": ChannelMessage.Status.choices},
    )


@require_POST
@allow("people.manage_reminders")
def resend_channel_message(request, pk):
    message = get_object_or_404(ChannelMessage.objects.visible_to(request.user), pk=pk)
    try:
        emailed = services.resend_channel_message(message=message, by=request.user)
    except services.NotResendable:
        messages.error(
            request,
            _("Hanya pesan yang gagal yang dapat dikirim ulang; pesan ini %(status)s.")
            % {"status": message.get_status_display()},
        )
        return redirect("notifications:channel_messages")
    messages.success(request, _("Pesan dijadwalkan untuk dikirim ulang sekarang."))
    if emailed:
        messages.info(
            request,
            _(
                "Pemberitahuan ini sudah terkirim lewat email; penerima akan "
                "menerima keduanya."
            ),
        )
    return redirect("notifications:channel_messages")


@csrf_exempt  # Meta posts here without a session; the body's signature is the check
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request):
    """WhatsApp's delivery statuses. Public on purpose: nobody signs in, so the
    subscription is checked by the verify token and each post by the app secret's
    signature, and the webhook is off (404) until both are set."""
    if not channels.whatsapp_webhook_enabled():
        raise Http404
    if request.method == "GET":
        if not channels.whatsapp_subscription_accepted(
            request.GET.get("hub.mode", ""), request.GET.get("hub.verify_token", "")
        ):
            return HttpResponseForbidden()
        return HttpResponse(
            request.GET.get("hub.challenge", ""), content_type="text/plain"
        )
    signature = request.headers.get("X-Hub-Signature-256", "")
    if not channels.whatsapp_signature_valid(request.body, signature):
        return HttpResponseForbidden()
    try:
        payload = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest()
    services.record_whatsapp_statuses(payload=payload)
    return HttpResponse()
