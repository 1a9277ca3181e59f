import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboard.models import Report
from people.forms import UnitTreeChoiceField
from people.models import WorkUnit


def _year_choices():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year, this_year - 6, -1)]


class DashboardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Tahun"), coerce=int, choices=_year_choices)
    quarter = forms.TypedChoiceField(
        label=_("Periode"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Setahun penuh"))]
        + [
            (q, _("Triwulan %(q)s") % {"q": ("I", "II", "III", "IV")[q - 1]})
            for q in range(1, 5)
        ],
    )
    unit = UnitTreeChoiceField(
        label=_("Unit kerja"),
        queryset=WorkUnit.objects.none(),
        required=False,
        empty_label=_("Seluruh lingkup"),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=Report.Kind.choices)
    year = forms.TypedChoiceField(label=_("Tahun"), coerce=int, choices=_year_choices)
    number = forms.IntegerField(
        label=_("Bulan / triwulan ke-"),
        min_value=1,
        max_value=12,
        help_text=_("Bulan 1–12 untuk laporan bulanan, triwulan 1–4 untuk triwulanan."),
    )
    unit = UnitTreeChoiceField(
        label=_("Unit kerja"),
        queryset=WorkUnit.objects.none(),
        required=False,
        empty_label=_("Seluruh instansi"),
    )

    def __init__(self, *args, units=None, root=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        if root is not None:
            # A leader narrowed to a unit reports on that unit or one below it:
            # a report of the whole agency would be one they could not open.
            self.fields["unit"].required = True
            self.fields["unit"].empty_label = None
            self.fields["unit"].initial = root.pk

    def clean(self):
        cleaned = super().clean()
        kind, number, year = (
            cleaned.get("kind"),
            cleaned.get("number"),
            cleaned.get("year"),
        )
        if kind == Report.Kind.QUARTERLY and number and number > 4:
            self.add_error("number", _("Triwulan hanya 1 sampai 4."))
        elif kind and number and year:
            start, end = self.period(kind, year, number)
            if start > timezone.localdate():
                self.add_error("number", _("Periode ini belum dimulai."))
            cleaned["period_start"], cleaned["period_end"] = start, end
        return cleaned

    @staticmethod
    def period(kind, year, number):
        from people.panels import month_end, period_bounds

        if kind == Report.Kind.QUARTERLY:
            return period_bounds(year, number)
        return datetime.date(year, number, 1), month_end(year, number)
