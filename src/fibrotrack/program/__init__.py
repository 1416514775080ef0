"""The recovery program: the pillar catalogue, plans, adherence, the weekly review, graded
activity with pacing, paced breathing and red flags.

Pure: no I/O beyond reading the catalogue file shipped with the package. Storage, services, the
CLI and the web call into it.
"""

from fibrotrack.program.adherence import WeekAdherence, overall, week_start, weekly_adherence
from fibrotrack.program.breathing import BreathingPattern, Phase, breathing_pattern, parse_ratio
from fibrotrack.program.catalogue import (
    Catalogue,
    CatalogueError,
    Evidence,
    InterventionKind,
    PillarInfo,
    Practice,
    catalogue,
    parse_catalogue,
)
from fibrotrack.program.due import PracticeToday, practices_today
from fibrotrack.program.pacing import (
    DEFAULT_STEP_PERCENT,
    Baseline,
    Decision,
    Measure,
    PacingRule,
    PacingStatus,
    PacingWeek,
    pacing_status,
    weekly_step_from_percent,
)
from fibrotrack.program.plan import (
    PlanPeriod,
    Schedule,
    active_period,
    check_change,
    check_schedule,
    check_start,
    check_stop,
)
from fibrotrack.program.red_flags import RED_FLAGS, RedFlag, Urgency, red_flag
from fibrotrack.program.review import SymptomWeek, WeeklyReview, WentWell, weekly_review, went_well
from fibrotrack.program.review_answers import (
    PLAN_QUESTION,
    REVIEW_QUESTIONS,
    PlanChoice,
    ReviewAnswers,
    check_review_answers,
)
from fibrotrack.program.sessions import PracticeSession, check_session

__all__ = [
    "DEFAULT_STEP_PERCENT",
    "PLAN_QUESTION",
    "RED_FLAGS",
    "REVIEW_QUESTIONS",
    "Baseline",
    "BreathingPattern",
    "Catalogue",
    "CatalogueError",
    "Decision",
    "Evidence",
    "InterventionKind",
    "Measure",
    "PacingRule",
    "PacingStatus",
    "PacingWeek",
    "Phase",
    "PillarInfo",
    "PlanChoice",
    "PlanPeriod",
    "Practice",
    "PracticeSession",
    "PracticeToday",
    "RedFlag",
    "ReviewAnswers",
    "Schedule",
    "SymptomWeek",
    "Urgency",
    "WeekAdherence",
    "WeeklyReview",
    "WentWell",
    "active_period",
    "breathing_pattern",
    "catalogue",
    "check_change",
    "check_review_answers",
    "check_schedule",
    "check_session",
    "check_start",
    "check_stop",
    "overall",
    "pacing_status",
    "parse_catalogue",
    "parse_ratio",
    "practices_today",
    "red_flag",
    "week_start",
    "weekly_adherence",
    "weekly_review",
    "weekly_step_from_percent",
    "went_well",
]
