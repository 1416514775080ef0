"""Typed dependencies the routes declare: the database session, who is signed in (a browser
session cookie or an API token), their role, CSRF checks, and the stored-row ids in addresses.

Dependencies that only look at the request or at what another dependency returned are
``async``: FastAPI runs them on the event loop instead of handing each to a worker thread.
Those that query the database stay plain functions, so they never block the event loop."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Form, Header, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from fibrotrack.services.accounts import ADMIN, CLINICIAN, account_for_token
from fibrotrack.services.api_tokens import account_for_api_token
from fibrotrack.storage import Database
from fibrotrack.storage.models import Account, Person
from fibrotrack.storage.types import utc_now
from fibrotrack.web.security import verify_csrf

SESSION_COOKIE = "ft_session"
API_PREFIX = "/api/"
bearer_scheme = HTTPBearer(
    auto_error=False,
    description="A personal API token created in Settings → API tokens.",
)


class SignInRequired(Exception):
    """Raised by a dependency when the page needs someone signed in."""


class NotAPerson(Exception):
    """The signed-in account keeps no diary (a clinician): person pages are not theirs."""


class WrongRole(Exception):
    """The signed-in account does not have the role this page needs."""


def database_of(request: Request) -> Database:
    database: Database = request.app.state.open_database()
    return database


def db_session(request: Request) -> Iterator[Session]:
    """A session per request. Routes that change data commit it themselves."""
    with database_of(request).sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(db_session)]

# The id of a stored row in an address (/clinician/people/12). Row ids are 32-bit on
# PostgreSQL; an id outside 1 … 2³¹ − 1 cannot exist and is answered 404 like an unknown one
# (``web.app``) instead of reaching the database.
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def signed_in_account(
    request: Request,
    session: SessionDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Account | None:
    """The account behind the request: on the JSON API an ``Authorization: Bearer`` token when
    one is sent (then the cookie is ignored), otherwise the browser's session cookie.

    Tokens are for scripts reading and writing the diary: a token never signs in to the pages,
    so a leaked one cannot create more tokens, share the diary or end the owner's sessions."""
    if request.app.state.demo:
        return None
    if request.headers.get("authorization") and request.url.path.startswith(API_PREFIX):
        account = (
            account_for_api_token(session, bearer.credentials, now=utc_now()) if bearer else None
        )
    else:
        token = request.cookies.get(SESSION_COOKIE)
        found = account_for_token(session, token) if token else None
        account, request.state.person = found or (None, None)
    if session.dirty:  # the session's last-seen time moved on: keep it even if the page fails
        session.commit()
    request.state.account = account
    return account


AccountDep = Annotated[Account | None, Depends(signed_in_account)]


def signed_in_person(request: Request, session: SessionDep, account: AccountDep) -> Person:
    """The person whose diary the request acts on: always the signed-in person's own."""
    if request.app.state.demo:
        person = session.get(Person, request.app.state.demo_person_id)
    elif account is None:
        raise SignInRequired
    elif account.person_id is None:
        raise NotAPerson
    else:
        person = getattr(request.state, "person", None) or session.get(Person, account.person_id)
    if person is None:
        raise SignInRequired
    return person


PersonDep = Annotated[Person, Depends(signed_in_person)]


def _account_with_role(role: str) -> object:
    async def dependency(account: AccountDep) -> Account:
        if account is None:
            raise SignInRequired
        if account.role != role:
            raise WrongRole
        return account

    return Depends(dependency)


ClinicianDep = Annotated[Account, _account_with_role(CLINICIAN)]
AdminDep = Annotated[Account, _account_with_role(ADMIN)]


async def signed_in(account: AccountDep) -> Account:
    if account is None:
        raise SignInRequired
    return account


SignedInDep = Annotated[Account, Depends(signed_in)]


async def checked_form(request: Request, csrf_token: Annotated[str | None, Form()] = None) -> None:
    verify_csrf(request, csrf_token)


async def checked_header(
    request: Request, token: Annotated[str | None, Header(alias="X-CSRF-Token")] = None
) -> None:
    """API writes authenticated by the browser's cookie need the CSRF token in a header; a
    request with an ``Authorization`` header is authenticated by it alone (browsers never add
    one by themselves), so it needs none."""
    if request.headers.get("authorization"):
        return
    if request.cookies.get(SESSION_COOKIE) or request.app.state.demo:
        verify_csrf(request, token)


CsrfForm = Depends(checked_form)
CsrfHeader = Depends(checked_header)
