"""What people type, and the column names of their files, come back on the screen exactly as
written: square brackets are text, never terminal markup (SQLite and PostgreSQL)."""

from datetime import date, timedelta
from pathlib import Path

import numpy as np

from conftest import Cli

TEXT = "took magnesium [mg] and felt [better] [/]"


def said(text: str) -> str:
    """Output with the terminal's line wrapping undone."""
    return " ".join(text.split())


def test_text_with_square_brackets_is_printed_as_written(cli: Cli) -> None:
    steps = [
        (("journal", "add", TEXT), ()),
        (("journal", "list"), (TEXT,)),
        (("diet", "protocol", "start", "--food", TEXT, "--food", "[/b]"), (TEXT, "[/b]")),
        (("diet", "protocol", "status"), (f"{TEXT}: pending", "[/b]: pending")),
        (("meds", "add", TEXT, "--dose", "[/b] 1000 IU"), (f"Saved medication {TEXT} from",)),
        (("meds", "list"), (f"{TEXT} (medication, [/b] 1000 IU)",)),
        (("experiment", "start", "[/]", "--on", TEXT, "--off", TEXT), (f"Today: {TEXT}.",)),
        (("experiment", "status"), ("Experiment on [/] (", f"Today: {TEXT}.")),
    ]
    for arguments, expected in steps:
        result = cli(*arguments)
        assert result.exit_code == 0, result.output
        for text in expected:
            assert text in said(result.stdout), (arguments, text)


def test_an_error_quoting_what_was_typed_shows_it_as_typed(cli: Cli) -> None:
    result = cli("labs", "add", "--analyte", "ferritin", "--value", "5", "--unit", "[/] [mg]")
    assert result.exit_code == 2
    assert "Error: unit: '[/] [mg]' is not a unit" in said(result.stderr)


def test_csv_column_names_with_square_brackets_are_printed_as_written(
    cli: Cli, tmp_path: Path
) -> None:
    rng = np.random.default_rng(5)
    magnesium = rng.integers(0, 2, 120)
    other = rng.integers(0, 2, 120)
    pain = np.clip(np.rint(3 + 3 * magnesium + rng.normal(0, 1, 120)), 0, 10)
    lines = ["date,pain,magnesium [mg],[/]"]
    for i in range(120):
        day = date(2025, 1, 1) + timedelta(days=i)
        lines.append(f"{day.isoformat()},{pain[i]:g},{magnesium[i]},{other[i]}")
    path = tmp_path / "diary.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("analyze", "--csv", str(path), "--all")
    assert result.exit_code == 0, result.output
    assert "on days with magnesium [mg] your pain was" in said(result.stdout)
    assert "│ [/] " in result.stdout  # its row in the table of every test
