from django import forms
from django.utils.translation import gettext_lazy as _

from people.sync import OWNED_GROUPS
from siasn_ws.models import SiasnConnection


class SyncSettingsForm(forms.ModelForm):
    """What HR decide about the pull: whether it runs, and which data SIASN owns
    (applied at once) rather than waiting in the preview."""

    owned = forms.MultipleChoiceField(
        label=_("Data milik SIASN"),
        choices=[(key, label) for key, (label, _fields) in OWNED_GROUPS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Perubahan data yang dicentang langsung diterapkan setiap kali data "
            "ditarik dari SIASN, dan riwayat pegawai mencatat sumbernya; perubahan "
            "lain, pegawai yang tidak ditemukan, dan pegawai yang status PNS/PPPK-nya "
            "berubah menunggu konfirmasi Anda di pratinjau."
        ),
    )

    class Meta:
        model = SiasnConnection
        fields = ["pull_enabled", "owned"]
