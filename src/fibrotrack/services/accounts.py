"""Accounts and sign-in sessions: the owner account, passwords (argon2id), session tokens.

Roles: ``person`` (keeps a diary), ``clinician`` (reads what people share with them, no diary
of their own) and ``admin`` (the owner: keeps a diary and invites others).
"""

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry, zone
from fibrotrack.services.people import create_person
from fibrotrack.storage.models import Account, LoginSession, Person
from fibrotrack.storage.types import utc_now

PERSON, CLINICIAN, ADMIN = "person", "clinician", "admin"
ROLES = (PERSON, CLINICIAN, ADMIN)
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
SESSION_LIFETIME = timedelta(days=180)
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def has_accounts(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Account)))


def check_new_credentials(username: str, password: str) -> str:
    name = username.strip()
    if not name:
        raise InvalidEntry("username", "is required")
    if len(name) > 200:
        raise InvalidEntry("username", "is longer than 200 characters")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidEntry("password", f"needs at least {MIN_PASSWORD_LENGTH} characters")
    if not password.strip():
        raise InvalidEntry("password", "cannot be only spaces")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidEntry("password", f"is longer than {MAX_PASSWORD_LENGTH} characters")
    return name


def create_owner(
    session: Session, *, username: str, password: str, name: str | None, timezone: str
) -> Account:
    """The first account: an admin who owns the diary. It takes over the database's only
    person if the CLI already created one, so nothing logged before is lost."""
    if has_accounts(session):
        raise InvalidEntry("username", "this fibrotrack already has an owner; sign in instead")
    username = check_new_credentials(username, password)
    people = list(session.scalars(select(Person).order_by(Person.id).limit(2)))
    if len(people) == 1:
        person = people[0]
        person.name = name or person.name
        zone(timezone)
        person.timezone = timezone
    else:
        person = create_person(session, name=name, timezone=timezone)
    account = Account(
        username=username,
        password_hash=_hasher.hash(password),
        role="admin",
        person_id=person.id,
    )
    session.add(account)
    session.flush()
    return account


def create_account(
    session: Session,
    *,
    username: str,
    password: str,
    role: str,
    name: str | None,
    timezone: str,
) -> Account:
    """A new account. A person (and an admin) gets a diary of their own; a clinician does not."""
    if role not in ROLES:
        raise InvalidEntry("role", f"must be one of {', '.join(ROLES)}")
    username = check_new_credentials(username, password)
    # "DrLee" beside "drlee" would look like the same clinician in a patient's share list.
    taken = select(Account.id).where(func.lower(Account.username) == username.lower())
    if session.scalars(taken).first():
        raise InvalidEntry("username", "is taken; choose another")
    person_id = None
    if role != CLINICIAN:
        person_id = create_person(session, name=name, timezone=timezone).id
    account = Account(
        username=username, password_hash=_hasher.hash(password), role=role, person_id=person_id
    )
    session.add(account)
    session.flush()
    return account


def authenticate(session: Session, *, username: str, password: str) -> Account | None:
    """The account if the password is right, else None (same work either way)."""
    account = session.scalars(
        select(Account).where(Account.username == username.strip())
    ).one_or_none()
    if account is None:
        _hasher.hash(password)  # spend the same time as a real check
        return None
    try:
        _hasher.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    return account


def token_hash(token: str) -> str:
    """The SHA-256 under which a secret token is stored and looked up."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_login_session(session: Session, *, account: Account, user_agent: str | None) -> str:
    """A new sign-in session; returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            account_id=account.id,
            token_hash=token_hash(token),
            user_agent=(user_agent or "")[:300] or None,
        )
    )
    return token


def account_for_token(session: Session, token: str) -> tuple[Account, Person | None] | None:
    """The signed-in account for a cookie token and its person (None for a clinician), or None
    if the token is unknown, revoked or expired. One query: it runs on every request."""
    row = session.execute(
        select(LoginSession, Account, Person)
        .join(Account, Account.id == LoginSession.account_id)
        .outerjoin(Person, Person.id == Account.person_id)
        .where(LoginSession.token_hash == token_hash(token))
    ).one_or_none()
    if row is None:
        return None
    login, account, person = row
    now = utc_now()
    if login.revoked_at is not None or now - login.last_seen_at > SESSION_LIFETIME:
        return None
    if now - login.last_seen_at > timedelta(minutes=5):
        login.last_seen_at = now
    return account, person


def end_login_session(session: Session, token: str) -> None:
    login = session.scalars(
        select(LoginSession).where(LoginSession.token_hash == token_hash(token))
    ).one_or_none()
    if login is not None and login.revoked_at is None:
        login.revoked_at = utc_now()


def login_session_for_token(session: Session, token: str) -> LoginSession | None:
    return session.scalars(
        select(LoginSession).where(LoginSession.token_hash == token_hash(token))
    ).one_or_none()


def active_login_sessions(session: Session, *, account_id: int) -> list[LoginSession]:
    """The account's signed-in browsers that are neither revoked nor expired, newest first."""
    since = utc_now() - SESSION_LIFETIME
    return list(
        session.scalars(
            select(LoginSession)
            .where(
                LoginSession.account_id == account_id,
                LoginSession.revoked_at.is_(None),
                LoginSession.last_seen_at >= since,
            )
            .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc())
        )
    )


def revoke_login_sessions(
    session: Session, *, account_id: int, session_ids: list[int] | None = None
) -> int:
    """Sign out the account's sessions with ``session_ids`` (all when None); returns how many.
    Sessions of other accounts are never touched."""
    now = utc_now()
    revoked = 0
    for login in active_login_sessions(session, account_id=account_id):
        if session_ids is None or login.id in session_ids:
            login.revoked_at = now
            revoked += 1
    session.flush()
    return revoked
