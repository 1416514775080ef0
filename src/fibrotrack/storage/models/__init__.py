"""Every table of fibrotrack. Each module holds the tables of one area."""

from fibrotrack.storage.models.access import (
    AccessLogEntry,
    ApiToken,
    Invitation,
    LoginAttempt,
    Share,
)
from fibrotrack.storage.models.base import Base
from fibrotrack.storage.models.body import (
    DietDay,
    DietProtocol,
    LabResultEntry,
    MenstrualPeriod,
    PrescribedSleepWindow,
    QuestionnaireSchedule,
    SleepNight,
)
from fibrotrack.storage.models.community import (
    CommunityFactorEffect,
    CommunityMember,
    CommunityPracticeOutcome,
    CommunitySummaryRow,
)
from fibrotrack.storage.models.diary import Note, Observation, Variable
from fibrotrack.storage.models.insights import Experiment, ExperimentDay, FlareConfirmation
from fibrotrack.storage.models.interop import ImportChange, ImportedPerson, ImportRun
from fibrotrack.storage.models.interventions import Intervention
from fibrotrack.storage.models.pain_map import PainMap
from fibrotrack.storage.models.people import Account, LoginSession, Person
from fibrotrack.storage.models.plan import (
    PacingPlan,
    PlanItem,
    PracticeLog,
    RedFlagReport,
    WeeklyReviewAnswers,
)
from fibrotrack.storage.models.preferences import PersonPreferences
from fibrotrack.storage.models.questionnaires import QuestionnaireDraft, QuestionnaireResponse
from fibrotrack.storage.models.reports import EffectEstimate
from fibrotrack.storage.models.safety import CrisisResourcesShown

__all__ = [
    "AccessLogEntry",
    "Account",
    "ApiToken",
    "Base",
    "CommunityFactorEffect",
    "CommunityMember",
    "CommunityPracticeOutcome",
    "CommunitySummaryRow",
    "CrisisResourcesShown",
    "DietDay",
    "DietProtocol",
    "EffectEstimate",
    "Experiment",
    "ExperimentDay",
    "FlareConfirmation",
    "ImportChange",
    "ImportRun",
    "ImportedPerson",
    "Intervention",
    "Invitation",
    "LabResultEntry",
    "LoginAttempt",
    "LoginSession",
    "MenstrualPeriod",
    "Note",
    "Observation",
    "PacingPlan",
    "PainMap",
    "Person",
    "PersonPreferences",
    "PlanItem",
    "PracticeLog",
    "PrescribedSleepWindow",
    "QuestionnaireDraft",
    "QuestionnaireResponse",
    "QuestionnaireSchedule",
    "RedFlagReport",
    "Share",
    "SleepNight",
    "Variable",
    "WeeklyReviewAnswers",
]
