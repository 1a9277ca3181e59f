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
from training.models.forms import CLASSICAL_FORMS, DevelopmentForm
from training.models.ledger import JpCredit

__all__ = [
    "CLASSICAL_FORMS",
    "Answer",
    "Aspect",
    "Attendance",
    "Certificate",
    "DevelopmentForm",
    "Enrolment",
    "FollowUpEvaluation",
    "InternshipPlacement",
    "JpCredit",
    "LogbookEntry",
    "Program",
    "QuestionnaireResponse",
    "QuestionnaireTemplate",
    "SessionDay",
    "SessionQuestionnaire",
    "TemplateQuestion",
    "TrainingSession",
    "participants",
]
