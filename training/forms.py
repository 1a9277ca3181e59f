from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.forms import UnitTreeChoiceField
from people.models import Employee, WorkUnit
from training.models import (
    BudgetAllocation,
    DevelopmentPlan,
    Partner,
    PartnerAgreement,
    PlannedProgram,
    Program,
    TrainingNeed,
    TrainingSession,
    UnitQuota,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = [
            "title",
            "form",
            "competency_area",
            "provider",
            "partner",
            "jp",
            "delivery_mode",
            "description",
            "min_attendance_percent",
            "requires_post_test",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(agency=agency)
        self.fields["jp"].min_value = 1
        self.fields["min_attendance_percent"].max_value = 100


class SessionForm(forms.ModelForm):
    days = forms.CharField(
        label=_("Hari pelatihan"),
        help_text=_(
            "Satu baris per hari: tanggal (YYYY-MM-DD), lalu tempat bila berbeda, "
            "dipisah koma. Kosongkan untuk setiap hari dari tanggal mulai s.d. "
            "selesai di tempat sesi."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    online_link = forms.URLField(
        label=_("Tautan daring"), required=False, assume_scheme="https"
    )

    class Meta:
        model = TrainingSession
        fields = [
            "name",
            "start_date",
            "end_date",
            "venue",
            "online_link",
            "capacity",
            "status",
            "speakers",
            "materials",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "speakers": forms.Textarea(attrs={"rows": 2}),
            "materials": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1
        if self.instance.pk:
            self.fields["days"].initial = "\n".join(
                f"{d.date:%Y-%m-%d}, {d.place}".rstrip(", ")
                for d in self.instance.days.all()
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if not (start and end):
            return data
        if end < start:
            self.add_error(
                "end_date", _("Tanggal selesai harus setelah tanggal mulai.")
            )
            return data
        data["parsed_days"] = self._parse_days(data.get("days", ""), start, end)
        return data

    def _parse_days(self, raw, start, end):
        import datetime

        venue = self.cleaned_data.get("venue", "")
        lines = [line.strip() for line in raw.splitlines() if line.strip()]
        if not lines:
            count = (end - start).days + 1
            return [(start + datetime.timedelta(days=i), venue) for i in range(count)]
        days = []
        for line in lines:
            date_text, _sep, place = line.partition(",")
            try:
                day = datetime.date.fromisoformat(date_text.strip())
            except ValueError:
                self.add_error(
                    "days",
                    _("Baris '%(line)s': tanggal harus berformat YYYY-MM-DD.")
                    % {"line": line},
                )
                return []
            if not start <= day <= end:
                self.add_error(
                    "days",
                    _("Tanggal %(day)s berada di luar jadwal sesi.")
                    % {"day": day.strftime("%d-%m-%Y")},
                )
                return []
            days.append((day, place.strip() or venue))
        if len({d for d, _p in days}) != len(days):
            self.add_error("days", _("Ada tanggal yang tercantum dua kali."))
        return sorted(days)


class NominateForm(forms.Form):
    nip = forms.CharField(label=_("NIP pegawai"), max_length=18)

    def __init__(self, *args, agency_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency_id = agency_id

    def clean_nip(self):
        nip = self.cleaned_data["nip"].strip()
        employee = (
            Employee.objects.filter(nip=nip, agency_id=self.agency_id, is_active=True)
            .select_related("unit")
            .first()
        )
        if employee is None:
            raise forms.ValidationError(
                _("Tidak ada pegawai aktif instansi ini dengan NIP %(nip)s.")
                % {"nip": nip}
            )
        self.cleaned_data["employee"] = employee
        return nip


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
