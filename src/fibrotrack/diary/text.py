"""What a person types: notes, names and labels are kept as written, within a length, and
without the NUL character, which PostgreSQL cannot store and which would make the person's own
export impossible to import again."""

from fibrotrack.diary.errors import InvalidEntry


def check_text(field: str, text: str, max_length: int) -> str:
    """``text``, or ``InvalidEntry(field, ...)`` when it is longer than ``max_length``
    characters or holds a NUL character."""
    if len(text) > max_length:
        raise InvalidEntry(field, f"is longer than {max_length} characters")
    if "\x00" in text:
        raise InvalidEntry(field, "contains a NUL character (\\0), which cannot be stored")
    return text
