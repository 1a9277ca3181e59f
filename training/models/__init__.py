"""Training models, one module per area; import them from `training.models`."""

from training.models.catalog import (
    Attendance,
    Enrolment,
    Program,
    SessionDay,
    TrainingSession,
)
from training.models.forms import CLASSICAL_FORMS, DevelopmentForm
from training.models.ledger import JpCredit

__all__ = [
    "CLASSICAL_FORMS",
    "Attendance",
    "DevelopmentForm",
    "Enrolment",
    "JpCredit",
    "Program",
    "SessionDay",
    "TrainingSession",
]
