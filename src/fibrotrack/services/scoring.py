"""Scoring without storing, for clinicians and researchers: one response given as JSON or
``item=value`` pairs, or a CSV file with one response per row, written back with its scores."""

import csv
import json
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from fibrotrack.diary import InvalidEntry
from fibrotrack.instruments import Instrument, InvalidAnswers, Score, get, score
from fibrotrack.safety import SELF_HARM_FLAG


def parse_answers_text(text: str) -> dict[str, Any]:
    """Answers written as a JSON object (``{"q1": 3, "areas": ["neck"]}``) or as ``item=value``
    pairs separated by spaces or new lines (``q1=3 q2=0 areas=neck,upper_back``). An item
    given twice is refused: which of the two was meant cannot be told."""
    stripped = text.strip()
    if not stripped:
        raise InvalidEntry("answers", "no answers given")
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped, object_pairs_hook=_once_each)
        except json.JSONDecodeError as error:
            raise InvalidEntry(
                "answers", f"not valid JSON: {error.msg} (line {error.lineno})"
            ) from None
        if not isinstance(data, dict):
            raise InvalidEntry("answers", "JSON answers must be an object of item: value")
        return data
    try:
        tokens = shlex.split(stripped, comments=True)
    except ValueError as error:
        raise InvalidEntry("answers", f"cannot read the pairs: {error}") from None
    answers: dict[str, Any] = {}
    for token in tokens:
        key, separator, value = token.partition("=")
        if not separator or not key.strip():
            raise InvalidEntry("answers", f"{token!r} is not ITEM=VALUE")
        answers = _once_each([*answers.items(), (key.strip(), value)])
    return answers


def _once_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for key, value in pairs:
        if key in answers:
            raise InvalidEntry("answers", f"{key} is given twice")
        answers[key] = value
    return answers


@dataclass(frozen=True)
class CsvSummary:
    rows: int
    complete: int
    self_harm_rows: tuple[int, ...]

    @property
    def incomplete(self) -> int:
        return self.rows - self.complete


def score_columns(instrument: Instrument) -> list[str]:
    """The columns ``score_csv`` appends, prefixed with the instrument id."""
    names = ["valid", "total", *(subscore.id for subscore in instrument.subscores), "band"]
    if instrument.criteria_name is not None:
        names.append("criteria_met")
    names += ["flags", "reason"]
    return [f"{instrument.id}_{name}" for name in names]


def score_csv(instrument_id: str, source: TextIO, target: TextIO) -> CsvSummary:
    """Score every row of the CSV ``source`` (a header, then one response per row; columns
    named by item id are answers, other columns are kept) and write the rows to ``target``
    with the score columns appended.

    Every row is checked before anything is written: a malformed row raises ``InvalidEntry``
    naming the row (1 = the first row after the header) and the item.
    """
    instrument = get(instrument_id)
    reader = csv.DictReader(source)
    header = list(reader.fieldnames or [])
    if not header:
        raise InvalidEntry("csv", "the file is empty; expected a header row")
    for position, column in enumerate(header, start=1):
        if column in header[: position - 1]:
            first = header.index(column) + 1
            raise InvalidEntry(
                "csv", f"the column {column!r} appears twice (columns {first} and {position})"
            )
    item_ids = [item.id for item in instrument.items]
    answer_columns = [column for column in header if column in item_ids]
    if not answer_columns:
        raise InvalidEntry(
            "csv",
            f"no column is an item of {instrument.short_name}; expected columns named "
            f"{', '.join(item_ids)}",
        )
    added = score_columns(instrument)
    clash = [column for column in added if column in header]
    if clash:
        raise InvalidEntry("csv", f"the file already has the score column {clash[0]!r}")
    scored = list(_scored_rows(instrument, reader, answer_columns))
    writer = csv.DictWriter(target, fieldnames=header + added, lineterminator="\n")
    writer.writeheader()
    for row, result in scored:
        writer.writerow(row | dict(zip(added, _score_cells(instrument, result), strict=True)))
    return CsvSummary(
        rows=len(scored),
        complete=sum(result.valid for _, result in scored),
        self_harm_rows=tuple(
            number
            for number, (_, result) in enumerate(scored, start=1)
            if SELF_HARM_FLAG in result.flags
        ),
    )


def _scored_rows(
    instrument: Instrument, reader: "csv.DictReader[str]", answer_columns: list[str]
) -> Iterator[tuple[dict[str, str], Score]]:
    for number, row in enumerate(reader, start=1):
        if None in row:
            raise InvalidEntry(f"row {number}", "has more cells than the header")
        try:
            result = score(instrument.id, {column: row[column] for column in answer_columns})
        except InvalidAnswers as error:
            raise InvalidEntry(f"row {number}: {error.item}", error.message) from None
        yield {key: value or "" for key, value in row.items()}, result


def _score_cells(instrument: Instrument, result: Score) -> list[str]:
    cells = [
        _cell(result.valid),
        _cell(result.total),
        *(_cell(result.subscores.get(subscore.id)) for subscore in instrument.subscores),
        result.band or "",
    ]
    if instrument.criteria_name is not None:
        cells.append(_cell(result.criteria_met))
    return [*cells, ";".join(result.flags), result.reason or ""]


def _cell(value: bool | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}"
