from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.models import (
    CompetencyArea,
    Goal,
    MenteeRating,
    MentorAssessment,
    MentorProfile,
    Phase,
    Program,
    Session,
)
from people.models import Employee
from people.pickers import EmployeePickerField

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = [
            "name",
            "goals",
            "start_date",
            "end_date",
            "competency_area",
            "fixed_jp_per_session",
            "idle_weeks_before_nudge",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "goals": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agency = agency
        self.fields["competency_area"].queryset = CompetencyArea.objects.filter(
            agency=agency
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
            )
        return cleaned


class MentorProfileForm(forms.ModelForm):
    employee = EmployeePickerField(queryset=Employee.objects.none(), label=_("Pegawai"))

    class Meta:
        model = MentorProfile
        fields = ["employee", "competency_areas", "capacity", "is_active", "note"]
        widgets = {"competency_areas": forms.CheckboxSelectMultiple}

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = Employee.objects.active().filter(
            agency=agency
        )
        self.fields["competency_areas"].queryset = CompetencyArea.objects.filter(
            agency=agency
        )
        if self.instance.pk:
            self.fields["employee"].disabled = True


class SuggestForm(forms.Form):
    """GET form: whom to find a mentor for, in which competency area."""

    mentee = EmployeePickerField(queryset=Employee.objects.none(), label=_("Mentee"))
    competency_area = forms.ModelChoiceField(
        queryset=CompetencyArea.objects.none(),
        required=False,
        label=_("Fokus kompetensi"),
    )

    def __init__(self, *args, agency, **kwargs):
        # Its own ids: the pair form below also has a mentee picker and datalist.
        kwargs.setdefault("auto_id", "suggest_%s")
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = Employee.objects.active().filter(agency=agency)
        self.fields["competency_area"].queryset = CompetencyArea.objects.filter(
            agency=agency
        )


class _PairingForm(forms.Form):
    """What every pairing asks: the mentor, a competency focus and the dates, each
    chosen among those of the agency the pair belongs to (`offer_agency`)."""

    mentor = EmployeePickerField(queryset=Employee.objects.none(), label=_("Mentor"))
    competency_area = forms.ModelChoiceField(
        queryset=CompetencyArea.objects.none(),
        required=False,
        label=_("Fokus kompetensi"),
    )
    start_date = forms.DateField(label=_("Tanggal mulai"), widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("Tanggal selesai"), widget=DATE_WIDGET)

    def offer_agency(self, agency_id) -> None:
        self.fields["mentor"].queryset = Employee.objects.active().filter(
            agency_id=agency_id, mentor_profile__is_active=True
        )
        self.fields["competency_area"].queryset = CompetencyArea.objects.filter(
            agency_id=agency_id
        )


class PairForm(_PairingForm):
    field_order = ["mentee"]

    mentee = EmployeePickerField(queryset=Employee.objects.none(), label=_("Mentee"))
    match_reasons = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = Employee.objects.active().filter(
            agency_id=program.agency_id
        )
        self.offer_agency(program.agency_id)


class FollowUpPairForm(_PairingForm):
    """HR pairs the ASN a development follow-up names with a mentor: the agency's
    programs not yet over, its active mentors."""

    field_order = ["program"]

    program = forms.ModelChoiceField(
        queryset=Program.objects.none(), label=_("Program mentoring")
    )

    def __init__(self, *args, agency_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(
            agency_id=agency_id, end_date__gte=timezone.localdate()
        ).order_by("start_date", "pk")
        self.offer_agency(agency_id)


class GoalForm(forms.ModelForm):
    milestones = forms.CharField(
        label=_("Tonggak capaian"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu tonggak per baris."),
    )

    class Meta:
        model = Goal
        fields = ["title", "description", "target_date"]
        widgets = {
            "target_date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 2}),
        }


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Goal.Status.choices, label=_("Status"))


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "date",
            "starts_at",
            "duration_minutes",
            "topic",
            "notes",
            "agreed_actions",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "agreed_actions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["duration_minutes"].initial = 90


class RatingForm(forms.ModelForm):
    class Meta:
        model = MenteeRating
        fields = ["phase", "score", "comment"]
        widgets = {
            "score": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].initial = Phase.FINAL


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = MentorAssessment
        fields = ["phase", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].initial = Phase.FINAL
