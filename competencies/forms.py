from django import forms
from django.utils.translation import gettext_lazy as _

from asn_portal.corrections import CorrectionReasonMixin
from asn_portal.uploads import UploadFormField
from competencies.models import LEVELS, Competency


class CompetencyForm(forms.ModelForm):
    """A competency and the description of each of its five levels."""

    class Meta:
        model = Competency
        fields = ["code", "name", "definition", "ordering"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        written = self.instance.level_descriptions() if self.instance.pk else {}
        for number in LEVELS:
            self.fields[f"level_{number}"] = forms.CharField(
                label=_("Level %(n)s") % {"n": number},
                required=False,
                initial=written.get(number, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def levels(self) -> dict[int, str]:
        return {n: self.cleaned_data.get(f"level_{n}", "") for n in LEVELS}


class CompetencyCorrectionForm(CorrectionReasonMixin, CompetencyForm):
    pass


class CompetencyImportForm(forms.Form):
    file = UploadFormField(
        policy="competency_import",
        label=_("Berkas Excel (.xlsx) atau CSV"),
        help_text=_("Satu baris satu kompetensi teknis; kolom dikenali dari judulnya."),
    )


class CompetencySearchForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
