from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asn_portal.corrections import CorrectionReasonMixin
from asn_portal.lists import UnitTreeFilter, choice_field, unit_field
from asn_portal.spreadsheets import Sheet, SheetError
from asn_portal.uploads import UploadFormField
from notifications.forms import ChannelChoiceFields
from notifications.phones import validate_mobile
from people.imports import (
    file_date,
    is_siasn_download,
    read_employee_sheet,
    read_unit_sheet,
    source_of_import,
)
from people.models import (
    Agency,
    Delegation,
    DocumentSettings,
    Employee,
    Signatory,
    WorkUnit,
    parse_reminder_days,
)
from people.pickers import EmployeePickerField, UnitTreeChoiceField
from people.roles import Role, has_role
from people.scope import employee_of


def _read_uploaded_sheet(uploaded, read) -> Sheet:
    """The rows of an uploaded employee or unit list, or the file field's error:
    unreadable, or nothing below the header row."""
    try:
        sheet = read(uploaded, uploaded.kind)
    except SheetError as error:
        raise ValidationError(str(error), code="unreadable") from error
    if not sheet.rows:
        raise ValidationError(
            _("Berkas tidak berisi baris data di bawah judul kolom."), code="empty"
        )
    return sheet


class EmployeeImportForm(forms.Form):
    """An employee list to preview. Checks the file by content, then reads it."""

    agency = forms.ModelChoiceField(
        label=_("Instansi"), queryset=Agency.objects.all(), required=True
    )
    file = UploadFormField(
        policy="employee_import",
        label=_("Berkas data pegawai (.xlsx atau .csv)"),
        help_text=_(
            "Unduhan data ASN dari SIASN apa adanya, atau templat di bawah; "
            "maksimum 20 MB."
        ),
    )
    downloaded_on = forms.DateField(
        label=_("Tanggal unduhan (pilihan)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Dicatat di riwayat setiap pegawai yang berubah, bersama nama berkas. "
            "Kosongkan untuk memakai tanggal berkas Excel (atau hari ini)."
        ),
    )

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet: Sheet | None = None
        # The name HR knows the file by, for the history; the upload check gives
        # the stored file a name of ours. Only ever shown as text.
        upload = self.files.get("file") if self.files else None
        name = PurePath(getattr(upload, "name", "") or "").name
        self.original_name = "".join(ch for ch in name if ch.isprintable())[:120]
        if agency is not None:
            # HR staff import for their own agency only; only a superuser with no
            # employee profile chooses.
            del self.fields["agency"]
            self.fixed_agency = agency
        else:
            self.fixed_agency = None

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.sheet = _read_uploaded_sheet(uploaded, read_employee_sheet)
        return uploaded

    def chosen_agency(self):
        return self.fixed_agency or self.cleaned_data["agency"]

    @property
    def is_siasn_download(self) -> bool:
        return is_siasn_download(self.sheet)

    def source(self) -> str:
        """What the history of each employee this import writes gives as reason."""
        uploaded = self.cleaned_data["file"]
        day = (
            self.cleaned_data.get("downloaded_on")
            or file_date(uploaded, uploaded.kind)
            or timezone.localdate()
        )
        return source_of_import(
            siasn_download=self.is_siasn_download,
            filename=self.original_name,
            day=day,
        )


class ReminderSettingsForm(ChannelChoiceFields, forms.ModelForm):
    """What an agency tunes about its daily reminders, and the channels its people's
    notifications take until they choose their own."""

    class Meta:
        model = Agency
        fields = ["reminder_hour", "questionnaire_reminder_days"]

    def __init__(self, *args, channel_choice, **kwargs):
        super().__init__(*args, **kwargs)
        self.show_channels(channel_choice)

    def clean_questionnaire_reminder_days(self):
        days = parse_reminder_days(self.cleaned_data["questionnaire_reminder_days"])
        return ",".join(str(day) for day in days)


class DocumentSettingsForm(CorrectionReasonMixin, forms.ModelForm):
    """The agency's kop surat, signing place and certificate numbering."""

    class Meta:
        model = DocumentSettings
        fields = [
            "name_lines",
            "address",
            "phone",
            "email",
            "website",
            "place",
            "logo",
            "certificate_number_pattern",
        ]
        widgets = {"name_lines": forms.Textarea(attrs={"rows": 3})}


class SignatoryForm(CorrectionReasonMixin, forms.ModelForm):
    """Who signs one kind of document, and how the signature is shown."""

    class Meta:
        model = Signatory
        fields = ["name", "nip", "jabatan", "mark", "signature"]
        widgets = {"mark": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.kind not in Signatory.VERIFIABLE:
            self.fields["mark"].choices = [
                choice
                for choice in self.fields["mark"].choices
                if choice[0] != Signatory.Mark.QR
            ]


class ContactForm(ChannelChoiceFields, forms.ModelForm):
    """What an ASN keeps up to date themselves (the rest of the profile is HR's),
    and which channels bring their notifications."""

    class Meta:
        model = Employee
        fields = ["email", "phone"]
        help_texts = {
            "email": _("Undangan, pengingat dan tautan kata sandi dikirim ke sini."),
            "phone": _("Nomor HP Indonesia, diawali 08 atau +62."),
        }

    def __init__(self, *args, channel_choice, **kwargs):
        super().__init__(*args, **kwargs)
        self.show_channels(channel_choice)

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone:
            validate_mobile(phone)
        return phone

    def clean(self):
        cleaned = super().clean()
        if self.wants_phone and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error(
                "phone",
                _("Isi nomor HP untuk menerima pemberitahuan lewat WhatsApp/SMS."),
            )
        return cleaned


class AccountsForm(forms.Form):
    """Which unit (with the units below it) gets logins at once."""

    unit = UnitTreeChoiceField(
        label=_("Unit kerja"),
        queryset=WorkUnit.objects.none(),
        required=False,
        empty_label=_("Seluruh instansi"),
        help_text=_("Termasuk unit di bawahnya."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.attrs["class"] = "form-select"


class EmployeeForm(CorrectionReasonMixin, forms.ModelForm):
    """HR corrects a profile. The NIP is the identity and stays as it is."""

    class Meta:
        model = Employee
        fields = [
            "front_title",
            "name",
            "back_title",
            "status",
            "golongan",
            "pppk_grade",
            "jabatan_type",
            "jabatan_name",
            "unit",
            "supervisor",
            "email",
            "phone",
        ]
        field_classes = {"unit": UnitTreeChoiceField, "supervisor": EmployeePickerField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agency_id = self.instance.agency_id
        self.fields["unit"].queryset = WorkUnit.objects.filter(agency_id=agency_id)
        self.fields["supervisor"].queryset = (
            Employee.objects.active()
            .filter(agency_id=agency_id)
            .exclude(pk=self.instance.pk)
        )
        self.fields["supervisor"].required = False

    def clean_phone(self):
        # Only a number typed here is checked: one imported from SIASN in another
        # form does not stop HR from correcting the rest of the profile.
        phone = self.cleaned_data["phone"]
        if phone and "phone" in self.changed_data:
            validate_mobile(phone)
        return phone

    def clean_supervisor(self):
        supervisor = self.cleaned_data["supervisor"]
        if supervisor is not None and self.instance.pk in supervisor.chain_of_command():
            raise forms.ValidationError(
                _("%(name)s berada di bawah pegawai ini; atasan tidak boleh melingkar.")
                % {"name": supervisor.full_name}
            )
        return supervisor


class WorkUnitForm(CorrectionReasonMixin, forms.ModelForm):
    """A unit of the agency: its name, code and place in the tree."""

    class Meta:
        model = WorkUnit
        fields = ["name", "code", "parent"]
        field_classes = {"parent": UnitTreeChoiceField}

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agency = agency
        parents = WorkUnit.objects.filter(agency=agency)
        if self.instance.pk:
            # A unit cannot move below itself or below one of its own sub-units.
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = _("(tanpa induk: OPD)")


class UnitTreeImportForm(forms.Form):
    """SIASN's unit hierarchy download to preview. Checks the file by content, then
    reads it."""

    file = UploadFormField(
        policy="employee_import",
        label=_("Unduhan hierarki unit SIASN (.xlsx atau .csv)"),
        help_text=_("Kolom ID, NAMA_UNOR dan ID_ATASAN (atau DIATASAN_ID)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet: Sheet | None = None

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.sheet = _read_uploaded_sheet(uploaded, read_unit_sheet)
        return uploaded


class EmployeeFilter(UnitTreeFilter):
    """The employee list's search (part of a name, or the start of an NIP) and
    filters. `unit` only for those who see the whole agency (HR and leaders);
    `tim` narrows to the user's own direct team."""

    YES, NO = "ya", "belum"

    unit = unit_field()
    status = choice_field(_("Status"), Employee.Status.choices)
    akun = choice_field(_("Akun"), [(YES, _("Sudah punya")), (NO, _("Belum punya"))])
    tim = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, own, whole_agency: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.own = own
        if not whole_agency:
            del self.fields["unit"]

    def narrow_status(self, employees, status):
        return employees.filter(status=status)

    def narrow_akun(self, employees, has_login):
        return employees.filter(user__isnull=has_login != self.YES)

    def narrow_tim(self, employees, _team_only):
        return employees.filter(supervisor=self.own)


def filtered_employees(user, data):
    """The employees `user` may see, narrowed by the filter in `data`: the list,
    its download (in the request or in a job) and its bulk account creation. A
    leader or HR member who also supervises may narrow to their own team (`tim`);
    only those who see the whole agency (HR and leaders, not narrowed to the team)
    get the unit filter. Returns the filter form and the employees."""
    own = employee_of(user)
    team_only = bool(data.get("tim")) and own is not None
    whole_agency = not team_only and (
        has_role(user, Role.HR) or has_role(user, Role.LEADER)
    )
    filters = EmployeeFilter(
        data,
        own=own,
        whole_agency=whole_agency,
        units=WorkUnit.objects.visible_to(user),
    )
    employees = filters.narrow(Employee.objects.visible_to(user))
    return filters, employees.select_related("unit", "supervisor").order_by(
        "unit__path", "name", "pk"
    )


class DelegationForm(forms.ModelForm):
    """A Plt/Plh: a supervisor names their delegate; HR also names the supervisor.
    Both are picked by name or NIP among the active employees of the agency."""

    class Meta:
        model = Delegation
        fields = [
            "delegator",
            "delegate",
            "kind",
            "start_date",
            "end_date",
            "decree_number",
            "reason",
        ]
        field_classes = {
            "delegator": EmployeePickerField,
            "delegate": EmployeePickerField,
        }
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        me = employee_of(user)
        colleagues = Employee.objects.active().filter(agency_id=me.agency_id)
        search = reverse_lazy("people:delegate_search")
        delegate = self.fields["delegate"]
        delegate.queryset = colleagues
        delegate.widget.attrs["data-employee-picker"] = search
        delegate.error_messages["not_found"] = _(
            "Tidak ada pegawai aktif instansi Anda yang cocok dengan “%(text)s”: "
            "pelaksana Plt/Plh harus pegawai instansi yang sama."
        )
        if has_role(user, Role.HR):
            self.fields["delegator"].queryset = colleagues.filter(
                Exists(
                    Employee.objects.filter(supervisor=OuterRef("pk"), is_active=True)
                )
            )
            self.fields["delegator"].widget.attrs["data-employee-picker"] = search
        else:
            del self.fields["delegator"]
            self.instance.delegator = me

    def clean_end_date(self):
        end = self.cleaned_data["end_date"]
        if end < timezone.localdate():
            raise forms.ValidationError(_("Tanggal selesai sudah lewat."))
        return end
