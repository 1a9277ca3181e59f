from django import forms
from django.utils.translation import gettext_lazy as _

from competencies.models import Competency
from idp.models import PlanActivity
from training.models import Program


class PlanCreateForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Tahun"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]


class ActivityForm(forms.ModelForm):
    """A development activity; choices are the plan's agency's dictionary and its
    active catalogue."""

    class Meta:
        model = PlanActivity
        fields = [
            "competency",
            "form",
            "program",
            "description",
            "planned_jp",
            "quarter",
        ]

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Competency.objects.filter(agency=agency)
        self.fields["program"].queryset = Program.objects.filter(
            agency=agency, is_active=True
        ).order_by("title")
        self.fields["description"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("description") and not cleaned.get("program"):
            self.add_error(
                "description",
                _("Tuliskan uraian kegiatan, atau pilih program dari katalog."),
            )
        return cleaned


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan untuk pegawai"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila IDP dikembalikan."),
    )


class DoneForm(forms.Form):
    note = forms.CharField(label=_("Bukti/catatan"), required=False, max_length=300)


class PlanFilterForm(forms.Form):
    year = forms.IntegerField(
        label=_("Tahun"), required=False, min_value=2000, max_value=2100
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from idp.models import IndividualPlan

        self.fields["status"].choices = [("", _("Semua"))] + list(
            IndividualPlan.Status.choices
        )
