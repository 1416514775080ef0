"""Deleting an account and everything it holds."""

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fibrotrack.services.login_limits import forget_username
from fibrotrack.storage.models import Account, Person


def delete_account_and_data(session: Session, *, account: Account) -> None:
    """Delete the account, and its person with every row that hangs off them.

    The database cascades from the person (diary, questionnaires, interventions, body maps,
    preferences, shares, access log, every other account of that person) and from the account
    (sign-in sessions, API tokens, shares accepted as a clinician). Sign-in attempts recorded
    under the username are removed too. A clinician's name stays in the access logs of the
    people they viewed: those records belong to those people.
    """
    usernames = [account.username]
    if account.person_id is not None:
        usernames = list(
            session.scalars(select(Account.username).where(Account.person_id == account.person_id))
        )
        session.execute(delete(Person).where(Person.id == account.person_id))
    session.execute(delete(Account).where(Account.id == account.id))
    for username in usernames:
        forget_username(session, username=username)
    session.expunge_all()
