"""A person's preferences: time zone, theme, units, crisis-resource country, reminders, and the
secret of their private calendar feed."""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry, zone
from fibrotrack.services.accounts import token_hash
from fibrotrack.storage.models import Person, PersonPreferences

THEMES = ("system", "light", "dark")
UNITS = {"metric": "Metric (kg, cm, °C)", "us": "US (lb, in, °F)"}
# Countries whose crisis lines the safety page can show; "" means "not listed".
CRISIS_COUNTRIES = {
    "AU": "Australia",
    "AT": "Austria",
    "BE": "Belgium",
    "BR": "Brazil",
    "CA": "Canada",
    "DK": "Denmark",
    "FI": "Finland",
    "FR": "France",
    "DE": "Germany",
    "IN": "India",
    "IE": "Ireland",
    "IT": "Italy",
    "JP": "Japan",
    "MX": "Mexico",
    "NL": "Netherlands",
    "NZ": "New Zealand",
    "NO": "Norway",
    "PL": "Poland",
    "PT": "Portugal",
    "ZA": "South Africa",
    "ES": "Spain",
    "SE": "Sweden",
    "CH": "Switzerland",
    "GB": "United Kingdom",
    "US": "United States",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def preferences_of(session: Session, *, person_id: int) -> PersonPreferences:
    """The person's preferences; the defaults (not yet stored) if they never changed one."""
    row = session.get(PersonPreferences, person_id)
    if row is None:
        row = PersonPreferences(
            person_id=person_id,
            theme="system",
            units="metric",
            reminder_time=time(20, 0),
            email_reminders=False,
        )
    return row


@dataclass(frozen=True)
class PreferencesChange:
    timezone: str
    theme: str
    units: str
    crisis_country: str
    reminder_time: str
    reminder_email: str
    email_reminders: bool


def _reminder_time(text: str) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise InvalidEntry("reminder_time", f"{text!r} is not a time such as 20:00") from None


def update_preferences(
    session: Session, *, person: Person, change: PreferencesChange, email_enabled: bool
) -> PersonPreferences:
    """Check every field, then store them all."""
    zone(change.timezone)
    if change.theme not in THEMES:
        raise InvalidEntry("theme", f"must be one of {', '.join(THEMES)}")
    if change.units not in UNITS:
        raise InvalidEntry("units", f"must be one of {', '.join(UNITS)}")
    if change.crisis_country and change.crisis_country not in CRISIS_COUNTRIES:
        raise InvalidEntry("crisis_country", f"{change.crisis_country!r} is not in the list")
    at = _reminder_time(change.reminder_time).replace(second=0, microsecond=0)
    email = change.reminder_email.strip() or None
    if email and (len(email) > 254 or not _EMAIL.match(email)):
        raise InvalidEntry("reminder_email", f"{email!r} is not an e-mail address")
    if change.email_reminders and not email_enabled:
        raise InvalidEntry("email_reminders", "this server has no e-mail set up")
    if change.email_reminders and not email:
        raise InvalidEntry("reminder_email", "is needed for e-mail reminders")
    row = preferences_of(session, person_id=person.id)
    person.timezone = change.timezone
    row.theme = change.theme
    row.units = change.units
    row.crisis_country = change.crisis_country or None
    row.reminder_time = at
    row.reminder_email = email
    row.email_reminders = change.email_reminders
    session.add(row)
    session.flush()
    return row


def calendar_token(secret_key: str, nonce: str) -> str:
    """The feed's secret token: derived from the server's key and the person's nonce, so the
    database alone does not reveal it, and a new nonce makes the old address stop working."""
    return hmac.new(secret_key.encode(), f"calendar:{nonce}".encode(), hashlib.sha256).hexdigest()


def renew_calendar_feed(session: Session, *, person_id: int, secret_key: str) -> str:
    """A new calendar feed address (the old one stops working); returns its token."""
    row = preferences_of(session, person_id=person_id)
    row.calendar_nonce = secrets.token_urlsafe(24)
    token = calendar_token(secret_key, row.calendar_nonce)
    row.calendar_token_hash = token_hash(token)
    session.add(row)
    session.flush()
    return token


def calendar_token_of(row: PersonPreferences, *, secret_key: str) -> str | None:
    return calendar_token(secret_key, row.calendar_nonce) if row.calendar_nonce else None


def person_for_calendar_token(
    session: Session, token: str
) -> tuple[Person, PersonPreferences] | None:
    row = session.scalars(
        select(PersonPreferences).where(PersonPreferences.calendar_token_hash == token_hash(token))
    ).one_or_none()
    if row is None:
        return None
    person = session.get(Person, row.person_id)
    return (person, row) if person else None
