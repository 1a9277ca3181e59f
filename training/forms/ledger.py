"""Forms of the JP ledger pages: nominating those below target to a session."""

from django import forms
from django.utils.translation import gettext_lazy as _

from training.models import (
    TrainingSession,
)


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
