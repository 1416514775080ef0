"""Every table of fibrotrack. Each module holds the tables of one area."""

from fibrotrack.storage.models.base import Base
from fibrotrack.storage.models.diary import Note, Observation, Variable
from fibrotrack.storage.models.interop import ImportedPerson, ImportRun
from fibrotrack.storage.models.interventions import Intervention
from fibrotrack.storage.models.people import Account, LoginSession, Person
from fibrotrack.storage.models.questionnaires import QuestionnaireResponse

__all__ = [
    "Account",
    "Base",
    "ImportRun",
    "ImportedPerson",
    "Intervention",
    "LoginSession",
    "Note",
    "Observation",
    "Person",
    "QuestionnaireResponse",
    "Variable",
]
