"""Typed dependencies the routes declare: the database session, the signed-in person, CSRF."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Form, Header, Request
from sqlalchemy.orm import Session

from fibrotrack.services.accounts import account_for_token
from fibrotrack.storage import Database
from fibrotrack.storage.models import Account, Person
from fibrotrack.web.security import verify_csrf

SESSION_COOKIE = "ft_session"


class SignInRequired(Exception):
    """Raised by a dependency when the page needs a signed-in person."""


def database_of(request: Request) -> Database:
    database: Database = request.app.state.open_database()
    return database


def db_session(request: Request) -> Iterator[Session]:
    """A session per request. Routes that change data commit it themselves."""
    with database_of(request).sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(db_session)]


def signed_in_account(request: Request, session: SessionDep) -> Account | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token or request.app.state.demo:
        return None
    account = account_for_token(session, token)
    session.commit()
    return account


AccountDep = Annotated[Account | None, Depends(signed_in_account)]


def signed_in_person(request: Request, session: SessionDep, account: AccountDep) -> Person:
    if request.app.state.demo:
        person = session.get(Person, request.app.state.demo_person_id)
    elif account is not None and account.person_id is not None:
        person = session.get(Person, account.person_id)
    else:
        person = None
    if person is None:
        raise SignInRequired
    return person


PersonDep = Annotated[Person, Depends(signed_in_person)]


def checked_form(request: Request, csrf_token: Annotated[str | None, Form()] = None) -> None:
    verify_csrf(request, csrf_token)


def checked_header(
    request: Request, token: Annotated[str | None, Header(alias="X-CSRF-Token")] = None
) -> None:
    """Cookie-authenticated API writes need the CSRF token in a header."""
    if request.cookies.get(SESSION_COOKIE) or request.app.state.demo:
        verify_csrf(request, token)


CsrfForm = Depends(checked_form)
CsrfHeader = Depends(checked_header)
