from django import forms
from django.utils.translation import gettext_lazy as _

from asn_portal.corrections import CorrectionReasonMixin
from asn_portal.uploads import UploadFormField
from competencies.models import LEVELS, AssessedLevel, Competency, JobStandard


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


class AssessedLevelImportForm(forms.Form):
    file = UploadFormField(
        policy="assessed_level_import",
        label=_("Berkas Excel (.xlsx) atau CSV"),
        help_text=_(
            "Satu baris satu level kompetensi seorang pegawai; kolom dikenali dari "
            "judulnya."
        ),
    )


class CompetencySearchForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)


LEVEL_CHOICES = [("", _("— tidak dipersyaratkan"))] + [
    (str(n), _("Level %(n)s") % {"n": n}) for n in LEVELS
]


class JobStandardForm(forms.ModelForm):
    """A jabatan's standard: one level choice per competency of the agency's
    dictionary (empty: the jabatan does not require it)."""

    class Meta:
        model = JobStandard
        fields = ["jabatan_name", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "jabatan_name": _(
                "Tulis persis seperti nama jabatan pada data pegawai; huruf besar "
                "dan kecil tidak dibedakan."
            )
        }

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        required = self.instance.required() if self.instance.pk else {}
        self.competencies = list(Competency.objects.filter(agency=agency))
        for competency in self.competencies:
            self.fields[self.level_field(competency)] = forms.TypedChoiceField(
                label=str(competency),
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=required.get(competency.pk),
            )

    @staticmethod
    def level_field(competency) -> str:
        return f"level_{competency.pk}"

    def level_rows(self):
        """(competency, its bound level field) in dictionary order."""
        return [(c, self[self.level_field(c)]) for c in self.competencies]

    def levels(self) -> dict[int, int | None]:
        return {
            c.pk: self.cleaned_data.get(self.level_field(c)) for c in self.competencies
        }


class JobStandardCorrectionForm(CorrectionReasonMixin, JobStandardForm):
    pass


class AssessedLevelForm(forms.ModelForm):
    """An assessed level of one employee. A supervisor does not choose the source:
    theirs is always the supervisor's assessment."""

    class Meta:
        model = AssessedLevel
        fields = ["competency", "level", "assessed_on", "source", "notes"]
        widgets = {
            "assessed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "level": forms.Select(choices=LEVEL_CHOICES[1:]),
        }

    def __init__(self, *args, agency, chooses_source: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Competency.objects.filter(agency=agency)
        self.fields["level"].widget.choices = LEVEL_CHOICES[1:]
        if not chooses_source:
            del self.fields["source"]
