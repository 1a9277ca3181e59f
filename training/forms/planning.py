"""Forms for needs, partners and their agreements, the plan, budget and quotas."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.forms import UnitTreeChoiceField
from people.models import WorkUnit
from training.forms import DATE
from training.models import (
    BudgetAllocation,
    DevelopmentPlan,
    Partner,
    PartnerAgreement,
    PlannedProgram,
    Program,
    TrainingNeed,
    UnitQuota,
)


class NeedForm(forms.ModelForm):
    class Meta:
        model = TrainingNeed
        field_classes = {"unit": UnitTreeChoiceField}
        fields = [
            "year",
            "unit",
            "competency",
            "target_group",
            "participants",
            "priority",
            "reason",
        ]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, employee, whole_agency=False, **kwargs):
        super().__init__(*args, **kwargs)
        units = WorkUnit.objects.filter(agency_id=employee.agency_id)
        # A unit head proposes for their own unit and the units below it.
        self.fields["unit"].queryset = (
            units if whole_agency else units.subtree_of(employee.unit)
        )
        self.fields["unit"].initial = employee.unit_id
        self.fields["year"].initial = timezone.localdate().year + 1
        self.fields["participants"].min_value = 1
        self.fields["participants"].widget.attrs["min"] = 1


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "contact", "is_active"]


class AgreementForm(forms.ModelForm):
    class Meta:
        model = PartnerAgreement
        fields = [
            "number",
            "start_date",
            "end_date",
            "provides_internships",
            "provides_seminars",
            "provides_speakers",
            "provides_funding",
            "funding_amount",
            "notes",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal akhir harus setelah tanggal mulai."))
        return data


class PlanForm(forms.ModelForm):
    class Meta:
        model = DevelopmentPlan
        fields = ["year", "title"]


class AllocationForm(forms.ModelForm):
    class Meta:
        model = BudgetAllocation
        fields = ["source", "amount"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["amount"].min_value = 0
        self.fields["amount"].widget.attrs["min"] = 0


class PlannedProgramForm(forms.ModelForm):
    needs = forms.ModelMultipleChoiceField(
        label=_("Menjawab kebutuhan"),
        queryset=TrainingNeed.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PlannedProgram
        fields = [
            "title",
            "form",
            "competency_area",
            "batches",
            "participants_per_batch",
            "cost_per_participant",
            "funding_source",
            "partner",
        ]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = TrainingNeed.objects.filter(
            agency_id=plan.agency_id, year=plan.year
        ).select_related("unit")
        self.fields["partner"].queryset = Partner.objects.filter(
            agency_id=plan.agency_id, is_active=True
        )
        for name in ("batches", "participants_per_batch"):
            self.fields[name].min_value = 1
            self.fields[name].widget.attrs["min"] = 1
        self.fields["cost_per_participant"].min_value = 0


class QuotaForm(forms.ModelForm):
    class Meta:
        model = UnitQuota
        field_classes = {"unit": UnitTreeChoiceField}
        fields = ["unit", "seats"]

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["unit"].queryset = WorkUnit.objects.filter(
            agency_id=item.plan.agency_id
        )

    def clean(self):
        data = super().clean()
        seats = data.get("seats")
        if seats is None:
            return data
        others = sum(q.seats for q in self.item.quotas.exclude(unit=data.get("unit")))
        if others + seats > self.item.total_participants:
            self.add_error(
                "seats",
                _("Kuota melebihi jumlah peserta rencana (%(total)s).")
                % {"total": self.item.total_participants},
            )
        return data


class ProgramFromPlanForm(forms.Form):
    jp = forms.DecimalField(label=_("JP"), min_value=1, max_digits=6, decimal_places=2)
    delivery_mode = forms.ChoiceField(
        label=_("Moda"), choices=Program.DeliveryMode.choices
    )
    provider = forms.CharField(label=_("Penyelenggara"), required=False)
