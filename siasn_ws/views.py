from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asn_portal.access import allow
from people.roles import Role
from people.scope import employee_of
from siasn_ws import services
from siasn_ws.forms import SyncSettingsForm
from siasn_ws.models import OutboxRecord, SiasnConnection


@allow("siasn_ws.view_outboxrecord", roles=[Role.HR])
def outbox(request):
    """What the portal sends to SIASN, per record: waiting, sent with SIASN's id, or
    refused with SIASN's reason."""
    rows = OutboxRecord.objects.visible_to(request.user)
    counts = services.outbox_counts(rows)
    status = request.GET.get("status", "")
    if status in OutboxRecord.Status.values:
        rows = rows.filter(status=status)
    rows = rows.select_related("employee").order_by("-created_at", "-pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    agency_id = employee_of(request.user).agency_id
    connection = SiasnConnection.objects.filter(agency_id=agency_id).first()
    context = {"page": page, "counts": counts, "status": status}
    context["connection"] = connection
    context["filters"] = {"query_string": f"status={status}" if status else ""}
    context["statuses"] = OutboxRecord.Status.choices
    return render(request, "siasn_ws/outbox.html", context)


@require_POST
@allow("siasn_ws.resend_outboxrecord", roles=[Role.HR])
def resend(request, pk):
    record = get_object_or_404(OutboxRecord.objects.visible_to(request.user), pk=pk)
    if services.resend(record=record):
        messages.success(
            request, _("Akan dikirim lagi ke SIASN pada pengiriman berikut.")
        )
    else:
        messages.info(
            request, _("Hanya kiriman yang ditolak SIASN dapat dikirim ulang.")
        )
    return redirect("siasn_ws:outbox")


@allow("siasn_ws.manage_siasn_sync", roles=[Role.HR])
def sync_settings(request):
    """The agency's pull: on or off, and which data SIASN owns. The connection
    itself (addresses, switch) is the superuser's; without one there is no form."""
    agency_id = employee_of(request.user).agency_id
    connection = SiasnConnection.objects.filter(agency_id=agency_id).first()
    form = None
    if connection is not None:
        form = SyncSettingsForm(request.POST or None, instance=connection)
    if form is not None and request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Pengaturan tarik data dari SIASN disimpan."))
        return redirect("siasn_ws:sync_settings")
    context = {"form": form, "connection": connection}
    return render(request, "siasn_ws/sync_settings.html", context)
