"""Registration by invitation on a shared server: an admin creates a one-time code (or a link
holding it) for a person or a clinician, who registers with it."""

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry, zone
from fibrotrack.services.accounts import ADMIN, CLINICIAN, PERSON, create_account, token_hash
from fibrotrack.storage.models import Account, Invitation

INVITATION_LIFETIME = timedelta(days=14)
MAX_NOTE_LENGTH = 200


def create_invitation(
    session: Session, *, admin: Account | None, role: str, note: str | None, now: datetime
) -> tuple[Invitation, str]:
    """A new invitation and its code (shown once; only the hash is kept).

    ``admin`` is the admin inviting from the web; None means the server's operator, from its
    shell, who may also invite a new admin (for example after the only admin left).
    """
    if admin is not None and admin.role != ADMIN:
        raise InvalidEntry("role", "only an admin can invite")
    allowed = (PERSON, CLINICIAN) if admin is not None else (PERSON, CLINICIAN, ADMIN)
    if role not in allowed:
        raise InvalidEntry("role", f"invite one of: {', '.join(allowed)}")
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE_LENGTH:
        raise InvalidEntry("note", f"is longer than {MAX_NOTE_LENGTH} characters")
    code = secrets.token_urlsafe(18)
    invitation = Invitation(
        code_hash=token_hash(code),
        role=role,
        note=note,
        created_by_id=admin.id if admin else None,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    session.add(invitation)
    session.flush()
    return invitation, code


def open_invitations(session: Session, *, now: datetime) -> list[Invitation]:
    """Invitations not yet used, revoked or expired, newest first."""
    return list(
        session.scalars(
            select(Invitation)
            .where(
                Invitation.used_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > now,
            )
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
    )


def revoke_invitation(session: Session, *, invitation_id: int, now: datetime) -> None:
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or invitation.used_at is not None:
        raise InvalidEntry("invitation", "there is no such open invitation")
    invitation.revoked_at = invitation.revoked_at or now


def invitation_for_code(session: Session, code: str, *, now: datetime) -> Invitation:
    """The open invitation with ``code``, or ``InvalidEntry('code', ...)``."""
    invitation = session.scalars(
        select(Invitation).where(Invitation.code_hash == token_hash(code.strip()))
    ).one_or_none()
    if (
        invitation is None
        or invitation.used_at is not None
        or invitation.revoked_at is not None
        or invitation.expires_at <= now
    ):
        raise InvalidEntry("code", "this invitation is unknown, used or expired; ask for a new one")
    return invitation


def register(
    session: Session,
    *,
    code: str,
    username: str,
    password: str,
    name: str | None,
    timezone: str,
    now: datetime,
) -> Account:
    """Create the invited account; the invitation is used up."""
    invitation = invitation_for_code(session, code, now=now)
    zone(timezone)
    account = create_account(
        session,
        username=username,
        password=password,
        role=invitation.role,
        name=name,
        timezone=timezone,
    )
    invitation.used_at = now
    session.flush()
    return account
