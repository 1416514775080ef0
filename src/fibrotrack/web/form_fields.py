"""What people type into the pages' form fields, read or refused with an ``InvalidEntry``
that names the field: dates, whole numbers and numbers (a decimal comma is fine)."""

from datetime import date

from fibrotrack.diary import InvalidEntry, parse_day

# What a confirmation page before a deletion sends (_program_body_delete.html: confirm=delete);
# without it a delete form only asks.
DELETE_CONFIRMATION = "delete"


def optional_day_field(field: str, text: str) -> date | None:
    """The date typed in ``field`` (empty: None), or ``InvalidEntry`` naming that field."""
    if not text.strip():
        return None
    try:
        return parse_day(text)
    except InvalidEntry as error:
        raise InvalidEntry(field, error.message) from None


def day_field(field: str, text: str, today: date) -> date:
    """The date typed in ``field`` (empty: today), or ``InvalidEntry`` naming that field."""
    found = optional_day_field(field, text)
    return today if found is None else found


def echoed_day(text: str) -> date | None:
    """A date handed back in a redirect's query for the success message, or None when the
    text is not a date (a crafted link cannot make the page say anything else)."""
    try:
        return parse_day(text) if text else None
    except InvalidEntry:
        return None


def whole_field(field: str, text: str) -> int | None:
    """The whole number typed in ``field`` (empty: None), or ``InvalidEntry`` naming it."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidEntry(field, f"{text!r} is not a whole number") from None


def number_field(field: str, text: str) -> float | None:
    """The number typed in ``field`` (empty: None; a decimal comma is fine), or
    ``InvalidEntry`` naming that field."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise InvalidEntry(field, f"{text!r} is not a number") from None
