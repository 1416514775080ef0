"""``fibrotrack status`` through the real CLI on SQLite and PostgreSQL: the latest visit's
statements keep their proper names and abbreviations as written (FIQR, Salaffi)."""

from datetime import date, timedelta

from conftest import Cli

AREAS_MET = "shoulder_left shoulder_right 3 7 hip_left hip_right neck 17"


def lines(*answers: object) -> str:
    return "".join(f"{answer}\n" for answer in answers)


def test_status_keeps_proper_names_in_the_latest_visit_statements(cli: Cli) -> None:
    baseline = (date.today() - timedelta(days=60)).isoformat()
    later = (date.today() - timedelta(days=4)).isoformat()
    for day, rating, areas in ((baseline, 6, AREAS_MET), (later, 1, "neck")):
        taken = cli("assess", "fiqr", "--date", day, input=lines(*[rating] * 21))
        assert taken.exit_code == 0, taken.output
        acr = cli(
            "assess", "acr2016", "--date", day, input=lines(areas, 2, 2, 1, "yes", "no", "no", "y")
        )
        assert acr.exit_code == 0, acr.output
    result = cli("status")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Low impact: FIQR in the remission range, 0–23 (Salaffi 2020)." in text
    assert (
        "No longer meets the 2016 research criteria it met at baseline (self-report; not a "
        "diagnosis)." in text
    )
