"""The errors of the instrument layer, reported like every other bad input: which item, and
what is wrong with it."""

from fibrotrack.diary import InvalidEntry


class InvalidAnswers(InvalidEntry):
    """Answers that cannot be scored as given: an unknown item, a value out of range or of the
    wrong type. ``item`` (also ``field``) names the offending item."""

    @property
    def item(self) -> str:
        return self.field


class UnknownInstrument(InvalidEntry):
    """An instrument id that is not registered."""

    def __init__(self, instrument_id: str, known: list[str]) -> None:
        super().__init__(
            "instrument", f"unknown instrument {instrument_id!r}; known: {', '.join(known)}"
        )
        self.instrument_id = instrument_id
