"""Every table of fibrotrack. Each module holds the tables of one area."""

from fibrotrack.storage.models.access import (
    AccessLogEntry,
    ApiToken,
    Invitation,
    LoginAttempt,
    Share,
)
from fibrotrack.storage.models.base import Base
from fibrotrack.storage.models.diary import Note, Observation, Variable
from fibrotrack.storage.models.interventions import Intervention
from fibrotrack.storage.models.pain_map import PainMap
from fibrotrack.storage.models.people import Account, LoginSession, Person
from fibrotrack.storage.models.preferences import PersonPreferences
from fibrotrack.storage.models.questionnaires import QuestionnaireResponse

__all__ = [
    "AccessLogEntry",
    "Account",
    "ApiToken",
    "Base",
    "Intervention",
    "Invitation",
    "LoginAttempt",
    "LoginSession",
    "Note",
    "Observation",
    "PainMap",
    "Person",
    "PersonPreferences",
    "QuestionnaireResponse",
    "Share",
    "Variable",
]
