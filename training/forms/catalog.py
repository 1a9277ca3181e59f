"""Forms for programs, sessions and nominating participants."""

from itertools import groupby

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from asn_portal.corrections import CorrectionReasonMixin
from asn_portal.lists import (
    ListFilter,
    UnitTreeFilter,
    choice_field,
    name_or_nip,
    unit_field,
)
from competencies.models import Competency
from people.models import Employee
from people.pickers import EmployeePickerField, EmployeePickerWidget
from training.forms import DATE
from training.models import (
    Enrolment,
    Partner,
    Program,
    TrainingSession,
)


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
            "competencies",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "competencies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(agency=agency)
        # Only the agency's dictionary is offered and accepted (a forged id of
        # another agency's competency is an invalid choice); shown by kind.
        competencies = Competency.objects.filter(agency=agency)
        field = self.fields["competencies"]
        field.queryset = competencies
        kinds = dict(Competency.Kind.choices)
        field.widget.choices = [
            (kinds[kind], [(c.pk, str(c)) for c in rows])
            for kind, rows in groupby(competencies, key=lambda c: c.kind)
        ]
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
    employee = EmployeePickerField(
        label=_("Nama atau NIP pegawai"),
        queryset=Employee.objects.none(),
        help_text="",
        widget=EmployeePickerWidget(
            {
                "class": "form-control form-control-sm",
                "aria-label": _("Nama atau NIP pegawai"),
            }
        ),
    )

    def __init__(self, *args, agency_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = Employee.objects.filter(
            agency_id=agency_id, is_active=True
        ).select_related("unit")


class ProgramCorrectionForm(CorrectionReasonMixin, ProgramForm):
    pass


class SessionCorrectionForm(CorrectionReasonMixin, SessionForm):
    """A session is cancelled through its own step, which tells the participants
    why; the status field here leaves that choice out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cancelled = TrainingSession.Status.CANCELLED
        if self.instance.status != cancelled:
            self.fields["status"].choices = [
                c for c in self.fields["status"].choices if c[0] != cancelled
            ]


class SessionCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        max_length=100,
        help_text=_("Setiap peserta yang terdaftar menerima pemberitahuan ini."),
    )


class ApprovalFilter(ListFilter):
    """The supervisor's pending approvals: search by name or NIP, one session."""

    sesi = forms.ModelChoiceField(
        label=_("Sesi"),
        queryset=TrainingSession.objects.none(),
        required=False,
        empty_label=_("Semua sesi"),
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sesi"].queryset = sessions.select_related("program").order_by(
            "start_date", "pk"
        )

    def narrow_q(self, enrolments, text):
        return enrolments.filter(name_or_nip(text, "employee__"))

    def narrow_sesi(self, enrolments, session):
        return enrolments.filter(session=session)


class EnrolmentFilter(UnitTreeFilter):
    """A session's participants: search by name or NIP, status, unit (the unit they
    enrolled from, with the units below it)."""

    status = choice_field(_("Status"), Enrolment.Status.choices)
    unit = unit_field()

    def narrow_q(self, enrolments, text):
        return enrolments.filter(name_or_nip(text, "employee__"))

    def narrow_status(self, enrolments, status):
        return enrolments.filter(status=status)


class FollowUpNominationForm(forms.Form):
    """The session a development follow-up's training action nominates the ASN to:
    the agency's sessions still ahead and open for nomination, the soonest first,
    narrowed by a search on the program's title."""

    session = forms.ModelChoiceField(
        label=_("Sesi pelatihan"), queryset=TrainingSession.objects.none()
    )
    OFFERED = 100

    def __init__(self, *args, agency_id, search="", **kwargs):
        super().__init__(*args, **kwargs)
        sessions = (
            TrainingSession.objects.filter(
                program__agency_id=agency_id,
                status__in=[
                    TrainingSession.Status.PLANNED,
                    TrainingSession.Status.OPEN,
                ],
                end_date__gte=timezone.localdate(),
            )
            .with_seat_counts()
            .select_related("program")
            .order_by("start_date", "pk")
        )
        offered = sessions
        if search:
            offered = sessions.filter(program__title__icontains=search)
        field = self.fields["session"]
        field.queryset = sessions  # what a POST may name; the choices only show
        field.choices = [
            ("", "---------"),
            *((s.pk, self._label(s)) for s in offered[: self.OFFERED]),
        ]

    @staticmethod
    def _label(session):
        return _("%(session)s · %(start)s · %(taken)s/%(capacity)s kursi") % {
            "session": session,
            "start": date_format(session.start_date, "d-m-Y"),
            "taken": session.seats_taken,
            "capacity": session.capacity,
        }
