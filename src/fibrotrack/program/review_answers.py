"""The weekly review's questions and the person's answers for one week.

The review shows what was planned, done and how symptoms moved; these questions are the
person's own reflection on it: what went well, what got in the way, what to change next week
and whether to keep or adjust the plan. Every answer is optional, but a saved review answers at
least one question.
"""

from dataclasses import dataclass
from enum import StrEnum

from fibrotrack.diary import InvalidEntry

MAX_ANSWER_LENGTH = 2000


class PlanChoice(StrEnum):
    KEEP = "keep"
    ADJUST = "adjust"

    @property
    def label(self) -> str:
        return {
            PlanChoice.KEEP: "Keep the plan as it is",
            PlanChoice.ADJUST: "Adjust the plan",
        }[self]


@dataclass(frozen=True)
class Question:
    field: str
    text: str


REVIEW_QUESTIONS = (
    Question("went_well", "What went well this week?"),
    Question("got_in_the_way", "What got in the way?"),
    Question("change_next_week", "What will you change next week?"),
)
PLAN_QUESTION = Question("plan_choice", "Keep the plan or adjust it?")


@dataclass(frozen=True)
class ReviewAnswers:
    went_well: str | None = None
    got_in_the_way: str | None = None
    change_next_week: str | None = None
    plan_choice: PlanChoice | None = None

    def text_of(self, field: str) -> str | None:
        value: str | None = getattr(self, field)
        return value


def _checked_text(field: str, text: str | None) -> str | None:
    text = (text or "").strip() or None
    if text is not None and len(text) > MAX_ANSWER_LENGTH:
        raise InvalidEntry(field, f"is longer than {MAX_ANSWER_LENGTH} characters")
    return text


def check_review_answers(
    went_well: str | None,
    got_in_the_way: str | None,
    change_next_week: str | None,
    plan_choice: str | None,
) -> ReviewAnswers:
    """The answers stripped of surrounding space (empty ones as None), or ``InvalidEntry``
    naming the first bad field: an answer too long, a plan choice other than keep or adjust,
    or nothing answered at all."""
    choice_text = (plan_choice or "").strip()
    try:
        choice = PlanChoice(choice_text) if choice_text else None
    except ValueError:
        raise InvalidEntry(
            PLAN_QUESTION.field, f"{choice_text!r} is not one of keep or adjust"
        ) from None
    answers = ReviewAnswers(
        went_well=_checked_text("went_well", went_well),
        got_in_the_way=_checked_text("got_in_the_way", got_in_the_way),
        change_next_week=_checked_text("change_next_week", change_next_week),
        plan_choice=choice,
    )
    if choice is None and not any(answers.text_of(q.field) for q in REVIEW_QUESTIONS):
        cleared = plan_choice is not None and not any((went_well, got_in_the_way, change_next_week))
        field = PLAN_QUESTION.field if cleared else REVIEW_QUESTIONS[0].field
        raise InvalidEntry(field, "answer at least one question")
    return answers
