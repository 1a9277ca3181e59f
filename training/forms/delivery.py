from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Employee
from people.pickers import EmployeePickerField
from training.models import (
    InternshipPlacement,
    PartnerAgreement,
    QuestionnaireTemplate,
    TemplateQuestion,
)


class QuestionnaireForm(forms.Form):
    """One radio row per question of the template, 1..scale, plus a comment."""

    comment = forms.CharField(
        label=_("Komentar dan saran"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, template: QuestionnaireTemplate, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        self.questions = list(questions)
        choices = [(str(n), str(n)) for n in template.scores]
        for question in self.questions:
            self.fields[self.field_name(question)] = forms.TypedChoiceField(
                label=question.text,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={
                    "required": _("Pertanyaan ini wajib dijawab."),
                    "invalid_choice": _("Pilih nilai antara 1 dan %(scale)d.")
                    % {"scale": template.scale},
                },
            )
        # The comment goes last, after the questions.
        self.order_fields([self.field_name(q) for q in self.questions] + ["comment"])

    @staticmethod
    def field_name(question: TemplateQuestion) -> str:
        return f"q{question.pk}"

    def question_fields(self):
        return [
            (question, self[self.field_name(question)]) for question in self.questions
        ]

    def scores(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[self.field_name(q)] for q in self.questions}


class FollowUpForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Seberapa baik pegawai menerapkan hasil pelatihan di tempat kerja?"),
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Catatan (contoh penerapan, kebutuhan lanjutan)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, scale: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = [(str(n), str(n)) for n in range(1, scale + 1)]
        self.fields["score"].error_messages["invalid_choice"] = _(
            "Pilih nilai antara 1 dan %(scale)d."
        ) % {"scale": scale}


class QuestionnaireTemplateForm(forms.ModelForm):
    class Meta:
        model = QuestionnaireTemplate
        fields = ["name", "scale", "is_default", "follow_up_weeks"]


class TemplateQuestionForm(forms.ModelForm):
    class Meta:
        model = TemplateQuestion
        fields = ["order", "aspect", "text"]


TemplateQuestionFormSet = forms.inlineformset_factory(
    QuestionnaireTemplate,
    TemplateQuestion,
    form=TemplateQuestionForm,
    extra=2,
    can_delete=True,
)


class SessionTemplateForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Templat kuesioner"),
        queryset=QuestionnaireTemplate.objects.none(),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = QuestionnaireTemplate.objects.filter(
            agency=agency
        )


class CertificateVerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "placeholder": "ABCD-EFGH-JKLM"}
        ),
    )


class InternshipForm(forms.ModelForm):
    host_url = forms.URLField(
        label=_("Tautan instansi tujuan"), required=False, assume_scheme="https"
    )

    class Meta:
        model = InternshipPlacement
        fields = [
            "employee",
            "title",
            "agreement",
            "host_institution",
            "host_url",
            "agreement_reference",
            "agreement_quota",
            "host_supervisor_name",
            "host_supervisor_email",
            "internal_supervisor",
            "start_date",
            "end_date",
            "hours_per_day",
            "jp_method",
            "fixed_jp",
        ]
        field_classes = {
            "employee": EmployeePickerField,
            "internal_supervisor": EmployeePickerField,
        }
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        staff = Employee.objects.filter(agency=agency, is_active=True).only(
            "pk", "name", "nip", "front_title", "back_title"
        )
        self.fields["employee"].queryset = staff
        self.fields["internal_supervisor"].queryset = staff
        self.fields["agreement"].queryset = PartnerAgreement.objects.filter(
            partner__agency=agency, provides_internships=True
        ).select_related("partner")
        self.fields["host_institution"].required = False

    def clean(self):
        data = super().clean()
        if data.get("jp_method") == InternshipPlacement.JpMethod.FIXED and not data.get(
            "fixed_jp"
        ):
            self.add_error("fixed_jp", _("Isi JP tetap untuk cara hitung ini."))
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai sebelum tanggal mulai."))
        agreement = data.get("agreement")
        if agreement is not None:
            # The partner and the MoU number come from the agreement itself.
            data["host_institution"] = data.get("host_institution") or str(
                agreement.partner
            )
            data["agreement_reference"] = agreement.number
            if (
                start
                and end
                and (start < agreement.start_date or end > agreement.end_date)
            ):
                self.add_error(
                    "agreement",
                    _(
                        "Magang harus berada dalam masa berlaku perjanjian "
                        "(%(start)s – %(end)s)."
                    )
                    % {
                        "start": agreement.start_date.strftime("%d-%m-%Y"),
                        "end": agreement.end_date.strftime("%d-%m-%Y"),
                    },
                )
        elif not data.get("host_institution"):
            self.add_error(
                "host_institution",
                _("Isi instansi tujuan, atau pilih perjanjian kerja sama."),
            )
        return data


class LogbookEntryForm(forms.Form):
    date = forms.DateField(
        label=_("Tanggal"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    activities = forms.CharField(
        label=_("Kegiatan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class LogbookSignForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan (opsional)"), required=False, max_length=300
    )


class InternshipCompleteForm(forms.Form):
    final_score = forms.IntegerField(
        label=_("Nilai akhir (0–100)"), min_value=0, max_value=100
    )
    final_evaluation = forms.CharField(
        label=_("Evaluasi akhir"), widget=forms.Textarea(attrs={"rows": 4})
    )
