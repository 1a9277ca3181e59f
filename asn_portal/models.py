from django.db import models
from django.utils.translation import gettext_lazy as _

from asn_portal.refusals import worded_constraints


class TimeStampedModel(models.Model):
    """The one base for created/updated timestamps on every model."""

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True

    def get_constraints(self):
        return worded_constraints(super().get_constraints())
