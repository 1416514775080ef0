"""A setting that cannot be used is refused, naming the environment variable the person set."""

import pytest

from conftest import Cli


@pytest.mark.parametrize("variable", ["PORT", "FIBROTRACK_PORT"])
def test_a_bad_port_names_the_variable_that_was_set(
    sqlite_cli: Cli, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, "abc")
    for command in (["serve"], ["history"]):
        result = sqlite_cli(*command)
        assert result.exit_code == 2, result.output
        error = " ".join(result.stderr.split())
        assert error.startswith(f"Error: {variable}: Input should be a valid integer"), error


def test_fibrotrack_port_is_read_before_port(
    sqlite_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORT", "8000")
    monkeypatch.setenv("FIBROTRACK_PORT", "eighty")
    result = sqlite_cli("serve")
    assert result.exit_code == 2
    assert " ".join(result.stderr.split()).startswith("Error: FIBROTRACK_PORT: ")
