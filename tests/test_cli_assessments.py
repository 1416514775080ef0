"""``fibrotrack score``, ``assess``, ``assessments`` and ``status`` through the real CLI on
SQLite and PostgreSQL."""

import csv
import json
import re
from pathlib import Path

import pytest

from conftest import Cli
from fibrotrack.services.assessments import crisis_resources_shown, list_responses
from fibrotrack.services.people import current_person
from fibrotrack.storage import open_database
from questionnaire_cases import (
    ACR_CASES,
    F1_FUNCTION,
    F1_OVERALL,
    F1_SYMPTOMS,
    F5_FUNCTION,
    F5_OVERALL,
    F5_SYMPTOMS,
    acr_answers,
    fiqr_answers,
)


def assert_never_a_diagnosis(text: str) -> None:
    """ACR results read as research criteria: every "diagnosis" is "not a diagnosis"."""
    lowered = " ".join(text.lower().split())
    assert "diagnosed" not in lowered
    assert lowered.count("diagnosis") == lowered.count("not a diagnosis")


def pairs(answers: dict[str, object]) -> str:
    def text(value: object) -> str:
        if isinstance(value, list):
            return ",".join(value) or "none"
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)

    return " ".join(f"{key}={text(value)}" for key, value in answers.items())


def test_score_fiqr_from_a_json_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "f1.json"
    path.write_text(json.dumps(fiqr_answers(F1_FUNCTION, F1_OVERALL, F1_SYMPTOMS)))
    result = cli("score", "fiqr", "--answers", str(path))
    assert result.exit_code == 0, result.output
    assert "FIQR: Total 61.33 — Moderate (>40–63)" in result.stdout
    assert "Function 15.33 of 30 · Overall impact 13 of 20 · Symptoms 33 of 50" in result.stdout


def test_score_json_from_standard_input(cli: Cli) -> None:
    answers = fiqr_answers(F1_FUNCTION[:8], F1_OVERALL, F1_SYMPTOMS)
    result = cli("score", "fiqr", "--answers", "-", "--json", input=pairs(answers))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["instrument"] == "fiqr" and data["version"] == "2009.1"
    assert (data["total"], data["band"], data["band_label"]) == (61.0, "moderate", "Moderate")
    assert data["flags"] == ["function_prorated"]


def test_score_acr_results_are_research_criteria_not_a_diagnosis(cli: Cli) -> None:
    outputs = []
    for version in ("acr2016", "acr2011", "acr2010"):
        for _, areas, (fatigue, unrefreshed, cognitive, part_b), *_ in ACR_CASES[:2]:
            answers = acr_answers(
                version,
                areas,
                fatigue=fatigue,
                unrefreshed=unrefreshed,
                cognitive=cognitive,
                part_b=part_b,
            )
            result = cli("score", version, "--answers", "-", input=pairs(answers))
            assert result.exit_code == 0, result.output
            outputs.append(result.stdout)
    a1_2016, a2_2016 = outputs[0], outputs[1]
    assert "Meets the 2016 research criteria (self-report; not a diagnosis)." in a1_2016
    assert "Does not meet the 2016 research criteria (self-report; not a diagnosis)." in a2_2016
    assert "WPI 8 of 19 · SSS 6 of 12 · Regions with pain 2 of 5" in a2_2016
    assert "Meets the 2011 research criteria (self-report; not a diagnosis)." in outputs[3]
    for output in outputs:
        assert_never_a_diagnosis(output)
    result = cli(
        "score",
        "acr2016",
        "--answers",
        "-",
        "--json",
        input=pairs(
            acr_answers("acr2016", ACR_CASES[0][1], fatigue=2, unrefreshed=2, cognitive=1, part_b=1)
        ),
    )
    data = json.loads(result.stdout)
    assert data["criteria_met"] is True
    assert data["criteria"] == "meets the 2016 research criteria (self-report; not a diagnosis)"


def test_score_phq9_item_9_shows_crisis_resources_at_a_low_total(cli: Cli) -> None:
    answers = "q1=0 q2=0 q3=0 q4=0 q5=0 q6=0 q7=0 q8=0 q9=1"
    result = cli("score", "phq9", "--answers", "-", input=answers)
    assert result.exit_code == 0
    assert "PHQ-9: Total 1 — Minimal (0–4)" in result.stdout
    assert "PHQ-9 item 9 is positive" in result.stdout
    assert "findahelpline.com" in result.stdout
    data = json.loads(cli("score", "phq9", "--answers", "-", "--json", input=answers).stdout)
    assert data["flags"] == ["self_harm"]
    assert data["safety"]["crisis_resources"]["resources"]


def test_score_malformed_answers_exit_2_naming_the_item(cli: Cli) -> None:
    result = cli("score", "phq9", "--answers", "-", input="q1=1 q3=4")
    assert result.exit_code == 2
    assert "q3: 4 is outside 0–3" in result.stderr
    result = cli("score", "phq9", "--answers", "-", input='{"q1": 1, "q11": 0}')
    assert result.exit_code == 2 and "q11" in result.stderr
    result = cli("score", "phqq", "--answers", "-", input="q1=1")
    assert result.exit_code == 2 and "instrument" in result.stderr
    result = cli("score", "phq9")
    assert result.exit_code == 2 and "--answers" in result.stderr


@pytest.mark.parametrize("answers", ["q1=1 q2=0 q1=3", '{"q1": 1, "q2": 0, "q1": 3}'])
def test_score_an_item_given_twice_exits_2_naming_it(cli: Cli, answers: str) -> None:
    result = cli("score", "phq9", "--answers", "-", input=answers)
    assert result.exit_code == 2
    assert "answers: q1 is given twice" in result.stderr


def test_score_a_csv_with_a_column_twice_exits_2_and_writes_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    source, target = tmp_path / "study.csv", tmp_path / "scored.csv"
    source.write_text("q1,q2,q3,q4,q5,q6,q7,q1\n1,1,1,1,1,1,1,3\n")
    result = cli("score", "gad7", "--csv", str(source), "-o", str(target))
    assert result.exit_code == 2
    assert "the column 'q1' appears twice (columns 1 and 8)" in " ".join(result.stderr.split())
    assert not target.exists()


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def test_score_a_csv_writes_every_row_back_with_its_scores(cli: Cli, tmp_path: Path) -> None:
    source, target = tmp_path / "study.csv", tmp_path / "scored.csv"
    rows: list[dict[str, object]] = [
        {"participant": "p1", **fiqr_answers(F1_FUNCTION, F1_OVERALL, F1_SYMPTOMS)},
        {"participant": "p2", **fiqr_answers(F5_FUNCTION, F5_OVERALL, F5_SYMPTOMS)},
        {"participant": "p3", **fiqr_answers(F1_FUNCTION[:7], F1_OVERALL, F1_SYMPTOMS)},
    ]
    write_csv(source, rows)
    result = cli("score", "fiqr", "--csv", str(source), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "Scored 3 rows" in result.stderr and "1 incomplete" in result.stderr
    with target.open(newline="") as file:
        scored = list(csv.DictReader(file))
    assert [row["participant"] for row in scored] == ["p1", "p2", "p3"]
    assert [row["fiqr_total"] for row in scored] == ["61.33", "17", ""]
    assert [row["fiqr_band"] for row in scored] == ["moderate", "remission", ""]
    assert [row["fiqr_valid"] for row in scored] == ["true", "true", "false"]
    assert scored[0]["fiqr_function"] == "15.33" and scored[0]["f1"] == "5"
    assert "f8, f9" in scored[2]["fiqr_reason"]
    to_stdout = cli("score", "fiqr", "--csv", str(source))
    assert to_stdout.stdout.splitlines()[0].endswith("fiqr_flags,fiqr_reason")


def test_score_a_csv_with_a_malformed_row_exits_2_and_writes_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    source, target = tmp_path / "study.csv", tmp_path / "scored.csv"
    bad = fiqr_answers(F1_FUNCTION, F1_OVERALL, F1_SYMPTOMS) | {"f3": 11}
    write_csv(source, [fiqr_answers(F5_FUNCTION, F5_OVERALL, F5_SYMPTOMS), bad])
    result = cli("score", "fiqr", "--csv", str(source), "-o", str(target))
    assert result.exit_code == 2
    assert "row 2: f3: 11 is outside 0–10" in result.stderr
    assert not target.exists()


def test_score_a_csv_of_phq9_rows_lists_the_rows_needing_follow_up(
    cli: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "phq.csv"
    write_csv(
        source, [{f"q{n}": 0 for n in range(1, 10)}, {f"q{n}": 0 for n in range(1, 9)} | {"q9": 2}]
    )
    result = cli("score", "phq9", "--csv", str(source))
    assert result.exit_code == 0
    assert "self_harm" in result.stdout.splitlines()[2]
    assert "PHQ-9 item 9 is positive" in result.stderr and "Rows: 2." in result.stderr


def test_score_a_csv_to_a_folder_that_cannot_take_it_exits_2_naming_the_option(
    cli: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "phq.csv"
    write_csv(source, [{f"q{n}": 0 for n in range(1, 10)}])
    missing = cli("score", "phq9", "--csv", str(source), "-o", str(tmp_path / "no" / "x.csv"))
    assert missing.exit_code == 2
    said = " ".join(missing.stderr.split())
    assert f"Error: output: the folder {tmp_path / 'no'} does not exist" in said
    folder = cli("score", "phq9", "--csv", str(source), "-o", str(tmp_path))
    assert folder.exit_code == 2
    said = " ".join(folder.stderr.split())
    assert f"Error: output: {tmp_path} is a folder; give a file name" in said


def test_score_refuses_options_it_would_ignore(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "phq.csv"
    write_csv(source, [{f"q{n}": 0 for n in range(1, 10)}])
    as_json = cli("score", "phq9", "--csv", str(source), "--json")
    assert as_json.exit_code == 2 and as_json.stdout == ""
    assert "Error: json: --csv writes the scored rows as CSV" in as_json.stderr
    answers = pairs({f"q{n}": 0 for n in range(1, 10)})
    output = cli("score", "phq9", "--answers", "-", "-o", str(tmp_path / "x"), input=answers)
    assert output.exit_code == 2 and "Error: output: --output is for --csv" in output.stderr


def lines(*answers: object) -> str:
    return "".join(f"{answer}\n" for answer in answers)


def test_assess_phq9_shows_crisis_resources_at_once_and_records_it(
    cli: Cli, database_url: str
) -> None:
    result = cli("assess", "phq9", "--country", "US", input=lines(0, 0, 1, 0, 0, 0, 0, 0, 1, ""))
    assert result.exit_code == 0, result.output
    output = result.stdout
    assert "988" in output and "You answered that you have had thoughts" in output
    assert output.index("988") < output.index("10/10")  # shown before the next question
    assert "PHQ-9: Total 2 — Minimal (0–4)" in output
    database = open_database(database_url)
    with database.session() as session:
        person = current_person(session, person_id=None)
        responses = list_responses(session, person=person)
        assert [r.instrument for r in responses] == ["phq9"]
        assert responses[0].answers["q9"] == 1 and "q10" not in responses[0].answers
        shown = crisis_resources_shown(session, person=person)
        assert [(r.response_id, r.channel, r.country) for r in shown] == [
            (responses[0].id, "cli", "US")
        ]
    database.dispose()


def test_assess_without_item_9_records_no_crisis_resources(cli: Cli, database_url: str) -> None:
    result = cli("assess", "phq9", input=lines(*[1] * 8, 0, 2))
    assert result.exit_code == 0
    assert "crisis" not in result.stdout.lower()
    database = open_database(database_url)
    with database.session() as session:
        person = current_person(session, person_id=None)
        assert crisis_resources_shown(session, person=person) == []
    database.dispose()


def test_assess_acr2016_walks_the_areas_and_words_the_result_as_research(cli: Cli) -> None:
    areas = "shoulder_left shoulder_right 3 7 hip_left hip_right neck 17"
    result = cli("assess", "acr2016", input=lines(areas, 2, 2, 1, "yes", "no", "no", "y"))
    assert result.exit_code == 0, result.output
    assert "Hip (buttock, trochanter), left" in result.stdout
    assert "ACR 2016: FS (WPI + SSS) 14 — Severe (12–19)" in result.stdout
    assert "Meets the 2016 research criteria (self-report; not a diagnosis)." in result.stdout
    assert_never_a_diagnosis(result.stdout)
    listed = json.loads(cli("assessments", "--json").stdout)["responses"]
    assert listed[0]["answers"]["areas"] == [
        "shoulder_left",
        "upper_arm_left",
        "shoulder_right",
        "upper_arm_right",
        "hip_left",
        "hip_right",
        "neck",
        "lower_back",
    ]
    assert listed[0]["score"]["criteria_met"] is True


def test_assess_with_a_skipped_item_stores_an_incomplete_form(cli: Cli) -> None:
    result = cli("assess", "gad7", input=lines(1, 1, "", 1, 1, 1, 1))
    assert result.exit_code == 0
    assert "GAD-7: incomplete, not scored: unanswered: q3" in result.stdout
    assert "incomplete" in cli("assessments").stdout


def test_assess_with_a_malformed_answer_exits_2_and_stores_nothing(cli: Cli) -> None:
    result = cli("assess", "fiqr", input=lines(5, 5, 12))
    assert result.exit_code == 2
    assert "f3: 12 is outside 0–10" in result.stderr
    result = cli("assess", "gad7", input=lines(1, 1))
    assert result.exit_code == 2 and "ended before item q3" in result.stderr
    assert json.loads(cli("assessments", "--json").stdout) == {"responses": []}


def test_assess_on_a_future_date_is_refused_before_any_question(cli: Cli) -> None:
    result = cli("assess", "phq9", "--date", "2099-01-01", input=lines(*[0] * 10))
    assert result.exit_code == 2
    assert "Error: date: 2099-01-01 is in the future" in result.stderr
    assert result.stdout == "", "not one question was asked"
    assert json.loads(cli("assessments", "--json").stdout) == {"responses": []}


def test_status_without_questionnaires_says_what_to_do(cli: Cli) -> None:
    result = cli("status")
    assert result.exit_code == 0
    assert "No questionnaires yet" in result.stdout
    assert "Flare detection is not available yet" not in result.stdout


def test_status_of_the_demo_person(cli: Cli) -> None:
    assert cli("demo").exit_code == 0
    text = cli("status")
    assert text.exit_code == 0, text.output
    assert "Baseline: the first visit" in text.stdout
    assert "Sustained remission (study-defined)" in text.stdout
    assert "2016 research criteria (self-report; not a diagnosis)" in text.stdout
    assert "Flare detection is not available yet" not in text.stdout
    assert_never_a_diagnosis(text.stdout)
    data = json.loads(cli("status", "--json").stdout)
    assert data["flare_detection"] is True
    assert all(point["in_flare"] is not None for point in data["points"])
    assert len(data["points"]) == 13
    assert data["points"][0]["role"] == "baseline"
    assert data["current"]["remission"]["met"] is False
    assert any("FM30 short" in reason for reason in data["current"]["reasons"])
    chosen = json.loads(cli("status", "--json", "--baseline", data["points"][6]["day"]).stdout)
    assert chosen["baseline_day"] == data["points"][6]["day"]
    assert [p["role"] for p in chosen["points"][:8]] == ["before_baseline"] * 6 + [
        "baseline",
        "follow_up",
    ]
    bad = cli("status", "--baseline", "2026-02-30")
    assert bad.exit_code == 2 and "date" in bad.stderr


def test_assessments_lists_stored_responses(cli: Cli) -> None:
    assert cli("assessments").stdout.startswith("No questionnaires taken yet")
    cli("assess", "pgic", input=lines(2))
    listed = cli("assessments", "--instrument", "pgic")
    assert "PGIC: Rating 2 — Much improved (2)" in re.sub(r"\s+", " ", listed.stdout)
