"""Forms for needs, partners and their agreements, the plan, budget and quotas."""

from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asn_portal.corrections import CorrectionReasonMixin
from people.forms import UnitTreeChoiceField
from people.models import WorkUnit
from training.forms import DATE
from training.models import (
    BudgetAllocation,
    DevelopmentPlan,
    Expenditure,
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


class GapUnitForm(forms.Form):
    """Which unit's competency gaps to turn into training needs."""

    unit = UnitTreeChoiceField(label=_("Unit kerja"), queryset=WorkUnit.objects.none())

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = WorkUnit.objects.filter(agency=agency)


class GapNeedsForm(forms.Form):
    """The year and the competencies (of those the unit has gaps in) to propose."""

    year = forms.IntegerField(label=_("Tahun"))
    competencies = forms.TypedMultipleChoiceField(
        label=_("Kompetensi"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"] = forms.IntegerField(
            label=_("Tahun"),
            min_value=this_year,
            max_value=this_year + 5,
            initial=this_year + 1,
        )
        # Only a competency the unit has employees below standard in is accepted.
        self.fields["competencies"].choices = [
            (row.competency.pk, str(row.competency)) for row in rows
        ]


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "contact", "is_active"]


class PartnerCorrectionForm(CorrectionReasonMixin, PartnerForm):
    pass


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


class AgreementCorrectionForm(CorrectionReasonMixin, AgreementForm):
    pass


class PlanCorrectionForm(CorrectionReasonMixin, PlanForm):
    pass


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
        # Needs still open, and those this program already answers when it is edited.
        answered = Q(planned_program=self.instance) if self.instance.pk else Q()
        self.fields["needs"].queryset = (
            TrainingNeed.objects.filter(agency_id=plan.agency_id, year=plan.year)
            .filter(Q(status=TrainingNeed.Status.PROPOSED) | answered)
            .select_related("unit")
        )
        if self.instance.pk:
            self.initial.setdefault("needs", list(self.instance.needs.all()))
        current = Q(pk=self.instance.partner_id) if self.instance.partner_id else Q()
        self.fields["partner"].queryset = Partner.objects.filter(
            Q(is_active=True) | current, agency_id=plan.agency_id
        )
        for name in ("batches", "participants_per_batch"):
            self.fields[name].min_value = 1
            self.fields[name].widget.attrs["min"] = 1
        self.fields["cost_per_participant"].min_value = 0


class PlannedProgramCorrectionForm(CorrectionReasonMixin, PlannedProgramForm):
    pass


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


class ExpenditureForm(forms.ModelForm):
    """An invoice line of the plan: the program it paid for is one of the plan's."""

    class Meta:
        model = Expenditure
        fields = [
            "planned_program",
            "source",
            "amount",
            "spent_on",
            "invoice_number",
            "description",
        ]
        widgets = {"spent_on": DATE}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["planned_program"].queryset = plan.items.all()
        self.fields["amount"].validators.append(MinValueValidator(1))
        self.fields["amount"].widget.attrs["min"] = 1

    def clean_spent_on(self):
        spent_on = self.cleaned_data["spent_on"]
        if spent_on.year != self.instance.plan.year:
            raise forms.ValidationError(
                _("Tanggal realisasi harus di tahun rencana (%(year)s).")
                % {"year": self.instance.plan.year}
            )
        return spent_on


class ExpenditureCorrectionForm(CorrectionReasonMixin, ExpenditureForm):
    pass
