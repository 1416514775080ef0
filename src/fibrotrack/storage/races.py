"""Two writes of the same day at the same moment (two tabs, a phone and a laptop, two quick
taps): both read the day before either has written it, so the second to write finds its new
row already there (a unique key) or, on SQLite, finds that its snapshot of the database is no
longer the latest. Running the write again on what is now stored gives what a person expects:
both saves kept, the later one last."""

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

Result = TypeVar("Result")

ATTEMPTS = 3
# PostgreSQL's codes for a transaction that lost to another: serialization failure, deadlock.
_LOST_ON_POSTGRESQL = {"40001", "40P01"}


def commit_racing(session: Session, write: Callable[[], Result]) -> Result:
    """Run ``write`` and commit it; when it lost a race with another transaction, roll back
    and run it again (at most ``ATTEMPTS`` times in all). Anything else is raised as it is."""
    attempt = 1
    while True:
        try:
            result = write()
            session.commit()
            return result
        except (IntegrityError, OperationalError) as error:
            session.rollback()
            if attempt >= ATTEMPTS or not _lost_a_race(error):
                raise
            attempt += 1


def _lost_a_race(error: IntegrityError | OperationalError) -> bool:
    if isinstance(error, IntegrityError):
        return True
    code = getattr(error.orig, "sqlstate", None)
    return code in _LOST_ON_POSTGRESQL or "database is locked" in str(error.orig)
