"""A filled-in form, checked item by item: every malformed answer and, when the form is too
incomplete to score, every unanswered item that scoring needs — all named at once, so a person
can fix the whole form in one go.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from fibrotrack.instruments.answers import is_missing, read_answer
from fibrotrack.instruments.definition import Answer, Instrument
from fibrotrack.instruments.errors import InvalidAnswers
from fibrotrack.instruments.scores import Score

NOT_ANSWERED = "not answered; it is needed to score the form"


@dataclass(frozen=True)
class CheckedForm:
    """The well-formed answers, the problems (one per item), and the score when there are none
    (a score is also given, for its flags, when the only problems are unanswered items)."""

    answers: dict[str, Answer]
    problems: tuple[InvalidAnswers, ...]
    score: Score | None

    @property
    def complete(self) -> bool:
        return not self.problems and self.score is not None and self.score.valid


def check_form(instrument: Instrument, answers: Mapping[str, object]) -> CheckedForm:
    """Check every item of ``instrument`` in ``answers`` (typed values or text).

    An unknown item, or a value out of range or of the wrong type, is a problem of that item.
    When the well-formed answers cannot be scored, each required item left unanswered is a
    problem too; the score is still computed so that its flags (PHQ-9 item 9) are never lost.
    """
    problems: list[InvalidAnswers] = [
        InvalidAnswers(key, f"unknown item of {instrument.short_name}")
        for key in answers
        if key not in instrument.items_by_id
    ]
    checked: dict[str, Answer] = {}
    for item in instrument.items:
        value = answers.get(item.id)
        if is_missing(value):
            continue
        try:
            checked[item.id] = read_answer(item, value)
        except InvalidAnswers as problem:
            problems.append(problem)
    if problems:
        return CheckedForm(checked, tuple(problems), None)
    score = instrument.scorer(checked)
    if not score.valid:
        problems = [
            InvalidAnswers(item.id, NOT_ANSWERED)
            for item in instrument.items
            if item.required and item.id not in checked
        ] or [InvalidAnswers("form", score.reason or "the form cannot be scored")]
    return CheckedForm(checked, tuple(problems), score)
