"""Training's pages, one module per area as in `training.models`: `catalog`
(programs, sessions, enrolment, attendance), `planning` (needs, partners, plans and
budget), `delivery` (questionnaires, follow-up, certificates, internships) and
`ledger` (JP). What they share is here."""

from django.contrib import messages
from django.utils.http import url_has_allowed_host_and_scheme

MANAGE = "training.manage_training"
PAGE_SIZE = 50


def safe_next(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def form_errors(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
