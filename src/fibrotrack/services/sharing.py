"""Sharing with a clinician, and the access log the person reads.

A person creates a share code (or a link holding it) and gives it to one clinician. The
clinician redeems it once; from then on they can read that person's data, read-only, until the
person revokes the share. Every look a clinician takes is written to the person's access log.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry
from fibrotrack.services.accounts import CLINICIAN, token_hash
from fibrotrack.storage.models import AccessLogEntry, Account, Person, Share

CODE_LIFETIME = timedelta(days=14)
# Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or copied by hand works.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS, CODE_GROUP_LENGTH = 4, 4
MAX_LABEL_LENGTH = 200


class NotShared(LookupError):
    """The clinician has no active share from this person (or the person does not exist)."""


def normalise_code(code: str) -> str:
    """The canonical form of a typed code: upper case, no spaces or dashes, O→0, I/L→1."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.translate(str.maketrans("OIL", "011"))


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP_LENGTH] for i in range(0, len(raw), CODE_GROUP_LENGTH))


def create_share(
    session: Session, *, person: Person, label: str | None, now: datetime
) -> tuple[Share, str]:
    """A new share code for ``person`` (shown once; only its hash is stored)."""
    label = (label or "").strip() or None
    if label and len(label) > MAX_LABEL_LENGTH:
        raise InvalidEntry("label", f"is longer than {MAX_LABEL_LENGTH} characters")
    code = _new_code()
    share = Share(
        person_id=person.id,
        code_hash=token_hash(normalise_code(code)),
        label=label,
        created_at=now,
        expires_at=now + CODE_LIFETIME,
    )
    session.add(share)
    session.flush()
    return share, code


def redeem_share(session: Session, *, clinician: Account, code: str, now: datetime) -> Share:
    """Bind the share with ``code`` to ``clinician``; a code works once, before it expires."""
    if clinician.role != CLINICIAN:
        raise InvalidEntry("code", "only a clinician account can accept a share")
    share = session.scalars(
        select(Share).where(Share.code_hash == token_hash(normalise_code(code)))
    ).one_or_none()
    if (
        share is None
        or share.revoked_at is not None
        or share.accepted_at is not None
        or share.expires_at <= now
    ):
        raise InvalidEntry("code", "this code is unknown, already used, revoked or expired")
    share.clinician_id = clinician.id
    share.accepted_at = now
    session.flush()
    return share


def shares_of(session: Session, *, person_id: int, now: datetime) -> list[tuple[Share, str | None]]:
    """The person's shares still in force (accepted, or pending and unexpired), each with the
    clinician's username when accepted."""
    rows = session.execute(
        select(Share, Account.username)
        .outerjoin(Account, Share.clinician_id == Account.id)
        .where(Share.person_id == person_id, Share.revoked_at.is_(None))
        .order_by(Share.created_at.desc(), Share.id.desc())
    )
    return [
        (share, username)
        for share, username in rows
        if share.accepted_at is not None or share.expires_at > now
    ]


def revoke_share(session: Session, *, person_id: int, share_id: int, now: datetime) -> None:
    """End a share at once; only the person who made it can."""
    share = session.get(Share, share_id)
    if share is None or share.person_id != person_id or share.revoked_at is not None:
        raise InvalidEntry("share", "there is no such share")
    share.revoked_at = now


@dataclass(frozen=True)
class SharedPerson:
    person: Person
    share: Share


def people_sharing_with(session: Session, *, clinician_id: int) -> list[SharedPerson]:
    """Everyone with an active share to this clinician."""
    rows = session.execute(
        select(Person, Share)
        .join(Share, Share.person_id == Person.id)
        .where(Share.clinician_id == clinician_id, Share.revoked_at.is_(None))
        .order_by(Share.accepted_at.desc(), Share.id.desc())
    )
    seen: dict[int, SharedPerson] = {}
    for person, share in rows:
        seen.setdefault(person.id, SharedPerson(person, share))
    return list(seen.values())


def shared_person(session: Session, *, clinician: Account, person_id: int) -> Person:
    """The person, if they share with ``clinician`` now; otherwise ``NotShared``."""
    if clinician.role != CLINICIAN:
        raise NotShared(person_id)
    share = session.scalars(
        select(Share).where(
            Share.person_id == person_id,
            Share.clinician_id == clinician.id,
            Share.revoked_at.is_(None),
            Share.accepted_at.is_not(None),
        )
    ).first()
    person = session.get(Person, person_id) if share else None
    if person is None:
        raise NotShared(person_id)
    return person


def record_access(
    session: Session, *, clinician: Account, person: Person, what: str, now: datetime
) -> None:
    session.add(
        AccessLogEntry(
            person_id=person.id,
            clinician_id=clinician.id,
            clinician_name=clinician.username,
            what=what[:200],
            viewed_at=now,
        )
    )


def access_log_of(session: Session, *, person_id: int, limit: int = 200) -> list[AccessLogEntry]:
    """The person's access log, newest first."""
    return list(
        session.scalars(
            select(AccessLogEntry)
            .where(AccessLogEntry.person_id == person_id)
            .order_by(AccessLogEntry.viewed_at.desc(), AccessLogEntry.id.desc())
            .limit(limit)
        )
    )
