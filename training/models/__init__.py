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
from training.models.planning import (
    BudgetAllocation,
    DevelopmentPlan,
    FundingSource,
    Partner,
    PartnerAgreement,
    PlannedProgram,
    TrainingNeed,
    UnitQuota,
)

__all__ = [
    "CLASSICAL_FORMS",
    "Attendance",
    "BudgetAllocation",
    "DevelopmentForm",
    "DevelopmentPlan",
    "Enrolment",
    "FundingSource",
    "JpCredit",
    "Partner",
    "PartnerAgreement",
    "PlannedProgram",
    "Program",
    "SessionDay",
    "TrainingNeed",
    "TrainingSession",
    "UnitQuota",
]
