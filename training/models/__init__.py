"""Training models, one module per area; import them from `training.models`."""

from training.models.catalog import (
    Attendance,
    Enrolment,
    Program,
    SessionDay,
    TrainingSession,
)
from training.models.delivery import (
    Answer,
    Aspect,
    Certificate,
    FollowUpEvaluation,
    InternshipPlacement,
    LogbookEntry,
    QuestionnaireResponse,
    QuestionnaireTemplate,
    SessionQuestionnaire,
    TemplateQuestion,
    participants,
)
from training.models.exports import ResultsExport
from training.models.forms import CLASSICAL_FORMS, DevelopmentForm
from training.models.ledger import (
    ExternalTraining,
    JpCredit,
    JpYearTotal,
    OutsideLearning,
)
from training.models.planning import (
    BudgetAllocation,
    DevelopmentPlan,
    Expenditure,
    FundingSource,
    Partner,
    PartnerAgreement,
    PlannedProgram,
    TrainingNeed,
    UnitQuota,
)
from training.models.rollup import JpFormTotal, SessionUnitTotal

__all__ = [
    "Answer",
    "Aspect",
    "Attendance",
    "BudgetAllocation",
    "CLASSICAL_FORMS",
    "Certificate",
    "DevelopmentForm",
    "DevelopmentPlan",
    "Expenditure",
    "ExternalTraining",
    "Enrolment",
    "FollowUpEvaluation",
    "FundingSource",
    "InternshipPlacement",
    "JpCredit",
    "JpYearTotal",
    "OutsideLearning",
    "LogbookEntry",
    "Partner",
    "PartnerAgreement",
    "PlannedProgram",
    "Program",
    "QuestionnaireResponse",
    "QuestionnaireTemplate",
    "ResultsExport",
    "SessionDay",
    "SessionQuestionnaire",
    "JpFormTotal",
    "SessionUnitTotal",
    "TemplateQuestion",
    "TrainingNeed",
    "TrainingSession",
    "UnitQuota",
    "participants",
]
