import datetime
import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asn_portal.lists import ListFilter, choice_field
from asn_portal.uploads import UploadFormField
from feedback import abuse, ikm
from feedback.models import (
    ANSWER_RATINGS,
    Complaint,
    FeedbackSettings,
    FollowUpPlan,
    ServiceUnit,
    SurveyResponse,
    hash_tracking_code,
)
from feedback.periods import Period, day_bounds, year_of
from people.forms import UnitTreeChoiceField
from people.models import Employee, WorkUnit
from people.pickers import EmployeeListField, EmployeePickerField

# A complaint's number as staff write it ("ADU-2026-000123"), or just its digits.
# The complaint list's deadline filter: still open, open and late, due soon.
STILL_OPEN, OVERDUE, DUE_SOON = "terbuka", "lewat", "segera"
REFERENCE = re.compile(r"(?:ADU-\d{4}-)?0*(\d{1,9})")


class PublicFormMixin(forms.Form):
    """A single-use token against double submits and a honeypot against bots."""

    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[abuse.HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Jangan diisi"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        if not self.is_bound:
            self.initial["token"] = abuse.new_form_token()

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(abuse.HONEYPOT_FIELD))

    def clean_token(self):
        token = self.cleaned_data["token"]
        if not abuse.token_is_valid(token):
            raise forms.ValidationError(
                _("Formulir sudah kedaluwarsa. Muat ulang halaman lalu kirim lagi.")
            )
        return abuse.token_hash(token)


class SurveyAnswersForm(forms.Form):
    """The nine unsur (radio buttons with the questionnaire's labels) and profile."""

    answers_required = True

    def __init__(self, *args, service_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        for code in ikm.UNSUR_CODES:
            name, labels = ikm.UNSUR[code]
            self.fields[code] = forms.TypedChoiceField(
                label=f"{code}. {name}",
                choices=list(zip(ikm.SCORES, labels, strict=True)),
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                required=self.answers_required,
            )
        self.fields["gender"] = forms.ChoiceField(
            label=_("Jenis kelamin"),
            choices=SurveyResponse.Gender.choices,
            widget=forms.RadioSelect,
        )
        self.fields["age"] = forms.IntegerField(
            label=_("Usia (tahun)"),
            min_value=10,
            max_value=120,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
        self.fields["education"] = forms.ChoiceField(
            label=_("Pendidikan terakhir"),
            choices=[("", "—"), *SurveyResponse.Education.choices],
        )
        self.fields["occupation"] = forms.ChoiceField(
            label=_("Pekerjaan"),
            choices=[("", "—"), *SurveyResponse.Occupation.choices],
        )
        services = service_unit.service_list if service_unit else []
        if services:
            self.fields["service_name"] = forms.ChoiceField(
                label=_("Jenis layanan yang diterima"),
                choices=[("", "—"), *[(s, s) for s in services]],
            )
        else:
            self.fields["service_name"] = forms.CharField(
                label=_("Jenis layanan yang diterima"), max_length=200
            )
        self.fields["suggestion"] = forms.CharField(
            label=_("Saran dan masukan"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    @property
    def unsur_fields(self):
        return [self[code] for code in ikm.UNSUR_CODES]

    @property
    def profile_fields(self):
        return [
            self[name]
            for name in ("gender", "age", "education", "occupation", "service_name")
        ]

    def answers(self) -> dict:
        return {code: self.cleaned_data[code] for code in ikm.UNSUR_CODES}

    def profile(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("gender", "age", "education", "occupation", "service_name")
        }


class PublicSurveyForm(PublicFormMixin, SurveyAnswersForm):
    pass


class PaperSurveyForm(SurveyAnswersForm):
    """A paper questionnaire typed in by staff: an unanswered unsur may stay blank."""

    answers_required = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submitted_on"] = forms.DateField(
            label=_("Tanggal pengisian"),
            initial=timezone.localdate,
            widget=forms.DateInput(attrs={"type": "date"}),
        )

    def clean_submitted_on(self):
        day = self.cleaned_data["submitted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Tanggal tidak boleh di masa depan."))
        return day


class SurveyImportForm(forms.Form):
    file = UploadFormField(
        policy="survey_import",
        label=_("Berkas Excel (.xlsx)"),
        help_text=_("Satu baris satu responden; kolom U1–U9 menurut kode di judul."),
    )


class PublicComplaintForm(PublicFormMixin, forms.ModelForm):
    class Meta:
        model = Complaint
        fields = [
            "kind",
            "service_name",
            "description",
            "is_anonymous",
            "contact_name",
            "contact_phone",
            "contact_email",
            "photo",
        ]
        labels = {
            "kind": _("Jenis"),
            "service_name": _("Layanan yang dimaksud"),
            "description": _("Isi pengaduan atau saran"),
            "is_anonymous": _("Kirim tanpa nama (anonim)"),
            "contact_name": _("Nama"),
            "contact_phone": _("Nomor telepon/WA"),
            "contact_email": _("Email"),
            "photo": _("Foto pendukung (JPG/PNG/WebP, maks. 5 MB)"),
        }
        help_texts = {
            "contact_phone": _("Hanya untuk petugas; tidak pernah ditampilkan publik."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, service_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].max_length = 4000
        self.fields["description"].min_length = 10
        if service_unit and service_unit.service_list:
            self.fields["service_name"] = forms.ChoiceField(
                label=self.fields["service_name"].label,
                required=False,
                choices=[("", "—"), *[(s, s) for s in service_unit.service_list]],
            )

    def clean(self):
        data = super().clean()
        if data.get("is_anonymous"):
            data["contact_name"] = ""
        return data

    def complaint(self) -> dict:
        """The keyword arguments of `services.submit_complaint`, but the unit."""
        fields = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        return {**fields, "token_hash": self.cleaned_data["token"]}


class PublicUnitSearchForm(forms.Form):
    """The public index's search box, a plain GET form (works without JavaScript)."""

    q = forms.CharField(
        label=_("Cari unit layanan, kantor atau instansi"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(
            attrs={
                "autocomplete": "off",
                "enterkeyhint": "search",
                "placeholder": _("mis. puskesmas, KTP-el"),
            }
        ),
    )

    @property
    def query(self) -> str:
        """The words searched for, single-spaced; nothing when the box is invalid
        (its error shows at the field and every unit is listed)."""
        if not self.is_valid():
            return ""
        return " ".join(self.cleaned_data["q"].split())


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Kode lacak"),
        max_length=40,
        help_text=_("Huruf besar atau kecil, dengan atau tanpa tanda hubung."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


class PublishedPeriodForm(forms.Form):
    """The year (and quarter) of a unit's published IKM; this year by default."""

    tahun = forms.TypedChoiceField(label=_("Tahun"), coerce=int, required=False)
    triwulan = forms.TypedChoiceField(
        label=_("Triwulan"),
        coerce=int,
        required=False,
        choices=[("", _("Setahun penuh")), *[(q, q) for q in range(1, 5)]],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["tahun"].choices = [
            (year, year) for year in range(this_year, this_year - 5, -1)
        ]

    @property
    def period(self) -> Period:
        values = self.cleaned_data if self.is_valid() else {}
        year = values.get("tahun") or timezone.localdate().year
        quarter = values.get("triwulan")
        if not quarter:
            return year_of(datetime.date(year, 1, 1))
        first = datetime.date(year, 3 * quarter - 2, 1)
        last_month = 3 * quarter
        following = datetime.date(year + last_month // 12, last_month % 12 + 1, 1)
        return Period(first, following - datetime.timedelta(days=1))


class FollowUpPlanForm(forms.ModelForm):
    class Meta:
        model = FollowUpPlan
        fields = ["unsur", "action", "due", "responsible", "status"]
        widgets = {"action": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "due": _("Misalnya: Januari–Maret 2027."),
            "responsible": _("Jabatan atau nama yang bertanggung jawab."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unsur"].choices = [
            (code, f"{code} {_(name)}") for code, (name, _labels) in ikm.UNSUR.items()
        ]


class ResponseForm(forms.Form):
    """The complainant's rating of the answer and an optional reply, sent with
    the tracking code they hold."""

    code = forms.CharField(max_length=40, widget=forms.HiddenInput)
    rating = forms.TypedChoiceField(
        label=_("Seberapa puas Anda dengan jawaban ini?"),
        choices=ANSWER_RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih salah satu penilaian.")},
    )
    reply = forms.CharField(
        label=_("Tanggapan Anda (tidak wajib)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Hasil verifikasi"),
        choices=[
            ("accept", _("Valid, diproses")),
            ("reject", _("Tidak dapat diproses")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Catatan / alasan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(forms.Form):
    assignee = EmployeePickerField(
        label=_("Tugaskan kepada ASN"), queryset=Employee.objects.none()
    )

    def __init__(self, *args, service_unit, **kwargs):
        super().__init__(*args, **kwargs)
        # The unit's own staff, and any active ASN of its work unit subtree.
        self.fields["assignee"].queryset = (
            Employee.objects.active()
            .filter(
                Q(pk__in=service_unit.staff.values("pk"))
                | Q(unit__path__startswith=service_unit.work_unit.path)
            )
            .distinct()
            .order_by("name")
        )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Jawaban untuk pelapor (tampil di halaman lacak)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan penutupan (internal)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ServiceUnitForm(forms.ModelForm):
    class Meta:
        model = ServiceUnit
        field_classes = {
            "work_unit": UnitTreeChoiceField,
            "head": EmployeePickerField,
            "staff": EmployeeListField,
        }
        fields = [
            "work_unit",
            "name",
            "slug",
            "address",
            "services",
            "service_users_per_year",
            "head",
            "staff",
            "is_active",
        ]
        widgets = {"services": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_unit"].queryset = WorkUnit.objects.filter(agency=agency)
        people = Employee.objects.active().filter(agency=agency).order_by("name")
        self.fields["head"].queryset = people
        self.fields["staff"].queryset = people
        self.fields["staff"].help_text = _(
            "Petugas menjawab pengaduan dan menginput kuesioner kertas unit ini. "
            "Satu pegawai per baris: NIP, atau NIP · nama."
        )


class FeedbackSettingsForm(forms.ModelForm):
    class Meta:
        model = FeedbackSettings
        fields = ["ikm_weight"]
        widgets = {"ikm_weight": forms.RadioSelect}


class ComplaintFilter(ListFilter):
    """The complaint list's search (the ADU number, the public tracking code, or
    words of the complaint, its service or the complainant's name), its period
    (this year unless told), status and service unit."""

    search_placeholder = _("Nomor, kode lacak atau isi")

    dari = forms.DateField(
        label=_("Dari"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label=_("Sampai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status = choice_field(_("Status"), Complaint.Status.choices)
    tenggat = choice_field(
        _("Batas waktu"),
        [
            (STILL_OPEN, _("Belum selesai")),
            (OVERDUE, _("Lewat batas (masih terbuka)")),
            (DUE_SOON, _("Jatuh tempo dalam 3 hari")),  # models.DUE_SOON_DAYS
        ],
    )
    unit = forms.ModelChoiceField(
        label=_("Unit layanan"),
        queryset=ServiceUnit.objects.none(),
        required=False,
        empty_label=_("Semua"),
    )
    # The service units under a work unit and the units below it: a dashboard's
    # figure for a unit opens the complaints it counts.
    wilayah = forms.ModelChoiceField(
        queryset=WorkUnit.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, work_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].queryset = work_units

    @property
    def period(self) -> Period:
        default = year_of(timezone.localdate())
        start = self.values.get("dari", default.start)
        end = self.values.get("sampai", default.end)
        return Period(min(start, end), max(start, end))

    def narrow_q(self, complaints, text):
        condition = (
            Q(description__icontains=text)
            | Q(service_name__icontains=text)
            | Q(contact_name__icontains=text)
            | Q(tracking_hash=hash_tracking_code(text))
        )
        number = REFERENCE.fullmatch(text.strip().upper())
        if number:
            condition |= Q(pk=int(number.group(1)))
        return complaints.filter(condition)

    def narrow_dari(self, complaints, _start):
        return complaints  # the period as a whole, in `narrow`

    narrow_sampai = narrow_dari

    def narrow(self, complaints):
        # A deadline filter asks for what is still open, whenever it came in; the
        # period narrows it only when one is given.
        if not self.values.get("tenggat") or {"dari", "sampai"} & set(self.values):
            since, until = day_bounds(self.period.start, self.period.end)
            complaints = complaints.filter(
                submitted_at__gte=since, submitted_at__lt=until
            )
        return super().narrow(complaints)

    def narrow_tenggat(self, complaints, deadline):
        today = timezone.localdate()
        if deadline == STILL_OPEN:
            return complaints.filter(status__in=Complaint.OPEN_STATUSES)
        if deadline == OVERDUE:
            return complaints.overdue_on(today)
        return complaints.due_soon_on(today)

    def narrow_status(self, complaints, status):
        return complaints.filter(status=status)

    def narrow_unit(self, complaints, unit):
        return complaints.filter(service_unit=unit)

    def narrow_wilayah(self, complaints, work_unit):
        return complaints.filter(
            service_unit__work_unit__path__startswith=work_unit.path
        )


def filtered_complaints(user, data):
    """The complaints `user` may see, narrowed by the filter in `data`: the list
    and its download (in the request or in a job). Returns the filter form and
    the complaints."""
    filters = ComplaintFilter(
        data,
        units=ServiceUnit.objects.visible_to(user),
        work_units=WorkUnit.objects.visible_to(user),
    )
    complaints = filters.narrow(
        Complaint.objects.visible_to(user).select_related("service_unit", "assigned_to")
    )
    return filters, complaints
