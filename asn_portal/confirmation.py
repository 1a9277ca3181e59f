"""The confirmation step of an action that cannot be undone, with or without script.

A view that completes, ends, withdraws or deletes something asks first: a POST that
does not carry `confirmed` answers a page with the question and a button that posts
the same fields again with `confirmed`. With script, the form's `data-confirm`
dialog (static/js/portal.js) adds `confirmed` itself, so the page is skipped. The
view asks only after it has found the object in the user's scope, and nothing
changes before the answer."""

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

CONFIRMED = "confirmed"


def is_confirmed(request) -> bool:
    return CONFIRMED in request.POST


def ask_confirmation(request, question: str, *, detail: str = ""):
    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in request.POST.getlist(name)
    ]
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        back, {request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    return render(
        request,
        "confirm.html",
        {
            "question": question,
            "detail": detail,
            "fields": fields,
            "action": request.get_full_path(),
            "back": back,
        },
    )
