from django import forms
from django.utils.translation import gettext_lazy as _

from notifications import channels
from notifications.models import ChannelChoice, ChannelMessage

CHANNELS = ["email", *ChannelMessage.Channel.values]


class ChannelChoiceFields(forms.Form):
    """Which channels carry notifications besides the inbox: a person's own choice
    (the contacts page) or an agency's default (HR's reminder settings). WhatsApp
    and SMS are offered only while the portal has them configured."""

    notify_email = forms.BooleanField(label=_("Kirim juga ke email"), required=False)
    notify_whatsapp = forms.BooleanField(
        label=_("Kirim juga lewat WhatsApp"), required=False
    )
    notify_sms = forms.BooleanField(label=_("Kirim juga lewat SMS"), required=False)

    def show_channels(self, choice: ChannelChoice) -> None:
        self.channel_choice = choice
        enabled = channels.enabled_channels()
        for channel in CHANNELS:
            name = f"notify_{channel}"
            if channel != "email" and channel not in enabled:
                del self.fields[name]
            else:
                self.fields[name].initial = getattr(choice, channel)

    @property
    def chosen_channels(self) -> dict[str, bool]:
        """The choice as saved: a channel not offered keeps what was chosen before."""
        return {
            channel: self.cleaned_data.get(
                f"notify_{channel}", getattr(self.channel_choice, channel)
            )
            for channel in CHANNELS
        }

    @property
    def wants_phone(self) -> bool:
        return bool(
            self.cleaned_data.get("notify_whatsapp")
            or self.cleaned_data.get("notify_sms")
        )
