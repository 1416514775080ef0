"""The one error every layer reports the same way: which field, and what is wrong with it."""


class InvalidEntry(ValueError):
    """Input that cannot be recorded. ``field`` names the offending field for the user."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
