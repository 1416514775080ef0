"""Sign-in rate limiting, stored in the database so every worker counts the same attempts.

Failed attempts are counted per username and per client address over a sliding window; while
either count is at its limit, sign-in is refused (even with the right password) until the
oldest failure leaves the window. Only SHA-256 hashes of usernames and addresses are stored.
"""

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fibrotrack.storage.models import LoginAttempt

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USERNAME = 5
MAX_FAILURES_PER_ADDRESS = 30


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value.strip().casefold()}".encode()).hexdigest()


def username_key(username: str) -> str:
    return _key("username", username)


def _limits(username: str, address: str) -> list[tuple[str, int]]:
    return [
        (username_key(username), MAX_FAILURES_PER_USERNAME),
        (_key("address", address), MAX_FAILURES_PER_ADDRESS),
    ]


def retry_after(session: Session, *, username: str, address: str, now: datetime) -> int | None:
    """Seconds until sign-in may be tried again, or None if it may be tried now."""
    waits = []
    for key, limit in _limits(username, address):
        failures = list(
            session.scalars(
                select(LoginAttempt.attempted_at)
                .where(
                    LoginAttempt.key_hash == key,
                    LoginAttempt.succeeded.is_(False),
                    LoginAttempt.attempted_at > now - WINDOW,
                )
                .order_by(LoginAttempt.attempted_at.desc())
                .limit(limit)
            )
        )
        if len(failures) >= limit:
            waits.append(int((failures[-1] + WINDOW - now).total_seconds()) + 1)
    return max(waits) if waits else None


def record_attempt(
    session: Session, *, username: str, address: str, succeeded: bool, now: datetime
) -> None:
    """Remember an attempt. A success clears the username's failures; old rows are pruned."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at <= now - WINDOW))
    if succeeded:
        session.execute(delete(LoginAttempt).where(LoginAttempt.key_hash == username_key(username)))
        return
    for key, _limit in _limits(username, address):
        session.add(LoginAttempt(key_hash=key, succeeded=False, attempted_at=now))
    session.flush()


def forget_username(session: Session, *, username: str) -> None:
    """Remove every attempt recorded under ``username`` (when its account is deleted)."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.key_hash == username_key(username)))
