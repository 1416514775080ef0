"""Checking a whole form at once: every malformed item and, when the form cannot be scored,
every unanswered item scoring needs, named together; the self-harm flag is never lost."""

from tests.questionnaire_cases import F1_FUNCTION, F1_OVERALL, F1_SYMPTOMS, fiqr_answers

from fibrotrack.instruments import get
from fibrotrack.instruments.forms import NOT_ANSWERED, check_form


def test_every_malformed_item_is_named_and_nothing_is_scored() -> None:
    answers = {**fiqr_answers(F1_FUNCTION, F1_OVERALL, F1_SYMPTOMS), "f2": "12", "s4": "x"}
    form = check_form(get("fiqr"), {**answers, "zz": 1})
    assert [p.item for p in form.problems] == ["zz", "f2", "s4"]
    assert form.score is None and not form.complete


def test_unanswered_items_are_named_only_when_the_form_cannot_be_scored() -> None:
    one_missing = fiqr_answers([*F1_FUNCTION[:8], None], F1_OVERALL, F1_SYMPTOMS)
    prorated = check_form(get("fiqr"), one_missing)
    assert prorated.complete and prorated.score is not None
    assert prorated.score.flags == ["function_prorated"]
    two_missing = fiqr_answers([*F1_FUNCTION[:7], None, None], F1_OVERALL, [None] * 10)
    form = check_form(get("fiqr"), two_missing)
    assert [p.item for p in form.problems] == ["f8", "f9", *(f"s{n}" for n in range(1, 11))]
    assert {p.message for p in form.problems} == {NOT_ANSWERED}


def test_an_incomplete_phq9_keeps_its_self_harm_flag_and_skips_the_optional_item() -> None:
    form = check_form(get("phq9"), {"q9": "1"})
    assert form.score is not None and form.score.flags == ["self_harm"]
    assert [p.item for p in form.problems] == [f"q{n}" for n in range(1, 9)]
    complete = check_form(get("phq9"), {f"q{n}": 0 for n in range(1, 10)})
    assert complete.complete and complete.problems == ()
