"""docs/program.md cannot drift from the catalogue, the red flags or the pacing defaults."""

from pathlib import Path

from fibrotrack.program import PLAN_QUESTION, RED_FLAGS, REVIEW_QUESTIONS, PacingRule, catalogue
from fibrotrack.program.breathing import BreathingPattern

DOCS = Path(__file__).resolve().parents[1] / "docs" / "program.md"


def rows() -> list[str]:
    return [line for line in DOCS.read_text(encoding="utf-8").splitlines() if line.startswith("|")]


def test_every_practice_is_documented_with_its_grade_and_source() -> None:
    table = rows()
    for practice in catalogue().practices:
        (row,) = [line for line in table if f"| {practice.name} (`{practice.id}`) |" in line]
        assert f"`{practice.evidence.value}`" in row, practice.id
        assert practice.source in row, practice.id
        assert practice.evidence_note in row, practice.id


def test_every_red_flag_is_documented() -> None:
    table = "\n".join(rows())
    for flag in RED_FLAGS:
        assert f"(`{flag.id}`)" in table, flag.id


def test_every_weekly_review_question_is_documented_with_its_field() -> None:
    table = "\n".join(rows())
    for question in (*REVIEW_QUESTIONS, PLAN_QUESTION):
        assert f"| {question.text} | `{question.field}`" in table, question.field


def test_the_documented_defaults_are_the_code_defaults() -> None:
    text = DOCS.read_text(encoding="utf-8")
    rule = PacingRule()
    assert f"default {rule.weekly_step:.0%}" in text
    assert f"over the {rule.baseline_days} days before the plan starts" in text
    assert f"at least {rule.min_baseline_days} such days" in text
    assert f"fewer than {rule.min_week_days} of the 7 days logged" in text
    assert f"at least {rule.reached_fraction:.0%}" in text
    pattern = BreathingPattern()
    assert (
        f"Default {pattern.breaths_per_minute:g} breaths a minute, in:out {pattern.ratio}" in text
    )
    assert "fibrotrack supports, and does not replace, care by a clinician" in text
