"""The one way a form asks for an employee: a search field, never a select of the
whole agency (20,000 options would be megabytes of HTML).

`EmployeePickerField` is a text input: the user types part of a name or an NIP and,
with JavaScript, picks from the suggestions of `people:employee_search` (at most
PICKER_LIMIT, one query); without it, the form comes back with the matches to pick
from. Whatever arrives is resolved inside the field's own queryset on every save, so
the scope holds on what the form accepts, not only on what it suggests.

`UnitTreeChoiceField` is how a form asks for a unit: a select of the organisation
tree, each unit under its parent and indented."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import flatatt
from django.urls import reverse_lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

PICKER_LIMIT = 20
_NIP = re.compile(r"\b(\d{18})\b")


def picker_label(employee) -> str:
    """What the input shows for a chosen employee; its NIP comes first so that the
    field can read it back."""
    return f"{employee.nip} · {employee.full_name}"


def search_employees(employees, text: str):
    """At most PICKER_LIMIT of `employees` whose name contains `text` or whose NIP
    starts with it, by name."""
    text = text.strip()
    if len(text) < 2:
        return employees.none()
    digits = text.replace(" ", "")
    condition = Q(name__icontains=text)
    if digits.isdigit():
        condition |= Q(nip__startswith=digits)
    return (
        employees.filter(condition)
        .select_related("unit")
        .only("pk", "nip", "name", "front_title", "back_title", "unit__name")
        .order_by("name", "nip")[:PICKER_LIMIT]
    )


class EmployeePickerWidget(forms.TextInput):
    template_name = "people/widgets/employee_picker.html"

    def __init__(self, attrs=None):
        super().__init__(
            {
                "autocomplete": "off",
                "data-employee-picker": reverse_lazy("people:employee_search"),
                "placeholder": _("Ketik nama atau NIP"),
                **(attrs or {}),
            }
        )
        self.suggestions = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["suggestions"] = [picker_label(e) for e in self.suggestions]
        return context


def _matches(employees, text: str) -> list:
    """The employees of `employees` that `text` names: the one whose NIP it holds
    (a picked label or a bare NIP), else those `search_employees` finds."""
    nip = _NIP.search(text)
    if nip:
        return list(employees.filter(nip=nip.group(1))[:1])
    return list(search_employees(employees, text))


class EmployeePickerField(forms.ModelChoiceField):
    widget = EmployeePickerWidget
    default_error_messages = {
        "not_found": _("Tidak ada pegawai yang cocok dengan “%(text)s”."),
        "several": _(
            "%(count)s pegawai cocok dengan “%(text)s”; pilih satu dari daftar."
        ),
    }

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault(
            "help_text", _("Ketik sebagian nama atau NIP, lalu pilih dari daftar.")
        )
        super().__init__(queryset, **kwargs)

    def prepare_value(self, value):
        if hasattr(value, "nip"):
            return picker_label(value)
        # An int is a pk (a ModelForm's initial); a string is what the user typed,
        # digits included (part of an NIP), and is shown back as typed.
        if isinstance(value, int):
            employee = self.queryset.filter(pk=value).first()
            return picker_label(employee) if employee else ""
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            value = value.pk
        if isinstance(value, int):  # a disabled field cleans its initial pk
            found = list(self.queryset.filter(pk=value)[:1])
            text = str(value)
        else:
            text = str(value).strip()
            found = _matches(self.queryset, text)
        if len(found) == 1:
            return found[0]
        self.widget.suggestions = found
        if not found:
            raise ValidationError(
                self.error_messages["not_found"], "not_found", {"text": text}
            )
        raise ValidationError(
            self.error_messages["several"],
            "several",
            {"count": len(found), "text": text},
        )

    def has_changed(self, initial, data):
        return self.prepare_value(initial) != (data or "")


class EmployeeListField(forms.ModelMultipleChoiceField):
    """Several employees, one a line (a picked label, an NIP or a unique part of a
    name), each resolved inside the field's queryset like `EmployeePickerField`:
    a list of the people chosen, never a multiple select of the whole agency."""

    widget = forms.Textarea(attrs={"rows": 3})
    default_error_messages = {
        "not_found": EmployeePickerField.default_error_messages["not_found"],
        "several": _("%(count)s pegawai cocok dengan “%(text)s”: %(names)s."),
    }

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault(
            "help_text", _("Satu pegawai per baris: NIP, atau NIP · nama.")
        )
        super().__init__(queryset, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, str):
            return value
        values = list(value or [])
        pks = [v for v in values if isinstance(v, int)]
        people = [v for v in values if hasattr(v, "nip")]
        if pks:
            people += list(self.queryset.filter(pk__in=pks))
        return "\n".join(picker_label(e) for e in people)

    def clean(self, value):
        lines = [line.strip() for line in str(value or "").splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            if self.required:
                raise ValidationError(self.error_messages["required"], "required")
            return self.queryset.none()
        chosen, errors = {}, []
        for text in lines:
            found = _matches(self.queryset, text)
            if len(found) == 1:
                chosen[found[0].pk] = found[0]
            elif not found:
                errors.append(
                    ValidationError(
                        self.error_messages["not_found"], "not_found", {"text": text}
                    )
                )
            else:
                errors.append(
                    ValidationError(
                        self.error_messages["several"],
                        "several",
                        {
                            "count": len(found),
                            "text": text,
                            "names": "; ".join(picker_label(e) for e in found),
                        },
                    )
                )
        if errors:
            raise ValidationError(errors)
        return list(chosen.values())

    def has_changed(self, initial, data):
        return self.prepare_value(initial) != (data or "")


class QuickSelect(forms.Select):
    """A select whose options are written in Python. Django renders each option
    through its own template, about 0,2 ms an option: tens of milliseconds on every
    page that offers an agency's unit tree."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(option), " selected" if str(option) == chosen else "", label)
                for option, label in self.choices
            ),
        )
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class UnitTreeChoiceField(forms.ModelChoiceField):
    """A unit select that shows the organisation tree: every unit right under its
    parent (the OPD above its sub-units), indented by its depth."""

    widget = QuickSelect

    def _set_queryset(self, queryset):
        super()._set_queryset(None if queryset is None else queryset.order_by("path"))

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, unit):
        return "\u2003" * max(unit.depth - 1, 0) + unit.name
