import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ApiKey, Scope


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Nama"),
        max_length=100,
        help_text=ApiKey._meta.get_field("name").help_text,
    )
    scopes = forms.MultipleChoiceField(
        label=_("Izin"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih paling sedikit satu izin.")},
        help_text=_("Beri hanya izin yang dibutuhkan sistem itu."),
    )
    expires_on = forms.DateField(
        label=_("Berlaku sampai"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Paling lama dua tahun; sesudahnya buat kunci baru."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial",
            {"expires_on": timezone.localdate() + datetime.timedelta(days=365)},
        )
        super().__init__(*args, **kwargs)
