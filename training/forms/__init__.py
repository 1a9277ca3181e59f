"""Training's forms, one module per area as in `training.models`. What they share
is here."""

from django import forms

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
