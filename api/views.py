"""HR's pages for their agency's API keys: the list, a new key (its secret shown
once, on the answer to the form), and revoking one."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api import services
from api.forms import ApiKeyForm
from api.models import ApiKey
from asn_portal.access import allow
from asn_portal.confirmation import ask_confirmation, is_confirmed
from asn_portal.refusals import attempt
from people.roles import Role
from people.scope import employee_of


@allow("api.manage_apikey", roles=[Role.HR])
def key_list(request):
    keys = ApiKey.objects.visible_to(request.user).select_related(
        "created_by__employee", "revoked_by__employee"
    )
    return render(request, "api/key_list.html", {"keys": keys})


@allow("api.manage_apikey", roles=[Role.HR])
def key_create(request):
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done, created = attempt(
            request,
            lambda: services.create_api_key(
                agency=employee_of(request.user).agency,
                created_by=request.user,
                **form.cleaned_data,
            ),
            form=form,
        )
        if done:
            key, secret = created
            # Rendered, not redirected: the secret is in this answer only.
            api_url = request.build_absolute_uri(reverse("api:root"))
            context = {"key": key, "secret": secret, "api_url": api_url}
            return render(request, "api/key_created.html", context)
    return render(request, "api/key_form.html", {"form": form})


@require_POST
@allow("api.manage_apikey", roles=[Role.HR])
def key_revoke(request, pk):
    key = get_object_or_404(ApiKey.objects.visible_to(request.user), pk=pk)
    if not is_confirmed(request):
        question = _("Cabut kunci %(name)s?") % {"name": key.name}
        detail = _(
            "Sistem yang memakainya langsung ditolak; ini tidak dapat dibatalkan."
        )
        return ask_confirmation(request, question, detail=detail)
    if services.revoke_api_key(key=key, actor=request.user):
        messages.success(
            request,
            _("Kunci %(name)s dicabut: tidak dapat dipakai lagi.") % {"name": key.name},
        )
    else:
        messages.info(request, _("Kunci ini sudah dicabut sebelumnya."))
    return redirect("api_keys:list")
