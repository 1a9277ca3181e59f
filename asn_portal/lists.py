"""The lists HR works from (below-target, approvals, a session's enrolments,
employees, complaints) search, filter, page, download and act in bulk one way.

A list declares its filter as a `ListFilter`: a GET form (so it works without
JavaScript and a filtered page can be bookmarked) with `q` for the search box and
the narrowing fields the list needs, each applied by its `narrow_<field>` method.
Pagination and the "Unduh Excel" link carry `query_string`, so the next page and the
download hold exactly the rows the page was filtered to.

A bulk action posts the same filter fields (`_partials/list_selection.html`) beside
the ticked rows; `selected_rows` re-applies the filter to the user's scope, so
"pilih semua N hasil" means every row the list matched, on every page, and a ticked
id outside the list (another agency's, say) is ignored."""

from collections.abc import Callable, Iterable, Sequence
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asn_portal.exports import xlsx_response
from asn_portal.formats import numbers
from asn_portal.refusals import refusal_from
from people.pickers import UnitTreeChoiceField

PAGE_SIZE = 50
EXPORT_PARAMETER = ("format", "xlsx")
SELECT_ALL = "semua"
REFUSALS_SHOWN = 5


def name_or_nip(text: str, prefix: str = "") -> Q:
    """Rows whose employee's name contains `text` or whose NIP starts with it
    (spaces typed inside a NIP ignored); `prefix` is the path to the employee."""
    digits = text.replace(" ", "")
    condition = Q(**{f"{prefix}name__icontains": text})
    if digits.isdigit():
        condition |= Q(**{f"{prefix}nip__startswith": digits})
    return condition


class ListFilter(forms.Form):
    """The search box and filters of one list. Subclasses add fields and a
    `narrow_<field>(queryset, value)` for each; a field left empty narrows nothing.
    A value that does not clean (a unit of another agency, a made-up status) is
    shown as the field's error and matches no row, so neither the list, its download
    nor a bulk action falls back to every row."""

    q = forms.CharField(label=gettext_lazy("Cari"), required=False, max_length=100)
    search_placeholder = gettext_lazy("Nama atau NIP")

    def __init__(self, data=None, *, units=None, **kwargs):
        # Always bound: an empty query string is the unfiltered list.
        super().__init__(data if data is not None else {}, **kwargs)
        if "unit" in self.fields:
            self.fields["unit"].queryset = units
        self.fields["q"].widget.attrs.update(
            type="search", placeholder=self.search_placeholder
        )
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )

    @property
    def values(self) -> dict:
        """The filters that apply: the cleaned ones left neither empty nor off."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value is not False and value not in (None, "", [])
        }

    def narrow(self, queryset):
        if not self.is_valid():  # never "everything" for a filter that failed
            return queryset.none()
        for name, value in self.values.items():
            queryset = getattr(self, f"narrow_{name}")(queryset, value)
        return queryset

    def narrow_q(self, queryset, text):
        return queryset.filter(name_or_nip(text))

    @property
    def applied(self) -> list[tuple[str, str]]:
        """(name, value) of each filter that applies, as typed: for hidden fields."""
        return [(name, str(self.data.get(name, ""))) for name in self.values]

    @property
    def query_string(self) -> str:
        return urlencode(self.applied)

    @property
    def export_query(self) -> str:
        return urlencode([*self.applied, EXPORT_PARAMETER])

    @property
    def is_filtered(self) -> bool:
        return bool(self.values)


class UnitTreeFilter(ListFilter):
    """A list narrowed to a unit and every unit below it or, with `langsung` (a
    dashboard's "(langsung)" row), to the rows of the unit itself. `unit_lookup` is
    the path from a row to its work unit."""

    unit_lookup = "unit"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["langsung"] = forms.BooleanField(
            required=False, widget=forms.HiddenInput
        )

    def narrow_unit(self, rows, unit):
        if self.values.get("langsung"):
            return rows.filter(**{self.unit_lookup: unit})
        return rows.filter(**{f"{self.unit_lookup}__path__startswith": unit.path})

    def narrow_langsung(self, rows, _direct):
        return rows  # applied together with the unit, in `narrow_unit`


def unit_field(label=None) -> UnitTreeChoiceField:
    """A unit filter that shows the tree (each unit under its parent, indented);
    the view passes the units the user may see as `units`."""
    return UnitTreeChoiceField(
        label=label or gettext_lazy("Unit kerja"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Semua unit kerja"),
    )


def choice_field(label, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", gettext_lazy("Semua")), *choices],
    )


def wants_export(request) -> bool:
    key, value = EXPORT_PARAMETER
    return request.GET.get(key) == value


def export_response(
    filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence]
):
    """The filtered rows as one sheet; numbers stay numbers (int, Decimal)."""
    return xlsx_response(filename, [(title, header, rows)])


def list_page(queryset, number, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(number)


def selected_rows(data, rows, *, field: str):
    """The rows a bulk action acts on: every one of `rows` (the user's scope,
    narrowed by the filter posted with the action) when "pilih semua" was ticked,
    else the ticked ids among them."""
    if data.get(SELECT_ALL) == "1":
        return rows
    ids = {int(value) for value in data.getlist(field) if value.isdigit()}
    return rows.filter(pk__in=ids)


def safe_next(request, default: str) -> str:
    """Where a bulk action goes back to: the posted `next` (the list with its
    filter and page) when it is on this site, else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def act_on_each(request, rows, action: Callable, *, label: Callable = str) -> int:
    """Runs `action(row)` for each row, each in its own transaction: a refusal
    changes nothing for that row and the others still go ahead. Says how many were
    refused and why (the first few); returns how many were done."""
    done, refused = 0, []
    for row in rows:
        try:
            with transaction.atomic():
                action(row)
        except IntegrityError as error:
            refused.append(f"{label(row)}: {refusal_from(error).message}")
        except ValidationError as refusal:
            refused.append(f"{label(row)}: {' '.join(refusal.messages)}")
        else:
            done += 1
    if not done and not refused:
        messages.error(request, _("Pilih minimal satu baris."))
    if refused:
        messages.warning(
            request,
            _("%(n)s tidak dapat diproses: %(reasons)s")
            % {
                **numbers(n=len(refused)),
                "reasons": "; ".join(refused[:REFUSALS_SHOWN])
                + ("; …" if len(refused) > REFUSALS_SHOWN else ""),
            },
        )
    return done
