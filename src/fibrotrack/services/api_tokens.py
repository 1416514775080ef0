"""Per-account API tokens for scripts: ``Authorization: Bearer ft_...``.

The token is shown once when created; only its SHA-256 is stored, with a short prefix so the
person can tell their tokens apart in Settings.
"""

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry
from fibrotrack.services.accounts import token_hash
from fibrotrack.storage.models import Account, ApiToken

TOKEN_PREFIX = "ft_"  # noqa: S105 (a marker, not a secret)
MAX_NAME_LENGTH = 100


def create_api_token(
    session: Session, *, account: Account, name: str, now: datetime
) -> tuple[ApiToken, str]:
    name = name.strip()
    if not name:
        raise InvalidEntry("name", "give the token a name, such as the script that uses it")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidEntry("name", f"is longer than {MAX_NAME_LENGTH} characters")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        account_id=account.id,
        name=name,
        prefix=token[:10],
        token_hash=token_hash(token),
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row, token


def api_tokens_of(session: Session, *, account_id: int) -> list[ApiToken]:
    """The account's tokens that still work, newest first."""
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.account_id == account_id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_api_token(session: Session, *, account_id: int, token_id: int, now: datetime) -> None:
    row = session.get(ApiToken, token_id)
    if row is None or row.account_id != account_id or row.revoked_at is not None:
        raise InvalidEntry("token", "there is no such token")
    row.revoked_at = now


def account_for_api_token(session: Session, token: str, *, now: datetime) -> Account | None:
    """The account a Bearer token belongs to, or None if unknown or revoked."""
    row = session.scalars(
        select(ApiToken).where(ApiToken.token_hash == token_hash(token))
    ).one_or_none()
    if row is None or row.revoked_at is not None:
        return None
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
        row.last_used_at = now
    return session.get(Account, row.account_id)
