"""What the back office changed, as HR reads it: each field's value before and after.

The scoped admin base (`people.admin`) takes a `snapshot` of a row before and after
it saves or deletes it and calls `record_change`; the audit page lists the rows of
the reader's agency."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from people import scope
from people.models import BackOfficeChange

MAX_TEXT = 200


def snapshot(instance) -> dict[str, str]:
    """Field label → value as text, for every editable field of a saved row
    (many-to-many included); {} for a row not yet saved."""
    if instance is None or instance.pk is None:
        return {}
    values = {}
    for field in instance._meta.get_fields():
        if not getattr(field, "editable", False) or not field.concrete:
            continue
        label = str(field.verbose_name)
        if field.many_to_many:
            values[label] = ", ".join(
                str(o) for o in getattr(instance, field.name).all()
            )
        else:
            values[label] = _as_text(instance, field)
    return values


def record_change(*, user, action: str, instance, before: dict, after: dict):
    """One audit row for a change of `instance`; nothing when no field changed."""
    changes = [
        {"field": label, "before": before.get(label, ""), "after": after.get(label, "")}
        for label in dict.fromkeys([*before, *after])
        if before.get(label, "") != after.get(label, "")
    ]
    if action == BackOfficeChange.Action.CHANGE and not changes:
        return None
    return BackOfficeChange.objects.create(
        agency_id=scope.agency_id_of_row(instance),
        user=user,
        action=action,
        model_name=str(instance._meta.verbose_name),
        object_id=str(instance.pk),
        object_repr=str(instance)[:MAX_TEXT],
        changes=changes,
    )


def _as_text(instance, field) -> str:
    if field.choices:
        text = str(getattr(instance, f"get_{field.name}_display")())
    elif field.is_relation:
        related = getattr(instance, field.name, None)
        text = str(related) if related is not None else ""
    else:
        value = getattr(instance, field.attname)
        if value is None:
            text = ""
        elif isinstance(field, models.BooleanField):
            text = _("Ya") if value else _("Tidak")
        elif isinstance(value, datetime.datetime):
            text = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        elif isinstance(value, datetime.date):
            text = value.isoformat()
        else:
            text = str(value)
    return text[:MAX_TEXT]
