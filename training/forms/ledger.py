"""Forms of the JP ledger pages: the below-target list's filter, nominating those
below target to a session."""

from django import forms
from django.utils.translation import gettext_lazy as _

from asn_portal.lists import UnitTreeFilter, choice_field, unit_field
from people.models import Employee, WorkUnit
from training.models import (
    OutsideLearning,
    TrainingSession,
)
from training.models.ledger import below_target


class NominateToSessionForm(forms.Form):
    session = forms.ModelChoiceField(
        label=_("Sesi"), queryset=TrainingSession.objects.none()
    )

    def __init__(self, *args, agency_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = (
            TrainingSession.objects.filter(
                program__agency_id=agency_id,
                status__in=[
                    TrainingSession.Status.PLANNED,
                    TrainingSession.Status.OPEN,
                ],
            )
            .select_related("program")
            .order_by("start_date", "pk")
        )

    def upcoming(self, limit=100):
        """The sessions offered in the page's drop-down: the soonest ones."""
        return self.fields["session"].queryset[:limit]


class BelowTargetFilter(UnitTreeFilter):
    """Search and filters of the below-target list; `tahun` chooses the year whose
    JP is counted (this year unless told)."""

    unit = unit_field()
    status = choice_field(_("Status"), Employee.Status.choices)
    tahun = forms.TypedChoiceField(label=_("Tahun"), coerce=int, required=False)

    def __init__(self, *args, this_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [
            (year, year) for year in range(this_year, this_year - 5, -1)
        ]
        self.this_year = this_year

    @property
    def year(self) -> int:
        return self.values.get("tahun") or self.this_year

    def narrow_status(self, employees, status):
        return employees.filter(status=status)

    def narrow_tahun(self, employees, year):
        return employees  # the year is counted by below_target, not a narrowing


def below_target_filter(user, data, *, this_year: int) -> BelowTargetFilter:
    """The below-target list's filter as `user` may use it (their units)."""
    return BelowTargetFilter(
        data, units=WorkUnit.objects.visible_to(user), this_year=this_year
    )


def below_target_rows(user, filters: BelowTargetFilter):
    """Those `user` may see who are below target in the filter's year, narrowed by
    the filter: the list, its download (at once or in a job) and its bulk
    nomination."""
    agency = user.employee.agency
    employees = below_target(
        Employee.objects.visible_to(user), agency=agency, year=filters.year
    )
    return filters.narrow(employees).select_related("unit")


class OutsideLearningForm(forms.ModelForm):
    """An ASN's record of learning done outside the portal."""

    class Meta:
        model = OutsideLearning
        fields = [
            "form",
            "title",
            "organizer",
            "start_date",
            "end_date",
            "hours",
            "certificate",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "hours": forms.NumberInput(attrs={"step": "0.5", "min": "0.5"}),
        }


class OutsideDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("verify", _("Verifikasi")), ("reject", _("Tolak"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Alasan penolakan"), required=False, widget=forms.Textarea({"rows": 3})
    )
