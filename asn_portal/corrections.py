"""Corrections: how HR fixes a record typed wrong, in the product itself.

- Every edit says why (`CorrectionReasonMixin` adds the field to a form) and is saved
  with `save_correction`; the record's history (django-simple-history) keeps who,
  when and why, the who from the request through simple-history's middleware.
- A record is deleted with `delete_correction` only while nothing depends on it; the
  model says what depends on it (`dependants()`), and the refusal names it, so HR
  knows what to change or cancel instead.
- `describe_changes` turns history rows into what a history page shows: each change
  with the fields that changed, old and new value.
"""

from django import forms
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asn_portal.refusals import Refused, attempt

REASON_MAX_LENGTH = 100  # simple-history's history_change_reason column


class CorrectionReasonMixin(forms.Form):
    """Every correction HR makes says why; the reason goes into the history."""

    reason = forms.CharField(
        label=gettext_lazy("Alasan perubahan"),
        max_length=REASON_MAX_LENGTH,
        help_text=gettext_lazy("Disimpan di riwayat bersama nama Anda dan waktunya."),
    )


class DeletionForm(forms.Form):
    """The confirmation step of a deletion: it asks why, and works without script."""

    reason = forms.CharField(
        label=gettext_lazy("Alasan penghapusan"),
        max_length=REASON_MAX_LENGTH,
        help_text=gettext_lazy("Disimpan di riwayat bersama nama Anda dan waktunya."),
    )


def save_correction(record, *, reason: str):
    """Save what HR corrected; the history row carries the reason."""
    record._change_reason = reason[:REASON_MAX_LENGTH]
    record.full_clean()
    with transaction.atomic():
        record.save()
    return record


def delete_correction(record, *, reason: str) -> None:
    """Delete a record nothing depends on; else refuse, naming what depends on it."""
    with transaction.atomic():
        blocking = [
            f"{count} {label}" for label, count in record.dependants().items() if count
        ]
        if blocking:
            raise Refused(
                _(
                    "%(record)s tidak dapat dihapus karena masih dipakai oleh "
                    "%(what)s. Ubah atau batalkan itu lebih dulu."
                )
                % {"record": record, "what": get_text_list(blocking, _("dan"))}
            )
        record._change_reason = reason[:REASON_MAX_LENGTH]
        record.delete()


def describe_changes(records, model) -> list[dict]:
    """History rows, newest first, each with its changed fields labelled."""
    records = list(records)
    changes = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        diffs = newer.diff_against(older).changes if older is not None else []
        labelled = [
            {
                "label": model._meta.get_field(d.field).verbose_name,
                "old": d.old,
                "new": d.new,
            }
            for d in diffs
        ]
        changes.append({"record": newer, "diffs": labelled})
    return changes


# --- the pages ------------------------------------------------------------------------


def confirm_deletion(request, record, *, back_url: str, done_url: str, delete=None):
    """The deletion page of any record: what depends on it (then no button), else
    the reason and the confirmation. `delete(reason)` defaults to
    `delete_correction`; a service passes its own when deleting does more."""
    delete = delete or (lambda reason: delete_correction(record, reason=reason))
    form = DeletionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        deleted, _result = attempt(
            request,
            lambda: delete(form.cleaned_data["reason"]),
            form=form,
            success=_("%(record)s dihapus.") % {"record": record},
        )
        if deleted:
            return redirect(done_url)
    blocking = [(label, n) for label, n in record.dependants().items() if n]
    return render(
        request,
        "corrections/delete.html",
        {"record": record, "form": form, "blocking": blocking, "back_url": back_url},
    )


def history_page(request, record, *, back_url: str, limit: int = 200):
    """Who changed the record, when, why, and what changed, newest first."""
    records = record.history.select_related("history_user").order_by("-history_date")
    return render(
        request,
        "corrections/history.html",
        {
            "record": record,
            "changes": describe_changes(records[:limit], type(record)),
            "back_url": back_url,
        },
    )


def correct(
    request,
    form,
    *,
    saved: str,
    title,
    back_url: str,
    history_url: str = "",
    delete_url: str = "",
    save=None,
):
    """The edit page of a record HR corrects: on a valid POST the correction is
    saved (`save(reason)`, by default `save_correction` of the form's record) and the
    user goes back to `back_url` told `saved`; a refusal is shown at the form.
    Otherwise the form with its reason, and the ways to its history and deletion."""
    save = save or (lambda reason: save_correction(form.instance, reason=reason))
    if request.method == "POST" and form.is_valid():
        done, _result = attempt(
            request,
            lambda: save(form.cleaned_data["reason"]),
            form=form,
            success=saved,
        )
        if done:
            return redirect(back_url)
    return render(
        request,
        "corrections/edit.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "history_url": history_url,
            "delete_url": delete_url,
        },
    )
