"""Training's pages, one module per area as in `training.models`: `catalog`
(programs, sessions, enrolment, attendance), `planning` (needs, partners, plans and
budget), `delivery` (questionnaires, follow-up, certificates, internships) and
`ledger` (JP). What they share is here."""

from django.contrib import messages

from asn_portal.lists import safe_next

__all__ = ["MANAGE", "PAGE_SIZE", "form_errors", "safe_next"]

MANAGE = "training.manage_training"
PAGE_SIZE = 50


def form_errors(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
